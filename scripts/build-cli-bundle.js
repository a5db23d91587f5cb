#!/usr/bin/env node
/**
 * Writes dist/cli-bundle.js and dist/cli-bundle.cache, which the `ngxlint` executable
 * (src/cli/main.ts) starts the CLI from: pre-commit starts ngxlint on every commit, and finding,
 * reading and compiling dozens of modules one by one was most of its start-up.
 *
 * 1. Which modules: those a plain lint loads, recorded from a real run of the compiled CLI on
 *    samples/ (no configuration file, no options: what `ngxlint FILES…` from pre-commit runs).
 *    Only our own modules under dist/; packages and modules loaded for other commands or options
 *    (yargs, zod, SARIF, diff, --fix) keep loading from their files when needed.
 * 2. The bundle: each module's code byte for byte (minus a `#!` line and sourceMappingURL comment),
 *    wrapped as Node wraps a module, with its file's size (the executable does not use a bundle
 *    whose files changed since) and which of its require() specifiers name other bundled modules.
 * 3. The code cache: V8's cached data for the bundle, taken at the end of a second run on samples/
 *    through the bundle, so it holds the functions that ran compiled, not only the top levels.
 *
 * Run by `npm run build` (scripts/post-build.js) after tsc. Not committed: dist/ is built.
 */
'use strict';
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

const ROOT = path.resolve(__dirname, '..');
const DIST = path.join(ROOT, 'dist');
const LAUNCHER = path.join(DIST, 'src', 'cli', 'main.js');
const ENTRY = 'src/cli/cli.js';
const BUNDLE_FILE = path.join(DIST, 'cli-bundle.js');
const CACHE_FILE = path.join(DIST, 'cli-bundle.cache');
const RECORDER = path.join(__dirname, 'record-modules.js');
/** What the recording runs lint: the shipped samples, as `ngxlint samples` would. */
const SAMPLES = path.join(ROOT, 'samples');

const LITERAL_REQUIRE = /\brequire\(\s*(['"])([^'"\n]+)\1\s*\)/g;

/** Runs the compiled CLI on samples/; its exit code is 1 (the samples have findings) or 0. */
function runCli(env) {
  const run = spawnSync(process.execPath, ['--require', RECORDER, LAUNCHER, SAMPLES], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  if (run.error) throw run.error;
  if (run.status !== 0 && run.status !== 1) throw new Error(`the CLI exited with ${run.status}: ${run.stderr.trim()}`);
}

/** Our modules (ids relative to dist/) a plain lint loads, in the order they were loaded. */
function recordModules() {
  const out = path.join(DIST, '.cli-modules.json');
  try {
    runCli({ NGXLINT_NO_BUNDLE: '1', NGXLINT_RECORD_MODULES: out });
    const loaded = JSON.parse(fs.readFileSync(out, 'utf8'));
    return loaded
      .filter((file) => file.startsWith(DIST + path.sep) && file.endsWith('.js') && file !== LAUNCHER)
      .map((file) => path.relative(DIST, file).split(path.sep).join('/'));
  } finally {
    fs.rmSync(out, { force: true });
  }
}

function bundleSource(ids) {
  if (!ids.includes(ENTRY)) throw new Error(`the recorded run did not load ${ENTRY}`);
  const bundled = new Set(ids);
  const parts = [
    '// The modules a plain `ngxlint` lint loads, for src/cli/main.ts. Written by scripts/build-cli-bundle.js',
    '// (`npm run build`) from dist/: do not edit.',
    '({',
    `entry: ${JSON.stringify(ENTRY)},`,
    `sizes: ${JSON.stringify(Object.fromEntries(ids.map((id) => [id, fs.statSync(path.join(DIST, id)).size])))},`,
    'modules: {',
  ];
  for (const id of ids) {
    const file = path.join(DIST, id);
    const code = fs
      .readFileSync(file, 'utf8')
      .replace(/^#!.*/, '')
      .replace(/^\/\/[#@] sourceMappingURL=.*$/gm, '');
    const deps = {};
    for (const match of code.matchAll(LITERAL_REQUIRE)) {
      const spec = match[2];
      if (!spec.startsWith('.')) continue;
      let resolved;
      try {
        resolved = require.resolve(spec, { paths: [path.dirname(file)] });
      } catch {
        continue; // left to Node at run time, which reports it as it would without the bundle
      }
      const target = path.relative(DIST, resolved).split(path.sep).join('/');
      if (bundled.has(target)) deps[spec] = target;
    }
    parts.push(`${JSON.stringify(id)}: [function (exports, require, module, __filename, __dirname) {`, code, `}, ${JSON.stringify(deps)}],`);
  }
  parts.push('},', '})', '');
  return parts.join('\n');
}

function main() {
  if (!fs.existsSync(LAUNCHER)) throw new Error(`${path.relative(ROOT, LAUNCHER)} does not exist: run tsc first`);
  // Recorded without a bundle: a stale one must not decide what the new one holds.
  fs.rmSync(BUNDLE_FILE, { force: true });
  fs.rmSync(CACHE_FILE, { force: true });
  const ids = recordModules();
  fs.writeFileSync(BUNDLE_FILE, bundleSource(ids));
  runCli({ NGXLINT_WRITE_CODE_CACHE: CACHE_FILE });
  if (!fs.existsSync(CACHE_FILE)) throw new Error('the run through the bundle wrote no code cache');
  const kib = (file) => `${(fs.statSync(file).size / 1024).toFixed(0)} KiB`;
  process.stdout.write(`dist/cli-bundle.js: ${ids.length} modules, ${kib(BUNDLE_FILE)}; code cache ${kib(CACHE_FILE)}\n`);
}

if (require.main === module) {
  try {
    main();
  } catch (e) {
    process.stderr.write(`build-cli-bundle: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 2;
  }
}
