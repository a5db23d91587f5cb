/**
 * Inline disable comments, as ESLint users know them:
 *   # ngxlint-disable-next-line rule-a, rule-b -- reason
 *   # ngxlint-disable-line rule-a            (at the end of the line it is about)
 *   # ngxlint-disable rule-a   …   # ngxlint-enable rule-a
 *   # ngxlint-disable-file [rule-a]
 * Without rule ids they cover every rule. Parse errors cannot be disabled.
 */
import type { CommentNode, StatementNode } from '../parse/ast';
import type { ParsedConfig } from '../parse/config';
import { PARSE_ERROR_RULE_ID, type Finding } from './types';

type Kind = 'disable-next-line' | 'disable-line' | 'disable' | 'enable' | 'disable-file';

export interface DisableDirective {
  kind: Kind;
  /** Rule ids; empty means every rule. */
  rules: string[];
  file: string;
  line: number;
  column: number;
  endColumn: number;
}

export interface DisableReport {
  directive: DisableDirective;
  /** The rule ids of the directive that suppressed nothing (empty list: the whole directive). */
  unusedRules: string[];
}

const PATTERN = /^\s*ngxlint-(disable-next-line|disable-line|disable-file|disable|enable)\b(.*)$/;

export function parseDisableComment(comment: CommentNode, file: string): DisableDirective | undefined {
  const match = PATTERN.exec(comment.text);
  if (!match) return undefined;
  const list = match[2].split(/\s--\s|^--\s|\s--$/)[0];
  const rules = list
    .split(/[,\s]+/)
    .map((r) => r.trim())
    .filter(Boolean);
  return {
    kind: match[1] as Kind,
    rules,
    file,
    line: comment.range.start.line,
    column: comment.range.start.column,
    endColumn: comment.range.end.column,
  };
}

function collectComments(statements: readonly StatementNode[], out: CommentNode[]): void {
  for (const s of statements) {
    if (s.kind === 'comment') out.push(s);
    else {
      if (s.comments) out.push(...s.comments);
      if (s.block) collectComments(s.block.children, out);
    }
  }
}

export function disableDirectives(config: ParsedConfig): Map<string, DisableDirective[]> {
  const byFile = new Map<string, DisableDirective[]>();
  for (const file of config.files) {
    // Every disable comment names `ngxlint-`: a file without it has none, and walking a large
    // file's statements for nothing showed up in profiles.
    if (!file.ast || file.ast.text.indexOf('ngxlint-') < 0) continue;
    const comments: CommentNode[] = [];
    collectComments(file.ast.statements, comments);
    const directives = comments
      .map((c) => parseDisableComment(c, file.path))
      .filter((d): d is DisableDirective => !!d)
      .sort((a, b) => a.line - b.line);
    if (directives.length > 0) byFile.set(file.path, directives);
  }
  return byFile;
}

function covers(directive: DisableDirective, ruleId: string): boolean {
  return directive.rules.length === 0 || directive.rules.includes(ruleId);
}

/** Which directive (and rule id of it) suppresses a finding, if any. */
function suppressor(directives: readonly DisableDirective[], finding: Finding): DisableDirective | undefined {
  let blockDisable: DisableDirective | undefined;
  for (const d of directives) {
    if (!covers(d, finding.ruleId)) continue;
    switch (d.kind) {
      case 'disable-file':
        return d;
      case 'disable-next-line':
        if (d.line + 1 === finding.start.line) return d;
        break;
      case 'disable-line':
        if (d.line === finding.start.line) return d;
        break;
      case 'disable':
        if (d.line <= finding.start.line) blockDisable = d;
        break;
      case 'enable':
        if (d.line <= finding.start.line) blockDisable = undefined;
        break;
    }
  }
  return blockDisable;
}

export function applyDisableComments(
  config: ParsedConfig,
  findings: readonly Finding[],
): { kept: Finding[]; unused: DisableReport[] } {
  const byFile = disableDirectives(config);
  const used = new Map<DisableDirective, Set<string>>();
  const kept: Finding[] = [];
  for (const finding of findings) {
    const directives = byFile.get(finding.file);
    const by = finding.ruleId !== PARSE_ERROR_RULE_ID && directives ? suppressor(directives, finding) : undefined;
    if (by) {
      const set = used.get(by) ?? new Set<string>();
      set.add(finding.ruleId);
      used.set(by, set);
    } else {
      kept.push(finding);
    }
  }
  const unused: DisableReport[] = [];
  for (const directives of byFile.values()) {
    for (const d of directives) {
      if (d.kind === 'enable') continue;
      const usedRules = used.get(d);
      if (!usedRules) unused.push({ directive: d, unusedRules: [] });
      else if (d.rules.length > 0) {
        const unusedRules = d.rules.filter((r) => !usedRules.has(r));
        if (unusedRules.length > 0) unused.push({ directive: d, unusedRules });
      }
    }
  }
  return { kept, unused };
}
