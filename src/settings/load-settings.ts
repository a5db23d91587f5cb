/**
 * Finding, reading and validating ngxlint's configuration, and merging the command line into it.
 *
 * The file is `.ngxlintrc.json`, or the `"ngxlint"` key of a package.json, in the working folder
 * or the nearest folder above it (or the file given with --config). Every mistake in it is fatal
 * (exit 2) and named by its JSON path: `.ngxlintrc.json: invalid configuration: rules.x: …`.
 * zod (./schema) is loaded only when there is a file to validate.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { RuleSetting } from '../lint/engine';
import type { RuleModule } from '../lint/rule';
import { parseIncludeRoot, type IncludeRoot } from '../parse/includes';
import { CliError } from '../cli/errors';
import { unknownRuleMessage } from '../cli/suggest';
import { globToRegExp, matchesAny } from './glob-match';
import type { RuleEntry, SettingsFile } from './schema';

export const SETTINGS_FILE_NAME = '.ngxlintrc.json';

export interface ResolvedSettings {
  /** The configuration file that was read, if any. */
  file?: string;
  /** The folder globs and includeRoot are relative to. */
  baseDir: string;
  rules: Map<string, RuleSetting>;
  nginxVersion?: string;
  includeRoot?: IncludeRoot;
  websocket: { paths: string[]; heuristics: boolean };
  /** Ignore globs, each list relative to its folder (the settings file's; cwd for --ignore-pattern). */
  ignore: Array<{ base: string; globs: RegExp[] }>;
  overrides: Array<{ files: RegExp[]; rules: Map<string, RuleSetting> }>;
}

export interface CommandLineSettings {
  configPath?: string;
  cwd: string;
  /** `--rule 'id: level'` values. */
  ruleFlags?: string[];
  nginxVersion?: string;
  includeRoot?: string;
  ignorePatterns?: string[];
}

const VERSION = /^\d+\.\d+(\.\d+)?$/;
const LEVELS: readonly string[] = ['off', 'warn', 'error'];

/** `.ngxlintrc.json`, or a package.json with an "ngxlint" key, from `cwd` upward. */
export function findSettingsFile(cwd: string): { file: string; fromPackageJson: boolean } | undefined {
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    const rc = path.join(dir, SETTINGS_FILE_NAME);
    if (fs.existsSync(rc)) return { file: rc, fromPackageJson: false };
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg)) {
      try {
        const json: unknown = JSON.parse(fs.readFileSync(pkg, 'utf8'));
        if (json !== null && typeof json === 'object' && Object.prototype.hasOwnProperty.call(json, 'ngxlint')) {
          return { file: pkg, fromPackageJson: true };
        }
      } catch {
        // A broken package.json that is not ours to read: keep looking upward.
      }
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** How a settings file is named in messages: relative to cwd when below it. */
function shownPath(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}

function invalid(shown: string, detail: string): CliError {
  return new CliError(`${shown}: invalid configuration: ${detail}`);
}

function readSettingsFile(file: string, fromPackageJson: boolean, shown: string): SettingsFile {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw CliError.fromFs(e, shown);
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new CliError(`${shown}: invalid JSON: ${(e as Error).message}`);
  }
  if (fromPackageJson) {
    if (json === null || typeof json !== 'object' || !('ngxlint' in json)) {
      throw invalid(shown, 'no "ngxlint" key in this package.json');
    }
    json = (json as Record<string, unknown>).ngxlint;
  }
  const { settingsFileSchema, describeZodError } = require('./schema') as typeof import('./schema');
  const result = settingsFileSchema.safeParse(json);
  if (!result.success) {
    throw invalid(shown, describeZodError(result.error, { prefix: fromPackageJson ? ['ngxlint'] : [], input: json, settingsFile: true }));
  }
  return result.data;
}

/**
 * A rule entry checked against the rule: the id must exist, options must pass the rule's schema.
 * `where` is the JSON path of the entry (`rules.x`), `fail` turns a detail into the fatal error.
 */
function ruleSetting(id: string, entry: RuleEntry, rules: readonly RuleModule<any>[], where: string, fail: (detail: string) => CliError): RuleSetting {
  const rule = rules.find((r) => r.meta.id === id);
  const at = (detail: string) => fail(where ? `${where}: ${detail}` : detail);
  if (!rule) throw at(unknownRuleMessage(id, rules.map((r) => r.meta.id)));
  const [levelText, options] = typeof entry === 'string' ? [entry, undefined] : [entry[0], entry[1]];
  const level = levelText === 'warn' ? 'warning' : levelText;
  if (options === undefined) return { level };
  if (!rule.meta.options) throw fail(`${where || id}[1]: the rule "${id}" takes no options`);
  const parsed = rule.meta.options.safeParse(options);
  if (!parsed.success) {
    const { describeZodError } = require('./schema') as typeof import('./schema');
    throw fail(describeZodError(parsed.error as never, { prefix: [...(where || id).split('.'), 1], input: options }));
  }
  return { level, options: parsed.data };
}

/**
 * Parses `--rule 'id: level'` (also `id=level`, and a JSON array with options:
 * `id: ["warn", {…}]`). Checked by hand, so that a plain `--rule` does not load zod.
 */
