/**
 * Memory stays bounded on a very large config. A child process runs the real CLI on a 50 MB
 * config (tens of thousands of servers, a tenth of them with a WebSocket location to fix) and
 * records its peak resident memory (getrusage's maxRSS, read by a preload hook at exit); the test
 * asserts a generous bound, and that the CLI finished normally. No timing assertions.
 *
 * Measured with nginx 1.22-era rules on 2 cores (see docs/reliability.md): lint ≈ 2.8 GB peak for
 * 50 MB, `parse` ≈ 2.7 GB, `--fix` of 10 MB with 4,000 fixes ≈ 1.1 GB. The bounds leave room for
 * other machines and versions of V8, and catch what they are for: memory that grows faster than
 * the input (a quadratic structure, a leak between fix passes, a second copy of the config).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { CLI, cleanScratch, scratch } from './support';

afterAll(() => cleanScratch());
jest.setTimeout(600_000);

const MB = 1024 * 1024;
const GB = 1024 * MB;

/** Writes a config of about `megabytes` MB; every tenth server has a WebSocket location to fix. */
function writeLargeConfig(file: string, megabytes: number): number {
  const fd = fs.openSync(file, 'w');
  let size = 0;
  const write = (s: string) => {
    fs.writeSync(fd, s);
    size += Buffer.byteLength(s);
  };
  write('# a generated, very large config\nevents {}\nhttp {\n  map $http_upgrade $connection_upgrade {\n    default upgrade;\n    \'\' close;\n  }\n');
  const chunk: string[] = [];
  for (let i = 0; size < megabytes * MB; i++) {
    chunk.push(
      i % 10 === 0
        ? `  server {\n    listen ${8000 + (i % 1000)};\n    server_name ws${i}.example.com;\n    location /ws/ {\n      proxy_pass http://127.0.0.1:3000;\n      proxy_set_header Upgrade $http_upgrade;\n      proxy_set_header Connection $connection_upgrade;\n    }\n  }\n`
        : `  server {\n    listen ${8000 + (i % 1000)};\n    server_name s${i}.example.com;\n    # backend ${i}\n    location /api/ {\n      proxy_pass http://127.0.0.1:3000;\n      proxy_set_header Host $host;\n      add_header X-Served-By "s${i}";\n    }\n  }\n`,
    );
    if (chunk.length === 1000) write(chunk.splice(0).join(''));
  }
  write(chunk.join('') + '}\n');
  fs.closeSync(fd);
  return size;
}

interface Measured {
  status: number | null;
  signal: string | null;
  stderr: string;
  /** Peak resident memory in bytes, or undefined when the process did not exit normally. */
  peak?: number;
}

/** Runs the CLI in a child process and reads its peak RSS at exit. */
function measure(args: string[], cwd: string): Measured {
  const hook = path.join(cwd, 'peak-rss-hook.js');
  const out = path.join(cwd, `peak-rss-${Date.now()}.txt`);
  fs.writeFileSync(
    hook,
    `process.on('exit', () => { try { require('fs').writeFileSync(${JSON.stringify(out)}, String(process.resourceUsage().maxRSS * 1024)); } catch {} });\n`,
  );
  // V8's default heap limit depends on the machine's memory (about a quarter of it): let it use
  // what the bound allows, so a small CI machine measures memory instead of V8's limit.
  const r = spawnSync(process.execPath, ['--max-old-space-size=4096', '--require', hook, CLI, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', NODE_OPTIONS: undefined },
    maxBuffer: 1024 * MB,
    timeout: 300_000,
    killSignal: 'SIGKILL',
  });
  if (r.error) throw r.error;
  const peak = fs.existsSync(out) ? Number(fs.readFileSync(out, 'utf8')) : undefined;
  return { status: r.status, signal: r.signal, stderr: r.stderr, peak };
}

function expectBounded(run: Measured, bound: number, what: string): void {
  if (run.peak === undefined) throw new Error(`${what}: the CLI did not exit normally (signal ${run.signal}, exit ${run.status}):\n${run.stderr.slice(0, 2000)}`);
  console.log(`${what}: peak RSS ${(run.peak / MB).toFixed(0)} MB (bound ${(bound / MB).toFixed(0)} MB)`);
  expect(run.stderr).not.toMatch(/heap out of memory|internal error|^\s+at /m);
  expect(run.peak).toBeLessThan(bound);
}

describe('a 50 MB config', () => {
  let dir: string;
  beforeAll(() => {
    dir = scratch('ngxlint-large-');
    const size = writeLargeConfig(path.join(dir, 'big.conf'), 50);
    expect(size).toBeGreaterThanOrEqual(50 * MB);
  });

  test('lint: finishes, reports, and stays within 3.5 GB', () => {
    const run = measure(['--format', 'compact', '--output-file', 'report.txt', 'big.conf'], dir);
    expectBounded(run, 3.5 * GB, 'lint of 50 MB');
    expect(run.status).toBe(1); // the WebSocket locations without proxy_http_version 1.1
    const report = fs.readFileSync(path.join(dir, 'report.txt'), 'utf8');
    expect(report).toMatch(/^big\.conf:\d+:\d+: error .*\[websocket-http-version\]$/m);
  });

  test('ngxlint parse: the whole payload, within 3.5 GB', () => {
    const run = measure(['parse', 'big.conf', '--out', 'payload.json'], dir);
    expectBounded(run, 3.5 * GB, 'parse of 50 MB');
    expect(run.status).toBe(0);
    expect(fs.statSync(path.join(dir, 'payload.json')).size).toBeGreaterThan(50 * MB);
  });
});

test('--fix of a 10 MB config with 4,000 fixes stays within 1.5 GB and writes the file once', () => {
  const dir = scratch('ngxlint-large-fix-');
  writeLargeConfig(path.join(dir, 'big.conf'), 10);
  const before = fs.readFileSync(path.join(dir, 'big.conf'), 'utf8');
  const run = measure(['--fix', '--format', 'compact', '--output-file', 'report.txt', 'big.conf'], dir);
  expectBounded(run, 1.5 * GB, '--fix of 10 MB');
  expect(run.status).toBe(0);
  const after = fs.readFileSync(path.join(dir, 'big.conf'), 'utf8');
  const inserted = after.split('proxy_http_version 1.1;').length - 1;
  expect(inserted).toBe(before.split('location /ws/').length - 1);
  expect(after.replace(/\n {6}proxy_http_version 1\.1;/g, '')).toBe(before);
});
