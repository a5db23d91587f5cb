/**
 * Helpers of the reliability tests: scratch folders, the real CLI (optionally as an unprivileged
 * user), snapshots of a folder's bytes and times, and the checks every hostile-input case shares
 * (one line on stderr, no stack trace, no file written).
 */
import { spawn, spawnSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CLI, REPO_ROOT } from '../support/cli';
import { asUser } from '../support/users';

export { CLI, REPO_ROOT };
export { asUser, canRunAs, commandExists, isRoot, permissionTestUser } from '../support/users';

export interface Run {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

const scratchDirs: string[] = [];

/** A fresh folder (world-readable, so an unprivileged user can be let in), removed by `cleanScratch()`. */
export function scratch(prefix = 'ngxlint-rel-'): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
  fs.chmodSync(dir, 0o755);
  scratchDirs.push(dir);
  return dir;
}

export function cleanScratch(): void {
  for (const dir of scratchDirs.splice(0)) {
    // Make everything removable again (tests take permissions away).
    spawnSync('chmod', ['-R', 'u+rwX', dir]);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Writes files (path → text or bytes) under `dir`, creating folders. */
export function writeTree(dir: string, files: Record<string, string | Buffer>): void {
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
}

const ENV = { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, NODE_OPTIONS: undefined };

/**
 * The real CLI, synchronously, with a timeout: a hang is a test failure with a clear message, not
 * a stuck test run. `user` runs it as that user (when the tests run as root).
 */
export function cli(args: string[], options: { cwd: string; timeoutMs?: number; user?: string } = { cwd: REPO_ROOT }): Run {
  const timeout = options.timeoutMs ?? 60_000;
  const command = options.user ? asUser(options.user, [process.execPath, CLI, ...args]) : [process.execPath, CLI, ...args];
  const result = spawnSync(command[0], command.slice(1), {
    cwd: options.cwd,
    encoding: 'utf8',
    env: ENV,
    timeout,
    killSignal: 'SIGKILL',
    maxBuffer: 512 * 1024 * 1024,
  });
  if (result.error && (result.error as NodeJS.ErrnoException).code === 'ETIMEDOUT') {
    throw new Error(`ngxlint ${args.join(' ')} did not finish within ${timeout} ms (a hang)`);
  }
  if (result.error) throw result.error;
  return { status: result.status, signal: result.signal, stdout: result.stdout, stderr: result.stderr };
}

/**
 * The same, asynchronously (for tests that act while the CLI runs). `nodeArgs` go to node before
 * the CLI (a `--require` preload), `env` is added to the environment, and `extraPipe` opens file
 * descriptor 3 of the CLI as a pipe the test reads (`child.stdio[3]`).
 */
export function cliAsync(
  args: string[],
  options: { cwd: string; nodeArgs?: string[]; env?: NodeJS.ProcessEnv; extraPipe?: boolean },
): { child: ReturnType<typeof spawn>; done: Promise<Run> } {
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), CLI, ...args], {
    cwd: options.cwd,
    env: { ...ENV, ...options.env },
    stdio: options.extraPipe ? ['ignore', 'pipe', 'pipe', 'pipe'] : ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<Run>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (status, signal) => resolve({ status, signal, stdout, stderr }));
  });
  return { child, done };
}

/** Every file under `dir` (symlinks not followed): bytes hash, mtime, mode. */
export function snapshot(dir: string): Map<string, { sha: string; mtimeMs: number; mode: number }> {
  const out = new Map<string, { sha: string; mtimeMs: number; mode: number }>();
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) {
        const stat = fs.statSync(full);
        out.set(path.relative(dir, full), { sha: sha256(fs.readFileSync(full)), mtimeMs: stat.mtimeMs, mode: stat.mode });
      } else if (entry.isSymbolicLink()) {
        out.set(path.relative(dir, full), { sha: `-> ${fs.readlinkSync(full)}`, mtimeMs: 0, mode: 0 });
      }
    }
  };
  walk(dir);
  return out;
}

export function sha256(bytes: Buffer | string): string {
  return crypto.createHash('sha256').update(bytes).digest('hex');
}

/** What a user sees of a failure: one line, no stack trace, no "internal error". */
export function expectCleanFailureOutput(run: Run): void {
  expect(run.signal).toBeNull();
  expect(run.stderr).not.toMatch(/^\s+at /m);
  expect(run.stderr).not.toMatch(/internal error|RangeError|TypeError|Maximum call stack/);
  expect(run.stdout).not.toMatch(/^\s+at .*\.js:\d+/m);
  expect(run.stderr.split('\n').filter((l) => l !== '').length).toBeLessThanOrEqual(1);
}

/** `file:line:col: severity message [rule]` lines of `--format compact`. */
export function compactLines(run: Run): string[] {
  return run.stdout.split('\n').filter((l) => /:\d+:\d+: (error|warning) /.test(l));
}

/**
 * A config with one WebSocket location that `--fix` repairs by inserting `proxy_http_version 1.1;`
 * after its last proxy_* line; `eol` and `prefix` shape the bytes around it.
 */
export function fixableWebSocketConfig(eol = '\n', serverName = 'chat.example.com'): string {
  return [
    'events {}',
    'http {',
    '  server {',
    '    listen 80;',
    `    server_name ${serverName};`,
    '    location /ws/ {',
    '      proxy_pass http://127.0.0.1:3000;',
    '      proxy_set_header Upgrade $http_upgrade;',
    '      proxy_set_header Connection "upgrade";',
    '    }',
    '  }',
    '}',
    '',
  ].join(eol);
}

/** What `--fix` makes of fixableWebSocketConfig(eol). */
export function fixedWebSocketConfig(eol = '\n', serverName = 'chat.example.com'): string {
  return fixableWebSocketConfig(eol, serverName).replace(
    `proxy_set_header Connection "upgrade";${eol}`,
    `proxy_set_header Connection "upgrade";${eol}      proxy_http_version 1.1;${eol}`,
  );
}
