/**
 * The lint engine: parses a config, builds the model, runs the rules' visitors over it, and turns
 * reports into findings (messages filled in, ranges in people's lines and columns, fixes as edits).
 * Parse errors become findings too, so one broken file does not hide the others' findings.
 */
import type { DirectiveNode, SourceRange } from '../parse/ast';
import { parseConfig, type ParseOptions, type ParsedConfig, type ParsedFile } from '../parse/config';
import { buildModel, isDataBlockKind, type ConfigModel, type Level, type ModelDirective } from '../model/config-model';
import { Fixer } from '../fix/fixer';
import { applyDisableComments, type DisableReport } from './disable-comments';
import {
  formatMessage,
  type FixSpec,
  type LintSettings,
  type ReportDescriptor,
  type ReportTarget,
  type RuleModule,
  type RuleVisitors,
} from './rule';
import { PARSE_ERROR_RULE_ID, type Finding, type Fix, type RuleLevel, type Severity } from './types';

export interface RuleSetting {
  level: RuleLevel;
  options?: unknown;
}

export interface EngineOptions {
  rules: readonly RuleModule<any>[];
  /** Level and options per rule id; rules not listed run at their default severity. */
  ruleSettings?: ReadonlyMap<string, RuleSetting>;
  settings: LintSettings;
  /** Rule settings for some files only (configuration `overrides`), by file path. */
  ruleSettingsForFile?: (file: string) => ReadonlyMap<string, RuleSetting> | undefined;
}

export interface EngineResult {
  config: ParsedConfig;
  model: ConfigModel;
  findings: Finding[];
  /** Disable comments that suppressed nothing. */
  unusedDisables: DisableReport[];
}

/** Where a directive is reported: its name up to the end of its header (`{`) or its `;`. */
export function directiveRange(node: DirectiveNode): SourceRange {
  if (node.block) return { start: node.range.start, end: node.block.open.end };
  return node.range;
}

function targetFileAndRange(target: ReportTarget): { file: ParsedFile; range: SourceRange } {
  if ('node' in target) return { file: target.file, range: directiveRange(target.node) };
  if ('directive' in target) {
    const arg = target.directive.node.args[target.argument];
    return { file: target.directive.file, range: arg ? arg.range : directiveRange(target.directive.node) };
  }
  return target;
}

/**
 * A range's start and end as plain lines and columns. Each position is read once: a syntax node's
 * range works a position out (a search of the file's line starts) every time it is asked for.
 */
function linesAndColumns(range: SourceRange): Pick<Finding, 'start' | 'end'> {
  const { start, end } = range;
  return { start: { line: start.line, column: start.column }, end: { line: end.line, column: end.column } };
}

function milder(a: Severity, b: Severity | undefined): Severity {
  return a === 'warning' || b === 'warning' ? 'warning' : 'error';
}

function toFix(spec: FixSpec | undefined, defaultApplicability: 'safe' | 'unsafe'): Fix | undefined {
  if (!spec || spec.edits.length === 0) return undefined;
  return { applicability: spec.applicability ?? defaultApplicability, description: spec.description, edits: spec.edits };
}

/** Findings for crossplane's errors (with the column of the token they point at). */
export function parseErrorFindings(config: ParsedConfig): Finding[] {
  const findings: Finding[] = [];
  for (const file of config.files) {
    for (const error of file.errors) {
      const token = error.token;
      const line = error.line ?? token?.startLine ?? 1;
      const sameLine = token && token.startLine === line;
      findings.push({
        ruleId: PARSE_ERROR_RULE_ID,
        severity: 'error',
        message: error.message || `unexpected end of file in ${file.path}`,
        file: file.path,
        start: { line, column: sameLine ? token.startColumn : 1 },
        end: { line: sameLine ? token.endLine : line, column: sameLine ? token.endColumn : 1 },
      });
    }
  }
  return findings;
}

