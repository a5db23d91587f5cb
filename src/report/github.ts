/**
 * `github`: GitHub Actions workflow commands, one annotation per finding:
 *
 *   ::error file=conf/nginx.conf,line=12,col=5,endLine=12,endColumn=31,title=websocket-http-version::WebSocket proxying needs HTTP/1.1.
 *
 * (`::warning` for warnings). Property values and the message are escaped exactly as
 * @actions/core's `command.ts` does (message: `%` `\r` `\n`; properties also `:` `,`), which is
 * what the runner unescapes. Paths are relative to the working directory with forward slashes
 * (the workspace-relative path GitHub needs to place the annotation on the file).
 *
 * GitHub shows at most 10 error and 10 warning annotations per step and drops the rest, so all
 * errors come first, and once a kind has more than 10 the first 10 are emitted as annotations and
 * one plain (non-command) line tells how many more there are. Nothing when there are no findings.
 */

import type { Finding, LintResult, Severity } from '../lint/types';
import { groupByFile, relativePosixPath, severityOf } from './common';
import type { ReportContext } from './context';

/** Annotations of one kind (error, warning) that GitHub shows per step. */
export const GITHUB_ANNOTATIONS_PER_KIND = 10;

/** @actions/core `escapeData`: for the message after `::`. */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** @actions/core `escapeProperty`: for `key=value` properties. */
export function escapeProperty(s: string): string {
  return s
    .replace(/%/g, '%25')
    .replace(/\r/g, '%0D')
    .replace(/\n/g, '%0A')
    .replace(/:/g, '%3A')
    .replace(/,/g, '%2C');
}

function command(kind: Severity, properties: ReadonlyArray<[string, string | number]>, message: string): string {
  const props = properties.map(([key, value]) => `${key}=${escapeProperty(String(value))}`).join(',');
  return `::${kind} ${props}::${escapeData(message)}`;
}

function annotation(finding: Finding, file: string): string {
  return command(
    severityOf(finding),
    [
      ['file', file],
      ['line', finding.start.line],
      ['col', finding.start.column],
      ['endLine', finding.end.line],
      ['endColumn', finding.end.column],
      ['title', finding.ruleId],
    ],
    finding.message,
  );
}

export default function github(results: LintResult[], context: ReportContext): string {
  const byKind: Record<Severity, string[]> = { error: [], warning: [] };
  for (const file of groupByFile(results, context.cwd)) {
    const shown = relativePosixPath(file.file, context.cwd) ?? file.absolutePath;
    for (const finding of file.findings) byKind[severityOf(finding)].push(annotation(finding, shown));
  }

  const lines: string[] = [];
  const notes: string[] = [];
  for (const kind of ['error', 'warning'] as const) {
    const all = byKind[kind];
    lines.push(...all.slice(0, GITHUB_ANNOTATIONS_PER_KIND));
    const hidden = all.length - GITHUB_ANNOTATIONS_PER_KIND;
    if (hidden > 0) {
      notes.push(
        `ngxlint: ${hidden} more ${kind}${hidden === 1 ? '' : 's'} not shown as annotations ` +
          `(GitHub shows at most ${GITHUB_ANNOTATIONS_PER_KIND} per kind); run ngxlint with -f stylish to see them all`,
      );
    }
  }
  lines.push(...notes);
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
