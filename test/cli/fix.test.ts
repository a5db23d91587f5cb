/**
 * --fix (safe fixes), --fix-unsafe (unsafe ones too), --fix-dry-run (a unified diff; nothing
 * written). Unsafe fixes come from a test rule preloaded into the CLI process
 * (support/test-rules.js): no shipped rule has to have one.
 */
import * as fs from 'fs';
import * as path from 'path';
import { expectFatal, onlyRules, removeTempDirs, runCli, tempDir } from '../support/cli';
import { findings, mainConfig, RULE, WS_SITE, WS_SITE_FIXED } from './fixtures';
import { permissionTestUser } from '../support/users';

afterAll(removeTempDirs);

const TEST_RULES = ['--require', path.join(__dirname, 'support', 'test-rules.js')];
const only = (...ids: string[]) => onlyRules(RULE, ...ids);

/** The WebSocket site with a `server_tokens on;` the test rule fixes unsafely. */
const SITE_WITH_TOKENS = WS_SITE.replace('    listen 80;\n', '    listen 80;\n    server_tokens on;\n');

const DIFF = `--- a/app.conf
+++ b/app.conf
@@ -4,5 +4,6 @@
         proxy_pass http://backend;
         proxy_set_header Upgrade $http_upgrade;
         proxy_set_header Connection "upgrade";
+        proxy_http_version 1.1;
     }
 }
`;

describe('--fix', () => {
  test('writes the safe fixes and reports what is left (nothing): exit 0', () => {
    const dir = tempDir({ 'app.conf': WS_SITE });
    const run = runCli(['--fix', ...only(), 'app.conf'], { cwd: dir });
    expect(run).toEqual({ status: 0, stdout: '', stderr: '' });
    expect(fs.readFileSync(path.join(dir, 'app.conf'), 'utf8')).toBe(WS_SITE_FIXED);
    // A second run has nothing left to fix.
    expect(runCli([...only(), 'app.conf'], { cwd: dir })).toEqual({ status: 0, stdout: '', stderr: '' });
  });

  test('fixes an included file through the config that includes it', () => {
    const dir = tempDir({ 'nginx.conf': mainConfig('sites-enabled/*'), 'sites-enabled/app': WS_SITE });
    const nginxConf = fs.readFileSync(path.join(dir, 'nginx.conf'), 'utf8');
    const run = runCli(['--fix', ...only(), '.'], { cwd: dir });
    expect(run.status).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'sites-enabled/app'), 'utf8')).toBe(WS_SITE_FIXED);
    expect(fs.readFileSync(path.join(dir, 'nginx.conf'), 'utf8')).toBe(nginxConf);
  });

  test('does not apply unsafe fixes; --fix-unsafe does', () => {
    const dir = tempDir({ 'app.conf': SITE_WITH_TOKENS });
    const safe = runCli(['--fix', ...only('test-unsafe-fix'), '-f', 'json', 'app.conf'], { cwd: dir, nodeArgs: TEST_RULES });
    expect(safe.status).toBe(0); // the unsafe finding left is a warning
    expect(findings(safe, dir)).toEqual(['app.conf:3:5 test-unsafe-fix']);
    const afterSafe = fs.readFileSync(path.join(dir, 'app.conf'), 'utf8');
    expect(afterSafe).toContain('server_tokens on;');
    expect(afterSafe).toContain('proxy_http_version 1.1;');

    const unsafe = runCli(['--fix-unsafe', ...only('test-unsafe-fix'), '-f', 'json', 'app.conf'], { cwd: dir, nodeArgs: TEST_RULES });
    expect(unsafe.status).toBe(0);
    expect(findings(unsafe, dir)).toEqual([]);
    expect(fs.readFileSync(path.join(dir, 'app.conf'), 'utf8')).toBe(afterSafe.replace('server_tokens on;', 'server_tokens off;'));
  });

  test('--fix-unsafe alone also applies the safe fixes', () => {
    const dir = tempDir({ 'app.conf': SITE_WITH_TOKENS });
    const run = runCli(['--fix-unsafe', ...only('test-unsafe-fix'), 'app.conf'], { cwd: dir, nodeArgs: TEST_RULES });
    expect(run).toEqual({ status: 0, stdout: '', stderr: '' });
    expect(fs.readFileSync(path.join(dir, 'app.conf'), 'utf8')).toBe(WS_SITE_FIXED.replace('    listen 80;\n', '    listen 80;\n    server_tokens off;\n'));
  });

  test('a file that does not parse is left alone', () => {
    const broken = WS_SITE.replace(/}\n$/, '');
    const dir = tempDir({ 'app.conf': broken });
    const run = runCli(['--fix', ...only(), '-f', 'json', 'app.conf'], { cwd: dir });
    expect(run.status).toBe(1);
    expect(findings(run, dir).map((f) => f.split(' ')[1])).toEqual(['fatal']);
    expect(fs.readFileSync(path.join(dir, 'app.conf'), 'utf8')).toBe(broken);
  });

  test('a file with an include that cannot be read is not fixed, and no fix is promised for it', () => {
    const site = WS_SITE.replace('    listen 80;\n', '    listen 80;\n    include /srv/ngxlint-test/missing.conf;\n');
    const dir = tempDir({ 'app.conf': site });
    const report = runCli([...only(), 'app.conf'], { cwd: dir });
    expect(report.stdout).toMatch(/include-not-found/);
    expect(report.stdout).not.toMatch(/fixable/);
    const json = runCli([...only(), '-f', 'json', 'app.conf'], { cwd: dir });
    expect(JSON.parse(json.stdout)[0].messages.filter((m: { fix?: unknown }) => m.fix)).toEqual([]);
    expect(runCli(['--fix', ...only(), 'app.conf'], { cwd: dir }).status).toBe(1);
    expect(fs.readFileSync(path.join(dir, 'app.conf'), 'utf8')).toBe(site);
  });

  test('cannot write back to stdin', () => {
    expectFatal(runCli(['--fix', '--stdin'], { input: WS_SITE }), /--fix cannot write back to stdin/);
  });
});

