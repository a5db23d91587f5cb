/**
 * The commands besides linting: `parse`, `rules` / `--list-rules`, `explain`, and `--version`,
 * `--help`.
 */
import * as fs from 'fs';
import * as path from 'path';
import { expectFatal, REPO_ROOT, removeTempDirs, runCli, tempDir } from '../support/cli';
import { permissionTestUser } from '../support/users';
import { mainConfig, RULE, WS_SITE } from './fixtures';

afterAll(removeTempDirs);

interface ListedRule {
  id: string;
  severity: string;
  fixable: string;
  description: string;
}

describe('ngxlint parse FILE', () => {
  test("prints crossplane's payload, following includes", () => {
    const dir = tempDir({ 'nginx.conf': mainConfig('sites-enabled/*'), 'sites-enabled/app': WS_SITE });
    const run = runCli(['parse', 'nginx.conf'], { cwd: dir });
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    const payload = JSON.parse(run.stdout) as { status: string; config: Array<{ file: string }> };
    expect(payload.status).toBe('ok');
    expect(payload.config.map((c) => c.file)).toEqual(['nginx.conf', 'sites-enabled/app']);
  });

  test('--ignore drops the named directives, their blocks and their errors (crossplane --ignore)', () => {
    const dir = tempDir({
      'nginx.conf': 'events {}\nlisten 80;\nhttp {\n  server {\n    listen 8080;\n    location / { return 204; }\n  }\n}\n',
    });
    const run = runCli(['parse', '--ignore', 'listen,location', 'nginx.conf'], { cwd: dir });
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      status: 'ok',
      errors: [],
      config: [
        {
          file: 'nginx.conf',
          status: 'ok',
          errors: [],
          parsed: [
            { directive: 'events', line: 1, args: [], block: [] },
            { directive: 'http', line: 3, args: [], block: [{ directive: 'server', line: 4, args: [], block: [] }] },
          ],
        },
      ],
    });
    // Without --ignore, the top-level listen is an error.
    expect(JSON.parse(runCli(['parse', 'nginx.conf'], { cwd: dir }).stdout).errors).toEqual([
      { file: 'nginx.conf', error: '"listen" directive is not allowed here in nginx.conf:2', line: 2 },
    ]);
  });

  test('--indent and --out', () => {
    const dir = tempDir({ 'nginx.conf': 'events {}\n' });
    const run = runCli(['parse', '--indent', '2', '-o', 'out.json', 'nginx.conf'], { cwd: dir });
    expect(run).toEqual({ status: 0, stdout: '', stderr: '' });
    expect(fs.readFileSync(path.join(dir, 'out.json'), 'utf8')).toMatch(/^\{\n {2}"status": "ok",/);
  });

  test('a missing file, a folder, no file: exit 2, one line', () => {
    const dir = tempDir({ 'conf.d/x.conf': 'events {}\n' });
    expectFatal(runCli(['parse', 'missing.conf'], { cwd: dir }), /^ngxlint: missing\.conf: no such file or directory$/m);
    expectFatal(runCli(['parse', 'conf.d'], { cwd: dir }), /^ngxlint: conf\.d: is a directory/m);
    expectFatal(runCli(['parse'], { cwd: dir }), /not enough non-option arguments/i);
    expectFatal(runCli(['parse', 'conf.d/x.conf', '--indent'], { cwd: dir }), /not enough arguments following: indent/i);
  });

  test('a file that cannot be opened (a symlink loop): exit 2, one line', () => {
    const dir = tempDir({ 'loop.conf': { symlink: 'loop.conf' } });
    expectFatal(runCli(['parse', 'loop.conf'], { cwd: dir }), /^ngxlint: loop\.conf: too many levels of symbolic links/m);
    expectFatal(runCli(['loop.conf'], { cwd: dir }), /^ngxlint: loop\.conf: too many levels of symbolic links/m);
  });

  test('an unreadable file: exit 2, one line', () => {
    // Root reads every file: as root the CLI runs as `nobody` (who must be let into the folder).
    const user = permissionTestUser();
    const dir = tempDir({ 'secret.conf': 'events {}\n', 'conf.d/secret.conf': 'events {}\n' });
    fs.chmodSync(dir, 0o755);
    fs.chmodSync(path.join(dir, 'secret.conf'), 0o000);
    fs.chmodSync(path.join(dir, 'conf.d/secret.conf'), 0o000);
    expectFatal(runCli(['parse', 'secret.conf'], { cwd: dir, user }), /^ngxlint: secret\.conf: permission denied$/m);
    expectFatal(runCli(['secret.conf'], { cwd: dir, user }), /^ngxlint: secret\.conf: permission denied$/m);
    expectFatal(runCli(['conf.d'], { cwd: dir, user }), /^ngxlint: conf\.d\/secret\.conf: permission denied$/m);
  });
});

