#!/usr/bin/env node
// Runs before `npm test`: the end-to-end tests drive real nginx (and the hook test real
// pre-commit). When one is missing and we may install Debian packages (root with apt-get, as on a
// fresh CI machine), install it; otherwise stop with one line saying what to install.
const { execFileSync, spawnSync } = require('child_process');
const fs = require('fs');

function found(binary, extra = []) {
  if (spawnSync('sh', ['-c', `command -v ${binary}`], { stdio: 'ignore' }).status === 0) return true;
  return extra.some((p) => fs.existsSync(p));
}

const missing = [];
if (!found('nginx', ['/usr/sbin/nginx'])) missing.push('nginx-light');
if (!found('pre-commit')) missing.push('pre-commit');
if (missing.length === 0) process.exit(0);

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (isRoot && found('apt-get')) {
  console.error(`ngxlint tests: installing ${missing.join(', ')} (Debian packages) ...`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { stdio: 'inherit', env });
  process.exit(0);
}
console.error(`ngxlint tests need ${missing.join(' and ')}: run \`sudo apt-get install -y ${missing.join(' ')}\` (or bash .ci/run as root)`);
process.exit(1);