export function parseRuleFlag(flag: string): [string, RuleEntry] {
  const match = /^\s*([\w-]+)\s*[:=]\s*(.+?)\s*$/s.exec(flag);
  if (!match) throw new CliError(`--rule "${flag}": expected "rule-id: off|warn|error"`);
  const text = match[2].replace(/^(["'])(.*)\1$/, '$2');
  if (LEVELS.includes(text)) return [match[1], text as RuleEntry];
  if (text.startsWith('[')) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new CliError(`--rule "${flag}": the value is not valid JSON`);
    }
    if (
      Array.isArray(value) &&
      (value.length === 1 || value.length === 2) &&
      LEVELS.includes(value[0] as string) &&
      (value.length === 1 || (value[1] !== null && typeof value[1] === 'object' && !Array.isArray(value[1])))
    ) {
      return [match[1], value as RuleEntry];
    }
    throw new CliError(`--rule "${flag}": expected ["off" | "warn" | "error", { options }]`);
  }
  throw new CliError(`--rule "${flag}": expected "off", "warn" or "error", got "${text}"`);
}

export function resolveSettings(cli: CommandLineSettings, rules: readonly RuleModule<any>[]): ResolvedSettings {
  let found: { file: string; fromPackageJson: boolean } | undefined;
  if (cli.configPath !== undefined) {
    if (cli.configPath === '') throw new CliError('--config: expected a file name');
    const file = path.resolve(cli.cwd, cli.configPath);
    if (!fs.existsSync(file)) throw new CliError(`${cli.configPath}: no such configuration file`);
    found = { file, fromPackageJson: path.basename(file) === 'package.json' };
  } else {
    found = findSettingsFile(cli.cwd);
  }
  const shown = found ? shownPath(found.file, cli.cwd) : '';
  const data: SettingsFile = found ? readSettingsFile(found.file, found.fromPackageJson, shown) : {};
  const baseDir = found ? path.dirname(found.file) : cli.cwd;
  const prefix = found?.fromPackageJson ? 'ngxlint.' : '';
  const fileError = (detail: string) => invalid(shown, detail);

  const ruleMap = new Map<string, RuleSetting>();
  for (const [id, entry] of Object.entries(data.rules ?? {})) {
    ruleMap.set(id, ruleSetting(id, entry, rules, `${prefix}rules.${id}`, fileError));
  }
  const overrides = (data.overrides ?? []).map((o, i) => ({
    files: (Array.isArray(o.files) ? o.files : [o.files]).map((g) => globToRegExp(g)),
    rules: new Map(
      Object.entries(o.rules).map(([id, entry]) => [id, ruleSetting(id, entry, rules, `${prefix}overrides[${i}].rules.${id}`, fileError)] as const),
    ),
  }));
  for (const flag of cli.ruleFlags ?? []) {
    const [id, entry] = parseRuleFlag(flag);
    ruleMap.set(
      id,
      ruleSetting(id, entry, rules, '', (detail) => new CliError(`--rule "${flag}": ${detail}`)),
    );
  }

  if (cli.nginxVersion !== undefined && !VERSION.test(cli.nginxVersion)) {
    throw new CliError(`--nginx-version "${cli.nginxVersion}": expected a version such as 1.24.0`);
  }
  const nginxVersion = cli.nginxVersion ?? data.nginxVersion;

  let includeRoot: IncludeRoot | undefined;
  if (cli.includeRoot !== undefined) {
    if (cli.includeRoot === '') throw new CliError('--include-root: expected a folder ([/etc/nginx=]DIR)');
    includeRoot = parseIncludeRoot(cli.includeRoot);
    includeRoot = { ...includeRoot, dir: path.resolve(cli.cwd, includeRoot.dir) };
    if (!isFolder(includeRoot.dir)) throw new CliError(`--include-root ${cli.includeRoot}: no such folder`);
  } else if (data.includeRoot) {
    includeRoot = parseIncludeRoot(data.includeRoot);
    includeRoot = { ...includeRoot, dir: path.resolve(baseDir, includeRoot.dir) };
    if (!isFolder(includeRoot.dir)) throw invalid(shown, `${prefix}includeRoot: no such folder: ${includeRoot.dir}`);
  }

  return {
    file: found?.file,
    baseDir,
    rules: ruleMap,
    nginxVersion,
    includeRoot,
    websocket: { paths: data.websocket?.paths ?? [], heuristics: data.websocket?.heuristics ?? true },
    ignore: [
      { base: baseDir, globs: (data.ignore ?? []).map((g) => globToRegExp(g)) },
      { base: cli.cwd, globs: (cli.ignorePatterns ?? []).map((g) => globToRegExp(g)) },
    ].filter((i) => i.globs.length > 0),
    overrides,
  };
}

/** Whether an ignore glob matches `file` (absolute). */
export function isIgnored(settings: Pick<ResolvedSettings, 'ignore'>, file: string): boolean {
  return settings.ignore.some(({ base, globs }) => {
    const relative = path.relative(base, file);
    if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return false;
    return matchesAny(relative.split(path.sep).join('/'), globs);
  });
}

function isFolder(dir: string): boolean {
  try {
    return fs.statSync(dir).isDirectory();
  } catch {
    return false;
  }
}
