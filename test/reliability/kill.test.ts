/**
 * `kill -9` at random moments of a `--fix` over many files: every file must be either exactly its
 * original or exactly its fully fixed version — never empty, truncated or half-written — and a
 * second run finishes the job and clears the temporary files the killed run left behind.
 *
 * A real write of these files takes microseconds: kills timed by the clock would almost never land
 * inside one, and the test could not tell the safe writer from one that truncates a file and
 * writes it in place. So the CLI runs with slow-writes.js preloaded: every write goes out in
 * chunks with a pause after each, and each chunk is reported on a pipe. A run is killed right
 * after a random chunk of all the writes (inside a write), or at a random moment after it (inside a
 * write, between two, or while the next file is fixed). The test fails unless some kills left a
 * temporary file behind: proof that they landed while a file was being replaced.
 * NGXLINT_KILL_RUNS sets the number of kills (default 10); the seed is printed so a failure can
 * be replayed (NGXLINT_KILL_SEED).
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Readable } from 'stream';
import { TEMP_FILE_PATTERN } from '../../src/fix/write-file';
import { cleanScratch, cli, cliAsync, scratch, writeTree } from './support';

afterAll(() => cleanScratch());
jest.setTimeout(process.env['NGXLINT_KILL_RUNS'] ? 24 * 3600_000 : 300_000);

const FILES = 12;
const LOCATIONS = 100;
const RUNS = Number(process.env['NGXLINT_KILL_RUNS'] ?? 10);
const SEED = Number(process.env['NGXLINT_KILL_SEED'] ?? Date.now() % 1_000_000);
// About seven chunks per fixed file, 10 ms apart: writing takes a good part of a run.
const SLOW_WRITES = {
  nodeArgs: ['--require', path.join(__dirname, 'slow-writes.js')],
  env: { NGXLINT_SLOW_WRITE_CHUNK: '2048', NGXLINT_SLOW_WRITE_PAUSE_MS: '10', NGXLINT_SLOW_WRITE_REPORT_FD: '3' },
  extraPipe: true,
};

/** A standalone config with LOCATIONS WebSocket locations, each missing one to three lines. */
function siteConfig(n: number): string {
  const out = [`events {}\nhttp {\n  server {\n    listen 80;\n    server_name site${n}.example;\n`];
  for (let i = 0; i < LOCATIONS; i++) {
    out.push(`    location /ws${i}/ {\n      proxy_pass http://127.0.0.1:${3000 + i};\n`);
    if (i % 3 !== 0) out.push('      proxy_set_header Upgrade $http_upgrade;\n');
    if (i % 3 === 2) out.push('      proxy_set_header Connection "upgrade";\n');
    out.push('    }\n');
  }
  out.push('  }\n}\n');
  return out.join('');
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const names = Array.from({ length: FILES }, (_, i) => `site${String(i).padStart(2, '0')}.conf`);
const originals = new Map(names.map((name, i) => [name, siteConfig(i)]));

function freshCopy(): string {
  const dir = scratch('ngxlint-kill-');
  writeTree(dir, Object.fromEntries(originals));
  return dir;
}

/** `--fix .` in `dir` with slowed writes; `onChunk(n)` runs when the n-th chunk has been written. */
function slowFix(dir: string, onChunk: (n: number) => void): ReturnType<typeof cliAsync> {
  const run = cliAsync(['--fix', '.'], { cwd: dir, ...SLOW_WRITES });
  let chunks = 0;
  (run.child.stdio[3] as Readable).on('data', (d: Buffer) => {
    for (const byte of d) if (byte === 0x0a) onChunk(++chunks);
  });
  return run;
}

test(`SIGKILL during --fix never leaves a damaged file (${RUNS} kills, seed ${SEED})`, async () => {
  // The undisturbed run: the fixed versions, how many chunks the writes take, and how long it runs.
  const reference = freshCopy();
  const started = Date.now();
  let chunks = 0;
  const run = await slowFix(reference, (n) => (chunks = n)).done;
  const duration = Date.now() - started;
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  const fixed = new Map(names.map((n) => [n, fs.readFileSync(path.join(reference, n), 'utf8')]));
  for (const n of names) expect(fixed.get(n)).not.toBe(originals.get(n));
  expect(chunks).toBeGreaterThan(FILES); // every file takes several chunks

  const random = mulberry32(SEED);
  const outcomes: Array<{ chunk: number; linger: number; killed: boolean; fixed: number; original: number; temps: number }> = [];
  for (let i = 0; i < RUNS; i++) {
    const dir = freshCopy();
    // One kill per slice of the chunks, at a random chunk of the slice; every other run lingers a
    // random part of the time one file takes before it kills.
    const chunk = 1 + Math.floor((chunks * (i + random())) / RUNS);
    const linger = i % 2 === 0 ? 0 : Math.round((random() * duration) / FILES);
    const { child, done } = slowFix(dir, (n) => {
      if (n !== chunk) return;
      if (linger === 0) child.kill('SIGKILL');
      else setTimeout(() => child.kill('SIGKILL'), linger);
    });
    const result = await done;

    let nFixed = 0;
    let nOriginal = 0;
    for (const n of names) {
      const text = fs.readFileSync(path.join(dir, n), 'utf8');
      if (text === fixed.get(n)) nFixed++;
      else if (text === originals.get(n)) nOriginal++;
      else {
        throw new Error(
          `${n} is neither its original nor its fixed version (${text.length} characters instead of ${originals.get(n)!.length} or ${fixed.get(n)!.length}) after a kill at chunk ${chunk} + ${linger} ms (seed ${SEED})`,
        );
      }
    }
    const others = fs.readdirSync(dir).filter((n) => !originals.has(n));
    for (const o of others) expect(o).toMatch(TEMP_FILE_PATTERN); // only hidden *.tmp files may be left
    outcomes.push({ chunk, linger, killed: result.signal === 'SIGKILL', fixed: nFixed, original: nOriginal, temps: others.length });

    if (i === RUNS - 1) {
      // Running --fix again finishes the job and removes what the killed run left behind.
      const again = cli(['--fix', '.'], { cwd: dir, timeoutMs: 240_000 });
      expect(again.status).toBe(0);
      for (const n of names) expect(fs.readFileSync(path.join(dir, n), 'utf8')).toBe(fixed.get(n));
      expect(fs.readdirSync(dir).sort()).toEqual([...names].sort());
    }
  }
  console.log(
    `kill test (seed ${SEED}): ${chunks} chunks written in an undisturbed run of ${duration} ms;\n` +
      outcomes
        .map((o) => `  ${o.killed ? 'killed' : 'not killed (finished first)'} at chunk ${o.chunk} + ${o.linger} ms: ${o.fixed} fixed, ${o.original} original, ${o.temps} temporary file(s) left`)
        .join('\n'),
  );
  // Not vacuous: some kills landed while a file was being replaced (its temporary file was left
  // behind), and some between the first and the last write.
  expect(outcomes.filter((o) => o.temps > 0).length).toBeGreaterThan(0);
  expect(outcomes.some((o) => o.fixed > 0 && o.original > 0)).toBe(true);
});
