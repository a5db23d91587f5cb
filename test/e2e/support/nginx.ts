/**
 * Run the real nginx binary on a config, for end-to-end tests.
 *
 * - `nginxTest(confPath)`: `nginx -t` with stderr captured.
 * - `startNginx(confText, { backendPort })`: rewrite a real-world config for the test
 *   (`prepareForTest`), run nginx in the foreground with its own temporary prefix directory (pid, logs,
 *   temp paths live there, so it works as root and as a normal user), wait until the port accepts
 *   connections, and hand back `{ port, stop() }`.
 *
 * Nothing is skipped: if nginx is not installed every call throws an error saying so (CI installs
 * it). Set NGINX_BIN to use another binary, NGXLINT_E2E_KEEP=1 to keep the temporary directories.
 */
import { spawn, ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';

const CANDIDATES = ['/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/local/nginx/sbin/nginx', '/usr/bin/nginx'];

let cachedBinary: string | undefined;

/** Absolute path of the nginx binary; throws a clear error when there is none. */
export function findNginx(): string {
  const fromEnv = process.env['NGINX_BIN'];
  if (fromEnv) {
    if (!isExecutable(fromEnv)) throw new Error(`NGINX_BIN=${fromEnv} is not an executable file`);
    return fromEnv;
  }
  if (cachedBinary) return cachedBinary;
  const inPath = (process.env['PATH'] ?? '').split(path.delimiter).filter(Boolean).map((d) => path.join(d, 'nginx'));
  const found = [...inPath, ...CANDIDATES].find(isExecutable);
  if (!found) {
    throw new Error(
      'nginx is not installed, but the end-to-end tests run real nginx. ' +
        'Install it (Debian/Ubuntu: `apt-get install nginx-light`) or point NGINX_BIN at the binary. ' +
        `Looked in PATH and ${CANDIDATES.join(', ')}.`,
    );
  }
  return (cachedBinary = found);
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// prepareForTest: the test-harness stub that turns a real-world config into one we can run.
// ---------------------------------------------------------------------------------------------

export interface PrepareOptions {
  /** The port nginx must listen on (127.0.0.1). */
  listenPort: number;
  /** The port of the test backend that replaces every loopback upstream address. */
  backendPort: number;
}

/**
 * Rewrite a real-world nginx.conf (as in `samples/`) so that it runs under the test harness, with
 * nginx started as `nginx -p <prefix>/ -c <prefix>/nginx.conf` (relative paths resolve in <prefix>):
 *
 * - every `listen …;` becomes `listen 127.0.0.1:<listenPort> <flags>;` (flags such as
 *   `default_server` are kept, `ssl`/`http2`/`quic`/`reuseport` dropped); IPv6 listens
 *   (`listen [::]:80`) are commented out so they do not duplicate the IPv4 one;
 * - every loopback backend address (`127.0.0.1:3000`, `localhost:8000`, `[::1]:9000`) in
 *   `proxy_pass`, `upstream { server … }` and the other `*_pass` directives becomes
 *   `127.0.0.1:<backendPort>` (`allow 127.0.0.1`, `server_name localhost` etc. are left alone); the
 *   scheme is left alone too, so `proxy_pass ws://…` stays as broken as it was;
 * - absolute `access_log`/`error_log` files become `logs/<file name>`;
 * - `user`, `pid`, `daemon`, `master_process`, `worker_processes` are commented out, and the harness
 *   adds `daemon off; master_process on; worker_processes 1; pid nginx.pid;
 *   error_log logs/error.log info;` at the top, plus the `*_temp_path`s and an access log inside
 *   `http {`.
 *
 * Everything is added on existing lines, so line numbers in nginx's messages are the sample's line
 * numbers. The rewriting is line-based: it expects one directive per line for the directives above,
 * as real configs (and our samples) are written. Configs needing TLS certificates or resolving
 * real host names are out of scope.
 */
/** Directives whose loopback addresses are backends (not `allow`, `set_real_ip_from`, `server_name`). */
const UPSTREAM_DIRECTIVE = /^\s*(?:[^#]*[{;]\s*)?(?:proxy_pass|server|fastcgi_pass|uwsgi_pass|scgi_pass|grpc_pass)\s+[^{\s]/;

export function prepareForTest(confText: string, opts: PrepareOptions): string {
  const lines = confText.split('\n');
  const out = lines.map((line) => {
    // Directives the harness owns.
    if (/^\s*(user|pid|daemon|master_process|worker_processes)\s[^;]*;/.test(line)) {
      return line.replace(/^(\s*)/, '$1# [e2e] ');
    }
    const listen = /^(\s*)listen\s+([^;\s]+)([^;]*);([^\n]*)$/.exec(line);
    if (listen) {
      const [, indent, address, flags, rest] = listen as unknown as [string, string, string, string, string];
      if (address.startsWith('[')) return `${indent}# [e2e] ${line.trimStart()}`;
      const kept = flags
        .split(/\s+/)
        .filter((f) => f !== '' && !/^(ssl|http2|quic|http3|reuseport|proxy_protocol)$/.test(f));
      return `${indent}listen 127.0.0.1:${opts.listenPort}${kept.map((f) => ` ${f}`).join('')};${rest}`;
    }
    let result = line;
    if (UPSTREAM_DIRECTIVE.test(line)) {
      result = line.replace(/\b(?:127\.0\.0\.1|localhost)(?::\d+)?(?=[\s;/]|$)|\[::1\](?::\d+)?/g, (match, offset: number) => {
        // Only inside directive text, not in comments.
        const hash = line.indexOf('#');
        if (hash >= 0 && hash < offset) return match;
        return `127.0.0.1:${opts.backendPort}`;
      });
    }
    result = result.replace(/^(\s*(?:access_log|error_log)\s+)(\/\S*?)(?=[\s;])/, (_m, head: string, file: string) => {
      return `${head}logs/${path.basename(file)}`;
    });
    return result;
  });

  const harnessTop = 'daemon off; master_process on; worker_processes 1; pid nginx.pid; error_log logs/error.log info; ';
  out[0] = harnessTop + (out[0] ?? '');

  const httpInject =
    ' client_body_temp_path temp/client_body; proxy_temp_path temp/proxy; fastcgi_temp_path temp/fastcgi;' +
    ' uwsgi_temp_path temp/uwsgi; scgi_temp_path temp/scgi; access_log logs/access.log;';
  const httpLine = out.findIndex((l) => /^\s*http\s*\{/.test(l));
  if (httpLine >= 0) out[httpLine] = out[httpLine]!.replace(/^(\s*http\s*\{)/, `$1${httpInject}`);
  return out.join('\n');
}

// ---------------------------------------------------------------------------------------------
// Prefix directories, nginx -t, running nginx.
// ---------------------------------------------------------------------------------------------

const keepDirs = process.env['NGXLINT_E2E_KEEP'] === '1';

/** A fresh prefix directory with `logs/` and `temp/`, readable by nginx workers running as nobody. */
export function makePrefixDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ngxlint-e2e-'));
  // As root, nginx workers run as `nobody`: they must be able to reach temp/ (proxy buffers).
  fs.chmodSync(dir, 0o755);
  fs.mkdirSync(path.join(dir, 'logs'));
  fs.mkdirSync(path.join(dir, 'temp'));
  return dir;
}

export function removePrefixDir(dir: string): void {
  if (!keepDirs) fs.rmSync(dir, { recursive: true, force: true });
}

export interface NginxTestResult {
  ok: boolean;
  /** nginx's stderr and stdout (where `nginx -t` reports). */
  output: string;
}

function run(binary: string, args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

/**
 * `nginx -t` on a config file. `prefix` (default: a temporary directory, removed afterwards) is where
 * relative paths resolve, so a prepared config writes nothing outside it.
 */
export async function nginxTest(confPath: string, prefix?: string): Promise<NginxTestResult> {
  const binary = findNginx();
  const dir = prefix ?? makePrefixDir();
  try {
    const { code, output } = await run(binary, ['-t', '-e', 'stderr', '-p', `${dir}/`, '-c', path.resolve(confPath)]);
    return { ok: code === 0, output: output.trim() };
  } finally {
    if (!prefix) removePrefixDir(dir);
  }
}

/** `prepareForTest` + `nginx -t` on config text. */
export async function nginxTestText(
  confText: string,
  opts: PrepareOptions = { listenPort: 8080, backendPort: 3000 },
): Promise<NginxTestResult & { prepared: string }> {
  const dir = makePrefixDir();
  try {
    const prepared = prepareForTest(confText, opts);
    const confPath = path.join(dir, 'nginx.conf');
    fs.writeFileSync(confPath, prepared);
    return { ...(await nginxTest(confPath, dir)), prepared };
  } finally {
    removePrefixDir(dir);
  }
}

export interface NginxHandle {
  /** The 127.0.0.1 port nginx listens on. */
  port: number;
  pid: number;
  /** The temporary prefix directory (nginx.conf, logs/, temp/). */
  prefix: string;
  /** The prepared config nginx runs. */
  confText: string;
  /** nginx's stderr so far plus logs/error.log, for failure messages. */
  logs(): string;
  /** Fast shutdown (SIGTERM), SIGKILL of the process group if it hangs; removes the prefix. */
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Port of the backend that replaces the config's loopback upstream addresses. */
  backendPort: number;
  /** false: `confText` is already prepared and listens on `listenPort`. Default true. */
  prepare?: boolean;
  listenPort?: number;
  /** How long to wait for the port to accept connections, default 5000 ms. */
  readyTimeoutMs?: number;
}

const running = new Map<number, { child: ChildProcess; prefix: string }>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Last resort when a test run dies without stopping its nginx: kill every group we started.
  process.on('exit', () => {
    for (const pid of running.keys()) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
  });
}

/** A port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function readIfExists(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

class PortInUse extends Error {}

/** Run nginx in the foreground on `confText`; resolves once the port accepts connections. */
export async function startNginx(confText: string, opts: StartOptions): Promise<NginxHandle> {
  const attempts = opts.listenPort !== undefined ? 1 : 4;
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(confText, opts);
    } catch (err) {
      // freePort() is racy when tests run concurrently: another nginx may have taken the port.
      if (err instanceof PortInUse && attempt < attempts) continue;
      throw err;
    }
  }
}

async function startOnce(confText: string, opts: StartOptions): Promise<NginxHandle> {
  const binary = findNginx();
  installExitHook();
  const port = opts.listenPort ?? (await freePort());
  const prefix = makePrefixDir();
  const prepared = opts.prepare === false ? confText : prepareForTest(confText, { listenPort: port, backendPort: opts.backendPort });
  const confPath = path.join(prefix, 'nginx.conf');
  fs.writeFileSync(confPath, prepared);

  // detached: nginx gets its own process group, so master and workers can be killed together.
  const child = spawn(binary, ['-e', 'stderr', '-p', `${prefix}/`, '-c', confPath], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  let exited = false;
  const exitPromise = new Promise<void>((resolve) => {
    child.once('exit', () => {
      exited = true;
      if (child.pid !== undefined) running.delete(child.pid);
      resolve();
    });
    child.once('error', (err) => {
      stderr += `spawn error: ${err.message}\n`;
      exited = true;
      resolve();
    });
  });
  if (child.pid !== undefined) running.set(child.pid, { child, prefix });

  const logs = (): string =>
    `--- nginx stderr ---\n${stderr.trim()}\n--- ${prefix}/logs/error.log ---\n${readIfExists(path.join(prefix, 'logs', 'error.log')).trim()}`;

  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return exitPromise;
    stopped = true;
    if (!exited && child.pid !== undefined) {
      try {
        process.kill(child.pid, 'SIGTERM');
      } catch {
        /* already gone */
      }
      let timer: NodeJS.Timeout | undefined;
      const timedOut = await Promise.race([
        exitPromise.then(() => false),
        new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), 3000))),
      ]);
      clearTimeout(timer);
      if (timedOut) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          /* already gone */
        }
        await exitPromise;
      }
    }
    removePrefixDir(prefix);
  };

  // Ready = the pid file exists (nginx writes it after binding its listen sockets, so the port is
  // ours and not another test's) and the port accepts connections.
  const pidFile = path.join(prefix, 'nginx.pid');
  const deadline = Date.now() + (opts.readyTimeoutMs ?? 5000);
  while (exited || !fs.existsSync(pidFile) || !(await canConnect(port))) {
    if (exited) {
      const why = logs();
      await stop();
      if (/Address already in use/.test(why)) throw new PortInUse(`port ${port} in use`);
      throw new Error(`nginx exited before listening on 127.0.0.1:${port}\n${why}`);
    }
    if (Date.now() > deadline) {
      const why = logs();
      await stop();
      throw new Error(`nginx did not listen on 127.0.0.1:${port} within ${opts.readyTimeoutMs ?? 5000} ms\n${why}`);
    }
    await sleep(25);
  }
  return { port, pid: child.pid!, prefix, confText: prepared, logs, stop };
}

/**
 * Stop every nginx started by this process that is still running (for afterAll, e.g. after a test
 * timed out mid-session): SIGTERM to the master so it reaps its workers, SIGKILL to the whole process
 * group after 2 s.
 */
export async function stopAllNginx(): Promise<void> {
  const entries = [...running.entries()];
  running.clear();
  await Promise.all(
    entries.map(
      ([pid, { child }]) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          const timer = setTimeout(() => {
            try {
              process.kill(-pid, 'SIGKILL');
            } catch {
              resolve();
            }
          }, 2000);
          child.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
          try {
            process.kill(pid, 'SIGTERM');
          } catch {
            clearTimeout(timer);
            resolve();
          }
        }),
    ),
  );
  for (const [, { prefix }] of entries) removePrefixDir(prefix);
}
