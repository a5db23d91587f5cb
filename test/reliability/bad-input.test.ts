/**
 * Broken and hostile input, through the real CLI. People point ngxlint at whatever is in
 * /etc/nginx and let --fix rewrite files: every case here must end with a clear message naming
 * the file (and line, where there is one), the exit code of the CLI contract (0 no errors,
 * 1 findings with errors, 2 fatal: bad arguments, a missing or unreadable file), no stack trace,
 * no hang — and with --fix, not a single byte written (mtimes unchanged).
 */
import * as fs from 'fs';
import * as path from 'path';
import {
  cleanScratch,
  cli,
  compactLines,
  expectCleanFailureOutput,
  fixableWebSocketConfig,
  fixedWebSocketConfig,
  permissionTestUser,
  scratch,
  snapshot,
  writeTree,
  type Run,
} from './support';

afterAll(() => cleanScratch());
jest.setTimeout(120_000);

/** Deterministic "random" bytes (xorshift), so a failure can be reproduced. */
function pseudoRandomBytes(length: number, seed: number): Buffer {
  const out = Buffer.alloc(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

interface Case {
  name: string;
  files: Record<string, string | Buffer>;
  /** Command-line arguments; default: the first file. */
  args?: string[];
  status: 0 | 1 | 2;
  /** Lines `--format compact` must print, in order (exactly these when `only`). */
  lines?: Array<string | RegExp>;
  only?: boolean;
  /** The one line of stderr for a fatal error. */
  stderr?: string | RegExp;
}

/** Runs a case as given and with --fix; the second run must leave every byte and mtime alone. */
function check(c: Case): void {
  const dir = scratch();
  writeTree(dir, c.files);
  const args = c.args ?? [Object.keys(c.files)[0]];
  const before = snapshot(dir);
  const run = cli(['--format', 'compact', ...args], { cwd: dir });
  expectOutcome(run, c);
  const fix = cli(['--fix', '--format', 'compact', ...args], { cwd: dir });
  expectOutcome(fix, c);
  expect(snapshot(dir)).toEqual(before);
}

function expectOutcome(run: Run, c: Case): void {
  expectCleanFailureOutput(run);
  expect({ status: run.status, stderr: run.stderr }).toEqual({ status: c.status, stderr: expect.any(String) });
  if (c.stderr !== undefined) {
    const line = run.stderr.replace(/\n$/, '');
    if (typeof c.stderr === 'string') expect(line).toBe(c.stderr);
    else expect(line).toMatch(c.stderr);
  } else {
    expect(run.stderr).toBe('');
  }
  if (c.lines) {
    const lines = compactLines(run);
    if (c.only) expect(lines).toHaveLength(c.lines.length);
    c.lines.forEach((want, i) => {
      if (typeof want === 'string') expect(lines[i]).toBe(want);
      else expect(lines[i]).toMatch(want);
    });
  }
}

describe('broken syntax: a parse error with file:line:column, exit 1, nothing written by --fix', () => {
  const cases: Case[] = [
    {
      name: 'unbalanced braces (a block is never closed)',
      files: { 'bad.conf': 'events {}\nhttp {\n  server {\n    listen 80;\n' },
      status: 1,
      lines: ['bad.conf:4:14: error unexpected end of file, expecting "}" in bad.conf:4 [parse-error]'],
      only: true,
    },
    {
      name: 'a stray }',
      files: { 'bad.conf': 'events {}\nhttp {\n}\n}\n' },
      status: 1,
      lines: ['bad.conf:4:1: error unexpected "}" in bad.conf:4 [parse-error]'],
      only: true,
    },
    {
      name: 'unexpected end of file in the middle of a directive',
      files: { 'bad.conf': 'events {}\nhttp {}\nworker_processes 2' },
      status: 1,
      lines: ['bad.conf:3:18: error unexpected end of file in bad.conf [parse-error]'],
      only: true,
    },
    {
      name: 'an unterminated quote (it swallows the rest of the file)',
      files: { 'bad.conf': 'events {}\nhttp {\n  server {\n    server_name "abc;\n  }\n}\n' },
      status: 1,
      lines: ['bad.conf:4:17: error unexpected end of file, expecting "}" in bad.conf:4 [parse-error]'],
      only: true,
    },
    {
      name: 'a missing ;',
      files: { 'bad.conf': 'events {}\nhttp {\n  server {\n    listen 80\n  }\n}\n' },
      status: 1,
      lines: ['bad.conf:4:5: error directive "listen" is not terminated by ";" in bad.conf:4 [parse-error]'],
      only: true,
    },
    {
      name: 'a broken file next to a fixable one: only the broken one is reported as broken, the fixable one still gets fixed (below)',
      files: { 'bad.conf': 'events {}\nhttp {\n}\n}\n', 'ok.conf': 'events {}\n' },
      args: ['bad.conf', 'ok.conf'],
      status: 1,
      lines: ['bad.conf:4:1: error unexpected "}" in bad.conf:4 [parse-error]'],
      only: true,
    },
  ];
  test.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => check(c));

  test('--fix still fixes the files that parse when another given file does not', () => {
    const dir = scratch();
    writeTree(dir, { 'bad.conf': 'events {}\nhttp {\n}\n}\n', 'good.conf': fixableWebSocketConfig() });
    const run = cli(['--fix', '--format', 'compact', 'bad.conf', 'good.conf'], { cwd: dir });
    expect(run.status).toBe(1);
    expect(fs.readFileSync(path.join(dir, 'bad.conf'), 'utf8')).toBe('events {}\nhttp {\n}\n}\n');
    expect(fs.readFileSync(path.join(dir, 'good.conf'), 'utf8')).toBe(fixedWebSocketConfig());
  });
});

describe('odd content: no crash, the bytes survive', () => {
  test.each([
    ['an empty file', ''],
    ['a file of only comments', '# nothing here\n#   but comments\n# and no newline at the end'],
    ['a file of only whitespace', ' \t\n\r\n\f\v  \n'],
  ])('%s: exit 0, no output, --fix writes nothing', (_name, text) => {
    check({ name: '', files: { 'odd.conf': text }, status: 0, lines: [], only: true });
  });

  test('a 1 MB single line', () => {
    const line = `events {} http { server { listen 80; add_header X-Big "${'a'.repeat(1 << 20)}"; } }`;
    check({ name: '', files: { 'long.conf': line }, status: 0, lines: [], only: true });
  });

  test('a 1 MB single line of nothing but one token', () => {
    check({
      name: '',
      files: { 'long.conf': 'x'.repeat(1 << 20) },
      status: 1,
      // crossplane drops a statement cut off by the end of the file without a word; nginx rejects it.
      lines: ['long.conf:1:1: error unexpected end of file, expecting ";" or "}" in long.conf:1 [parse-error]'],
      only: true,
    });
  });

  test('NUL bytes inside a config: read as ordinary characters', () => {
    check({
      name: '',
      files: { 'nul.conf': 'events {}\nhttp {\n  server {\n    listen 80;\n    server_name a\0b.example;\n  }\n}\n\0' },
      status: 1,
      // The NUL bytes inside a name are part of it; the trailing one is a directive cut off by the end of the file.
      lines: ['nul.conf:8:1: error unexpected end of file, expecting ";" or "}" in nul.conf:8 [parse-error]'],
      only: true,
    });
  });

  test('a binary file (64 KB of random bytes: NULs, invalid UTF-8, stray braces)', () => {
    const dir = scratch();
    writeTree(dir, { 'blob.conf': pseudoRandomBytes(64 * 1024, 20261125) });
    const before = snapshot(dir);
    for (const args of [['blob.conf'], ['--fix', 'blob.conf']]) {
      const run = cli(['--format', 'compact', ...args], { cwd: dir });
      expectCleanFailureOutput(run);
      expect(run.status).toBe(1);
      const lines = compactLines(run);
      expect(lines.length).toBeGreaterThan(0);
      for (const l of lines) expect(l).toMatch(/^blob\.conf:\d+:\d+: error .* \[parse-error\]$/);
    }
    expect(snapshot(dir)).toEqual(before);
  });

  test('ngxlint parse on a binary file: crossplane JSON with the error, exit 0 as crossplane', () => {
    const dir = scratch();
    writeTree(dir, { 'blob.conf': pseudoRandomBytes(16 * 1024, 7) });
    const run = cli(['parse', 'blob.conf'], { cwd: dir });
    expectCleanFailureOutput(run);
    expect(run.status).toBe(0);
    const payload = JSON.parse(run.stdout) as { status: string };
    expect(payload.status).toBe('failed');
  });

  test('invalid UTF-8 (Latin-1 bytes): fixed byte for byte, the Latin-1 bytes untouched', () => {
    const dir = scratch();
    const original = Buffer.from(fixableWebSocketConfig('\n', 'caf\xe9.example \xff\xfe.example'), 'latin1');
    writeTree(dir, { 'latin1.conf': original });
    const run = cli(['--fix', '--format', 'compact', 'latin1.conf'], { cwd: dir });
    expectCleanFailureOutput(run);
    expect(run.status).toBe(0);
    const expected = Buffer.from(fixedWebSocketConfig('\n', 'caf\xe9.example \xff\xfe.example'), 'latin1');
    expect(fs.readFileSync(path.join(dir, 'latin1.conf')).equals(expected)).toBe(true);
  });

  test('a UTF-8 byte order mark is kept', () => {
    const dir = scratch();
    writeTree(dir, { 'bom.conf': '\ufeff' + fixableWebSocketConfig() });
    const run = cli(['--fix', '--format', 'compact', 'bom.conf'], { cwd: dir });
    expectCleanFailureOutput(run);
    expect(run.status).toBe(0);
    const bytes = fs.readFileSync(path.join(dir, 'bom.conf'));
    expect(bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(true);
    expect(bytes.toString('utf8')).toBe('\ufeff' + fixedWebSocketConfig());
  });

  test('CRLF line endings: inserted lines end in CRLF too, nothing else moves', () => {
    const dir = scratch();
    writeTree(dir, { 'crlf.conf': fixableWebSocketConfig('\r\n') });
    const run = cli(['--fix', '--format', 'compact', 'crlf.conf'], { cwd: dir });
    expectCleanFailureOutput(run);
    expect(run.status).toBe(0);
    const text = fs.readFileSync(path.join(dir, 'crlf.conf'), 'utf8');
    expect(text).toBe(fixedWebSocketConfig('\r\n'));
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  test('mixed line endings (and a lone CR): the fix follows the dominant ending, every other byte stays', () => {
    const dir = scratch();
    const original = fixableWebSocketConfig('\r\n').replace('events {}\r\n', 'events {}\n').replace('listen 80;\r\n', 'listen 80;\r');
    writeTree(dir, { 'mixed.conf': original });
    const run = cli(['--fix', '--format', 'compact', 'mixed.conf'], { cwd: dir });
    expectCleanFailureOutput(run);
    expect(run.status).toBe(0);
    const anchor = 'proxy_set_header Connection "upgrade";\r\n';
    expect(fs.readFileSync(path.join(dir, 'mixed.conf'), 'utf8')).toBe(original.replace(anchor, `${anchor}      proxy_http_version 1.1;\r\n`));
  });
});

describe('files that are not there, not files, or not readable', () => {
  test('a folder where a file was expected: ngxlint parse somedir', () => {
    const dir = scratch();
    fs.mkdirSync(path.join(dir, 'somedir'));
    const run = cli(['parse', 'somedir'], { cwd: dir });
    expectCleanFailureOutput(run);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('ngxlint: somedir: is a directory, expected an nginx config file\n');
  });

  test('a folder without configs: ngxlint --fix somedir', () => {
    const dir = scratch();
    writeTree(dir, { 'somedir/README.md': '# not a config\n' });
    const before = snapshot(dir);
    const run = cli(['--fix', 'somedir'], { cwd: dir });
    expectCleanFailureOutput(run);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('ngxlint: no nginx config files found in somedir\n');
    expect(snapshot(dir)).toEqual(before);
  });

  test.each([[['missing.conf']], [['--fix', 'missing.conf']], [['parse', 'missing.conf']]])('a missing file: %j', (args) => {
    const dir = scratch();
    const run = cli(args, { cwd: dir });
    expectCleanFailureOutput(run);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('ngxlint: missing.conf: no such file or directory\n');
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  test('a named pipe or a device given on the command line is refused, not read (it would never end)', () => {
    const dir = scratch();
    require('child_process').execFileSync('mkfifo', [path.join(dir, 'pipe.conf')]);
    for (const file of ['pipe.conf', '/dev/zero']) {
      const run = cli([file], { cwd: dir, timeoutMs: 20_000 });
      expectCleanFailureOutput(run);
      expect(run.status).toBe(2);
      expect(run.stderr).toBe(`ngxlint: ${file}: not a regular file or folder\n`);
    }
    const parse = cli(['parse', '/dev/zero'], { cwd: dir, timeoutMs: 20_000 });
    expectCleanFailureOutput(parse);
    expect(parse.status).toBe(2);
    expect(parse.stderr).toBe('ngxlint: /dev/zero: not a regular file\n');
  });

  test('a named pipe or a device included: the include is reported, ngxlint parse does not hang', () => {
    const dir = scratch();
    writeTree(dir, { 'main.conf': 'events {}\ninclude /dev/zero;\n' });
    const parse = cli(['parse', 'main.conf'], { cwd: dir, timeoutMs: 20_000 });
    expectCleanFailureOutput(parse);
    expect(parse.status).toBe(0); // as crossplane: the payload carries the error
    expect(JSON.parse(parse.stdout).errors).toEqual([{ file: '/dev/zero', error: 'not a regular file (a device); not read', line: null }]);
  });

  test('a file larger than 256 MB is refused, not read into memory (a sparse file: no disk used)', () => {
    const dir = scratch();
    const fd = fs.openSync(path.join(dir, 'huge.conf'), 'w');
    fs.ftruncateSync(fd, 300 * 1024 * 1024);
    fs.closeSync(fd);
    writeTree(dir, { 'main.conf': 'events {}\nhttp {\n  include huge.conf;\n}\n' });
    const run = cli(['--format', 'compact', 'main.conf'], { cwd: dir });
    expectCleanFailureOutput(run);
    expect(run.status).toBe(1);
    expect(compactLines(run)).toEqual([
      'huge.conf:1:1: error file too large (300 MB; ngxlint reads config files up to 256 MB); not read [parse-error]',
    ]);
  });

  describe('an unreadable file (permission denied)', () => {
    // A mode-000 file is unreadable to a normal user; root reads it anyway, so as root the CLI runs
    // as `nobody`. permissionTestUser() fails the test when neither is possible.

    test('is fatal when given on the command line: exit 2, one line', () => {
      const user = permissionTestUser();
      const dir = scratch();
      writeTree(dir, { 'secret.conf': fixableWebSocketConfig() });
      const file = path.join(dir, 'secret.conf');
      const mode = fs.statSync(file).mode;
      const before = snapshot(dir); // while we may still read it, as a normal user
      fs.chmodSync(file, 0o000);
      for (const args of [['secret.conf'], ['--fix', 'secret.conf'], ['parse', 'secret.conf']]) {
        const run = cli(args, { cwd: dir, user });
        expectCleanFailureOutput(run);
        expect(run.status).toBe(2);
        expect(run.stderr).toBe('ngxlint: secret.conf: permission denied\n');
      }
      fs.chmodSync(file, mode);
      expect(snapshot(dir)).toEqual(before);
    });

    test('is an error finding when included: exit 1', () => {
      const user = permissionTestUser();
      const dir = scratch();
      writeTree(dir, { 'main.conf': 'events {}\nhttp {\n  include secret.conf;\n}\n', 'secret.conf': 'server { listen 80; }\n' });
      fs.chmodSync(path.join(dir, 'secret.conf'), 0o000);
      const run = cli(['--format', 'compact', 'main.conf'], { cwd: dir, user });
      expectCleanFailureOutput(run);
      expect(run.status).toBe(1);
      expect(compactLines(run)).toEqual(["main.conf:3:3: error [Errno 13] Permission denied: 'secret.conf' [parse-error]"]);
    });

    test('--fix of a file the user may not write: the file is left alone, exit 2, one line', () => {
      // Read-only for everyone: its owner (a normal user) may not write it, nor may `nobody`. The
      // folder would let a normal user rename a new file over it; ngxlint does not.
      const user = permissionTestUser();
      const dir = scratch();
      writeTree(dir, { 'site.conf': fixableWebSocketConfig() });
      fs.chmodSync(path.join(dir, 'site.conf'), 0o444);
      const before = snapshot(dir);
      const run = cli(['--fix', '--format', 'compact', 'site.conf'], { cwd: dir, user });
      expectCleanFailureOutput(run);
      expect(run.status).toBe(2);
      expect(run.stderr).toBe('ngxlint: site.conf: cannot write it (permission denied); not written\n');
      expect(snapshot(dir)).toEqual(before);
    });
  });
});

describe('includes', () => {
  const cases: Case[] = [
    {
      name: 'a missing include: an error finding at the include line',
      files: { 'main.conf': 'events {}\nhttp {\n  include missing.conf;\n}\n' },
      status: 1,
      lines: ["main.conf:3:3: error [Errno 2] No such file or directory: 'missing.conf' [parse-error]"],
      only: true,
    },
    {
      name: 'a folder where a file was expected (`include conf.d;`): an error finding at the include line, as for a missing file',
      files: { 'main.conf': 'events {}\nhttp {\n  include conf.d;\n}\n', 'conf.d/app.conf': 'server { listen 80; }\n' },
      status: 1,
      lines: ["main.conf:3:3: error [Errno 21] Is a directory: 'conf.d' [parse-error]"],
      only: true,
    },
    {
      name: 'a folder matched by an include glob: an error finding for that folder (each match is read, as by crossplane)',
      files: {
        'main.conf': 'events {}\nhttp {\n  include conf.d/*;\n}\n',
        'conf.d/app.conf': 'server { listen 80; }\n',
        'conf.d/old/app.conf': 'server { listen 81; }\n',
      },
      status: 1,
      lines: ["conf.d/old:1:1: error [Errno 21] Is a directory: 'conf.d/old' [parse-error]"],
      only: true,
    },
    {
      name: 'an include cycle (a includes b includes a): an error finding, no hang',
      files: { 'a.conf': 'events {}\nhttp {\n  include b.conf;\n}\n', 'b.conf': 'include a.conf;\n' },
      status: 1,
      lines: ['b.conf:1:1: error include cycle: a.conf → b.conf → a.conf in b.conf:1 [parse-error]'],
      only: true,
    },
    {
      name: 'a file that includes itself',
      files: { 'self.conf': 'events {}\ninclude self.conf;\n' },
      status: 1,
      lines: ['self.conf:2:1: error include cycle: self.conf → self.conf in self.conf:2 [parse-error]'],
      only: true,
    },
    {
      name: 'a symlink loop in an include glob: errors for the links, no hang',
      files: { 'main.conf': 'events {}\nhttp {\n  include conf.d/*.conf;\n}\n' },
      status: 1,
      lines: [
        "conf.d/a.conf:1:1: error [Errno 40] Too many levels of symbolic links: 'conf.d/a.conf' [parse-error]",
        "conf.d/b.conf:1:1: error [Errno 40] Too many levels of symbolic links: 'conf.d/b.conf' [parse-error]",
      ],
      only: true,
    },
  ];
  test.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    if (c.name.includes('symlink')) {
      const dir = scratch();
      writeTree(dir, c.files);
      fs.mkdirSync(path.join(dir, 'conf.d'));
      fs.symlinkSync('b.conf', path.join(dir, 'conf.d', 'a.conf'));
      fs.symlinkSync('a.conf', path.join(dir, 'conf.d', 'b.conf'));
      const before = snapshot(dir);
      expectOutcome(cli(['--format', 'compact', 'main.conf'], { cwd: dir, timeoutMs: 30_000 }), c);
      expectOutcome(cli(['--fix', '--format', 'compact', 'main.conf'], { cwd: dir, timeoutMs: 30_000 }), c);
      expect(snapshot(dir)).toEqual(before);
      return;
    }
    check(c);
  });

  test('ngxlint parse reports `include conf.d;` of a folder as crossplane does: at the include line, nothing included', () => {
    // crossplane opens an explicit include with Python's open(), which refuses a folder.
    const dir = scratch();
    writeTree(dir, { 'main.conf': 'events {}\nhttp {\n  include conf.d;\n}\n', 'conf.d/app.conf': 'server { listen 80; }\n' });
    const run = cli(['parse', 'main.conf'], { cwd: dir });
    expectCleanFailureOutput(run);
    expect(run.status).toBe(0); // as crossplane: the payload carries the error
    const payload = JSON.parse(run.stdout);
    const error = "[Errno 21] Is a directory: 'conf.d'";
    expect(payload.errors).toEqual([{ file: 'main.conf', error, line: 3 }]);
    expect(payload.config).toHaveLength(1);
    expect(payload.config[0].errors).toEqual([{ error, line: 3 }]);
    expect(payload.config[0].parsed[1].block).toEqual([{ directive: 'include', line: 3, args: ['conf.d'], includes: [] }]);
  });

  test('a symlink loop in a folder given to the CLI: the walk ends, the real configs are checked', () => {
    const dir = scratch();
    writeTree(dir, { 'etc/nginx/nginx.conf': 'events {}\nhttp {\n  include conf.d/*.conf;\n}\n', 'etc/nginx/conf.d/site.conf': 'server { listen 80; }\n' });
    fs.symlinkSync('.', path.join(dir, 'etc/nginx/conf.d/again')); // a folder that contains itself
    fs.symlinkSync('../..', path.join(dir, 'etc/nginx/conf.d/up')); // a folder that contains its parent
    fs.symlinkSync('y.conf', path.join(dir, 'etc/nginx/x.conf'));
    fs.symlinkSync('x.conf', path.join(dir, 'etc/nginx/y.conf'));
    const before = snapshot(dir);
    for (const args of [['etc/nginx'], ['--fix', 'etc/nginx']]) {
      const run = cli(['--format', 'compact', ...args], { cwd: dir, timeoutMs: 30_000 });
      expectCleanFailureOutput(run);
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
    }
    expect(snapshot(dir)).toEqual(before);
  });

  test('an include glob matching 5,000 files', () => {
    const dir = scratch();
    const files: Record<string, string> = { 'nginx.conf': 'events {}\nhttp {\n  include sites/*.conf;\n}\n' };
    for (let i = 0; i < 5000; i++) files[`sites/site-${String(i).padStart(4, '0')}.conf`] = `server {\n  listen ${10000 + i};\n  server_name s${i}.example;\n}\n`;
    // One of them has something to fix: --fix writes that one file and no other.
    files['sites/site-4321.conf'] = fixableWebSocketConfig().replace(/^events \{\}\nhttp \{\n/, '').replace(/\}\n$/, '');
    writeTree(dir, files);
    const before = snapshot(dir);
    const run = cli(['--format', 'compact', 'nginx.conf'], { cwd: dir });
    expectCleanFailureOutput(run);
    expect(run.status).toBe(1);
    expect(compactLines(run).filter((l) => / error /.test(l))).toEqual([expect.stringMatching(/^sites\/site-4321\.conf:\d+:\d+: error .*\[websocket-http-version\]$/)]);
    const fix = cli(['--fix', '--format', 'compact', 'nginx.conf'], { cwd: dir });
    expect(fix.status).toBe(0);
    const after = snapshot(dir);
    const changed = [...after.keys()].filter((k) => after.get(k)!.sha !== before.get(k)?.sha);
    expect(changed).toEqual(['sites/site-4321.conf']);
  });

  test('a named pipe and a device in includes are reported, not read (nginx itself would hang)', () => {
    const dir = scratch();
    require('child_process').execFileSync('mkfifo', [path.join(dir, 'pipe.conf')]);
    writeTree(dir, { 'main.conf': 'events {}\nhttp {\n  include pipe.conf;\n  include /dev/zero;\n  include /dev/stdin;\n}\n' });
    const run = cli(['--format', 'compact', 'main.conf'], { cwd: dir, timeoutMs: 20_000 });
    expectCleanFailureOutput(run);
    expect(run.status).toBe(1);
    const lines = compactLines(run);
    expect(lines).toContain('pipe.conf:1:1: error not a regular file (a named pipe); not read [parse-error]');
    expect(lines).toContainEqual(expect.stringMatching(/dev\/zero:1:1: error not a regular file \(a device\); not read \[parse-error\]$/));
    expect(lines).toHaveLength(3);
  });
});

describe('nesting far beyond any real config', () => {
  /** `depth` nested location blocks inside http/server, with a WebSocket location at the bottom. */
  function nested(depth: number): string {
    const inner = depth - 2; // http and server count
    return (
      'events {}\nhttp {\n  server {\n    listen 80;\n' +
      'location / {\n'.repeat(inner - 1) +
      'location /ws/ {\nproxy_pass http://127.0.0.1:3000;\nproxy_set_header Upgrade $http_upgrade;\nproxy_set_header Connection "upgrade";\n}\n' +
      '}\n'.repeat(inner - 1) +
      '  }\n}\n'
    );
  }

  test('100,000 nested blocks: "too deeply nested blocks", no stack overflow, nothing written', () => {
    check({
      name: '',
      files: { 'deep.conf': 'events {}\nhttp {\n' + 'a {\n'.repeat(100_000) + '}\n'.repeat(100_000) + '}\n' },
      status: 1,
      lines: ['deep.conf:1002:3: error too deeply nested blocks (more than 1000) in deep.conf:1002 [parse-error]'],
      only: true,
    });
  });

  test('100,000 nested blocks on one line, also through `ngxlint parse`', () => {
    const dir = scratch();
    writeTree(dir, { 'deep.conf': 'a {'.repeat(100_000) + '}'.repeat(100_000) });
    const before = snapshot(dir);
    const lint = cli(['--fix', '--format', 'compact', 'deep.conf'], { cwd: dir });
    expectCleanFailureOutput(lint);
    expect(lint.status).toBe(1);
    expect(compactLines(lint)).toEqual(['deep.conf:1:3003: error too deeply nested blocks (more than 1000) in deep.conf:1 [parse-error]']);
    expect(snapshot(dir)).toEqual(before);
    const run = cli(['parse', 'deep.conf'], { cwd: dir });
    expectCleanFailureOutput(run);
    expect(run.status).toBe(0); // as crossplane: the payload carries the error
    expect(JSON.parse(run.stdout).errors).toEqual([
      { file: 'deep.conf', error: 'too deeply nested blocks (more than 1000) in deep.conf:1', line: 1 },
    ]);
  });

  test('exactly 1,000 levels still work: linted and fixed like any config', () => {
    const dir = scratch();
    writeTree(dir, { 'deep.conf': nested(1000) });
    const run = cli(['--fix', '--format', 'compact', 'deep.conf'], { cwd: dir });
    expectCleanFailureOutput(run);
    expect(run.status).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'deep.conf'), 'utf8')).toBe(
      nested(1000).replace('proxy_set_header Connection "upgrade";\n', 'proxy_set_header Connection "upgrade";\nproxy_http_version 1.1;\n'),
    );
  });

  test('1,001 levels: the error names the line of the block too many', () => {
    check({
      name: '',
      files: { 'deep.conf': nested(1001) },
      status: 1,
      lines: ['deep.conf:1003:15: error too deeply nested blocks (more than 1000) in deep.conf:1003 [parse-error]'],
      only: true,
    });
  });

  test('blocks and includes count together: a chain of 1,200 includes stops at 1,000 levels', () => {
    const files: Record<string, string> = { 'nginx.conf': 'events {}\nhttp {\n  include c1.conf;\n}\n' };
    for (let i = 1; i <= 1200; i++) files[`c${i}.conf`] = i < 1200 ? `include c${i + 1}.conf;\n` : 'server { listen 80; }\n';
    check({
      name: '',
      files,
      status: 1,
      lines: [
        "c999.conf:1:1: error include 'c1000.conf' nested too deeply (more than 1000 levels of blocks and includes); not followed [parse-error]",
      ],
      only: true,
    });
  });

  test('a file included deep down may nest only as far as the levels left', () => {
    const files: Record<string, string> = {
      'nginx.conf': 'events {}\nhttp {\n' + 'x {\n'.repeat(900) + 'include deep.inc;\n' + '}\n'.repeat(900) + '}\n',
      'deep.inc': 'y {\n'.repeat(200) + '}\n'.repeat(200),
    };
    check({
      name: '',
      files,
      status: 1,
      lines: [
        'deep.inc:99:3: error too deeply nested blocks (more than 1000, counting the 902 levels of blocks and includes around this file) in deep.inc:99 [parse-error]',
      ],
      only: true,
    });
  });
});
