/**
 * ngxlint's Node API.
 *
 *   import { lint, fix, parse } from 'ngxlint';
 *   const results = lint(['deploy/nginx/nginx.conf'], { includeRoot: 'deploy/nginx' });
 *   const { files } = fix(['deploy/nginx/nginx.conf']);   // new texts; nothing is written
 *   const payload = parse('nginx.conf');                    // crossplane's JSON payload
 */
import { buildPayload, parseConfig, type ParseOptions } from './parse/config';
import { parseIncludeRoot } from './parse/includes';
import { lintConfig, type EngineOptions, type RuleSetting } from './lint/engine';
import { fixConfig, type FixedFile } from './fix/fix-loop';
import { parseNginxVersion } from './model/nginx-version';
import type { Finding, FixApplicability, LintResult, RuleLevel } from './lint/types';
import type { Payload } from './parse/crossplane';
import type { RuleModule } from './lint/rule';

export type { Finding, Fix, FixApplicability, LintResult, Location, RelatedLocation, RuleMeta, Severity, TextEdit } from './lint/types';
export type { Payload, PayloadStatement } from './parse/crossplane';
export type { FixedFile } from './fix/fix-loop';

export interface LintOptions {
  /** Target nginx version, e.g. "1.24.0" (defaults change in 1.29.7). */
  nginxVersion?: string;
  /** Folder that absolute include paths map into (`DIR` or `/etc/nginx=DIR`). */
  includeRoot?: string;
  /** Rule levels (and options): `{ 'websocket-read-timeout': 'off' }` or `['warn', { … }]`. */
  rules?: Record<string, RuleLevel | 'warn' | [RuleLevel | 'warn', unknown?]>;
  websocket?: { paths?: string[]; heuristics?: boolean };
  /** Text to use instead of reading files, by path (e.g. unsaved editor buffers). */
  sources?: Record<string, string>;
  /** Follow include directives (default true). */
  includes?: boolean;
}

function rules(): readonly RuleModule<any>[] {
  return (require('../rules/index') as typeof import('../rules/index')).RULES;
}

function engineOptions(options: LintOptions): EngineOptions {
  const ruleSettings = new Map<string, RuleSetting>();
  for (const [id, entry] of Object.entries(options.rules ?? {})) {
    const [level, ruleOptions] = Array.isArray(entry) ? entry : [entry, undefined];
    ruleSettings.set(id, { level: level === 'warn' ? 'warning' : level, options: ruleOptions });
  }
  return {
    rules: rules(),
    ruleSettings,
    settings: {
      target: { version: options.nginxVersion ? parseNginxVersion(options.nginxVersion) : undefined },
      websocket: { paths: options.websocket?.paths ?? [], heuristics: options.websocket?.heuristics ?? true },
    },
  };
}

function parseOptions(options: LintOptions): ParseOptions {
  return {
    includeRoot: options.includeRoot ? parseIncludeRoot(options.includeRoot) : undefined,
    mainContext: 'infer',
    single: options.includes === false,
    sources: options.sources ? new Map(Object.entries(options.sources)) : undefined,
  };
}

/** Lints configs (each with what it includes); one result per file, findings with ranges and fixes. */
export function lint(files: string | string[], options: LintOptions = {}): LintResult[] {
  const results = new Map<string, LintResult>();
  for (const file of Array.isArray(files) ? files : [files]) {
    const { config, findings } = lintConfig(file, parseOptions(options), engineOptions(options));
    for (const f of config.files) if (!results.has(f.path)) results.set(f.path, { file: f.path, findings: [] });
    for (const finding of findings) results.get(finding.file)?.findings.push(finding);
  }
  return [...results.values()];
}

export interface FixResult {
  /** Files whose text the fixes change: original and fixed text. Nothing is written. */
  files: FixedFile[];
  /** What is left to report after fixing. */
  remaining: Finding[];
}

/** Computes fixes (safe ones, or also unsafe ones) and the fixed texts; writes nothing. */
export function fix(files: string | string[], options: LintOptions & { unsafe?: boolean } = {}): FixResult {
  const applicability: FixApplicability[] = options.unsafe ? ['safe', 'unsafe'] : ['safe'];
  const out: FixResult = { files: [], remaining: [] };
  for (const file of Array.isArray(files) ? files : [files]) {
    const result = fixConfig(file, parseOptions(options), engineOptions(options), applicability);
    out.files.push(...result.files);
    out.remaining.push(...result.result.findings);
  }
  return out;
}

export interface ParseApiOptions {
  comments?: boolean;
  combine?: boolean;
  single?: boolean;
  strict?: boolean;
  ignore?: string[];
  includeRoot?: string;
}

/** crossplane's JSON payload for a config. */
export function parse(file: string, options: ParseApiOptions = {}): Payload {
  const config = parseConfig(file, {
    comments: options.comments,
    combine: options.combine,
    single: options.single,
    strict: options.strict,
    ignore: options.ignore,
    includeRoot: options.includeRoot ? parseIncludeRoot(options.includeRoot) : undefined,
  });
  return buildPayload(config, { combine: options.combine });
}