describe('--fix-dry-run', () => {
  test('prints the unified diff --fix would apply and writes nothing', () => {
    const dir = tempDir({ 'app.conf': WS_SITE });
    const before = fs.readFileSync(path.join(dir, 'app.conf'));
    const mtime = fs.statSync(path.join(dir, 'app.conf')).mtimeMs;
    const run = runCli(['--fix-dry-run', ...only(), 'app.conf'], { cwd: dir });
    expect(run).toEqual({ status: 0, stdout: DIFF, stderr: '' });
    expect(fs.readFileSync(path.join(dir, 'app.conf')).equals(before)).toBe(true);
    expect(fs.statSync(path.join(dir, 'app.conf')).mtimeMs).toBe(mtime);
    expect(fs.readdirSync(dir)).toEqual(['app.conf']); // no temporary files left either
  });

  test('the diff comes before the report of what would be left', () => {
    const dir = tempDir({ 'app.conf': SITE_WITH_TOKENS });
    const run = runCli(['--fix-dry-run', ...only('test-unsafe-fix'), '-f', 'compact', 'app.conf'], { cwd: dir, nodeArgs: TEST_RULES });
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^--- a\/app\.conf\n\+\+\+ b\/app\.conf\n@@ [^\n]+\n(.*\n)*\+ {8}proxy_http_version 1\.1;\n(.*\n)*app\.conf:3:5: warning server_tokens is on \[test-unsafe-fix\]\n$/);
    expect(run.stdout).not.toMatch(/server_tokens off/);
  });

  test('with --fix-unsafe it shows the unsafe changes too', () => {
    const dir = tempDir({ 'app.conf': SITE_WITH_TOKENS });
    const run = runCli(['--fix-dry-run', '--fix-unsafe', ...only('test-unsafe-fix'), 'app.conf'], { cwd: dir, nodeArgs: TEST_RULES });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('-    server_tokens on;\n+    server_tokens off;\n');
    expect(fs.readFileSync(path.join(dir, 'app.conf'), 'utf8')).toBe(SITE_WITH_TOKENS);
  });

  test('shows the diff of an included file under its own name', () => {
    const dir = tempDir({ 'nginx.conf': mainConfig('sites-enabled/*'), 'sites-enabled/app': WS_SITE });
    const run = runCli(['--fix-dry-run', ...only(), 'nginx.conf'], { cwd: dir });
    expect(run.stdout).toBe(DIFF.replace(/app\.conf/g, 'sites-enabled/app'));
    expect(fs.readFileSync(path.join(dir, 'sites-enabled/app'), 'utf8')).toBe(WS_SITE);
  });

  test('works on stdin, under --stdin-filename', () => {
    const run = runCli(['--fix-dry-run', '--stdin', '--stdin-filename', 'app.conf', ...only()], { input: WS_SITE, cwd: tempDir() });
    expect(run).toEqual({ status: 0, stdout: DIFF, stderr: '' });
  });

  test('prints nothing when there is nothing to change', () => {
    const dir = tempDir({ 'app.conf': WS_SITE_FIXED });
    expect(runCli(['--fix-dry-run', ...only(), 'app.conf'], { cwd: dir })).toEqual({ status: 0, stdout: '', stderr: '' });
  });

  test('with -f json stdout stays one JSON document: the fixed text is `output`, the diff goes to stderr', () => {
    const dir = tempDir({ 'app.conf': SITE_WITH_TOKENS });
    const run = runCli(['--fix-dry-run', ...only('test-unsafe-fix'), '-f', 'json', 'app.conf'], { cwd: dir, nodeArgs: TEST_RULES });
    expect(run.status).toBe(0);
    expect(run.stderr).toBe(DIFF.replace('@@ -4,5 +4,6 @@', '@@ -5,5 +5,6 @@'));
    const [result] = JSON.parse(run.stdout) as Array<Record<string, unknown>>;
    // As in ESLint: `output` is the fixed text, and `source` is left out when there is an output.
    expect(result['output']).toBe(SITE_WITH_TOKENS.replace('"upgrade";\n', '"upgrade";\n        proxy_http_version 1.1;\n'));
    expect(result['source']).toBeUndefined();
    expect(result['messages']).toEqual([expect.objectContaining({ ruleId: 'test-unsafe-fix', line: 3 })]);
    expect(fs.readFileSync(path.join(dir, 'app.conf'), 'utf8')).toBe(SITE_WITH_TOKENS);
  });

  test('with -f sarif stdout stays one SARIF document; with -o the diff stays on stdout', () => {
    const dir = tempDir({ 'app.conf': WS_SITE });
    const run = runCli(['--fix-dry-run', ...only(), '-f', 'sarif', 'app.conf'], { cwd: dir });
    expect(run.status).toBe(0);
    expect(run.stderr).toBe(DIFF);
    expect((JSON.parse(run.stdout) as { version: string }).version).toBe('2.1.0');
    const toFile = runCli(['--fix-dry-run', ...only(), '-f', 'sarif', '-o', 'report.sarif', 'app.conf'], { cwd: dir });
    expect(toFile).toEqual({ status: 0, stdout: DIFF, stderr: '' });
    expect((JSON.parse(fs.readFileSync(path.join(dir, 'report.sarif'), 'utf8')) as { version: string }).version).toBe('2.1.0');
  });
});

