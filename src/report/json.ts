/**
 * `json`: ESLint's JSON result format (`eslint -f json`), so tools that read ESLint's output read
 * ours: an array with one object per linted file (files without findings included):
 *
 *   { filePath, messages, suppressedMessages: [], errorCount, fatalErrorCount, warningCount,
 *     fixableErrorCount, fixableWarningCount, source?, usedDeprecatedRules: [] }
 *
 * and per message, as in ESLint:
 *
 *   { ruleId, severity, message, line, column, endLine, endColumn, fix?, suggestions? }
 *
 * - `filePath` is absolute. `severity` is 2 for errors, 1 for warnings.
 * - A file that could not be read or parsed (rule id `parse-error`) is reported like ESLint's
 *   fatal errors: `ruleId: null`, `fatal: true`, `severity: 2`; it counts in `fatalErrorCount`
 *   and in `errorCount`.
 * - `fix` is ESLint's `{ range: [start, end], text }` (offsets into the file's text, end
 *   exclusive). It is present only when the finding's fix is `safe` (what `--fix` applies) and is a
 *   single edit in the finding's own file; every fix is always in `ngxlintFix`.
 * - `fixableErrorCount` / `fixableWarningCount` count findings whose fix is safe, i.e. what
 *   `--fix` would fix (as in ESLint, where they count what `--fix` applies).
 * - `output` (the file's text with the fixes applied) is present when `--fix` or `--fix-dry-run`
 *   changed the file; `source` (the file's text as it was read) is present when the file has
 *   findings, the linter kept its text, and there is no `output` (as in ESLint).
 *
 * Fields ngxlint adds to each message (README: copy this list):
 *
 * - `fixApplicability`: `"safe"` (applied by `--fix`) or `"unsafe"` (applied only by
 *   `--fix-unsafe`); present when the finding has a fix.
 * - `fixDescription`: one line saying what the fix does, e.g. `insert "proxy_http_version 1.1;"`;
 *   present when the finding has a fix.
 * - `ngxlintFix`: the complete fix, which may edit several files:
 *   `{ applicability, description, edits: [{ filePath, range: [start, end], text }] }` with
 *   absolute `filePath`s and offsets into each file's text (end exclusive; insertion when
 *   start === end, deletion when text is ""). Edits never overlap.
 * - `suggestions`: changes shown to the user but never applied automatically:
 *   `[{ desc, fix?, ngxlintFix }]`; `desc` and `fix` as in ESLint's suggestions (`fix` only when
 *   the suggestion is a single edit in the finding's own file), `ngxlintFix` as above.
 * - `related`: other places that explain the finding:
 *   `[{ filePath, line, column, message }]` (absolute `filePath`, 1-based line and column).
 */

import type { Finding, Fix, LintResult } from '../lint/types';
import { absolutePath, countFindings, groupByFile, isFatal, severityOf } from './common';
import type { ReportContext } from './context';

export interface JsonEdit {
  filePath: string;
  range: [number, number];
  text: string;
}

export interface JsonFix {
  applicability: Fix['applicability'];
  description: string;
  edits: JsonEdit[];
}

export interface EslintFix {
  range: [number, number];
  text: string;
}

export interface JsonSuggestion {
  desc: string;
  fix?: EslintFix;
  ngxlintFix: JsonFix;
}

export interface JsonRelated {
  filePath: string;
  line: number;
  column: number;
  message: string;
}

export interface JsonMessage {
  ruleId: string | null;
  fatal?: true;
  severity: 1 | 2;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  fix?: EslintFix;
  suggestions?: JsonSuggestion[];
  fixApplicability?: Fix['applicability'];
  fixDescription?: string;
  ngxlintFix?: JsonFix;
  related?: JsonRelated[];
}

export interface JsonResult {
  filePath: string;
  messages: JsonMessage[];
  suppressedMessages: [];
  errorCount: number;
  fatalErrorCount: number;
  warningCount: number;
  fixableErrorCount: number;
  fixableWarningCount: number;
  source?: string;
  output?: string;
  usedDeprecatedRules: [];
}

function toJsonFix(fix: Fix, cwd: string): JsonFix {
  return {
    applicability: fix.applicability,
    description: fix.description,
    edits: fix.edits.map((edit) => ({
      filePath: absolutePath(edit.file, cwd),
      range: [edit.start, edit.end],
      text: edit.text,
    })),
  };
}

/** ESLint's `{ range, text }` when `fix` is one edit in `file`. */
function toEslintFix(fix: Fix, file: string, cwd: string): EslintFix | undefined {
  if (fix.edits.length !== 1) return undefined;
  const [edit] = fix.edits;
  if (absolutePath(edit.file, cwd) !== absolutePath(file, cwd)) return undefined;
  return { range: [edit.start, edit.end], text: edit.text };
}

function toMessage(finding: Finding, cwd: string): JsonMessage {
  const fatal = isFatal(finding);
  const message: JsonMessage = {
    ruleId: fatal ? null : finding.ruleId,
    ...(fatal ? { fatal: true as const } : {}),
    severity: severityOf(finding) === 'error' ? 2 : 1,
    message: finding.message,
    line: finding.start.line,
    column: finding.start.column,
    endLine: finding.end.line,
    endColumn: finding.end.column,
  };
  if (finding.fix !== undefined && finding.fix.applicability === 'safe') {
    const fix = toEslintFix(finding.fix, finding.file, cwd);
    if (fix !== undefined) message.fix = fix;
  }
  if (finding.suggestions !== undefined && finding.suggestions.length > 0) {
    message.suggestions = finding.suggestions.map((suggestion) => {
      const fix = toEslintFix(suggestion, finding.file, cwd);
      return {
        desc: suggestion.description,
        ...(fix !== undefined ? { fix } : {}),
        ngxlintFix: toJsonFix(suggestion, cwd),
      };
    });
  }
  if (finding.fix !== undefined) {
    message.fixApplicability = finding.fix.applicability;
    message.fixDescription = finding.fix.description;
    message.ngxlintFix = toJsonFix(finding.fix, cwd);
  }
  if (finding.related !== undefined && finding.related.length > 0) {
    message.related = finding.related.map((related) => ({
      filePath: absolutePath(related.file, cwd),
      line: related.line,
      column: related.column,
      message: related.message,
    }));
  }
  return message;
}

export default function json(results: LintResult[], context: ReportContext): string {
  const output: JsonResult[] = groupByFile(results, context.cwd).map((file) => {
    const counts = countFindings(file.findings);
    return {
      filePath: file.absolutePath,
      messages: file.findings.map((finding) => toMessage(finding, context.cwd)),
      suppressedMessages: [],
      errorCount: counts.errors,
      fatalErrorCount: counts.fatalErrors,
      warningCount: counts.warnings,
      fixableErrorCount: counts.safeFixableErrors,
      fixableWarningCount: counts.safeFixableWarnings,
      ...(file.output !== undefined
        ? { output: file.output }
        : file.findings.length > 0 && file.source !== undefined
          ? { source: file.source }
          : {}),
      usedDeprecatedRules: [],
    };
  });
  return `${JSON.stringify(output)}\n`;
}
