/**
 * Table-driven rule tests, after ESLint's RuleTester: `valid` configs produce nothing from the
 * rule; each `invalid` config produces exactly the listed findings — whole message, start and end,
 * and severity when given — and its fixed text is pinned in `output` (null: nothing is fixed), with
 * every other file the fixes change in `outputs`. Configs are written to real files in a temporary
 * folder and linted through the real engine and fix loop, with only the rule under test switched on.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { lintConfig, type RuleSetting } from '../../src/lint/engine';
import { applyEdits, fixConfig } from '../../src/fix/fix-loop';
import type { RuleModule } from '../../src/lint/rule';
import type { Finding, FixApplicability, Severity } from '../../src/lint/types';
import { parseNginxVersion } from '../../src/model/nginx-version';
import type { ParseOptions } from '../../src/parse/config';

export interface TestCase {
  /** Shown as the test's name. */
  name?: string;
  /** The main config (`nginx.conf`). */
  code: string;
  /** Other files, by path relative to the main config's folder. */
  files?: Record<string, string>;
  nginxVersion?: string;
  websocket?: { paths?: string[]; heuristics?: boolean };
  options?: unknown;
  /** Parse the main file as a snippet (context inferred), as the CLI does for files checked alone. */
  snippet?: boolean;
  /**
   * The parse errors the config has on purpose (a rule must still behave on a config nginx
   * rejects), as "LINE: reason" (the reason without crossplane's " in FILE:LINE"). Default: none.
   */
  parseErrors?: string[];
}

export interface ExpectedFinding {
  /**
   * The whole message. A RegExp only for text that differs between runs (a temporary folder), and
   * then anchored with ^ and $ so that it still covers the whole message.
   */
  message: string | RegExp;
  line: number;
  column: number;
  /** Where the finding ends (exclusive column): the end of the directive or argument it is about. */
  endLine: number;
  endColumn: number;
  severity?: Severity;
}

export interface InvalidCase extends TestCase {
  errors: ExpectedFinding[];
  /** The main config after fixing; null when the rule must not fix it. */
  output: string | null;
  /** Other files after fixing (paths as in `files`); a file the fixes change must be listed. */
  outputs?: Record<string, string>;
  /** Which fixes to apply (default: safe ones only). */
  fixApplicability?: FixApplicability[];
  /**
   * The main config with the reported fixes' edits applied as they are, for a config --fix leaves
   * alone (a file with parse errors is never fixed; editors still offer the fix).
   */
  suggestedOutput?: string;
}

