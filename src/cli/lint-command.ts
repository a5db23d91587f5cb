/**
 * `ngxlint [patterns..]`: lint (and with --fix, fix) nginx configs and report in a chosen format.
 *
 * A file that another given file includes is checked once, in the context of the including
 * config; every other file is checked on its own, with its context inferred (a `sites-available`
 * file that starts with `server` is not "not allowed here"). Files are one per real file: a
 * `sites-enabled` symlink and its `sites-available` target are linted once.
 *
 * Nothing is written before every argument has been checked: a bad --format cannot come after
 * --fix has changed files.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseConfig, type ParseOptions, type ParsedConfig } from '../parse/config';
import { lintParsedConfig, type EngineOptions, type EngineResult, type RuleSetting } from '../lint/engine';
import type { RuleModule } from '../lint/rule';
import { PARSE_ERROR_RULE_ID, type Finding, type FixApplicability, type LintResult, type RuleMeta } from '../lint/types';
import type { DisableReport } from '../lint/disable-comments';
import { parseNginxVersion } from '../model/nginx-version';
import { isIgnored, resolveSettings, type ResolvedSettings } from '../settings/load-settings';
import { matchesAny } from '../settings/glob-match';
import { CliError } from './errors';
import { parseRoots, realPath } from '../lint/config-roots';
import { displayPath, findFiles } from './find-files';
import { useColor } from './color';
import { NO_DEBUG, type Debug } from './debug';

export interface LintCommandArgs {
  patterns: string[];
  fix?: boolean;
  fixUnsafe?: boolean;
  fixDryRun?: boolean;
  format?: string;
  outputFile?: string;
  /** Undefined: no limit. */
  maxWarnings?: number;
  quiet?: boolean;
  stdin?: boolean;
  stdinFilename?: string;
  config?: string;
  rule?: string[];
  nginxVersion?: string;
  includeRoot?: string;
  includes?: boolean;
  printConfig?: string;
  color?: boolean;
  reportUnusedDisableDirectives?: boolean;
  ignorePattern?: string[];
}

/** Findings for disable comments that suppress nothing (--report-unused-disable-directives). */
export const UNUSED_DISABLE_RULE_ID = 'unused-disable-directive';
/**
 * An absolute include (`include /etc/nginx/snippets/x.conf;`) that does not exist on this
 * machine and no includeRoot maps: a warning, not a parse error — the config is usually fine on
 * the server, the repository just lacks the mapping.
 */
export const INCLUDE_NOT_FOUND_RULE_ID = 'include-not-found';

const FORMATS = ['stylish', 'json', 'sarif', 'github', 'compact'];

function loadRules(): readonly RuleModule<any>[] {
  return (require('../../rules/index') as typeof import('../../rules/index')).RULES;
}

function engineOptionsFor(settings: ResolvedSettings, rules: readonly RuleModule<any>[], cwd: string): EngineOptions {
  const overrides = settings.overrides;
  return {
    rules,
    ruleSettings: settings.rules,
    settings: {
      target: { version: settings.nginxVersion ? parseNginxVersion(settings.nginxVersion) : undefined },
      websocket: settings.websocket,
    },
    ruleSettingsForFile:
      overrides.length === 0
        ? undefined
        : (file: string) => {
            const relative = path.relative(settings.baseDir, path.resolve(cwd, file)).split(path.sep).join('/');
            let merged: Map<string, RuleSetting> | undefined;
            for (const o of overrides) {
              if (!matchesAny(relative, o.files)) continue;
              merged ??= new Map(settings.rules);
              for (const [id, s] of o.rules) merged.set(id, s);
            }
            return merged;
          },
  };
}

/** Rules that run somewhere (not off everywhere): the rules SARIF lists. */
function activeRules(rules: readonly RuleModule<any>[], settings: ResolvedSettings): RuleMeta[] {
  const level = (id: string, map: ReadonlyMap<string, RuleSetting>, fallback: string) => map.get(id)?.level ?? fallback;
  return rules
    .filter((r) => {
      if (level(r.meta.id, settings.rules, r.meta.defaultSeverity) !== 'off') return true;
      return settings.overrides.some((o) => (o.rules.get(r.meta.id)?.level ?? 'off') !== 'off');
    })
    .map((r) => r.meta);
}

function readStdin(): Buffer {
  try {
    return fs.readFileSync(0);
  } catch (e) {
    throw new CliError(`cannot read stdin: ${(e as Error).message}`);
  }
}