describe('ngxlint rules / --list-rules', () => {
  test('--format json lists id, default severity, fixability and a one-line description', () => {
    const run = runCli(['rules', '--format', 'json']);
    expect(run.status).toBe(0);
    const list = JSON.parse(run.stdout) as ListedRule[];
    expect(list).toContainEqual({
      id: RULE,
      severity: 'error',
      fixable: 'safe',
      description: expect.stringMatching(/proxy_http_version 1\.1/),
    });
    for (const rule of list) {
      expect(rule.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(['error', 'warning']).toContain(rule.severity);
      expect(['safe', 'unsafe', 'suggestion', 'no']).toContain(rule.fixable);
      expect(rule.description).not.toMatch(/\n/);
    }
    expect(new Set(list.map((r) => r.id)).size).toBe(list.length);
  });

  test('the text table has a header and one line per rule; --list-rules prints the same', () => {
    const list = JSON.parse(runCli(['rules', '--format', 'json']).stdout) as ListedRule[];
    const run = runCli(['rules']);
    expect(run.status).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^rule\s+severity\s+fix\s+description$/);
    expect(lines).toHaveLength(list.length + 1);
    const line = lines.find((l) => l.startsWith(`${RULE} `))!;
    expect(line.split(/\s{2,}/)).toEqual([RULE, 'error', 'safe', list.find((r) => r.id === RULE)!.description]);
    expect(runCli(['--list-rules'])).toEqual(run);
    expect(JSON.parse(runCli(['--list-rules', '-f', 'json']).stdout)).toEqual(list);
  });

  test('a bad --format is a usage error', () => {
    expectFatal(runCli(['rules', '--format', 'xml']), /invalid values.*format.*xml/i);
  });

  test("the README's rule table lists the same rules, severities and fixability", () => {
    const list = JSON.parse(runCli(['rules', '--format', 'json']).stdout) as ListedRule[];
    const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    const rows = [...readme.matchAll(/^\| \[([a-z-]+)\]\(rules\/\1\.md\) \| ([^|]+) \| ([^|]+) \|/gm)].map((m) => ({
      id: m[1],
      severity: m[2].trim(),
      fix: m[3].trim(),
    }));
    expect(rows.map((r) => r.id)).toEqual(list.map((r) => r.id));
    for (const rule of list) {
      const row = rows.find((r) => r.id === rule.id)!;
      expect(row.severity.split(' / ')).toContain(rule.severity);
      // "safe (`$connection_upgrade`)", "unsafe (safe for WebSocket headers)": the first word.
      expect(row.fix.split(' ')[0]).toBe(rule.fixable);
    }
  });
});

test("each rule's docsUrl (SARIF helpUri) is its page in the repository package.json names", () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { repository: { url: string } };
  const repository = pkg.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');
  const { RULES } = require(path.join(REPO_ROOT, 'dist', 'rules', 'index.js')) as { RULES: Array<{ meta: { id: string; docsUrl: string } }> };
  for (const { meta } of RULES) {
    expect(meta.docsUrl).toBe(`${repository}/blob/main/rules/${meta.id}.md`);
    expect(fs.existsSync(path.join(REPO_ROOT, 'rules', `${meta.id}.md`))).toBe(true);
  }
});

