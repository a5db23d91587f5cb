/**
 * ngxlint's Node API.
 *
 *   import { lint, fix, parse } from 'ngxlint';
 *   const results = lint(['deploy/nginx/nginx.conf'], { includeRoot: 'deploy/nginx' });
 *   const { files, applied } = fix(['deploy/nginx/nginx.conf']); // new texts and the edits; nothing is written
 *   const payload = parse('nginx.conf');                    // crossplane's JSON payload
 */
import { buildPayload, parseConfig, type ParseOptions } from './parse/config';
import { parseIncludeRoot } from './parse/includes';
import { lintParsedConfig, type EngineOptions, type RuleSetting } from './lint/engine';
import { parseRoots } from './lint/config-roots';
import { fixConfig } from './fix/fix-loop';
import { parseNginxVersion } from './model/nginx-version';
import type { AppliedFix, Finding, FixApplicability, FixedFile, LintResult, RuleLevel } from './lint/types';
import type { Payload } from './parse/crossplane';
import type { RuleModule } from './lint/rule';

export type {
  AppliedFix,
  Finding,
  Fix,
  FixApplicability,
  FixedFile,
  LintResult,
  Location,
  RelatedLocation,
  RuleLevel,
  RuleMeta,
  Severity,
  TextEdit,
} from './lint/types';
export type { Payload, PayloadStatement } from './parse/crossplane';

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

/** Checks the options like the configuration file is checked; throws an Error naming the problem. */
function engineOptions(options: LintOptions): EngineOptions {
  const all = rules();
  const ruleSettings = new Map<string, RuleSetting>();
  for (const [id, entry] of Object.entries(options.rules ?? {})) {
    const rule = all.find((r) => r.meta.id === id);
    if (!rule) throw new Error(`ngxlint: unknown rule "${id}"`);
    const [level, ruleOptions] = Array.isArray(entry) ? entry : [entry, undefined];
    if (!['off', 'warn', 'warning', 'error'].includes(level)) {
      throw new Error(`ngxlint: rules.${id}: expected "off", "warn" or "error", got ${JSON.stringify(level)}`);
    }
    let parsedOptions = ruleOptions;
    if (ruleOptions !== undefined) {
      if (!rule.meta.options) throw new Error(`ngxlint: rules.${id}: this rule takes no options`);
      const result = rule.meta.options.safeParse(ruleOptions);
      if (!result.success) throw new Error(`ngxlint: rules.${id}: invalid options: ${result.error.issues[0].message}`);
      parsedOptions = result.data;
    }
    ruleSettings.set(id, { level: level === 'warn' ? 'warning' : (level as RuleLevel), options: parsedOptions });
  }
  let version: [number, number, number] | undefined;
  if (options.nginxVersion !== undefined) {
    version = parseNginxVersion(options.nginxVersion);
    if (!version) throw new Error(`ngxlint: nginxVersion ${JSON.stringify(options.nginxVersion)}: expected a version such as "1.24.0"`);
  }
  return {
    rules: all,
    ruleSettings,
    settings: {
      target: { version },
      websocket: { paths: options.websocket?.paths ?? [], heuristics: options.websocket?.heuristics ?? true },
    },
  };
}

function parseOptions(options: LintOptions): ParseOptions {
  return {
    includeRoot: options.includeRoot ? parseIncludeRoot(options.includeRoot) : undefined,
    mainContext: 'infer',
    single: options.includes === false,
    payload: false,
    sources: options.sources ? new Map(Object.entries(options.sources)) : undefined,
  };
}

/**
 * Lints configs, each with what it includes; a given file that another given file includes is
 * checked once, through it. One result per file, findings with ranges and fixes.
 */
export function lint(files: string | string[], options: LintOptions = {}): LintResult[] {
  const engine = engineOptions(options);
  const results = new Map<string, LintResult>();
  for (const config of parseRoots(Array.isArray(files) ? files : [files], parseOptions(options), process.cwd())) {
    const { findings } = lintParsedConfig(config, engine);
    for (const f of config.files) if (!results.has(f.path)) results.set(f.path, { file: f.path, findings: [] });
    for (const finding of findings) results.get(finding.file)?.findings.push(finding);
  }
  return [...results.values()];
}

export interface FixResult {
  /** Files whose text the fixes change: original and fixed text. Nothing is written. */
  files: FixedFile[];
  /**
   * The fixes applied, each a finding as `lint()` reports it with its `fix` (applicability,
   * description, edits `{ file, start, end, text }`) and the `pass` that applied it. Edits of pass
   * 1 apply to the original texts; each later pass's edits to the texts the pass before left.
   */
  applied: AppliedFix[];
  /** What is left to report after fixing. */
  remaining: Finding[];
  /** Why fixes were dropped for some config (they would have made it parse worse), if they were. */
  abandoned: string[];
}

/** Computes fixes (safe ones, or also unsafe ones) and the fixed texts; writes nothing. */
export function fix(files: string | string[], options: LintOptions & { unsafe?: boolean } = {}): FixResult {
  const applicability: FixApplicability[] = options.unsafe ? ['safe', 'unsafe'] : ['safe'];
  const engine = engineOptions(options);
  const parse = parseOptions(options);
  const out: FixResult = { files: [], applied: [], remaining: [], abandoned: [] };
  for (const config of parseRoots(Array.isArray(files) ? files : [files], parse, process.cwd())) {
    const main = config.files[0].path;
    const result = fixConfig(main, parse, engine, applicability, config);
    out.files.push(...result.files);
    out.applied.push(...result.applied);
    out.remaining.push(...result.result.findings);
    if (result.abandoned) out.abandoned.push(`${main}: ${result.abandoned}`);
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