/** Checks the arguments that do not need the file system, before anything is read or written. */
function checkArguments(args: LintCommandArgs): void {
  const format = args.format ?? 'stylish';
  if (!FORMATS.includes(format)) throw new CliError(`--format "${format}": unknown format (use ${FORMATS.join(', ')})`);
  if (args.outputFile === '') throw new CliError('--output-file: expected a file name');
  if (args.stdin) {
    if (args.fix || args.fixUnsafe) {
      if (!args.fixDryRun) throw new CliError('--fix cannot write back to stdin; use --fix-dry-run to see the changes');
    }
    if (args.patterns.length > 0) throw new CliError(`--stdin lints standard input; do not give files too (${args.patterns.join(', ')})`);
  } else if (args.stdinFilename !== undefined && args.printConfig === undefined) {
    throw new CliError('--stdin-filename needs --stdin');
  }
  if (args.stdinFilename === '') throw new CliError('--stdin-filename: expected a file name');
}

/** Why a root config's main file could not be read, as a fatal error. */
function unreadable(file: string, config: ParsedConfig, cwd: string): CliError {
  try {
    fs.readFileSync(file);
  } catch (e) {
    return CliError.fromFs(e, displayPath(path.resolve(cwd, file), cwd));
  }
  return new CliError(`${file}: ${config.files[0].errors[0]?.message ?? 'cannot be read'}`);
}

function isAbsoluteIncludeMiss(finding: Finding): boolean {
  return finding.ruleId === PARSE_ERROR_RULE_ID && /^\[Errno 2\] No such file or directory: '\//.test(finding.message);
}

/** The severity reports show and the exit code counts: a parse error is always an error. */
function severityOf(finding: Finding): 'error' | 'warning' {
  return finding.ruleId === PARSE_ERROR_RULE_ID ? 'error' : finding.severity;
}

function findingKey(f: Finding): string {
  return `${f.ruleId}\0${f.start.line}:${f.start.column}-${f.end.line}:${f.end.column}\0${f.message}`;
}

/**
 * Unused disable comments over every config a file was checked in: a comment (or one rule id of
 * it) is unused only when it suppressed nothing in any of them.
 */
class UnusedDisables {
  private readonly checkedIn = new Map<string, number>();
  private readonly seen = new Map<string, { report: DisableReport; file: string; unused: Set<string>[] }>();

  add(result: EngineResult, shownPath: (file: string) => string): void {
    // A config that does not parse ran no rules: its comments suppressed nothing, but are not unused.
    if (result.config.files.some((f) => f.errors.some((e) => e.fatal))) return;
    for (const file of result.config.files) {
      if (!file.ast) continue;
      const shown = shownPath(file.path);
      this.checkedIn.set(shown, (this.checkedIn.get(shown) ?? 0) + 1);
    }
    for (const report of result.unusedDisables) {
      const d = report.directive;
      const file = shownPath(d.file);
      const key = `${file}:${d.line}:${d.column}`;
      const entry = this.seen.get(key) ?? { report, file, unused: [] };
      const all = d.rules.length > 0 ? d.rules : ['*'];
      entry.unused.push(new Set(report.unusedRules.length > 0 ? report.unusedRules : all));
      this.seen.set(key, entry);
    }
  }

  findings(): Finding[] {
    const out: Finding[] = [];
    for (const { report, file, unused } of this.seen.values()) {
      if (unused.length < (this.checkedIn.get(file) ?? 0)) continue; // used in some config
      const d = report.directive;
      const all = d.rules.length > 0 ? d.rules : ['*'];
      const still = all.filter((r) => unused.every((set) => set.has(r)));
      if (still.length === 0) continue;
      const whole = still.length === all.length;
      out.push({
        ruleId: UNUSED_DISABLE_RULE_ID,
        severity: 'error',
        message:
          whole || d.rules.length === 0
            ? `unused ngxlint-${d.kind} directive (no problems were reported${d.rules.length > 0 ? ` from ${d.rules.map((r) => `'${r}'`).join(', ')}` : ''})`
            : `unused ngxlint-${d.kind} directive (no problems were reported from ${still.map((r) => `'${r}'`).join(', ')})`,
        file,
        start: { line: d.line, column: d.column },
        end: { line: d.line, column: d.endColumn },
      });
    }
    return out;
  }
}

function printConfig(file: string, settings: ResolvedSettings, engineOptions: EngineOptions, rules: readonly RuleModule<any>[], cwd: string): number {
  const perFile = engineOptions.ruleSettingsForFile?.(file) ?? settings.rules;
  const effective: Record<string, unknown> = {};
  for (const rule of rules) {
    const s = perFile.get(rule.meta.id);
    const level = s?.level ?? rule.meta.defaultSeverity;
    const shown = level === 'warning' ? 'warn' : level;
    effective[rule.meta.id] = s?.options !== undefined ? [shown, s.options] : shown;
  }
  const printed = {
    file,
    configFile: settings.file ?? null,
    ignored: isIgnored(settings, path.resolve(cwd, file)),
    rules: effective,
    nginxVersion: settings.nginxVersion ?? null,
    includeRoot: settings.includeRoot ? `${settings.includeRoot.prefix}=${settings.includeRoot.dir}` : null,
    websocket: settings.websocket,
  };
  process.stdout.write(JSON.stringify(printed, null, 2) + '\n');
  return 0;
}

