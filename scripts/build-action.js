#!/usr/bin/env node
/**
 * Builds dist-action/, the GitHub Action's committed entry point (action.yml: `main:
 * dist-action/index.js`). A runner runs an action straight from a checkout of its tag, without
 * `npm install` and without building, so everything the action needs is in one file:
 *
 * - `index.js`: the CommonJS modules reachable from dist/src/action/main.js (the compiled
 *   TypeScript: run `npm run build` first) and from the packages they require (zod, diff), each
 *   wrapped in a function, plus a 30-line loader. Not a real bundler: it follows only literal
 *   `require('…')` calls (resolved with Node's own resolver, so `exports` maps apply), leaves Node's
 *   built-in modules to Node, and fails on anything else (a `require(variable)`, a file it cannot
 *   resolve). Module sources are copied byte for byte (minus a `#!` line and `sourceMappingURL`
 *   comments); a package.json is inlined as `{ name, version }` only, so unrelated package.json
 *   edits do not make the bundle stale.
 * - `LICENSES.txt`: the licenses of the bundled packages.
 *
 * The output depends only on dist/ and node_modules/ (as `npm ci` installs them from the lock
 * file): test/integration/action-bundle.test.ts rebuilds it and compares byte for byte.
 *
 *   node scripts/build-action.js           write dist-action/
 *   node scripts/build-action.js --check   exit 1 when dist-action/ is not what it would write
 */
'use strict';
const fs = require('fs');
const path = require('path');
const { builtinModules } = require('module');

const ROOT = path.resolve(__dirname, '..');
const ENTRY = 'dist/src/action/main.js';
const OUT_DIR = 'dist-action';

