/**
 * The GitHub Action (action.yml → dist-action/index.js, a bundle of this module; see
 * docs/integrations.md for why a bundle).
 *
 * The action is the CLI's lint command run in-process, plus the runner glue: every lint run goes
 * through `runLintCommand` with the options the CLI would get (`ngxlint --format github`,
 * `--format sarif --output-file F`, `--fix`), so the action finds files, reads `.ngxlintrc.json`,
 * follows includes and reports exactly as `ngxlint` does on a laptop. One run per output: JSON
 * (read back for the counts and the summary), GitHub annotations on stdout, SARIF when asked for.
 * Linting nginx configs takes milliseconds; running it two or three times costs nothing next to
 * keeping one behaviour.
 *
 * Inputs: files, fix, config, nginx-version, fail-on, sarif-file. Outputs: errors, warnings,
 * sarif-file. The step fails (exit code 1, with a `::error::` line saying why) on errors, or with
 * `fail-on: warning` on any finding, and on bad inputs or configuration.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runLintCommand, type LintCommandArgs } from '../cli/lint-command';
import { CliError } from '../cli/errors';
import type { JsonResult } from '../report/json';
import {
  appendSummary,
  errorCommand,
  getBooleanInput,
  getChoiceInput,
  getInput,
  getListInput,
  InputError,
  writeOutputs,
  type Env,
} from './runner';
import { renderSummary, workspacePath } from './summary';

export interface ActionInputs {
  patterns: string[];
  fix: boolean;
  config?: string;
  nginxVersion?: string;
  failOn: 'error' | 'warning';
  sarifFile?: string;
}

export function readInputs(env: Env): ActionInputs {
  const patterns = getListInput('files', env);
  return {
    patterns: patterns.length > 0 ? patterns : ['.'],
    fix: getBooleanInput('fix', env, false),
    config: getInput('config', env) || undefined,
    nginxVersion: getInput('nginx-version', env) || undefined,
    failOn: getChoiceInput('fail-on', env, ['error', 'warning'] as const),
    sarifFile: getInput('sarif-file', env) || undefined,
  };
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function docsUrls(): Map<string, string> {
  const { RULES } = require('../../rules/index') as typeof import('../../rules/index');
  return new Map(RULES.map((rule) => [rule.meta.id, rule.meta.docsUrl]));
}

/** Reads every file a lint run reported, to tell afterwards which ones `--fix` rewrote. */
function snapshot(results: readonly JsonResult[]): Map<string, Buffer | undefined> {
  const bytes = new Map<string, Buffer | undefined>();
  for (const { filePath } of results) {
    try {
      bytes.set(filePath, fs.readFileSync(filePath));
    } catch {
      bytes.set(filePath, undefined);
    }
  }
  return bytes;
}

function changedFiles(before: ReadonlyMap<string, Buffer | undefined>): string[] {
  const changed: string[] = [];
  for (const [file, old] of before) {
    let now: Buffer | undefined;
    try {
      now = fs.readFileSync(file);
    } catch {
      now = undefined;
    }
    if (old === undefined ? now !== undefined : now === undefined || !old.equals(now)) changed.push(file);
  }
  return changed;
}

/**
 * Runs the action; returns the exit code. Workflow commands go to `out` (the runner reads stdout);
 * ngxlint's own messages about fixes it could not write go to stderr.
 */
export function runAction(env: Env = process.env, out: (text: string) => void = (t) => void process.stdout.write(t)): number {
  let tempDir: string | undefined;
  try {
    const inputs = readInputs(env);
    if (env.GITHUB_WORKSPACE) process.chdir(env.GITHUB_WORKSPACE);
    const cwd = process.cwd();
    tempDir = fs.mkdtempSync(path.join(env.RUNNER_TEMP || os.tmpdir(), 'ngxlint-action-'));
    const common: LintCommandArgs = { patterns: inputs.patterns, config: inputs.config, nginxVersion: inputs.nginxVersion };

    let runs = 0;
    const lintTo = (format: 'json' | 'github', fix: boolean): { exitCode: number; report: string } => {
      const file = path.join(tempDir!, `report-${++runs}.${format === 'json' ? 'json' : 'txt'}`);
      const exitCode = runLintCommand({ ...common, fix, format, outputFile: file });
      return { exitCode, report: fs.readFileSync(file, 'utf8') };
    };
    const lintToJson = (fix: boolean): { exitCode: number; results: JsonResult[] } => {
      const { exitCode, report } = lintTo('json', fix);
      return { exitCode, results: JSON.parse(report) as JsonResult[] };
    };

    // With fix: note the files' bytes, fix, and see which files changed.
    const before = inputs.fix ? snapshot(lintToJson(false).results) : undefined;
    const { exitCode, results } = lintToJson(inputs.fix);
    const fixed = before ? changedFiles(before).map((f) => workspacePath(f, cwd)) : undefined;

    // Annotations: exactly `ngxlint --format github` (GitHub shows 10 per kind and step).
    out(lintTo('github', false).report);

    let sarifFile = '';
    if (inputs.sarifFile) {
      sarifFile = path.resolve(cwd, inputs.sarifFile);
      fs.mkdirSync(path.dirname(sarifFile), { recursive: true });
      runLintCommand({ ...common, format: 'sarif', outputFile: sarifFile });
    }

    const errors = results.reduce((n, r) => n + r.errorCount, 0);
    const warnings = results.reduce((n, r) => n + r.warningCount, 0);
    const reasons: string[] = [];
    if (exitCode === 2) reasons.push('ngxlint could not write every fix (see the messages above)');
    const findings = `${plural(errors, 'error')} and ${plural(warnings, 'warning')}`;
    if (errors > 0 || (inputs.failOn === 'warning' && warnings > 0)) {
      reasons.push(
        inputs.failOn === 'warning'
          ? `ngxlint found ${findings}; fail-on: warning fails the step on any finding`
          : `ngxlint found ${findings}; fail-on: error fails the step on errors`,
      );
    }

    out(`ngxlint checked ${plural(results.length, 'file')}: ${findings}.\n`);
    if (fixed && fixed.length > 0) out(`ngxlint --fix rewrote ${fixed.join(', ')}\n`);
    writeOutputs(env, { errors: String(errors), warnings: String(warnings), 'sarif-file': sarifFile });
    appendSummary(env, renderSummary({ results, cwd, docsUrls: docsUrls(), fixed, failOn: inputs.failOn, failed: reasons.length > 0 }));
    for (const reason of reasons) out(errorCommand(reason));
    return reasons.length > 0 ? 1 : 0;
  } catch (e) {
    const error = e instanceof Error ? e : new Error(String(e));
    const expected = e instanceof InputError || e instanceof CliError;
    const message = expected ? `ngxlint: ${error.message}` : `ngxlint: internal error: ${error.message}`;
    out(errorCommand(message));
    if (!expected) process.stderr.write(`${error.stack ?? error.message}\n`);
    try {
      appendSummary(env, `## ngxlint\n\nngxlint could not run: ${message.replace(/^ngxlint: /, '')}\n`);
    } catch {
      // The ::error:: line above already says what happened.
    }
    return 1;
  } finally {
    if (tempDir) fs.rmSync(tempDir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  process.exitCode = runAction();
}
