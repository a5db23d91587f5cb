/**
 * Runs the built `ngxlint` CLI as a user would: a real process, real files, real exit codes.
 */
import { spawnSync, type SpawnSyncReturns } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { asUser } from './users';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const CLI = path.join(REPO_ROOT, 'dist', 'src', 'cli', 'main.js');
export const SHARED_CORPUS = path.resolve(REPO_ROOT, '..', 'shared', 'corpus', 'parser');

export interface CliRun {
  status: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd?: string;
  input?: string | Buffer;
  /** Added to the environment; `undefined` removes a variable. NO_COLOR is set unless removed. */
  env?: NodeJS.ProcessEnv;
  /** Options for node itself, before the CLI (e.g. `['--require', preload]`). */
  nodeArgs?: string[];
  /** Run the CLI as this user (the tests must run as root; see users.ts). */
  user?: string;
  /** Another copy of the executable than this checkout's dist/src/cli/main.js. */
  cli?: string;
  /** Another Node binary than the one running the tests. */
  node?: string;
}

export function runCli(args: string[], options: RunOptions = {}): CliRun {
  const argv = [options.node ?? process.execPath, ...(options.nodeArgs ?? []), options.cli ?? CLI, ...args];
  const command = options.user ? asUser(options.user, argv) : argv;
  const result: SpawnSyncReturns<string> = spawnSync(command[0], command.slice(1), {
    cwd: options.cwd ?? REPO_ROOT,
    input: options.input,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, NODE_OPTIONS: undefined, ...options.env },
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

const tempDirs: string[] = [];

/**
 * What a test folder holds at a path: a text (or bytes), `null` for a folder, `{ symlink: target }`
 * for a symbolic link.
 */
export type TempEntry = string | Buffer | null | { symlink: string };

/** A fresh folder under the system temp folder holding `files`. Removed by `removeTempDirs()`. */
export function tempDir(files: Record<string, TempEntry> = {}): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ngxlint-cli-')));
  tempDirs.push(dir);
  writeFiles(dir, files);
  return dir;
}

export function writeFiles(dir: string, files: Record<string, TempEntry>): void {
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name);
    fs.mkdirSync(content === null ? file : path.dirname(file), { recursive: true });
    if (content === null) continue;
    if (typeof content === 'string' || Buffer.isBuffer(content)) fs.writeFileSync(file, content);
    else fs.symlinkSync(content.symlink, file);
  }
}

export function removeTempDirs(): void {
  for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

let ruleIds: string[] | undefined;

/** The ids `ngxlint rules --format json` lists (read once per test file). */
export function listedRuleIds(): string[] {
  if (!ruleIds) {
    const run = runCli(['rules', '--format', 'json']);
    if (run.status !== 0) throw new Error(`ngxlint rules failed: ${run.stderr}`);
    ruleIds = (JSON.parse(run.stdout) as Array<{ id: string }>).map((r) => r.id);
  }
  return ruleIds;
}

/** `--rule 'x: off'` for every rule but `keep`: output that does not change as rules are added. */
export function onlyRules(...keep: string[]): string[] {
  return listedRuleIds()
    .filter((id) => !keep.includes(id))
    .flatMap((id) => ['--rule', `${id}: off`]);
}

/** The same as a configuration's `rules` object. */
export function onlyRulesConfig(...keep: string[]): Record<string, string> {
  return Object.fromEntries(listedRuleIds().filter((id) => !keep.includes(id)).map((id) => [id, 'off']));
}

/** A fatal error as the CLI must print it: exit code 2, one line on stderr, no stack trace. */
export function expectFatal(run: CliRun, pattern?: RegExp | string): void {
  const lines = run.stderr.split('\n').filter((l) => l !== '');
  expect({ status: run.status, lines: lines.length, stderr: run.stderr }).toEqual({ status: 2, lines: 1, stderr: expect.any(String) });
  expect(run.stderr).not.toMatch(/^\s+at /m);
  expect(run.stderr).toMatch(/^ngxlint: /);
  if (pattern !== undefined) expect(run.stderr.replace(/\n$/, '')).toMatch(pattern);
}
