/**
 * The job summary (`$GITHUB_STEP_SUMMARY`): one Markdown table row per file and rule with its
 * errors and warnings, a total, the files `fix: true` changed, and the verdict.
 *
 *   ## ngxlint
 *
 *   | File | Rule | Errors | Warnings |
 *   | :--- | :--- | ---: | ---: |
 *   | `conf.d/ws.conf` | [websocket-http-version](https://…) | 1 | 0 |
 *   | **Total** | | **1** | **0** |
 *
 *   ngxlint checked 3 files: 1 error, 0 warnings. The step fails (`fail-on: error`).
 */
import * as path from 'path';
import type { JsonResult } from '../report/json';
import { PARSE_ERROR_RULE_ID } from '../lint/types';

export interface Tally {
  file: string;
  ruleId: string;
  errors: number;
  warnings: number;
}

/** Findings counted per file and rule, files in report order, rules by name. */
export function tally(results: readonly JsonResult[], cwd: string): Tally[] {
  const rows: Tally[] = [];
  for (const result of results) {
    const byRule = new Map<string, Tally>();
    const file = workspacePath(result.filePath, cwd);
    for (const message of result.messages) {
      const ruleId = message.ruleId ?? PARSE_ERROR_RULE_ID;
      let row = byRule.get(ruleId);
      if (!row) byRule.set(ruleId, (row = { file, ruleId, errors: 0, warnings: 0 }));
      if (message.severity === 2) row.errors++;
      else row.warnings++;
    }
    rows.push(...[...byRule.values()].sort((a, b) => (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0)));
  }
  return rows;
}

/** Path relative to the workspace with forward slashes; absolute when outside it. */
export function workspacePath(file: string, cwd: string): string {
  const relative = path.relative(cwd, path.resolve(cwd, file));
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return file;
  return relative.split(path.sep).join('/');
}

/**
 * A code span that survives any file name. In a table cell `|` is escaped as well: GFM splits
 * cells at `|` before it looks at code spans (and takes the backslash out again).
 */
function code(text: string, inTable = false): string {
  const ticks = '`'.repeat(Math.max(0, ...(text.match(/`+/g) ?? []).map((t) => t.length)) + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  const span = `${ticks}${pad}${text}${pad}${ticks}`;
  return inTable ? span.replace(/\|/g, '\\|') : span;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

export interface SummaryInput {
  results: readonly JsonResult[];
  cwd: string;
  /** Docs page per rule id, to link the rule names. */
  docsUrls: ReadonlyMap<string, string>;
  /** Files `fix: true` rewrote (workspace paths); undefined when not fixing. */
  fixed?: readonly string[];
  failOn: 'error' | 'warning';
  failed: boolean;
}

export function renderSummary(input: SummaryInput): string {
  const rows = tally(input.results, input.cwd);
  const errors = rows.reduce((n, r) => n + r.errors, 0);
  const warnings = rows.reduce((n, r) => n + r.warnings, 0);
  const lines: string[] = ['## ngxlint', ''];
  if (rows.length > 0) {
    lines.push('| File | Rule | Errors | Warnings |', '| :--- | :--- | ---: | ---: |');
    for (const row of rows) {
      const url = input.docsUrls.get(row.ruleId);
      const rule = url ? `[${row.ruleId}](${url})` : row.ruleId;
      lines.push(`| ${code(row.file, true)} | ${rule} | ${row.errors} | ${row.warnings} |`);
    }
    lines.push(`| **Total** | | **${errors}** | **${warnings}** |`, '');
  }
  const files = plural(input.results.length, 'file');
  const verdict = input.failed ? ` The step fails (\`fail-on: ${input.failOn}\`).` : '';
  lines.push(
    rows.length > 0
      ? `ngxlint checked ${files}: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}.${verdict}`
      : `ngxlint checked ${files}: no problems.${verdict}`,
  );
  if (input.fixed !== undefined) {
    lines.push('');
    if (input.fixed.length === 0) lines.push('`fix: true` changed no file.');
    else lines.push(`\`fix: true\` rewrote ${plural(input.fixed.length, 'file')}:`, '', ...input.fixed.map((f) => `- ${code(f)}`));
  }
  return `${lines.join('\n')}\n`;
}