const VISITOR_KINDS = ['location', 'server', 'http', 'directive', 'namedDirective', 'end'] as const satisfies ReadonlyArray<keyof RuleVisitors>;

/** Calls a `namedDirective` visitor with the directives of its names, outside data blocks, in document order. */
function visitNamedDirectives(model: ConfigModel, visitor: NonNullable<RuleVisitors['namedDirective']>): void {
  const { names, visit } = visitor;
  // One name: the model's list of that name is in document order. Several: walk every directive.
  const directives = names.length === 1 ? (model.directivesByName.get(names[0]) ?? []) : model.directives;
  const wanted = names.length === 1 ? undefined : new Set(names);
  for (let i = 0; i < directives.length; i++) {
    const directive = directives[i];
    if (wanted && !wanted.has(directive.node.name)) continue;
    if (isDataBlockKind(directive.level.kind)) continue;
    visit(directive);
  }
}

export function runRules(model: ConfigModel, options: EngineOptions): Finding[] {
  const findings: Finding[] = [];
  const fixer = new Fixer(options.settings.target);
  // The visitors of each kind, in rule order: most rules visit only one kind, and asking every rule
  // about every one of a large config's directives showed up in profiles.
  const visiting: Record<keyof RuleVisitors, RuleVisitors[]> = { location: [], server: [], http: [], directive: [], namedDirective: [], end: [] };
  for (const rule of options.rules) {
    const setting = options.ruleSettings?.get(rule.meta.id);
    const level: RuleLevel = setting?.level ?? rule.meta.defaultSeverity;
    // A rule off globally may still be on for some files (overrides): run it and filter below.
    const onSomewhere = level !== 'off' || !!options.ruleSettingsForFile;
    if (!onSomewhere) continue;
    const ruleOptions = { ...(rule.meta.defaultOptions ?? {}), ...((setting?.options as object) ?? {}) };
    const context = {
      model,
      options: ruleOptions,
      settings: options.settings,
      report(descriptor: ReportDescriptor) {
        const { file, range } = targetFileAndRange(descriptor.at);
        const fileSetting = options.ruleSettingsForFile?.(file.path)?.get(rule.meta.id);
        const effectiveLevel = fileSetting?.level ?? level;
        if (effectiveLevel === 'off') return;
        const fixable = rule.meta.fixable || 'safe';
        const finding: Finding = {
          ruleId: rule.meta.id,
          severity: milder(effectiveLevel, descriptor.severity),
          message: formatMessage(rule.meta.messages[descriptor.messageId] ?? descriptor.messageId, descriptor.data),
          file: file.path,
          ...linesAndColumns(range),
        };
        if (descriptor.fix && rule.meta.fixable) {
          const fix = toFix(descriptor.fix(fixer), fixable);
          if (fix) finding.fix = fix;
        }
        if (descriptor.suggest) {
          const suggestions = descriptor.suggest.map((s) => toFix(s(fixer), 'unsafe')).filter((s): s is Fix => !!s);
          if (suggestions.length > 0) finding.suggestions = suggestions;
        }
        if (descriptor.related) {
          finding.related = descriptor.related.map((r) => {
            const start = r.at.node.range.start;
            return { file: r.at.file.path, line: start.line, column: start.column, message: r.message };
          });
        }
        findings.push(finding);
      },
    };
    const visitors = rule.create(context);
    for (const kind of VISITOR_KINDS) if (visitors[kind]) visiting[kind].push(visitors);
  }

  // Index loops over every level and directive: `for … of` allocates an iterator result per step
  // until the JIT optimizes the loop, and this loop runs once per lint.
  const levels = model.levels;
  for (let i = 0; i < levels.length; i++) {
    const level = levels[i];
    // A snippet that is only a location body has a root "location" without a `location` line:
    // rules report at and fix the location directive, so they visit only real ones.
    if (level.kind === 'location') {
      if (level.opener) for (let v = 0; v < visiting.location.length; v++) visiting.location[v].location!(level);
    } else if (level.kind === 'server' && level.parent?.kind === 'http') {
      for (let v = 0; v < visiting.server.length; v++) visiting.server[v].server!(level);
    } else if (level.kind === 'http') {
      for (let v = 0; v < visiting.http.length; v++) visiting.http[v].http!(level);
    }
  }
  if (visiting.directive.length > 0) {
    const directives = model.directives;
    let level: Level | undefined;
    let dataLevel = false;
    for (let i = 0; i < directives.length; i++) {
      const directive = directives[i];
      // Directives come level by level: decide once per run of the same level.
      if (directive.level !== level) {
        level = directive.level;
        dataLevel = isDataBlockKind(level.kind);
      }
      if (dataLevel) continue;
      for (let v = 0; v < visiting.directive.length; v++) visiting.directive[v].directive!(directive);
    }
  }
  // Rule by rule, after the walk: each rule's reports stay in document order, and findings are
  // sorted by place afterwards (lintParsedConfig). Only reports of two rules at the very same place
  // can come in another order than in one joint walk, and then a `directive` visitor's comes first
  // (the shipped rules that report at the same places, undefined-variable before
  // websocket-upgrade-smuggling, are in that order anyway).
  for (const visitors of visiting.namedDirective) visitNamedDirectives(model, visitors.namedDirective!);
  for (const visitors of visiting.end) visitors.end!();
  return dedupe(findings);
}

