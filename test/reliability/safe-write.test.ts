/**
 * How --fix writes: src/fix/write-file.ts directly (deterministic unit tests) and through the
 * real CLI. A file is replaced by a temporary file in the same folder, flushed and renamed, with
 * its mode (and, as root, its owner) kept; a symlink's target is written, not the link; a file
 * that changed on disk since it was read, has parse errors, or would not change is not written.
 */
import * as fs from 'fs';
import * as path from 'path';
import { FileChangedError, TEMP_FILE_PATTERN, WriteFileError, writeFileAtomically } from '../../src/fix/write-file';
import {
  cleanScratch,
  cli,
  cliAsync,
  expectCleanFailureOutput,
  fixableWebSocketConfig,
  fixedWebSocketConfig,
  isRoot,
  scratch,
  snapshot,
  writeTree,
} from './support';

afterAll(() => cleanScratch());
jest.setTimeout(120_000);

const ORIGINAL = 'events {}\n# original\n';
const FIXED = 'events {}\n# fixed\n';

function fileIn(dir: string, name = 'site.conf', text = ORIGINAL): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

describe('writeFileAtomically', () => {
  test('writes a temporary file in the same folder and renames it over the original', async () => {
    const dir = scratch();
    const file = fileIn(dir);
    const inodeBefore = fs.statSync(file).ino;
    const seen: string[] = [];
    const watcher = fs.watch(dir, (_event, name) => name && seen.push(String(name)));
    try {
      writeFileAtomically(file, FIXED, 'utf8', ORIGINAL);
      await new Promise((resolve) => setTimeout(resolve, 200)); // let inotify events arrive
    } finally {
      watcher.close();
    }
    expect(fs.readFileSync(file, 'utf8')).toBe(FIXED);
    expect(fs.statSync(file).ino).not.toBe(inodeBefore); // a new file took the name: a rename
    expect(seen.some((n) => TEMP_FILE_PATTERN.test(n) && n.startsWith('.site.conf.ngxlint-'))).toBe(true);
    expect(fs.readdirSync(dir)).toEqual(['site.conf']); // no temporary file is left
  });

  test.each([0o600, 0o640, 0o644, 0o664, 0o755, 0o2644])('keeps the mode %s', (mode) => {
    const dir = scratch();
    const file = fileIn(dir);
    fs.chmodSync(file, mode);
    writeFileAtomically(file, FIXED, 'utf8', ORIGINAL);
    expect((fs.statSync(file).mode & 0o7777).toString(8)).toBe(mode.toString(8));
  });

  test('keeps the owner and group (as root; a normal user cannot give files away)', () => {
    const dir = scratch();
    const file = fileIn(dir);
    if (isRoot()) fs.chownSync(file, 65534, 65534);
    const { uid, gid } = fs.statSync(file);
    writeFileAtomically(file, FIXED, 'utf8', ORIGINAL);
    expect(fs.statSync(file)).toMatchObject({ uid, gid });
  });

  test("writes a symlink's target, not the link (also through a chain of links)", () => {
    const dir = scratch();
    fs.mkdirSync(path.join(dir, 'sites-available'));
    fs.mkdirSync(path.join(dir, 'sites-enabled'));
    const target = fileIn(path.join(dir, 'sites-available'), 'app');
    fs.symlinkSync('../sites-available/app', path.join(dir, 'sites-enabled', 'app'));
    fs.symlinkSync('sites-enabled/app', path.join(dir, 'chain'));
    writeFileAtomically(path.join(dir, 'chain'), FIXED, 'utf8', ORIGINAL);
    expect(fs.readFileSync(target, 'utf8')).toBe(FIXED);
    expect(fs.readlinkSync(path.join(dir, 'sites-enabled', 'app'))).toBe('../sites-available/app');
    expect(fs.readlinkSync(path.join(dir, 'chain'))).toBe('sites-enabled/app');
    expect(fs.readdirSync(path.join(dir, 'sites-available'))).toEqual(['app']);
  });

  test('a file that changed since it was read is not written: FileChangedError, the new content stays', () => {
    const dir = scratch();
    const file = fileIn(dir, 'site.conf', ORIGINAL + '# edited by someone else\n');
    const before = snapshot(dir);
    expect(() => writeFileAtomically(file, FIXED, 'utf8', ORIGINAL)).toThrow(FileChangedError);
    expect(() => writeFileAtomically(file, FIXED, 'utf8', ORIGINAL)).toThrow(
      `${file}: changed on disk while ngxlint was fixing it; not written`,
    );
    expect(snapshot(dir)).toEqual(before);
  });

  test('a file that was deleted meanwhile is not recreated', () => {
    const dir = scratch();
    const file = path.join(dir, 'gone.conf');
    expect(() => writeFileAtomically(file, FIXED, 'utf8', ORIGINAL)).toThrow(WriteFileError);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  test('text that would not change writes nothing: same inode, same mtime', () => {
    const dir = scratch();
    const file = fileIn(dir);
    const past = new Date(Date.now() - 3600_000);
    fs.utimesSync(file, past, past);
    const before = fs.statSync(file);
    writeFileAtomically(file, ORIGINAL, 'utf8', ORIGINAL);
    const after = fs.statSync(file);
    expect({ ino: after.ino, mtimeMs: after.mtimeMs }).toEqual({ ino: before.ino, mtimeMs: before.mtimeMs });
  });

  test('a file with two hard links is not split in two', () => {
    const dir = scratch();
    const file = fileIn(dir, 'a.conf');
    fs.linkSync(file, path.join(dir, 'b.conf'));
    const before = snapshot(dir);
    expect(() => writeFileAtomically(file, FIXED, 'utf8', ORIGINAL)).toThrow(
      `${file}: has 2 hard links, which a safe write would split into separate files; not written (use --fix-dry-run and apply the diff by hand)`,
    );
    expect(snapshot(dir)).toEqual(before);
    expect(fs.statSync(file).nlink).toBe(2);
  });

  test('Latin-1 text is written back byte for byte', () => {
    const dir = scratch();
    const original = 'server_name caf\xe9 \xff;\n';
    const file = path.join(dir, 'latin1.conf');
    fs.writeFileSync(file, Buffer.from(original, 'latin1'));
    writeFileAtomically(file, original + '# \xe9\n', 'latin1', original);
    expect(fs.readFileSync(file).equals(Buffer.from(original + '# \xe9\n', 'latin1'))).toBe(true);
  });

  test('a read-only file: root writes it and it stays read-only; anyone else gets "permission denied"', () => {
    const dir = scratch();
    const file = fileIn(dir);
    fs.chmodSync(file, 0o444);
    if (isRoot()) {
      writeFileAtomically(file, FIXED, 'utf8', ORIGINAL);
      expect(fs.readFileSync(file, 'utf8')).toBe(FIXED);
      expect(fs.statSync(file).mode & 0o777).toBe(0o444);
    } else {
      expect(() => writeFileAtomically(file, FIXED, 'utf8', ORIGINAL)).toThrow(`${file}: cannot write it (permission denied); not written`);
      expect(fs.readFileSync(file, 'utf8')).toBe(ORIGINAL);
    }
  });

  test('temporary files left by a killed ngxlint are removed by the next write; live ones are not', () => {
    const dir = scratch();
    const file = fileIn(dir);
    // A pid that is surely not running (beyond pid_max), and our own parent's (running).
    const dead = `.site.conf.ngxlint-${2 ** 22 + 1}-0123456789ab.tmp`;
    const alive = `.site.conf.ngxlint-${process.ppid}-0123456789ab.tmp`;
    const other = `.other.conf.ngxlint-${2 ** 22 + 1}-0123456789ab.tmp`;
    for (const name of [dead, alive, other]) fs.writeFileSync(path.join(dir, name), 'half a file');
    writeFileAtomically(file, FIXED, 'utf8', ORIGINAL);
    expect(fs.readdirSync(dir).sort()).toEqual([alive, other, 'site.conf'].sort());
  });
});

describe('--fix through the CLI', () => {
  test('keeps the mode of the file it fixes', () => {
    const dir = scratch();
    writeTree(dir, { 'site.conf': fixableWebSocketConfig() });
    fs.chmodSync(path.join(dir, 'site.conf'), 0o640);
    const run = cli(['--fix', 'site.conf'], { cwd: dir });
    expect(run.status).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'site.conf'), 'utf8')).toBe(fixedWebSocketConfig());
    expect(fs.statSync(path.join(dir, 'site.conf')).mode & 0o7777).toBe(0o640);
    expect(fs.readdirSync(dir)).toEqual(['site.conf']);
  });

  test('edits the target of a sites-enabled symlink, and the link stays a link', () => {
    const dir = scratch();
    writeTree(dir, { 'sites-available/app': fixableWebSocketConfig() });
    fs.mkdirSync(path.join(dir, 'sites-enabled'));
    fs.symlinkSync('../sites-available/app', path.join(dir, 'sites-enabled', 'app'));
    const run = cli(['--fix', 'sites-enabled/app'], { cwd: dir });
    expect(run.status).toBe(0);
    expect(fs.lstatSync(path.join(dir, 'sites-enabled', 'app')).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(path.join(dir, 'sites-available', 'app'), 'utf8')).toBe(fixedWebSocketConfig());
  });

  test('never writes a file that has parse errors (even if other findings in it are fixable)', () => {
    const dir = scratch();
    // The WebSocket location is fixable, but a stray } at the end breaks the file.
    writeTree(dir, { 'site.conf': fixableWebSocketConfig() + '}\n' });
    const before = snapshot(dir);
    const run = cli(['--fix', '--format', 'compact', 'site.conf'], { cwd: dir });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('site.conf:13:1: error unexpected "}" in site.conf:13 [parse-error]');
    expect(snapshot(dir)).toEqual(before);
  });

  test('an included file with parse errors is not written, the file that includes it may be', () => {
    const dir = scratch();
    writeTree(dir, {
      'nginx.conf': fixableWebSocketConfig().replace('    listen 80;\n', '    listen 80;\n    include broken.inc;\n'),
      'broken.inc': 'location /other/ {\n  proxy_pass ws://127.0.0.1:4000;\n',
    });
    const run = cli(['--fix', '--format', 'compact', 'nginx.conf'], { cwd: dir });
    expect(run.status).toBe(1);
    expect(fs.readFileSync(path.join(dir, 'broken.inc'), 'utf8')).toBe('location /other/ {\n  proxy_pass ws://127.0.0.1:4000;\n');
  });

  test('a file with nothing to fix is not touched: same inode, same mtime', () => {
    const dir = scratch();
    writeTree(dir, { 'site.conf': fixedWebSocketConfig() });
    const past = new Date(Date.now() - 3600_000);
    fs.utimesSync(path.join(dir, 'site.conf'), past, past);
    const before = snapshot(dir);
    const ino = fs.statSync(path.join(dir, 'site.conf')).ino;
    const run = cli(['--fix', 'site.conf'], { cwd: dir });
    expect(run.status).toBe(0);
    expect(snapshot(dir)).toEqual(before);
    expect(fs.statSync(path.join(dir, 'site.conf')).ino).toBe(ino);
  });

  test('a hard-linked file is reported and left alone: exit 2, one line', () => {
    const dir = scratch();
    writeTree(dir, { 'sites-available/app': fixableWebSocketConfig() });
    fs.mkdirSync(path.join(dir, 'sites-enabled'));
    fs.linkSync(path.join(dir, 'sites-available', 'app'), path.join(dir, 'sites-enabled', 'app'));
    const before = snapshot(dir);
    const run = cli(['--fix', '--format', 'compact', 'sites-enabled/app'], { cwd: dir });
    expectCleanFailureOutput(run);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      'ngxlint: sites-enabled/app: has 2 hard links, which a safe write would split into separate files; not written (use --fix-dry-run and apply the diff by hand)\n',
    );
    expect(snapshot(dir)).toEqual(before);
  });

  test('two configs given together that include the same snippet: the snippet is fixed once, no false "changed on disk"', () => {
    const dir = scratch();
    const site = 'events {}\nhttp {\n  server {\n    listen 80;\n    include ws.inc;\n  }\n}\n';
    writeTree(dir, {
      'a.conf': site,
      'b.conf': site,
      'ws.inc': 'location /ws/ {\n    proxy_pass http://127.0.0.1:3000;\n    proxy_set_header Upgrade $http_upgrade;\n    proxy_set_header Connection "upgrade";\n}\n',
    });
    const run = cli(['--fix', '--format', 'compact', 'a.conf', 'b.conf'], { cwd: dir });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'ws.inc'), 'utf8')).toContain('proxy_http_version 1.1;');
  });

  test('a file changed on disk while the CLI works on it is not written: exit 2, the other change stays', async () => {
    // A real race, made reliable: the file to fix comes first, then a large include keeps the CLI
    // busy parsing and linting. The test sees the CLI read the file (its access time moves) and
    // appends a line right then, long before the CLI writes.
    const dir = scratch();
    const big: string[] = [];
    for (let i = 0; i < 6000; i++) big.push(`server {\n  listen ${10000 + (i % 50000)};\n  server_name s${i}.example;\n  location / { return 204; }\n}\n`);
    writeTree(dir, {
      'nginx.conf': fixableWebSocketConfig().replace('http {\n', 'http {\n  include big.inc;\n'),
      'big.inc': big.join(''),
    });
    const file = path.join(dir, 'nginx.conf');
    const original = fs.readFileSync(file, 'utf8');
    const edit = '# edited by an admin while ngxlint ran\n';

    for (let attempt = 1; ; attempt++) {
      fs.writeFileSync(file, original);
      const old = new Date(Date.now() - 3 * 86400_000);
      fs.utimesSync(file, old, new Date(Date.now() - 4 * 86400_000)); // atime after mtime, over a day ago
      const atimeBefore = fs.statSync(file).atimeMs;
      const { child, done } = cliAsync(['--fix', '--format', 'compact', 'nginx.conf'], { cwd: dir });
      let edited = false;
      let exited = false;
      void done.then(() => (exited = true));
      const started = Date.now();
      while (!exited && Date.now() - started < 30_000) {
        if (fs.statSync(file).atimeMs !== atimeBefore) {
          fs.appendFileSync(file, edit);
          edited = true;
          break;
        }
        await new Promise((resolve) => setImmediate(resolve));
      }
      const run = await done;
      if (!edited) {
        // The file system does not record access times (noatime), or the CLI was faster than us.
        child.kill('SIGKILL');
        if (attempt < 3) continue;
        throw new Error(`could not catch the CLI between reading and writing nginx.conf (exit ${run.status}: ${run.stderr})`);
      }
      expectCleanFailureOutput(run);
      expect(run.stderr).toBe('ngxlint: nginx.conf: changed on disk while ngxlint was fixing it; not written\n');
      expect(run.status).toBe(2);
      expect(fs.readFileSync(file, 'utf8')).toBe(original + edit);
      expect(fs.readdirSync(dir).sort()).toEqual(['big.inc', 'nginx.conf']);
      return;
    }
  });
});
