/**
 * `kill -9` at random moments of a `--fix` over many files: every file must be either exactly its
 * original or exactly its fully fixed version — never empty, truncated or half-written — and a
 * second run finishes the job and clears the temporary files the killed run left behind.
 *
 * The fully fixed versions come from an undisturbed run on a copy, which also tells when the CLI
 * writes (the files' mtimes): the kills are spread over that window, so most runs die between
 * two writes, and some right in the middle of one. NGXLINT_KILL_RUNS sets the number of kills
 * (default 8); the seed is printed so a failure can be replayed (NGXLINT_KILL_SEED).
 */
import * as fs from 'fs';
import * as path from 'path';
import { TEMP_FILE_PATTERN } from '../../src/fix/write-file';
import { cleanScratch, cli, cliAsync, scratch, writeTree } from './support';

afterAll(() => cleanScratch());
jest.setTimeout(process.env['NGXLINT_KILL_RUNS'] ? 24 * 3600_000 : 300_000);

const FILES = 12;
const LOCATIONS = 100;
const RUNS = Number(process.env['NGXLINT_KILL_RUNS'] ?? 8);
const SEED = Number(process.env['NGXLINT_KILL_SEED'] ?? Date.now() % 1_000_000);

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

test(`SIGKILL during --fix never leaves a damaged file (${RUNS} kills, seed ${SEED})`, async () => {
  // The undisturbed run: the fixed versions, and when each file was written.
  const reference = freshCopy();
  const started = Date.now();
  const run = cli(['--fix', '--format', 'compact', '.'], { cwd: reference, timeoutMs: 240_000 });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  const fixed = new Map(names.map((n) => [n, fs.readFileSync(path.join(reference, n), 'utf8')]));
  for (const n of names) expect(fixed.get(n)).not.toBe(originals.get(n));
  const writes = names.map((n) => fs.statSync(path.join(reference, n)).mtimeMs - started).sort((a, b) => a - b);
  const first = Math.max(0, writes[0] - 300);
  const last = writes[writes.length - 1] + 100;

  const random = mulberry32(SEED);
  const outcomes: Array<{ delay: number; fixed: number; original: number; temps: number }> = [];
  for (let i = 0; i < RUNS; i++) {
    const dir = freshCopy();
    // Spread over the write window, one kill per slice, at a random point of the slice.
    const delay = Math.round(first + ((last - first) * (i + random())) / RUNS);
    const { child, done } = cliAsync(['--fix', '.'], { cwd: dir });
    await new Promise((resolve) => setTimeout(resolve, delay));
    child.kill('SIGKILL');
    await done;

    let nFixed = 0;
    let nOriginal = 0;
    for (const n of names) {
      const text = fs.readFileSync(path.join(dir, n), 'utf8');
      if (text === fixed.get(n)) nFixed++;
      else if (text === originals.get(n)) nOriginal++;
      else throw new Error(`${n} is neither its original nor its fixed version after a kill at ${delay} ms (seed ${SEED})`);
    }
    const others = fs.readdirSync(dir).filter((n) => !originals.has(n));
    for (const o of others) expect(o).toMatch(TEMP_FILE_PATTERN); // only hidden *.tmp files may be left
    outcomes.push({ delay, fixed: nFixed, original: nOriginal, temps: others.length });

    if (i === RUNS - 1) {
      // Running --fix again finishes the job and removes what the killed run left behind.
      const again = cli(['--fix', '.'], { cwd: dir, timeoutMs: 240_000 });
      expect(again.status).toBe(0);
      for (const n of names) expect(fs.readFileSync(path.join(dir, n), 'utf8')).toBe(fixed.get(n));
      expect(fs.readdirSync(dir).sort()).toEqual([...names].sort());
    }
  }
  console.log(
    `kill test (seed ${SEED}): writes between ${Math.round(writes[0])} and ${Math.round(writes[writes.length - 1])} ms;\n` +
      outcomes.map((o) => `  killed at ${o.delay} ms: ${o.fixed} fixed, ${o.original} original, ${o.temps} temporary file(s) left`).join('\n'),
  );
  // Not vacuous: some kills landed between the first and the last write.
  expect(outcomes.some((o) => o.fixed > 0 && o.original > 0)).toBe(true);
});