describe('rule docs pages', () => {
  // What issue 5 asks of every page: what it flags, why, a bad and a good example, the fix and its safety, options.
  const SECTIONS = ['## What it does', '## Why is this bad?', '## Example', '## Use instead', '## Fix and its safety', '## Options'];
  const ids = (JSON.parse(runCli(['rules', '--format', 'json']).stdout) as ListedRule[]).map((r) => r.id);

  test.each(ids)('%s: every section, in order, with text; the bad example is flagged, the good one not', (id) => {
    const page = runCli(['explain', id]).stdout;
    expect(page.startsWith(`# ${id}\n`)).toBe(true);
    let from = 0;
    for (const heading of SECTIONS) {
      const at = page.indexOf(`\n${heading}\n`, from);
      expect({ heading, found: at >= 0 }).toEqual({ heading, found: true });
      const next = page.indexOf('\n## ', at + heading.length + 2);
      expect(page.slice(at + heading.length + 2, next < 0 ? undefined : next).trim()).not.toBe('');
      from = at + 1;
    }
    // The bad example is flagged by the rule and the good one is not, and both parse: a page
    // cannot show broken syntax, or a "fix" the rule still complains about, by accident.
    for (const [heading, flagged] of [['## Example', true], ['## Use instead', false]] as const) {
      const section = page.slice(page.indexOf(`\n${heading}\n`));
      const block = /```nginx\n([\s\S]*?)```/.exec(section);
      expect(block).not.toBeNull();
      const dir = tempDir({ 'example.conf': block![1] });
      const run = runCli(['-f', 'compact', '--rule', `${id}: warn`, 'example.conf'], { cwd: dir });
      expect(run.stdout).not.toMatch(/\[parse-error\]/);
      expect({ heading, flagged: run.stdout.includes(`[${id}]`) }).toEqual({ heading, flagged });
    }
  });
});

describe('ngxlint explain RULE', () => {
  test("prints the rule's docs page rules/<id>.md", () => {
    const run = runCli(['explain', RULE]);
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    const page = path.join(REPO_ROOT, 'rules', `${RULE}.md`);
    if (fs.existsSync(page)) {
      const text = fs.readFileSync(page, 'utf8');
      expect(run.stdout).toBe(text.endsWith('\n') ? text : text + '\n');
    } else {
      // No page written yet: the rule's own description and rationale stand in.
      expect(run.stdout).toMatch(new RegExp(`^# ${RULE}\\n`));
    }
  });

  test('every listed rule can be explained', () => {
    const list = JSON.parse(runCli(['rules', '--format', 'json']).stdout) as ListedRule[];
    for (const rule of list) {
      const run = runCli(['explain', rule.id]);
      expect({ id: rule.id, status: run.status, empty: run.stdout.trim() === '' }).toEqual({ id: rule.id, status: 0, empty: false });
    }
  });

  test('an unknown rule: exit 2, one line', () => {
    expectFatal(runCli(['explain', 'no-such-rule']), /^ngxlint: unknown rule "no-such-rule"/);
    expectFatal(runCli(['explain', 'websocket-http-versoin']), /did you mean "websocket-http-version"/);
    expectFatal(runCli(['explain']), /not enough non-option arguments/i);
  });
});

describe('--version and --help', () => {
  test('--version / -v prints the package version', () => {
    const version = (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    for (const flag of ['--version', '-v']) expect(runCli([flag])).toEqual({ status: 0, stdout: `${version}\n`, stderr: '' });
  });

  test('--help / -h prints usage, every lint option and examples on stdout, exit 0', () => {
    const run = runCli(['--help']);
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    for (const flag of [
      '--fix',
      '--fix-unsafe',
      '--fix-dry-run',
      '--format',
      '--output-file',
      '--max-warnings',
      '--quiet',
      '--stdin',
      '--stdin-filename',
      '--config',
      '--rule',
      '--nginx-version',
      '--include-root',
      '--includes',
      '--print-config',
      '--color',
      '--report-unused-disable-directives',
      '--debug',
      '--list-rules',
      '--version',
    ]) {
      expect(run.stdout).toContain(flag);
    }
    expect(run.stdout).toMatch(/^Examples:\n {2}ngxlint /m);
    expect(run.stdout).toMatch(/ngxlint parse <file>/);
    expect(runCli(['-h']).stdout).toBe(run.stdout);
  });

  test('each command has its own help', () => {
    for (const command of ['parse', 'rules', 'explain']) {
      const run = runCli([command, '--help']);
      expect(run.status).toBe(0);
      expect(run.stdout).toMatch(new RegExp(`^ngxlint ${command}`));
    }
  });
});
