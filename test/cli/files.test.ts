/**
 * `ngxlint [patterns..]`: which files a run checks, and in which context. Real processes, real
 * folders under the system temp folder.
 */
import * as fs from 'fs';
import * as path from 'path';
import { expectFatal, onlyRules, removeTempDirs, runCli, tempDir } from '../support/cli';
import { CLEAN_SITE, findings, mainConfig, parseJson, reportedFiles, RULE, WS_SITE } from './fixtures';

afterAll(removeTempDirs);

const only = () => onlyRules(RULE);

describe('patterns: files, folders, globs', () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir({
      'a.conf': WS_SITE,
      'conf.d/b.conf': CLEAN_SITE,
      'sites-available/site': CLEAN_SITE,
      'sites-available/site~': WS_SITE,
      'sites-available/site.swp': WS_SITE,
      'snippets/ws-headers': 'proxy_set_header Upgrade $http_upgrade;\n',
      'sub/deeper/x.conf': CLEAN_SITE,
      'notes.txt': WS_SITE,
      'README.md': '# not a config\n',
      '.hidden.conf': WS_SITE,
      'node_modules/pkg/y.conf': WS_SITE,
      '.git/z.conf': WS_SITE,
    });
  });

  test('a file is checked as given', () => {
    const run = runCli(['-f', 'json', ...only(), 'a.conf'], { cwd: dir });
    expect(run.status).toBe(1);
    expect(reportedFiles(run, dir)).toEqual(['a.conf']);
    expect(findings(run, dir)).toEqual([`a.conf:3:5 ${RULE}`]);
  });

  test('a file that does not look like a config is checked when named', () => {
    const run = runCli(['-f', 'json', ...only(), 'notes.txt'], { cwd: dir });
    expect(findings(run, dir)).toEqual([`notes.txt:3:5 ${RULE}`]);
  });

  test('a folder: *.conf, nginx.conf and every file under sites-*/, conf.d/, snippets/; no dot files, editor backups, node_modules or .git', () => {
    const run = runCli(['-f', 'json', ...only(), '.'], { cwd: dir });
    expect(reportedFiles(run, dir).sort()).toEqual(['a.conf', 'conf.d/b.conf', 'sites-available/site', 'snippets/ws-headers', 'sub/deeper/x.conf']);
    expect(run.status).toBe(1);
  });

  test('a config folder given itself (sites-available) finds its files without a .conf suffix', () => {
    const run = runCli(['-f', 'json', ...only(), 'sites-available'], { cwd: dir });
    expect(reportedFiles(run, dir)).toEqual(['sites-available/site']);
    expect(run.status).toBe(0);
  });

  test('an absolute folder path works from anywhere', () => {
    const run = runCli(['-f', 'json', ...only(), path.join(dir, 'conf.d')], { cwd: path.join(dir, 'sub') });
    expect(reportedFiles(run, dir)).toEqual(['conf.d/b.conf']);
  });

  test('globs: * stays in its folder, ** crosses folders, {a,b} alternates', () => {
    expect(reportedFiles(runCli(['-f', 'json', ...only(), '*.conf'], { cwd: dir }), dir)).toEqual(['a.conf']);
    expect(reportedFiles(runCli(['-f', 'json', ...only(), '**/*.conf'], { cwd: dir }), dir).sort()).toEqual([
      'a.conf',
      'conf.d/b.conf',
      'sub/deeper/x.conf',
    ]);
    expect(reportedFiles(runCli(['-f', 'json', ...only(), 'sites-*/site', '{notes,a}.*'], { cwd: dir }), dir)).toEqual([
      'sites-available/site',
      'a.conf',
      'notes.txt',
    ]);
    // A glob matches what it says, backups included.
    expect(reportedFiles(runCli(['-f', 'json', ...only(), 'sites-available/*'], { cwd: dir }), dir)).toEqual([
      'sites-available/site',
      'sites-available/site.swp',
      'sites-available/site~',
    ]);
  });

  test('a file matched by two patterns is checked once', () => {
    const run = runCli(['-f', 'json', ...only(), 'a.conf', '.', '*.conf'], { cwd: dir });
    expect(findings(run, dir, RULE)).toEqual([`a.conf:3:5 ${RULE}`]);
  });

  test('a glob that matches nothing is fatal', () => {
    expectFatal(runCli(['nothing-*.conf'], { cwd: dir }), /no files match the pattern "nothing-\*\.conf"/);
  });

  test('a missing file is fatal and named', () => {
    expectFatal(runCli(['a.conf', 'missing.conf'], { cwd: dir }), /^ngxlint: missing\.conf: no such file or directory$/m);
  });

  test('a folder without configs is fatal', () => {
    const empty = tempDir({ 'docs/readme.txt': 'hello\n' });
    expectFatal(runCli(['.'], { cwd: empty }), /no nginx config files found in \./);
  });

  test('no patterns at all is a usage error', () => {
    expectFatal(runCli([], { cwd: dir }), /no files given/);
  });
});