export function runLintCommand(args: LintCommandArgs, debug: Debug = NO_DEBUG): number {
  checkArguments(args);
  const cwd = process.cwd();
  const rules = loadRules();
  const settings = resolveSettings(
    {
      configPath: args.config,
      cwd,
      ruleFlags: args.rule,
      nginxVersion: args.nginxVersion,
      includeRoot: args.includeRoot,
      ignorePatterns: args.ignorePattern,
    },
    rules,
  );
  debug(`configuration: ${settings.file ?? 'none (no .ngxlintrc.json or package.json "ngxlint" key found)'}`);
  debug(`rules: ${rules.length} (${[...settings.rules].map(([id, s]) => `${id}=${s.level}`).join(', ') || 'all at their defaults'})`);
  const engineOptions = engineOptionsFor(settings, rules, cwd);

  if (args.printConfig !== undefined) return printConfig(args.printConfig, settings, engineOptions, rules, cwd);

  const fixing = !!(args.fix || args.fixUnsafe || args.fixDryRun);
  const applicability: FixApplicability[] = args.fixUnsafe ? ['safe', 'unsafe'] : ['safe'];
  const parseOptions: ParseOptions = {
    includeRoot: settings.includeRoot,
    mainContext: 'infer',
    single: args.includes === false,
    // The linter reads the syntax tree; crossplane's statements would only cost memory.
    payload: false,
  };

  let files: string[];
  if (args.stdin) {
    const name = args.stdinFilename ?? '<stdin>';
    if (args.stdinFilename !== undefined && isIgnored(settings, path.resolve(cwd, name))) {
      debug(`${name}: ignored by the configuration`);
      return 0;
    }
    parseOptions.sources = new Map([[name, readStdin()]]);
    files = [name];
  } else {
    if (args.patterns.length === 0) throw new CliError('no files given (try `ngxlint .` or `ngxlint --help`)');
    const found = findFiles(args.patterns, cwd, (file) => isIgnored(settings, file));
    for (const f of found.ignored) debug(`${f}: ignored by the configuration`);
    files = found.files;
    if (files.length === 0) {
      if (found.ignored.length > 0 && found.ignoredInFolders === 0) return 0; // every named file is ignored: nothing to do
      if (found.ignoredInFolders > 0) throw new CliError(`every nginx config file in ${args.patterns.join(', ')} is ignored (see "ignore" in ${settings.file ? displayPath(settings.file, cwd) : 'the configuration'}, --ignore-pattern)`);
      throw new CliError(`no nginx config files found in ${args.patterns.join(', ')}`);
    }
  }
  debug(`files: ${files.join(', ')}`);

  const roots = parseRoots(files, parseOptions, cwd, {
    unreadable: (file, config) => unreadable(file, config, cwd),
    log: debug.enabled ? (message) => debug(message) : undefined,
  });
  const shownPath = (file: string) => displayPath(path.resolve(cwd, file), cwd);
  const byFile = new Map<string, { findings: Map<string, Finding>; source?: string }>();
  const entry = (file: string) => {
    let e = byFile.get(file);
    if (!e) byFile.set(file, (e = { findings: new Map() }));
    return e;
  };
  const diffs: string[] = [];
  const fixFailures: string[] = [];
  // Per shown path: the text read before the first fix and the text after the last one.
  const fixedTexts = new Map<string, { original: string; fixed: string }>();
  const recordFixed = (file: { path: string; original: string; fixed: string }) => {
    const shown = shownPath(file.path);
    fixedTexts.set(shown, { original: fixedTexts.get(shown)?.original ?? file.original, fixed: file.fixed });
  };
  const unused = new UnusedDisables();

  // Files this run has written. A config parsed before one of its files was fixed through another
  // config (a snippet two given sites include) is parsed again: its fixes then start from the
  // file as it is now, instead of being refused as "changed on disk".
  const written = new Set<string>();
  for (let config of roots) {
    let result: EngineResult;
    if (fixing) {
      if (written.size > 0 && config.files.some((f) => written.has(realPath(path.resolve(cwd, f.path))))) {
        config = parseConfig(config.files[0].path, parseOptions);
      }
      const { fixConfig } = require('../fix/fix-loop') as typeof import('../fix/fix-loop');
      const fixed = fixConfig(config.files[0].path, parseOptions, engineOptions, applicability, config);
      result = fixed.result;
      if (fixed.abandoned) fixFailures.push(`${shownPath(config.files[0].path)}: ${fixed.abandoned}`);
      debug(`${config.files[0].path}: ${fixed.applied.length} fix(es) in ${fixed.passes} pass(es), ${fixed.files.length} file(s) changed`);
      if (args.fixDryRun) {
        const { unifiedDiff } = require('../fix/diff') as typeof import('../fix/diff');
        for (const f of fixed.files) {
          diffs.push(unifiedDiff(shownPath(f.path), f.original, f.fixed));
          recordFixed(f);
        }
      } else {
        const { writeFileAtomically } = require('../fix/write-file') as typeof import('../fix/write-file');
        let unwritten = false;
        for (const f of fixed.files) {
          try {
            writeFileAtomically(f.path, f.fixed, f.encoding, f.original);
            written.add(realPath(path.resolve(cwd, f.path)));
            recordFixed(f);
          } catch (e) {
            unwritten = true;
            const message = e instanceof Error ? e.message : String(e);
            fixFailures.push(message.startsWith(f.path) ? message : `${shownPath(f.path)}: ${message}`);
          }
        }
        // The findings were worked out on the fixed text; a file that could not be written still
        // has its problems, so report the config as it now is on disk.
        if (unwritten) result = lintParsedConfig(parseConfig(config.files[0].path, parseOptions), engineOptions);
      }
    } else {
      result = lintParsedConfig(config, engineOptions);
    }
    for (const file of result.config.files) {
      const e = entry(shownPath(file.path));
      e.source ??= file.ast?.text;
    }
    // The fix loop never edits a file with parse errors (an include it could not read among them):
    // a fix there is not offered, so "fixable with --fix" never promises what --fix will not do.
    const refused = new Set(result.config.files.filter((f) => f.errors.length > 0).map((f) => f.path));
    for (const finding of result.findings) {
      const file = shownPath(finding.file);
      const shown: Finding = { ...finding, file };
      if (shown.fix && shown.fix.edits.some((e) => refused.has(e.file))) delete shown.fix;
      if (isAbsoluteIncludeMiss(finding) && !settings.includeRoot) {
        shown.ruleId = INCLUDE_NOT_FOUND_RULE_ID;
        shown.severity = 'warning';
        shown.message += ' (absolute include paths are looked up on this machine; set includeRoot to map them into the repository)';
      }
      const findings = entry(file).findings;
      const key = findingKey(shown);
      if (!findings.has(key)) findings.set(key, shown);
    }
    if (args.reportUnusedDisableDirectives) unused.add(result, shownPath);
  }
  for (const u of unused.findings()) entry(u.file).findings.set(findingKey(u), u);

  let results: LintResult[] = [...byFile.entries()].map(([file, r]) => {
    const texts = fixedTexts.get(file);
    const findings = [...r.findings.values()];
    return texts ? { file, findings, source: texts.original, output: texts.fixed } : { file, findings, source: r.source };
  });
  if (args.quiet) results = results.map((r) => ({ ...r, findings: r.findings.filter((f) => severityOf(f) === 'error') }));

  const { loadFormatter } = require('../report/index') as typeof import('../report/index');
  const format = args.format ?? 'stylish';
  debug(`format: ${format}${args.outputFile ? ` → ${args.outputFile}` : ''}`);
  const formatter = loadFormatter(format);
  const output = formatter(results, {
    cwd,
    color: args.color ?? (args.outputFile ? false : useColor(undefined)),
    rules: activeRules(rules, settings),
    toolVersion: (require('../../../package.json') as { version: string }).version,
    fixCommandHint: !fixing && !args.stdin,
  });
  // The diff goes before a report for people; a JSON or SARIF report on stdout must stay one
  // parseable document, so there the diff goes to stderr (JSON also carries each file's `output`).
  if (diffs.length > 0) {
    const reportIsDocument = !args.outputFile && (format === 'json' || format === 'sarif');
    (reportIsDocument ? process.stderr : process.stdout).write(diffs.join(''));
  }
  if (args.outputFile) {
    const target = path.resolve(cwd, args.outputFile);
    try {
      if (!fs.existsSync(path.dirname(target))) fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, output);
    } catch (e) {
      throw CliError.fromFs(e, args.outputFile);
    }
  } else if (output) {
    process.stdout.write(output);
  }
  for (const failure of fixFailures) process.stderr.write(`ngxlint: ${failure}\n`);

  const all = results.flatMap((r) => r.findings);
  const errors = all.filter((f) => severityOf(f) === 'error').length;
  const warnings = all.length - errors;
  debug(`${errors} error(s), ${warnings} warning(s)`);
  if (fixFailures.length > 0) return 2;
  if (errors > 0) return 1;
  if (args.maxWarnings !== undefined && warnings > args.maxWarnings) {
    process.stderr.write(`ngxlint found too many warnings (maximum: ${args.maxWarnings}).\n`);
    return 1;
  }
  return 0;
}
