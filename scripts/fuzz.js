#!/usr/bin/env node
/**
 * `npm run fuzz -- --runs N [--seed S] [--kills K] [jest options]`: the property-based and
 * differential tests (test/property) with N runs per property instead of CI's few hundred, and,
 * with --kills, the SIGKILL test (test/reliability/kill.test.ts) with K kills.
 *
 * A failure prints fast-check's seed and path; `--seed S` replays it. The runs are the tests'
 * own: NGXLINT_FUZZ_RUNS, NGXLINT_FUZZ_SEED and NGXLINT_KILL_RUNS are read by the test files only.
 */
'use strict';
const { spawnSync } = require('child_process');
const path = require('path');

function usage(message) {
  if (message) process.stderr.write(`fuzz: ${message}\n`);
  process.stderr.write('usage: npm run fuzz -- --runs N [--seed S] [--kills K] [jest options]\n');
  process.exit(2);
}

const args = process.argv.slice(2);
let runs = 1000;
let seed;
let kills;
const jestArgs = [];
for (let i = 0; i < args.length; i++) {
  const arg = args[i];
  const value = () => {
    const v = args[++i];
    if (v === undefined || !/^-?\d+$/.test(v)) usage(`${arg} needs a whole number`);
    return Number(v);
  };
  if (arg === '--runs') runs = value();
  else if (arg.startsWith('--runs=')) runs = Number(arg.slice(7));
  else if (arg === '--seed') seed = value();
  else if (arg === '--kills') kills = value();
  else if (arg === '--help' || arg === '-h') usage();
  else jestArgs.push(arg);
}
if (!Number.isInteger(runs) || runs < 1) usage('--runs must be a positive whole number');

const root = path.resolve(__dirname, '..');
const env = { ...process.env, NGXLINT_FUZZ_RUNS: String(runs) };
if (seed !== undefined) env.NGXLINT_FUZZ_SEED = String(seed);
const paths = ['test/property'];
if (kills !== undefined) {
  env.NGXLINT_KILL_RUNS = String(kills);
  paths.push('test/reliability/kill.test.ts');
}
process.stdout.write(`fuzz: ${runs} runs per property${seed !== undefined ? `, seed ${seed}` : ''}${kills !== undefined ? `, ${kills} kills` : ''}\n`);
if (kills !== undefined) {
  // The kill test runs the built CLI.
  const build = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
const jest = require.resolve('jest/bin/jest');
const result = spawnSync(process.execPath, [jest, '--runInBand', '--testTimeout', String(24 * 3600 * 1000), ...paths, ...jestArgs], {
  cwd: root,
  env,
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