describe('a file that another given file includes is checked once, in the context of the including config', () => {
  test('folder with nginx.conf including sites-enabled/*: the site findings appear once, under the site', () => {
    const dir = tempDir({ 'nginx.conf': mainConfig('sites-enabled/*'), 'sites-enabled/app': WS_SITE });
    for (const args of [['.'], ['nginx.conf', 'sites-enabled/app'], ['sites-enabled/app', 'nginx.conf']]) {
      const run = runCli(['-f', 'json', ...only(), ...args], { cwd: dir });
      expect(findings(run, dir, RULE)).toEqual([`sites-enabled/app:3:5 ${RULE}`]);
      expect(run.status).toBe(1);
    }
  });

  test('through nginx.conf the site inherits from http (no finding); alone it does not', () => {
    const dir = tempDir({
      'nginx.conf': mainConfig('sites-enabled/*', ['proxy_http_version 1.1;']),
      'sites-enabled/app': WS_SITE,
    });
    const all = runCli(['-f', 'json', ...only(), '.'], { cwd: dir });
    expect(findings(all, dir)).toEqual([]);
    expect(all.status).toBe(0);
    const both = runCli(['-f', 'json', ...only(), 'sites-enabled/app', 'nginx.conf'], { cwd: dir });
    expect(findings(both, dir)).toEqual([]);
    const alone = runCli(['-f', 'json', ...only(), 'sites-enabled/app'], { cwd: dir });
    expect(findings(alone, dir)).toEqual([`sites-enabled/app:3:5 ${RULE}`]);
  });

  test('a site file given alone gets its context inferred: no "not allowed here"', () => {
    const dir = tempDir({
      'sites-available/app': WS_SITE,
      'snippets/proxy.conf': 'proxy_set_header Host $host;\nproxy_pass http://backend;\n',
    });
    for (const file of ['sites-available/app', 'snippets/proxy.conf']) {
      const run = runCli(['-f', 'json', ...only(), file], { cwd: dir });
      const messages = parseJson(run).flatMap((r) => r.messages);
      expect(messages.filter((m) => m.ruleId === 'parse-error' || /not allowed here/.test(m.message))).toEqual([]);
    }
    // The same text as a main config (no inference possible for nginx itself) is reported.
    const run = runCli(['parse', 'sites-available/app'], { cwd: dir });
    expect(run.stdout).toMatch(/not allowed here/);
  });

  test('a sites-enabled symlink and its sites-available target are one file', () => {
    const dir = tempDir({
      'sites-available/app': WS_SITE,
      'sites-enabled/app': { symlink: '../sites-available/app' },
    });
    const alone = runCli(['-f', 'json', ...only(), '.'], { cwd: dir });
    expect(findings(alone, dir, RULE)).toHaveLength(1);
    fs.writeFileSync(path.join(dir, 'nginx.conf'), mainConfig('sites-enabled/*'));
    const withMain = runCli(['-f', 'json', ...only(), '.'], { cwd: dir });
    expect(findings(withMain, dir, RULE)).toEqual([`sites-enabled/app:3:5 ${RULE}`]);
  });

  test('a snippet included by two given sites is reported once', () => {
    const dir = tempDir({
      // crossplane resolves includes from the main file's folder
      'sites-available/one': 'server {\n    listen 80;\n    include ../snippets/ws.conf;\n}\n',
      'sites-available/two': 'server {\n    listen 81;\n    include ../snippets/ws.conf;\n}\n',
      'snippets/ws.conf': 'location /ws {\n    proxy_pass http://backend;\n    proxy_set_header Upgrade $http_upgrade;\n}\n',
    });
    const run = runCli(['-f', 'json', ...only(), '.'], { cwd: dir });
    expect(findings(run, dir, RULE)).toEqual([`snippets/ws.conf:1:1 ${RULE}`]);
    expect(reportedFiles(run, dir)).toEqual(['sites-available/one', 'snippets/ws.conf', 'sites-available/two']);
  });
});

