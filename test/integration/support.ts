/**
 * Helpers of the integration tests: copies of the working tree, processes with captured output,
 * a clean environment for npm and git, and the nginx configs the tests lint.
 */
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const CLI = path.join(REPO_ROOT, 'dist', 'src', 'cli', 'main.js');

/**
 * A site (a server block, as in conf.d/) whose WebSocket location lacks proxy_http_version: one
 * websocket-http-version error, fixable. Otherwise it follows samples/ws-correct-constant-connection.conf
 * (which ngxlint must not report anything in): the plain location to the same backend keeps
 * websocket-upgrade-smuggling quiet, proxy_read_timeout keeps websocket-read-timeout quiet.
 */
export const BROKEN_WS_SITE = `server {
    listen 80;
    server_name chat.example.com;

    location / {
        proxy_pass http://127.0.0.1:3000;
        proxy_set_header Host $host;
    }

    location /ws/ {
        proxy_pass http://127.0.0.1:3000;
        proxy_set_header Upgrade $http_upgrade;
        proxy_set_header Connection "upgrade";
        proxy_read_timeout 3600s;
    }
}
`;

/** Line and column of the finding in BROKEN_WS_SITE: the `location /ws/` line. */
export const WS_LOCATION_LINE = BROKEN_WS_SITE.split('\n').findIndex((l) => l.includes('location /ws/')) + 1;
export const WS_LOCATION_COLUMN = 5;

/** The same site as it should be: no findings at all. */
export const CLEAN_WS_SITE = BROKEN_WS_SITE.replace(
  '        proxy_read_timeout 3600s;\n',
  '        proxy_read_timeout 3600s;\n        proxy_http_version 1.1;\n',
);

export function makeTempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `ngxlint-${prefix}-`));
}

export function removeDir(dir: string | undefined): void {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}

export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
}

/**
 * Copies the working tree of this repository as git sees it (tracked and untracked files, minus
 * what .gitignore ignores: no node_modules, no dist) into `dest`: what a commit of the current
 * work would hold, so the tests see uncommitted work too.
 */
export function copyWorkingTree(dest: string): void {
  const listed = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (listed.error || listed.status !== 0) {
    throw new Error(`cannot list the working tree with git in ${REPO_ROOT}: ${listed.error?.message ?? listed.stderr}`);
  }
  for (const name of listed.stdout.split('\0')) {
    if (name === '') continue;
    const from = path.join(REPO_ROOT, name);
    let stat: fs.Stats;
    try {
      stat = fs.lstatSync(from);
    } catch {
      continue; // deleted in the working tree
    }
    if (!stat.isFile()) continue;
    const to = path.join(dest, name);
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.copyFileSync(from, to);
    fs.chmodSync(to, stat.mode & 0o777);
  }
}

const KEPT_NPM_CONFIG = new Set(['registry', 'proxy', 'https_proxy', 'noproxy', 'cafile', 'ca', 'strict_ssl', 'cache']);

/**
 * The environment for child processes that run npm, git or pre-commit: ours minus what `npm test`
 * and git hooks put into it (npm_config_* of the outer npm, npm_lifecycle_*, npm_package_*,
 * GIT_DIR …), which would steer the inner commands. Network settings of npm are kept.
 */
export function cleanEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    const lower = key.toLowerCase();
    if (lower.startsWith('npm_config_') && !KEPT_NPM_CONFIG.has(lower.slice('npm_config_'.length))) continue;
    if (lower.startsWith('npm_lifecycle_') || lower.startsWith('npm_package_') || lower === 'npm_command') continue;
    if (['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_OBJECT_DIRECTORY', 'GIT_PREFIX'].includes(key)) continue;
    env[key] = value;
  }
  env.NO_COLOR = '1';
  delete env.FORCE_COLOR;
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

export interface Run {
  command: string;
  status: number | null;
  stdout: string;
  stderr: string;
  /** stdout and stderr, for failure messages. */
  output: string;
}

/** Runs a command to its end (asynchronously, so several can run at once); never throws on exit codes. */
export function run(
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number; input?: string },
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? cleanEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(new Error(`${command}: ${e.message}`));
    });
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      const line = [command, ...args].join(' ');
      const killed = signal ? `\n(killed by ${signal}${signal === 'SIGKILL' ? ': timed out' : ''})` : '';
      resolve({ command: line, status, stdout, stderr, output: `$ ${line} (in ${options.cwd})\n${stdout}${stderr}${killed}` });
    });
    child.stdin.on('error', () => undefined); // a child that never reads its input: EPIPE is no error
    child.stdin.end(options.input ?? '');
  });
}

/** Like `run`, but a non-zero exit is an error whose message holds the output. */
export async function runOk(command: string, args: string[], options: Parameters<typeof run>[2]): Promise<Run> {
  const result = await run(command, args, options);
  if (result.status !== 0) throw new Error(`exit code ${result.status}:\n${result.output}`);
  return result;
}

/** A git repository holding `files`, committed. */
export async function gitRepo(dir: string, files?: Record<string, string>): Promise<string> {
  if (files) writeFiles(dir, files);
  const env = cleanEnv({
    GIT_AUTHOR_NAME: 'ngxlint tests',
    GIT_AUTHOR_EMAIL: 'tests@ngxlint.invalid',
    GIT_COMMITTER_NAME: 'ngxlint tests',
    GIT_COMMITTER_EMAIL: 'tests@ngxlint.invalid',
  });
  await runOk('git', ['init', '-q'], { cwd: dir, env });
  await runOk('git', ['add', '-A'], { cwd: dir, env });
  await runOk('git', ['-c', 'commit.gpgsign=false', 'commit', '-q', '--no-verify', '-m', 'test'], { cwd: dir, env });
  return (await runOk('git', ['rev-parse', 'HEAD'], { cwd: dir, env })).stdout.trim();
}

/** Fails with a message saying what is missing when the npm registry cannot be reached. */
export async function requireNpmRegistry(why: string): Promise<void> {
  let result: Run;
  try {
    result = await run('npm', ['ping'], { cwd: os.tmpdir(), timeoutMs: 60_000 });
  } catch (e) {
    throw new Error(`npm is not installed (${(e as Error).message}); ${why}`);
  }
  if (result.status !== 0) throw new Error(`the npm registry is not reachable (\`npm ping\` failed); ${why}\n${result.output}`);
}
