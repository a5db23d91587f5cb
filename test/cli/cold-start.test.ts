/**
 * Cold start: pre-commit runs ngxlint on every commit, so a plain lint must load only what it
 * needs. A preload (support/record-loads.js) records every module the CLI process loads and every
 * file it reads; a plain lint must not load SARIF or the other unused formatters, the `diff`
 * package, the fix loop, the parse or rules commands, nor read a rule's docs page. No timings are
 * measured (machines are noisy): only what is loaded.
 *
 * zod is loaded only when there is something to validate: a configuration file
 * (src/settings/schema), or options for a rule (its schema is built on first use). yargs is loaded
 * only for a command line that needs it: `ngxlint FILES…` runs without it, and must then do exactly
 * what it does through yargs.
 */
import * as fs from 'fs';
import * as path from 'path';
import { removeTempDirs, REPO_ROOT, runCli, tempDir } from '../support/cli';
import { mainConfig, WS_SITE, WS_SITE_FIXED } from './fixtures';

afterAll(removeTempDirs);

const RECORDER = path.join(__dirname, 'support', 'record-loads.js');
const DIST = path.join(REPO_ROOT, 'dist');

interface Record {
  modules: string[];
  reads: string[];
}

function recorded(args: string[], cwd: string, files: { [name: string]: string } = {}): Record & { status: number } {
  const out = path.join(tempDir(), 'record.json');
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(cwd, name), text);
  const run = runCli(args, { cwd, nodeArgs: ['--require', RECORDER], env: { NGXLINT_RECORD_FILE: out } });
  expect(run.stderr).toBe('');
  const record = JSON.parse(fs.readFileSync(out, 'utf8')) as Record;
  return { ...record, status: run.status };
}

const dist = (p: string) => path.join(DIST, p);
const pkg = (name: string) => `${path.sep}node_modules${path.sep}${name}${path.sep}`;
const hasModule = (r: Record, test: (m: string) => boolean) => r.modules.some(test);

describe('a plain lint', () => {
  let record: Record & { status: number };
  let dir: string;
  beforeAll(() => {
    dir = tempDir({ 'nginx.conf': mainConfig('sites-enabled/*'), 'sites-enabled/app': WS_SITE });
    record = recorded(['.'], dir);
  });

  test('really ran and was recorded (the stylish formatter and the rules are loaded)', () => {
    expect(record.status).toBe(1);
    expect(record.modules).toContain(dist('src/report/stylish.js'));
    expect(record.modules).toContain(dist('rules/index.js'));
    expect(record.modules).toContain(dist('src/cli/lint-command.js'));
  });

  test('does not load SARIF or the other unused formatters', () => {
    for (const format of ['sarif', 'json', 'github', 'compact']) expect(record.modules).not.toContain(dist(`src/report/${format}.js`));
  });

  test('does not load the diff package or the fix loop', () => {
    expect(hasModule(record, (m) => m.includes(pkg('diff')))).toBe(false);
    for (const m of ['src/fix/diff.js', 'src/fix/fix-loop.js', 'src/fix/write-file.js']) expect(record.modules).not.toContain(dist(m));
  });

  test('does not load the other commands, nor read rule docs', () => {
    expect(record.modules).not.toContain(dist('src/cli/parse-command.js'));
    expect(record.modules).not.toContain(dist('src/cli/rules-command.js'));
    expect(record.reads.filter((f) => f.endsWith('.md'))).toEqual([]);
  });

  test('does not load the configuration schema when there is no configuration file', () => {
    expect(record.modules).not.toContain(dist('src/settings/schema.js'));
  });

  test('does not load zod (rules with options at their defaults validate nothing)', () => {
    expect(hasModule(record, (m) => m.includes(pkg('zod')))).toBe(false);
  });

  test('does not load yargs', () => {
    expect(hasModule(record, (m) => m.includes(pkg('yargs')))).toBe(false);
  });
});