describe('--no-includes and --include-root', () => {
  test('--no-includes: include directives are not followed; every file is checked on its own', () => {
    const dir = tempDir({ 'nginx.conf': mainConfig('sites-enabled/*'), 'sites-enabled/app': WS_SITE });
    const main = runCli(['-f', 'json', ...only(), '--no-includes', 'nginx.conf'], { cwd: dir });
    expect(reportedFiles(main, dir)).toEqual(['nginx.conf']);
    expect(main.status).toBe(0);
    const folder = runCli(['-f', 'json', ...only(), '--no-includes', '.'], { cwd: dir });
    expect(reportedFiles(folder, dir)).toEqual(['nginx.conf', 'sites-enabled/app']);
    expect(findings(folder, dir, RULE)).toEqual([`sites-enabled/app:3:5 ${RULE}`]);
  });

  test('--include-root maps absolute include paths into a folder; without it a missing one is a warning', () => {
    const dir = tempDir({
      'deploy/nginx.conf': mainConfig('/srv/ngxlint-test/sites-enabled/app'),
      'deploy/sites-enabled/app': WS_SITE,
    });
    const without = runCli(['-f', 'json', ...only(), 'deploy/nginx.conf'], { cwd: dir });
    const messages = parseJson(without).flatMap((r) => r.messages);
    expect(messages).toEqual([
      expect.objectContaining({ ruleId: 'include-not-found', severity: 1, message: expect.stringMatching(/\/srv\/ngxlint-test\/sites-enabled\/app.*includeRoot/) }),
    ]);
    expect(without.status).toBe(0);

    const mapped = runCli(['-f', 'json', ...only(), '--include-root', '/srv/ngxlint-test=deploy', 'deploy/nginx.conf'], { cwd: dir });
    expect(findings(mapped, dir)).toEqual([`deploy/sites-enabled/app:3:5 ${RULE}`]);
    expect(mapped.status).toBe(1);
  });

  test('--include-root DIR (no prefix) stands for /etc/nginx', () => {
    const dir = tempDir({ 'repo/nginx.conf': mainConfig('/etc/nginx/sites-enabled/ngxlint-test-app'), 'repo/sites-enabled/ngxlint-test-app': WS_SITE });
    const run = runCli(['-f', 'json', ...only(), '--include-root', 'repo', 'repo/nginx.conf'], { cwd: dir });
    expect(findings(run, dir)).toEqual([`repo/sites-enabled/ngxlint-test-app:3:5 ${RULE}`]);
  });

  test('--include-root of a missing folder is fatal', () => {
    const dir = tempDir({ 'nginx.conf': mainConfig('x.conf') });
    expectFatal(runCli(['--include-root', 'nope', 'nginx.conf'], { cwd: dir }), /--include-root nope: no such folder/);
  });
});
