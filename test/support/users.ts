/**
 * Running the CLI as another user, for the permission tests: root reads a mode-000 file anyway,
 * so when the tests run as root (as in CI) those cases run the CLI as `nobody`.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export const isRoot = (): boolean => process.getuid?.() === 0;

/** A command line that runs `argv` as `user` (root only): setpriv, else runuser, else su. */
export function asUser(user: string, argv: string[]): string[] {
  const quoted = argv.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  if (commandExists('setpriv')) {
    const uid = idOf(user, '-u');
    const gid = idOf(user, '-g');
    return ['setpriv', `--reuid=${uid}`, `--regid=${gid}`, '--clear-groups', '--', ...argv];
  }
  if (commandExists('runuser')) return ['runuser', '-u', user, '--', ...argv];
  return ['su', '-s', '/bin/sh', user, '-c', quoted];
}

function idOf(user: string, flag: '-u' | '-g'): string {
  const r = spawnSync('id', [flag, user], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`no user ${user}: ${r.stderr}`);
  return r.stdout.trim();
}

export function commandExists(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).status === 0;
}

/** Whether `user` exists and root can run commands as it (for permission tests as root). */
export function canRunAs(user: string): boolean {
  if (!isRoot()) return false;
  if (spawnSync('id', ['-u', user]).status !== 0) return false;
  const probe = asUser(user, ['true']);
  return spawnSync(probe[0], probe.slice(1)).status === 0;
}

/**
 * Who runs the CLI in a permission-denied test: `undefined` (the CLI runs as we do) for a normal
 * user, `nobody` for root. Throws, so the test fails with the reason instead of passing without
 * checking anything, when that user could still read a mode-000 file: root with no way to drop
 * privileges, or a user whom file modes do not stop (CAP_DAC_OVERRIDE in a container).
 */
export function permissionTestUser(): string | undefined {
  const user = isRoot() ? 'nobody' : undefined;
  if (user && !canRunAs(user)) {
    throw new Error(
      `the tests run as root and cannot run the CLI as ${user} (no such user, or no setpriv, runuser or su that works): ` +
        'a permission-denied case cannot be checked; create the user or run the tests as a normal user',
    );
  }
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ngxlint-probe-')));
  try {
    fs.chmodSync(dir, 0o755);
    const file = path.join(dir, 'unreadable');
    fs.writeFileSync(file, 'events {}\n');
    fs.chmodSync(file, 0o000);
    const cat = user ? asUser(user, ['cat', file]) : ['cat', file];
    if (spawnSync(cat[0], cat.slice(1)).status === 0) {
      throw new Error(
        `${user ?? `user ${process.getuid?.()}`} can read a mode-000 file (file permissions do not apply to it): a permission-denied case cannot be checked`,
      );
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return user;
}