describe('--fix with -f json', () => {
  test('reports `output`, the text it wrote', () => {
    const dir = tempDir({ 'app.conf': WS_SITE });
    const run = runCli(['--fix', ...only(), '-f', 'json', 'app.conf'], { cwd: dir });
    expect(run.status).toBe(0);
    const [result] = JSON.parse(run.stdout) as Array<Record<string, unknown>>;
    expect(result['output']).toBe(WS_SITE_FIXED);
    expect(fs.readFileSync(path.join(dir, 'app.conf'), 'utf8')).toBe(WS_SITE_FIXED);
  });
});

describe('--fix that cannot write a file', () => {
  test('says so on stderr, reports the problems still in the file, and exits 2', () => {
    // A folder the CLI cannot create its temporary file in: read-only for a normal user; as root
    // (CI) the CLI runs as nobody in a folder root owns. permissionTestUser() fails the test when
    // neither can be denied a write.
    const user = permissionTestUser();
    const dir = tempDir({ 'app.conf': WS_SITE });
    fs.chmodSync(dir, 0o555);
    try {
      const run = runCli(['--fix', ...only(), '-f', 'compact', 'app.conf'], { cwd: dir, user });
      expect(run.status).toBe(2);
      expect(run.stderr).toMatch(/^ngxlint: app\.conf: cannot [^\n]+not written\n$/);
      expect(run.stdout).toMatch(/^app\.conf:3:5: error WebSocket location \/ws proxies with HTTP\/1\.0: [^\n]+ \[websocket-http-version\]\n$/);
      expect(fs.readFileSync(path.join(dir, 'app.conf'), 'utf8')).toBe(WS_SITE);
    } finally {
      fs.chmodSync(dir, 0o700);
    }
  });
});