function writeCase(testCase: TestCase): { dir: string; main: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ngxlint-rule-'));
  const main = path.join(dir, 'nginx.conf');
  fs.writeFileSync(main, testCase.code);
  for (const [name, text] of Object.entries(testCase.files ?? {})) {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
  return { dir, main };
}

function engineOptions(rule: RuleModule<any>, testCase: TestCase) {
  // Options go through the rule's schema, as the configuration loader does.
  const options = testCase.options !== undefined && rule.meta.options ? rule.meta.options.parse(testCase.options) : testCase.options;
  const ruleSettings = new Map<string, RuleSetting>([[rule.meta.id, { level: rule.meta.defaultSeverity, options }]]);
  return {
    rules: [rule],
    ruleSettings,
    settings: {
      target: { version: testCase.nginxVersion ? parseNginxVersion(testCase.nginxVersion) : undefined },
      websocket: { paths: testCase.websocket?.paths ?? [], heuristics: testCase.websocket?.heuristics ?? true },
    },
  };
}

function parseOptions(testCase: TestCase): ParseOptions {
  return { mainContext: testCase.snippet ? 'infer' : undefined };
}

function ruleFindings(findings: Finding[], rule: RuleModule<any>): Finding[] {
  return findings.filter((f) => f.ruleId === rule.meta.id);
}

/** Parse errors as "LINE: reason". */
function parseErrorsOf(findings: readonly Finding[]): string[] {
  return findings.filter((f) => f.ruleId === 'parse-error').map((f) => `${f.start.line}: ${f.message.replace(/ in \S+:\d+$/, '')}`);
}

/** What a finding is compared on; severity only where the case gives one. */
function comparable(f: Finding, withSeverity: boolean): Record<string, unknown> {
  const c: Record<string, unknown> = { message: f.message, line: f.start.line, column: f.start.column, endLine: f.end.line, endColumn: f.end.column };
  if (withSeverity) c.severity = f.severity;
  return c;
}

function expectedComparable(e: ExpectedFinding): Record<string, unknown> {
  // A RegExp stands for the whole message: one that could match a part of it is refused.
  if (e.message instanceof RegExp && !/^\^[\s\S]*[^\\]\$$/.test(e.message.source)) {
    throw new Error(`a message RegExp must be anchored with ^ and $ to cover the whole message: ${e.message}`);
  }
  const message = e.message instanceof RegExp ? expect.stringMatching(e.message) : e.message;
  const c: Record<string, unknown> = { message, line: e.line, column: e.column, endLine: e.endLine, endColumn: e.endColumn };
  if (e.severity) c.severity = e.severity;
  return c;
}

/** Lints a `valid` case; throws when the rule reports anything. */
export function checkValidCase(rule: RuleModule<any>, testCase: TestCase): void {
  const { dir, main } = writeCase(testCase);
  try {
    const result = lintConfig(main, parseOptions(testCase), engineOptions(rule, testCase));
    expect(parseErrorsOf(result.findings)).toEqual(testCase.parseErrors ?? []);
    expect(ruleFindings(result.findings, rule).map((f) => `${f.start.line}:${f.start.column} ${f.message}`)).toEqual([]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Lints and fixes an `invalid` case; throws on any difference from what it expects. */
export function checkInvalidCase(rule: RuleModule<any>, testCase: InvalidCase): void {
  const { dir, main } = writeCase(testCase);
  try {
    const options = engineOptions(rule, testCase);
    const result = lintConfig(main, parseOptions(testCase), options);
    expect(parseErrorsOf(result.findings)).toEqual(testCase.parseErrors ?? []);
    const found = ruleFindings(result.findings, rule);
    const want = testCase.errors.map(expectedComparable);
    expect(found.map((f, i) => comparable(f, testCase.errors[i]?.severity !== undefined))).toEqual(want);

    if (testCase.suggestedOutput !== undefined) {
      const edits = found.flatMap((f) => f.fix?.edits ?? []).filter((e) => e.file === main);
      expect(applyEdits(testCase.code, edits)).toBe(testCase.suggestedOutput);
    }

    if (testCase.output === undefined) {
      // The type requires it; a case that got past the type checker still gets told.
      throw new Error('pin the fixed text in `output` (or `output: null` when nothing is fixed)');
    }
    const applicable = testCase.fixApplicability ?? ['safe'];
    const fixed = fixConfig(main, parseOptions(testCase), options, applicable);
    const byPath = new Map(fixed.files.map((f) => [f.path, f.fixed]));
    expect(byPath.get(main) ?? null).toBe(testCase.output);
    const pinned = Object.keys(testCase.outputs ?? {}).map((name) => path.join(dir, name));
    expect(fixed.files.map((f) => f.path).filter((p) => p !== main).sort()).toEqual(pinned.sort());
    for (const [name, text] of Object.entries(testCase.outputs ?? {})) {
      expect(byPath.get(path.join(dir, name))).toBe(text);
    }
    if (fixed.files.length > 0) {
      // Fixing twice changes nothing the second time.
      for (const f of fixed.files) fs.writeFileSync(f.path, f.encoding === 'latin1' ? Buffer.from(f.fixed, 'latin1') : f.fixed);
      const again = fixConfig(main, parseOptions(testCase), options, applicable);
      expect(again.files.map((f) => f.path)).toEqual([]);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function runRuleTests(rule: RuleModule<any>, cases: { valid: TestCase[]; invalid: InvalidCase[] }): void {
  describe(rule.meta.id, () => {
    describe('valid', () => {
      test.each(cases.valid.map((c, i) => [c.name ?? `valid #${i + 1}`, c] as const))('%s', (_name, testCase) => {
        checkValidCase(rule, testCase);
      });
    });

    describe('invalid', () => {
      test.each(cases.invalid.map((c, i) => [c.name ?? `invalid #${i + 1}`, c] as const))('%s', (_name, testCase) => {
        checkInvalidCase(rule, testCase);
      });
    });
  });
}

/**
 * An expected message whose file paths start in the test's temporary folder, written `<dir>/`
 * (included files are named by their path, and the folder differs from run to run).
 */
export function withDir(message: string): RegExp {
  return new RegExp('^' + message.split('<dir>/').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*/') + '$');
}