describe('without yargs, `ngxlint [--fix] FILES…` does what it does through yargs', () => {
  // `--includes` (on by default) sends the same command line through yargs without changing it.
  const THROUGH_YARGS = '--includes';
  const FILES = {
    'nginx.conf': mainConfig('sites-enabled/*'),
    'sites-enabled/app': WS_SITE,
    'app.conf': WS_SITE,
    'a b.conf': WS_SITE,
    '007': WS_SITE,
  };
  const contents = (dir: string) => Object.keys(FILES).map((name) => fs.readFileSync(path.join(dir, name), 'utf8'));

  /** Runs `args` without and with yargs, each in a fresh copy of FILES (--fix writes). */
  function bothWays(args: string[]) {
    const [plainDir, yargsDir] = [tempDir(FILES), tempDir(FILES)];
    const out = path.join(tempDir(), 'record.json');
    const plain = runCli(args, { cwd: plainDir, nodeArgs: ['--require', RECORDER], env: { NGXLINT_RECORD_FILE: out } });
    const modules = (JSON.parse(fs.readFileSync(out, 'utf8')) as Record).modules;
    return {
      plain: { ...plain, files: contents(plainDir), loadedYargs: modules.some((m) => m.includes(pkg('yargs'))) },
      yargs: { ...runCli([...args, THROUGH_YARGS], { cwd: yargsDir }), files: contents(yargsDir), loadedYargs: false },
    };
  }

  test.each([
    ['one file', ['app.conf']],
    ['files, a folder and a glob', ['app.conf', 'sites-enabled', '*.conf']],
    ['the current folder', ['.']],
    ['no file', []],
    ['a missing file', ['missing.conf']],
    ['a glob that matches nothing', ['*.nginx']],
    ['an empty word', ['']],
    ['a name with a space', ['a b.conf']],
    ['names yargs could take for numbers', ['007', '1e3', '0x10']],
    ['quoted names', ['"app.conf"', "'app.conf'"]],
    ['command names after the first word', ['app.conf', 'rules', 'explain', 'parse', '$0']],
    ['help, not last', ['help', 'app.conf']],
    ['--fix and files', ['--fix', 'app.conf', 'nginx.conf']],
    ['--fix and a folder', ['--fix', '.']],
    ['--fix alone', ['--fix']],
  ])('%s', (_, args) => {
    const { plain, yargs } = bothWays(args);
    expect(plain).toEqual(yargs);
  });

  test('--fix really fixed (the comparison above is not of two runs that did nothing)', () => {
    const { plain } = bothWays(['--fix', 'app.conf']);
    expect(plain.files[2]).toBe(WS_SITE_FIXED);
  });

  test('yargs still reads a first word that is a command, a last word `help`, `--fix true`', () => {
    const dir = tempDir(FILES);
    expect(runCli(['rules'], { cwd: dir }).stdout).toMatch(/^rule +severity/);
    expect(runCli(['$0', 'app.conf'], { cwd: dir })).toEqual(runCli(['app.conf'], { cwd: dir }));
    const help = runCli(['app.conf', 'help'], { cwd: dir });
    expect(help.status).toBe(0);
    expect(help.stdout).toBe(runCli(['--help'], { cwd: dir }).stdout);
    // yargs takes `true` after a flag for its value: no file is named, so nothing is linted.
    expect(runCli(['--fix', 'true'], { cwd: dir }).stderr).toMatch(/no files given/);
  });
});

describe('what other runs load (the recorder sees lazy loading)', () => {
  test('a configuration file loads the schema', () => {
    const dir = tempDir({ 'app.conf': WS_SITE, '.ngxlintrc.json': '{}' });
    expect(recorded(['app.conf'], dir).modules).toContain(dist('src/settings/schema.js'));
  });

  test("a rule's options load zod", () => {
    const dir = tempDir({ 'app.conf': WS_SITE });
    const r = recorded(['--rule', 'websocket-read-timeout: ["warn", { "minimumSeconds": 90 }]', 'app.conf'], dir);
    expect(hasModule(r, (m) => m.includes(pkg('zod')))).toBe(true);
  });

  test('an option loads yargs', () => {
    const dir = tempDir({ 'app.conf': WS_SITE });
    expect(hasModule(recorded(['--quiet', 'app.conf'], dir), (m) => m.includes(pkg('yargs')))).toBe(true);
  });

  test('-f sarif loads SARIF', () => {
    const dir = tempDir({ 'app.conf': WS_SITE });
    const r = recorded(['-f', 'sarif', 'app.conf'], dir);
    expect(r.modules).toContain(dist('src/report/sarif.js'));
    expect(r.modules).not.toContain(dist('src/report/stylish.js'));
  });

  test('--fix-dry-run loads the diff package', () => {
    const dir = tempDir({ 'app.conf': WS_SITE });
    expect(hasModule(recorded(['--fix-dry-run', 'app.conf'], dir), (m) => m.includes(pkg('diff')))).toBe(true);
  });

  test('explain reads the docs page, when there is one', () => {
    const dir = tempDir();
    const r = recorded(['explain', 'websocket-http-version'], dir);
    expect(r.modules).toContain(dist('src/cli/rules-command.js'));
    expect(r.reads).toContain(path.join(REPO_ROOT, 'rules', 'websocket-http-version.md'));
  });
});
