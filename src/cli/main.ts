#!/usr/bin/env node
/**
 * The `ngxlint` executable. pre-commit starts it on every commit, usually for a few small files,
 * so its start-up is most of what a user waits for. It runs the CLI (./cli.ts) from
 * dist/cli-bundle.js when the build wrote one (scripts/build-cli-bundle.js): the modules a plain
 * lint loads, in one file, with V8's code cache for them in dist/cli-bundle.cache. Loading 45
 * modules one by one and compiling them took about 40 ms of a 50 ms start beyond Node's own; from
 * the bundle and its cache about 15 ms (bench/README.md, "CLI cold start"). Everything else (yargs,
 * the other formatters, the diff code, rule docs) still loads from its own file, when needed.
 *
 * Bundled modules stay modules: each is a real `Module` in require.cache under its own file name,
 * and one already loaded (by a --require preload, say) is used as it is, not run a second time.
 *
 * The bundle is not used when it is missing, when NGXLINT_NO_BUNDLE is set, or when a bundled
 * file's size is not the one the bundle was made from (dist/ compiled again without bundling).
 * V8 checks the cache itself (another Node version or other V8 flags: the code is compiled).
 *
 * This file loads nothing but Node's own modules: anything it imported would load on every start.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as vm from 'vm';
import NodeModule = require('module');

/** A module's code, wrapped as Node wraps it. */
type ModuleFactory = (exports: unknown, require: NodeJS.Require, module: NodeModule, filename: string, dirname: string) => void;

/** What dist/cli-bundle.js evaluates to. Module ids are paths relative to dist/, with `/`. */
interface CliBundle {
  /** The module that exports runProcess(). */
  entry: string;
  /** The byte size of each bundled module's file when the bundle was made. */
  sizes: Record<string, number>;
  /** Each module's code and the require() specifiers in it that name other bundled modules. */
  modules: Record<string, [ModuleFactory, Record<string, string>]>;
}

/** Node's module internals the loader needs (not in its type definitions). */
interface ModuleInternals {
  _cache: Record<string, NodeModule | undefined>;
  _nodeModulePaths(dir: string): string[];
  _resolveFilename(request: string, parent: NodeModule, isMain: boolean, options?: { paths?: string[] }): string;
}
const internals = NodeModule as unknown as ModuleInternals;

const DIST = path.join(__dirname, '..', '..');
const launcherMain = require.main;
const BUNDLE_FILE = path.join(DIST, 'cli-bundle.js');
const CACHE_FILE = path.join(DIST, 'cli-bundle.cache');
/**
 * The bundle's name in stack traces (--debug). V8 keeps the name a code cache was made under, so
 * the real path would name the folder of whoever built the package; this one is the same
 * everywhere.
 */
const BUNDLE_NAME = 'ngxlint/dist/cli-bundle.js';

function debug(message: string): void {
  if (process.argv.includes('--debug')) process.stderr.write(`ngxlint:debug ${message}\n`);
}

/** The bundle compiled (with the code cache when V8 accepts it), or why it is not used. */
function compileBundle(): { script: vm.Script; bundle: CliBundle } | string {
  if (process.env.NGXLINT_NO_BUNDLE) return 'NGXLINT_NO_BUNDLE is set';
  let source: string;
  try {
    source = fs.readFileSync(BUNDLE_FILE, 'utf8');
  } catch {
    return `no ${path.relative(process.cwd(), BUNDLE_FILE) || BUNDLE_FILE}`;
  }
  let cachedData: Buffer | undefined;
  try {
    cachedData = fs.readFileSync(CACHE_FILE);
  } catch {
    cachedData = undefined;
  }
  let script: vm.Script;
  let bundle: CliBundle;
  try {
    script = new vm.Script(source, { filename: BUNDLE_NAME, cachedData });
    bundle = script.runInThisContext() as CliBundle;
  } catch (error) {
    return `${BUNDLE_FILE} does not load (${error instanceof Error ? error.message : String(error)})`;
  }
  for (const [id, size] of Object.entries(bundle.sizes)) {
    let actual = -1;
    try {
      actual = fs.statSync(path.join(DIST, id)).size;
    } catch {
      // a missing file counts as changed
    }
    if (actual !== size) return `${id} is not the file the bundle was made from (run \`npm run build\`)`;
  }
  return { script, bundle };
}

/** Loads bundled module `id` as a Module of its own file (or the one already loaded from it). */
function loadBundled(bundle: CliBundle, id: string, parent: NodeModule | undefined): unknown {
  const filename = path.join(DIST, id);
  const loaded = internals._cache[filename];
  if (loaded) return loaded.exports;
  const [factory, deps] = bundle.modules[id];
  const dirname = path.dirname(filename);
  const module = new NodeModule(filename, parent);
  module.filename = filename;
  module.paths = internals._nodeModulePaths(dirname);
  internals._cache[filename] = module;
  // Bundled modules come from the bundle; anything else (Node's modules, packages, lazily loaded
  // files of ours) through Node, resolved from the module's own file as usual.
  const require = ((spec: string) => (deps[spec] !== undefined ? loadBundled(bundle, deps[spec], module) : module.require(spec))) as NodeJS.Require;
  require.resolve = ((request: string, options?: { paths?: string[] }) => internals._resolveFilename(request, module, false, options)) as NodeJS.RequireResolve;
  require.cache = internals._cache as NodeJS.Require['cache'];
  require.main = launcherMain;
  try {
    factory.call(module.exports, module.exports, require, module, filename, dirname);
  } catch (error) {
    delete internals._cache[filename];
    throw error;
  }
  module.loaded = true;
  return module.exports;
}

/** The CLI module, from the bundle when it can be used. */
function cliModule(): typeof import('./cli') {
  const compiled = compileBundle();
  if (typeof compiled === 'string') {
    debug(`CLI modules loaded one by one: ${compiled}`);
    return require('./cli') as typeof import('./cli');
  }
  const { script, bundle } = compiled;
  debug(`CLI modules loaded from ${path.basename(BUNDLE_FILE)}, code cache ${script.cachedDataRejected === false ? 'used' : 'not used'}`);
  // `npm run build` writes the cache from a run of the bundle (scripts/build-cli-bundle.js): it
  // then holds the functions that run compiled, not only the top levels.
  const cacheOut = process.env.NGXLINT_WRITE_CODE_CACHE;
  if (cacheOut) process.on('exit', () => fs.writeFileSync(cacheOut, script.createCachedData()));
  return loadBundled(bundle, bundle.entry, launcherMain) as typeof import('./cli');
}

cliModule().runProcess();
