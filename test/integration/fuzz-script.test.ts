/**
 * `npm run fuzz -- --runs N [--seed S]` (scripts/fuzz.js) runs the property tests longer: the
 * script passes N and S to the tests through NGXLINT_FUZZ_RUNS / NGXLINT_FUZZ_SEED, and
 * fuzzParameters turns them into fast-check's numRuns and seed. (Kept out of test/property: the
 * script runs that folder, and this test runs the script.)
 */
import { spawnSync } from 'child_process';
import * as path from 'path';
import { REPO_ROOT } from '../support/cli';
import { fuzzParameters } from '../support/config-generator';

const FUZZ = path.join(REPO_ROOT, 'scripts', 'fuzz.js');

function fuzz(args: string[]) {
  const env = { ...process.env, NGXLINT_FUZZ_RUNS: undefined, NGXLINT_FUZZ_SEED: undefined };
  return spawnSync(process.execPath, [FUZZ, ...args], { cwd: REPO_ROOT, env, encoding: 'utf8', timeout: 120_000 });
}

test('--runs and --seed reach the property tests, which pass', () => {
  const run = fuzz(['--runs', '3', '--seed', '42', 'test/property/parse-fix.test.ts', '-t', 'any text, any bytes']);
  expect(run.stdout).toBe('fuzz: 3 runs per property, seed 42\n');
  expect(run.stderr).toMatch(/Tests: +\d+ skipped, 1 passed/);
  expect(run.status).toBe(0);
});

test('what the tests make of the variables the script sets', () => {
  const saved = { runs: process.env['NGXLINT_FUZZ_RUNS'], seed: process.env['NGXLINT_FUZZ_SEED'] };
  try {
    process.env['NGXLINT_FUZZ_RUNS'] = '3';
    process.env['NGXLINT_FUZZ_SEED'] = '42';
    expect(fuzzParameters(300)).toMatchObject({ numRuns: 3, seed: 42 });
    delete process.env['NGXLINT_FUZZ_RUNS'];
    delete process.env['NGXLINT_FUZZ_SEED'];
    const ci = fuzzParameters(300);
    expect(ci.numRuns).toBe(300);
    expect(ci.seed).toBeUndefined();
  } finally {
    for (const [name, value] of [['NGXLINT_FUZZ_RUNS', saved.runs], ['NGXLINT_FUZZ_SEED', saved.seed]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
});

test('a bad --runs is a usage error (exit 2)', () => {
  const run = fuzz(['--runs', '0']);
  expect(run.status).toBe(2);
  expect(run.stderr).toMatch(/^fuzz: --runs must be a positive whole number\nusage: npm run fuzz -- --runs N/);
});
