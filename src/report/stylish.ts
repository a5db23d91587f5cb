/**
 * `stylish`: ESLint's default human format.
 *
 *   (blank line)
 *   conf/nginx.conf
 *      3:5   error    WebSocket proxying needs HTTP/1.1  websocket-http-version
 *     12:10  warning  proxy_set_header here drops the server-level headers  proxy-header-inheritance
 *   (blank line)
 *   ✖ 2 problems (1 error, 1 warning)
 *     1 error and 0 warnings potentially fixable with the `--fix` option.
 *
 * Same layout as ESLint's stylish (text-table with two-space gaps, line numbers right-aligned,
 * columns left-aligned, one trailing period dropped from messages), with paths relative to the
 * working directory. Only `safe` fixes count as fixable with `--fix`; `unsafe` ones get their own
 * `--fix-unsafe` line. Colors (plain ANSI) only when `context.color`. Nothing at all when there
 * are no findings.
 */

import type { Finding, LintResult } from '../lint/types';
import { countFindings, displayPath, groupByFile, oneLine, plural, severityOf } from './common';
import type { ReportContext } from './context';

interface Style {
  red(s: string): string;
  yellow(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
  underline(s: string): string;
}

const sgr = (open: number, close: number) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`;

const ANSI: Style = {
  red: sgr(31, 39),
  yellow: sgr(33, 39),
  dim: sgr(2, 22),
  bold: sgr(1, 22),
  underline: sgr(4, 24),
};

const identity = (s: string) => s;
const PLAIN: Style = { red: identity, yellow: identity, dim: identity, bold: identity, underline: identity };

const ANSI_PATTERN = /\u001b\[[0-9;]*m/g;

function visibleLength(s: string): number {
  return s.replace(ANSI_PATTERN, '').length;
}

/**
 * text-table as ESLint calls it: cells joined by two spaces, column 1 right-aligned, the others
 * left-aligned, trailing blanks of each row trimmed.
 */
function table(rows: string[][]): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, visibleLength(cell));
    });
  }
  return rows.map((row) =>
    row
      .map((cell, i) => {
        const pad = ' '.repeat(widths[i] - visibleLength(cell));
        return i === 1 ? pad + cell : cell + pad;
      })
      .join('  ')
      // trimEnd, not /\s+$/: that regex retries at every blank of the padding (quadratic per row).
      .trimEnd(),
  );
}

function row(finding: Finding, style: Style): string[] {
  const type = severityOf(finding) === 'error' ? style.red('error') : style.yellow('warning');
  const message = oneLine(finding.message).replace(/([^ ])\.$/u, '$1');
  return ['', String(finding.start.line), String(finding.start.column), type, message, style.dim(finding.ruleId)];
}

export default function stylish(results: LintResult[], context: ReportContext): string {
  const style = context.color ? ANSI : PLAIN;
  const files = groupByFile(results, context.cwd).filter((file) => file.findings.length > 0);
  if (files.length === 0) return '';

  let output = '\n';
  const all: Finding[] = [];
  for (const file of files) {
    all.push(...file.findings);
    const lines = table(file.findings.map((finding) => row(finding, style))).map((line) =>
      line.replace(/(\d+)\s+(\d+)/u, (_match, lineNo: string, column: string) => style.dim(`${lineNo}:${column}`)),
    );
    output += `${style.underline(displayPath(file.file, context.cwd))}\n${lines.join('\n')}\n\n`;
  }

  const counts = countFindings(all);
  const summaryColor = counts.errors > 0 ? style.red : style.yellow;
  const summary = (text: string) => `${summaryColor(style.bold(text))}\n`;
  const total = counts.errors + counts.warnings;
  output += summary(
    `\u2716 ${plural(total, 'problem')} (${plural(counts.errors, 'error')}, ${plural(counts.warnings, 'warning')})`,
  );
  if (context.fixCommandHint !== false) {
    if (counts.safeFixableErrors > 0 || counts.safeFixableWarnings > 0) {
      output += summary(
        `  ${plural(counts.safeFixableErrors, 'error')} and ${plural(counts.safeFixableWarnings, 'warning')}` +
          ' potentially fixable with the `--fix` option.',
      );
    }
    if (counts.unsafeFixableErrors > 0 || counts.unsafeFixableWarnings > 0) {
      output += summary(
        `  ${plural(counts.unsafeFixableErrors, 'error')} and ${plural(counts.unsafeFixableWarnings, 'warning')}` +
          ' potentially fixable with the `--fix-unsafe` option.',
      );
    }
  }
  return output;
}