/** The same finding reported twice (a snippet included at two places) is shown once. */
function dedupe(findings: Finding[]): Finding[] {
  // Keyed by rule and place, the message compared only between findings at one place: a key
  // holding every message (hundreds of characters each) was most of the cost.
  const firstAt = new Map<string, Finding>();
  let others: Set<string> | undefined;
  return findings.filter((f) => {
    const place = `${f.ruleId}\0${f.file}\0${f.start.line}:${f.start.column}`;
    const first = firstAt.get(place);
    if (!first) {
      firstAt.set(place, f);
      return true;
    }
    if (first.message === f.message) return false;
    const key = `${place}\0${f.message}`;
    others ??= new Set();
    if (others.has(key)) return false;
    others.add(key);
    return true;
  });
}

/** Findings for include cycles, which nginx itself would run into forever. */
function cycleFindings(model: ConfigModel): Finding[] {
  return model.cycles.map((cycle) => {
    const range = directiveRange(cycle.directive.node);
    return {
      ruleId: PARSE_ERROR_RULE_ID,
      severity: 'error' as const,
      message: `include cycle: ${[...cycle.files, cycle.files[0]].join(' → ')} in ${cycle.directive.file.path}:${range.start.line}`,
      file: cycle.directive.file.path,
      ...linesAndColumns(range),
    };
  });
}

/** Lints one configuration (a main file and what it includes). */
export function lintConfig(mainFile: string, parseOptions: ParseOptions, options: EngineOptions): EngineResult {
  const config = parseConfig(mainFile, parseOptions);
  return lintParsedConfig(config, options);
}

export function lintParsedConfig(config: ParsedConfig, options: EngineOptions): EngineResult {
  const model = buildModel(config);
  const parseFindings = [...parseErrorFindings(config), ...cycleFindings(model)];
  // Rules reason about the structure; a file whose structure is broken gets only its parse errors.
  const fatal = config.files.some((f) => f.errors.some((e) => e.fatal));
  const ruleFindings = fatal ? [] : runRules(model, options);
  const { kept, unused } = applyDisableComments(config, ruleFindings);
  const findings = [...parseFindings, ...kept].sort(
    (a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.start.line - b.start.line || a.start.column - b.start.column),
  );
  // No rule ran on a file that does not parse, so no disable comment there can be called unused.
  return { config, model, findings, unusedDisables: fatal ? [] : unused };
}

export type { ModelDirective };
