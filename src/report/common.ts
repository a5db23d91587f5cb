/**
 * Helpers shared by the renderers: grouping findings by file, ordering, counting, paths.
 * Loaded only together with a renderer (never by `index.ts` itself).
 */

import * as path from 'path';
import type { Finding, LintResult, Severity } from '../lint/types';
import { PARSE_ERROR_RULE_ID } from '../lint/types';

/** The findings of one file, in position order. */
export interface FileReport {
  /** The path as the user gave it (the `LintResult.file`, or a finding's `file`). */
  file: string;
  /** Absolute path. */
  absolutePath: string;
  findings: Finding[];
  source?: string;
  output?: string;
}

/** Absolute path of `file` (as given by the user) against `cwd`. */
export function absolutePath(file: string, cwd: string): string {
  return path.resolve(cwd, file);
}

/** `file` relative to `cwd` with the platform's separators, for people (stylish, compact). */
export function displayPath(file: string, cwd: string): string {
  const abs = absolutePath(file, cwd);
  const rel = path.relative(cwd, abs);
  return rel === '' ? path.basename(abs) : rel;
}

/**
 * `file` relative to `cwd` with forward slashes, or `undefined` when the file is outside `cwd`
 * (or on another drive), for machine formats that need repository-relative paths.
 */
export function relativePosixPath(file: string, cwd: string): string | undefined {
  const rel = path.relative(cwd, absolutePath(file, cwd));
  if (rel === '' || rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel)) {
    return undefined;
  }
  return rel.split(path.sep).join('/');
}

/** Position order: start line, start column, end line, end column, then rule id. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    a.start.line - b.start.line ||
    a.start.column - b.start.column ||
    a.end.line - b.end.line ||
    a.end.column - b.end.column ||
    (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0)
  );
}

/**
 * One entry per linted file, in the order of `results` (files without findings included), each
 * holding the findings whose `file` is that file, sorted by position. A finding that names a file
 * no result stands for (e.g. an included file) gets an entry of its own after the others.
 */
export function groupByFile(results: readonly LintResult[], cwd: string): FileReport[] {
  const reports: FileReport[] = [];
  const byPath = new Map<string, FileReport>();
  const entryFor = (file: string): FileReport => {
    const abs = absolutePath(file, cwd);
    let report = byPath.get(abs);
    if (report === undefined) {
      report = { file, absolutePath: abs, findings: [] };
      byPath.set(abs, report);
      reports.push(report);
    }
    return report;
  };
  for (const result of results) {
    const report = entryFor(result.file);
    if (report.source === undefined && result.source !== undefined) report.source = result.source;
    if (report.output === undefined && result.output !== undefined) report.output = result.output;
  }
  for (const result of results) {
    for (const finding of result.findings) entryFor(finding.file || result.file).findings.push(finding);
  }
  for (const report of reports) report.findings.sort(compareFindings);
  return reports;
}

export interface Counts {
  errors: number;
  warnings: number;
  /** Findings with ruleId `parse-error` (ESLint's fatal errors; always errors); also in `errors`. */
  fatalErrors: number;
  /** Findings whose fix is safe, i.e. applied by `--fix`. */
  safeFixableErrors: number;
  safeFixableWarnings: number;
  /** Findings whose fix is unsafe, i.e. applied only by `--fix-unsafe`. */
  unsafeFixableErrors: number;
  unsafeFixableWarnings: number;
}

export function countFindings(findings: readonly Finding[]): Counts {
  const counts: Counts = {
    errors: 0,
    warnings: 0,
    fatalErrors: 0,
    safeFixableErrors: 0,
    safeFixableWarnings: 0,
    unsafeFixableErrors: 0,
    unsafeFixableWarnings: 0,
  };
  for (const finding of findings) {
    const isError = severityOf(finding) === 'error';
    if (isError) counts.errors++;
    else counts.warnings++;
    if (isFatal(finding)) counts.fatalErrors++;
    if (finding.fix?.applicability === 'safe') {
      if (isError) counts.safeFixableErrors++;
      else counts.safeFixableWarnings++;
    } else if (finding.fix?.applicability === 'unsafe') {
      if (isError) counts.unsafeFixableErrors++;
      else counts.unsafeFixableWarnings++;
    }
  }
  return counts;
}

/** A file that could not be read or parsed (ESLint's `fatal: true`). */
export function isFatal(finding: Finding): boolean {
  return finding.ruleId === PARSE_ERROR_RULE_ID;
}

/** The severity to report: a `parse-error` is always an error (as ESLint's fatal errors). */
export function severityOf(finding: Finding): Severity {
  return isFatal(finding) ? 'error' : finding.severity;
}

/** Message on one line (line breaks and the blanks around them become one space). */
export function oneLine(message: string): string {
  return message.replace(/[ \t]*(?:\r\n|\r|\n)[ \t]*/g, ' ');
}

export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}