const LITERAL_REQUIRE = /\brequire\(\s*(['"])([^'"\n]+)\1\s*\)/g;
const OTHER_REQUIRE = /\brequire\(\s*(?!['"])/;

function isBuiltin(spec) {
  return spec.startsWith('node:') || builtinModules.includes(spec);
}

/**
 * Repository-relative path with forward slashes: the module's id in the bundle. `root` is a real
 * path; a symlinked node_modules (resolved paths are real paths) still maps to `node_modules/…`.
 */
function idOf(root, file) {
  const modulesDir = path.join(root, 'node_modules');
  const realModulesDir = fs.existsSync(modulesDir) ? fs.realpathSync(modulesDir) : modulesDir;
  const relative = file.startsWith(realModulesDir + path.sep)
    ? path.join('node_modules', path.relative(realModulesDir, file))
    : path.relative(root, file);
  return relative.split(path.sep).join('/');
}

/** The package a module in node_modules belongs to: its folder, or undefined for our own code. */
function packageDirOf(root, file) {
  const parts = idOf(root, file).split('/');
  const at = parts.lastIndexOf('node_modules');
  if (at < 0) return undefined;
  const length = parts[at + 1].startsWith('@') ? 3 : 2;
  return path.join(root, ...parts.slice(0, at + length));
}

function moduleSource(root, file) {
  const text = fs.readFileSync(file, 'utf8');
  if (file.endsWith('.json')) {
    const json = JSON.parse(text);
    const value = path.basename(file) === 'package.json' ? { name: json.name, version: json.version } : json;
    return { code: `module.exports = ${JSON.stringify(value)};`, requires: [] };
  }
  const code = text
    .replace(/^#!.*/, '')
    .replace(/^\/\/[#@] sourceMappingURL=.*$/gm, '')
    .replace(/\s+$/, '');
  if (OTHER_REQUIRE.test(code.replace(LITERAL_REQUIRE, ''))) {
    throw new Error(`${idOf(root, file)}: a require() without a string literal cannot be bundled`);
  }
  const requires = [];
  for (const match of code.matchAll(LITERAL_REQUIRE)) if (!requires.includes(match[2])) requires.push(match[2]);
  return { code, requires };
}

/** Every module reachable from the entry, in the order they are first required. */
function collectModules(root) {
  root = fs.realpathSync(root);
  const entry = path.join(root, ENTRY);
  if (!fs.existsSync(entry)) throw new Error(`${ENTRY} does not exist: run \`npm run build\` first`);
  const modules = new Map();
  const visit = (file) => {
    const id = idOf(root, file);
    if (modules.has(id)) return;
    const { code, requires } = moduleSource(root, file);
    const deps = {};
    modules.set(id, { id, file, code, deps });
    for (const spec of requires) {
      if (isBuiltin(spec)) {
        deps[spec] = null;
        continue;
      }
      let resolved;
      try {
        resolved = require.resolve(spec, { paths: [path.dirname(file)] });
      } catch {
        throw new Error(`${id}: cannot resolve require('${spec}')`);
      }
      if (idOf(root, resolved).startsWith('..')) throw new Error(`${id}: require('${spec}') resolves outside the repository`);
      deps[spec] = idOf(root, resolved);
      visit(resolved);
    }
  };
  visit(entry);
  return [...modules.values()];
}

const LOADER = `const __path = require('path');
const __root = __path.join(__dirname, '..');
const __cache = Object.create(null);
function __load(id) {
  if (__cache[id]) return __cache[id].exports;
  const [factory, deps] = __modules[id];
  const module = { id, exports: {}, loaded: false };
  __cache[id] = module;
  const localRequire = (spec) => {
    if (!Object.prototype.hasOwnProperty.call(deps, spec)) throw new Error(\`\${id}: require('\${spec}') is not in the bundle\`);
    return deps[spec] === null ? require(spec) : __load(deps[spec]);
  };
  localRequire.main = __cache[__entry];
  const filename = __path.join(__root, id);
  factory.call(module.exports, module, module.exports, localRequire, filename, __path.dirname(filename));
  module.loaded = true;
  return module.exports;
}
__load(__entry);
`;

/** The files of dist-action/ as they should be: `{ 'index.js': text, 'LICENSES.txt': text }`. */
function buildActionBundle(root = ROOT) {
  root = fs.realpathSync(root);
  const modules = collectModules(root);
  const packages = [];
  for (const m of modules) {
    const dir = packageDirOf(root, m.file);
    if (!dir || packages.some((p) => p.dir === dir)) continue;
    const json = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    const licenseFile = fs.readdirSync(dir).sort().find((f) => /^(licen[cs]e|copying)(\.(md|txt))?$/i.test(f));
    const licenseText = licenseFile ? fs.readFileSync(path.join(dir, licenseFile), 'utf8').trim() : `License: ${json.license}`;
    packages.push({ dir, name: json.name, version: json.version, license: json.license, licenseText });
  }
  packages.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

  const parts = [
    '// The ngxlint GitHub Action (action.yml). Generated by scripts/build-action.js from dist/',
    '// (`npm run build`) and node_modules/: do not edit; run `npm run build && node scripts/build-action.js`.',
    `// Bundled packages (licenses in LICENSES.txt): ${packages.map((p) => `${p.name}@${p.version} (${p.license})`).join(', ') || 'none'}.`,
    `const __entry = ${JSON.stringify(ENTRY)};`,
    'const __modules = {',
  ];
  for (const m of modules) {
    parts.push(`${JSON.stringify(m.id)}: [function (module, exports, require, __filename, __dirname) {`, m.code, `}, ${JSON.stringify(m.deps)}],`);
  }
  parts.push('};', LOADER);

  const licenses = packages.map((p) => `${p.name}@${p.version} (${p.license})\n\n${p.licenseText}\n`).join('\n' + '-'.repeat(72) + '\n\n');
  return {
    'index.js': parts.join('\n'),
    'LICENSES.txt': `Packages bundled into dist-action/index.js\n\n${'='.repeat(72)}\n\n${licenses}`,
  };
}

function main(argv) {
  const files = buildActionBundle(ROOT);
  const outDir = path.join(ROOT, OUT_DIR);
  if (argv.includes('--check')) {
    const stale = Object.entries(files).filter(([name, text]) => {
      const file = path.join(outDir, name);
      return !fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== text;
    });
    for (const [name] of stale) process.stderr.write(`${OUT_DIR}/${name} is stale: run \`npm run build && node scripts/build-action.js\`\n`);
    return stale.length > 0 ? 1 : 0;
  }
  fs.mkdirSync(outDir, { recursive: true });
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(outDir, name), text);
  const size = Buffer.byteLength(files['index.js']);
  process.stdout.write(`${OUT_DIR}/index.js: ${(size / 1024).toFixed(0)} KiB\n`);
  return 0;
}

module.exports = { buildActionBundle, ENTRY, OUT_DIR };

if (require.main === module) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`build-action: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 2;
  }
}
