/**
 * The lint command's flags, each through a real process: output format and file, warnings limit,
 * --quiet, stdin, --config, --rule, --nginx-version, --print-config, colors, --debug.
 */
import * as fs from 'fs';
import * as path from 'path';
import { expectFatal, onlyRules, onlyRulesConfig, removeTempDirs, runCli, tempDir } from '../support/cli';
import { findings, mainConfig, parseJson, reportedFiles, RULE, WS_SITE, WS_SITE_FIXED } from './fixtures';

afterAll(removeTempDirs);

const TEST_RULES = ['--require', path.join(__dirname, 'support', 'test-rules.js')];
const only = (...ids: string[]) => onlyRules(RULE, ...ids);
const ESC = '\u001b[';

describe('-f, --format and -o, --output-file', () => {
  test('-o writes the report to the file (creating its folder) and nothing to stdout', () => {
    const dir = tempDir({ 'app.conf': WS_SITE });
    const run = runCli([...only(), '-f', 'compact', '-o', 'reports/lint.txt', 'app.conf'], { cwd: dir });
    expect(run).toEqual({ status: 1, stdout: '', stderr: '' });
    expect(fs.readFileSync(path.join(dir, 'reports/lint.txt'), 'utf8')).toMatch(/^app\.conf:3:5: error .* \[websocket-http-version\]\n$/);
  });

  test('--output-file= and --format= forms work too', () => {
    const dir = tempDir({ 'app.conf': WS_SITE });
    const run = runCli([...only(), '--format=json', '--output-file=report.json', 'app.conf'], { cwd: dir });
    expect(run.status).toBe(1);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'report.json'), 'utf8'))).toHaveLength(1);
  });

  test('an output file that cannot be written is fatal', () => {
    const dir = tempDir({ 'app.conf': WS_SITE });
    expectFatal(runCli([...only(), '-o', 'app.conf/report.txt', 'app.conf'], { cwd: dir }), /^ngxlint: app\.conf\/report\.txt: /m);
  });

  test('an unknown format is fatal before anything is fixed', () => {
    const dir = tempDir({ 'app.conf': WS_SITE });
    expectFatal(runCli(['--fix', '-f', 'xml', 'app.conf'], { cwd: dir }), /--format "xml": unknown format \(use stylish, json, sarif, github, compact\)/);
    expect(fs.readFileSync(path.join(dir, 'app.conf'), 'utf8')).toBe(WS_SITE);
  });
});

describe('--max-warnings and --quiet', () => {
  const warnOnly = () => [...only(), '--rule', `${RULE}: warn`];

  test('warnings alone exit 0; more than --max-warnings exit 1 with a note on stderr', () => {
    const dir = tempDir({ 'a.conf': WS_SITE, 'b.conf': WS_SITE });
    expect(runCli([...warnOnly(), '.'], { cwd: dir }).status).toBe(0);
    expect(runCli([...warnOnly(), '--max-warnings', '2', '.'], { cwd: dir }).status).toBe(0);
    expect(runCli([...warnOnly(), '--max-warnings', '-1', '.'], { cwd: dir }).status).toBe(0);
    const over = runCli([...warnOnly(), '--max-warnings', '1', '.'], { cwd: dir });
    expect(over.status).toBe(1);
    expect(over.stderr).toBe('ngxlint found too many warnings (maximum: 1).\n');
    expect(over.stdout).toMatch(/2 problems \(0 errors, 2 warnings\)/);
    expect(runCli([...warnOnly(), '--max-warnings=0', '.'], { cwd: dir }).status).toBe(1);
  });

  test('a --max-warnings that is not a whole number is fatal', () => {
    const dir = tempDir({ 'a.conf': WS_SITE });
    expectFatal(runCli(['--max-warnings', 'ten', 'a.conf'], { cwd: dir }), /--max-warnings "ten": expected a whole number/);
    expectFatal(runCli(['--max-warnings', '1.5', 'a.conf'], { cwd: dir }), /--max-warnings "1\.5"/);
    expectFatal(runCli(['a.conf', '--max-warnings'], { cwd: dir }), /not enough arguments following: max-warnings/i);
  });

  test('--quiet reports errors only (and warnings do not count)', () => {
    const dir = tempDir({ 'a.conf': WS_SITE, 'broken.conf': 'events {\n' });
    const all = runCli([...warnOnly(), '-f', 'json', '.'], { cwd: dir });
    expect(findings(all, dir)).toEqual([`a.conf:3:5 ${RULE}`, 'broken.conf:1:8 fatal']);
    const quiet = runCli([...warnOnly(), '-f', 'json', '--quiet', '.'], { cwd: dir });
    expect(findings(quiet, dir)).toEqual(['broken.conf:1:8 fatal']);
    expect(quiet.status).toBe(1);
    fs.rmSync(path.join(dir, 'broken.conf'));
    expect(runCli([...warnOnly(), '--quiet', '--max-warnings', '0', '.'], { cwd: dir })).toEqual({ status: 0, stdout: '', stderr: '' });
  });
});

describe('--stdin and --stdin-filename', () => {
  test('--stdin lints standard input as <stdin>', () => {
    const run = runCli([...only(), '--stdin', '-f', 'compact'], { input: WS_SITE, cwd: tempDir() });
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/^<stdin>:3:5: error .*\[websocket-http-version\]\n$/);
  });

  test('--stdin-filename names the text, and its includes and context come from that name', () => {
    const dir = tempDir({ 'sites-enabled/app': WS_SITE });
    const site = runCli([...only(), '--stdin', '--stdin-filename', 'sites-enabled/other', '-f', 'compact'], { input: WS_SITE, cwd: dir });
    expect(site.stdout).toMatch(/^sites-enabled\/other:3:5: error /);
    // The text as nginx.conf: its include is read from disk, relative to that name.
    const main = runCli([...only(), '--stdin', '--stdin-filename', 'nginx.conf', '-f', 'json'], { input: mainConfig('sites-enabled/*'), cwd: dir });
    expect(findings(main, dir)).toEqual([`sites-enabled/app:3:5 ${RULE}`]);
    expect(reportedFiles(main, dir)).toEqual(['nginx.conf', 'sites-enabled/app']);
  });

  test('a --stdin-filename that the configuration ignores reports nothing', () => {
    const dir = tempDir({ '.ngxlintrc.json': JSON.stringify({ ignore: ['vendor/'] }) });
    expect(runCli(['--stdin', '--stdin-filename', 'vendor/x.conf'], { input: WS_SITE, cwd: dir })).toEqual({ status: 0, stdout: '', stderr: '' });
  });

  test('misuse is fatal: files and --stdin, --stdin-filename without --stdin', () => {
    const dir = tempDir({ 'a.conf': WS_SITE });
    expectFatal(runCli(['--stdin', 'a.conf'], { input: WS_SITE, cwd: dir }), /--stdin lints standard input; do not give files too/);
    expectFatal(runCli(['--stdin-filename', 'x.conf', 'a.conf'], { cwd: dir }), /--stdin-filename needs --stdin/);
  });
});

describe('-c, --config and --rule', () => {
  test('-c uses the given file instead of the one found from the working folder', () => {
    const dir = tempDir({
      '.ngxlintrc.json': JSON.stringify({ rules: { ...onlyRulesConfig(RULE), [RULE]: 'off' } }),
      'ci/strict.json': JSON.stringify({ rules: { ...onlyRulesConfig(RULE), [RULE]: 'warn' } }),
      'app.conf': WS_SITE,
    });
    expect(parseJson(runCli(['-f', 'json', 'app.conf'], { cwd: dir }))[0].messages).toEqual([]);
    const run = runCli(['-c', 'ci/strict.json', '-f', 'json', 'app.conf'], { cwd: dir });
    expect(parseJson(run)[0].messages).toEqual([expect.objectContaining({ ruleId: RULE, severity: 1 })]);
    expect(runCli(['--config', 'ci/strict.json', 'app.conf'], { cwd: dir }).status).toBe(0);
  });

  test('-c with a missing file, a folder or nothing is fatal', () => {
    const dir = tempDir({ 'app.conf': WS_SITE, 'ci/x': null });
    expectFatal(runCli(['-c', 'nope.json', 'app.conf'], { cwd: dir }), /^ngxlint: nope\.json: no such configuration file$/m);
    expectFatal(runCli(['-c', 'ci', 'app.conf'], { cwd: dir }), /^ngxlint: ci: is a directory/m);
    expectFatal(runCli(['app.conf', '-c'], { cwd: dir }), /not enough arguments following: c/i);
  });

  test('--rule sets levels, is repeatable, and wins over the configuration file', () => {
    const dir = tempDir({ '.ngxlintrc.json': JSON.stringify({ rules: { [RULE]: 'warn' } }), 'app.conf': WS_SITE });
    const level = (...args: string[]) => parseJson(runCli([...only(), ...args, '-f', 'json', 'app.conf'], { cwd: dir }))[0].messages.map((m) => m.severity);
    expect(level()).toEqual([1]);
    expect(level('--rule', `${RULE}: error`)).toEqual([2]);
    expect(level('--rule', `${RULE}: off`)).toEqual([]);
    expect(level('--rule', `${RULE}: off`, '--rule', `${RULE}=error`)).toEqual([2]); // the last one wins
    expect(level('--rule', `${RULE}:error`, 'app.conf')).toEqual([2]); // --rule takes one value, not the file after it
  });

  test('--rule with options as JSON', () => {
    const dir = tempDir({ 'nginx.conf': 'events {\n    worker_connections 4096;\n}\n' });
    const run = (value: string) => runCli([...only(), '--rule', `test-options: ${value}`, '-f', 'compact', 'nginx.conf'], { cwd: dir, nodeArgs: TEST_RULES });
    expect(run('warn').stdout).toMatch(/worker_connections 4096 is above 1024 \[test-options\]/);
    expect(run('["warn", {"max": 8192}]').stdout).toBe('');
    expectFatal(run('["warn", {"max": "lots"}]'), /--rule "test-options: .*": test-options\[1\]\.max: expected number, got string/);
    expectFatal(run('["warn", {"max": 1, "maxi": 1}]'), /test-options\[1\]: unknown key "maxi"/);
    expectFatal(run('["warn", {}]'), /test-options\[1\]\.max: missing \(expected number\)/);
  });

  test('a bad --rule is fatal: bad level, unknown rule, bad shape, options for a rule without any', () => {
    const dir = tempDir({ 'app.conf': WS_SITE });
    expectFatal(runCli(['--rule', `${RULE}: wrn`, 'app.conf'], { cwd: dir }), /--rule ".*": expected "off", "warn" or "error", got "wrn"/);
    expectFatal(runCli(['--rule', 'no-such-rule: off', 'app.conf'], { cwd: dir }), /unknown rule "no-such-rule"/);
    expectFatal(runCli(['--rule', 'websocket-http-versoin: off', 'app.conf'], { cwd: dir }), /did you mean "websocket-http-version"\?/);
    expectFatal(runCli(['--rule', 'just-text', 'app.conf'], { cwd: dir }), /--rule "just-text": expected "rule-id: off\|warn\|error"/);
    expectFatal(runCli(['--rule', `${RULE}: ["warn", {"x": 1}]`, 'app.conf'], { cwd: dir }), /takes no options/);
    expectFatal(runCli(['--rule', `${RULE}: [warn]`, 'app.conf'], { cwd: dir }), /not valid JSON/);
    expectFatal(runCli(['app.conf', '--rule'], { cwd: dir }), /not enough arguments following: rule/i);
  });
});

describe('--nginx-version', () => {
  test('the target version changes what is reported (nginx 1.29.7+ proxies with HTTP/1.1 by default)', () => {
    const dir = tempDir({ 'app.conf': WS_SITE });
    expect(runCli([...only(), '--nginx-version', '1.24.0', 'app.conf'], { cwd: dir }).status).toBe(1);
    expect(runCli([...only(), '--nginx-version', '1.30.0', 'app.conf'], { cwd: dir })).toEqual({ status: 0, stdout: '', stderr: '' });
    const old = runCli([...only(), '--nginx-version', '1.24.0', '-f', 'compact', 'app.conf'], { cwd: dir });
    expect(old.stdout).toMatch(/1\.24\.0/);
  });

  test('a bad version is fatal', () => {
    const dir = tempDir({ 'app.conf': WS_SITE });
    expectFatal(runCli(['--nginx-version', 'latest', 'app.conf'], { cwd: dir }), /--nginx-version "latest": expected a version such as 1\.24\.0/);
  });
});

describe('--print-config FILE', () => {
  test('prints the settings that apply to the file, overrides merged', () => {
    const dir = tempDir({
      '.ngxlintrc.json': JSON.stringify({
        nginxVersion: '1.24.0',
        websocket: { paths: ['/live'] },
        ignore: ['vendor/**'],
        overrides: [{ files: 'sites-enabled/*', rules: { [RULE]: 'warn' } }],
      }),
    });
    const print = (file: string, ...args: string[]) => {
      const run = runCli(['--print-config', file, ...args], { cwd: dir });
      expect(run.status).toBe(0);
      return JSON.parse(run.stdout) as { file: string; configFile: string; ignored: boolean; rules: Record<string, unknown>; nginxVersion: string; websocket: unknown };
    };
    const site = print('sites-enabled/app');
    expect(site).toMatchObject({
      file: 'sites-enabled/app',
      configFile: path.join(dir, '.ngxlintrc.json'),
      ignored: false,
      nginxVersion: '1.24.0',
      websocket: { paths: ['/live'], heuristics: true },
    });
    expect(site.rules[RULE]).toBe('warn');
    expect(print('nginx.conf').rules[RULE]).toBe('error');
    expect(print('nginx.conf', '--rule', `${RULE}: off`).rules[RULE]).toBe('off');
    expect(print('vendor/x.conf').ignored).toBe(true);
  });
});

describe('colors: --color, --no-color, NO_COLOR, FORCE_COLOR', () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir({ 'app.conf': WS_SITE });
  });
  const stylish = (args: string[], env: NodeJS.ProcessEnv) => runCli([...only(), ...args, 'app.conf'], { cwd: dir, env }).stdout;

  test('not a terminal, no flag, no variables: no colors', () => {
    expect(stylish([], { NO_COLOR: undefined })).not.toContain(ESC);
  });
  test('--color forces colors on, even with NO_COLOR', () => {
    expect(stylish(['--color'], { NO_COLOR: undefined })).toContain(`${ESC}31merror${ESC}39m`);
    expect(stylish(['--color'], { NO_COLOR: '1' })).toContain(ESC);
  });
  test('--no-color forces them off, even with FORCE_COLOR', () => {
    expect(stylish(['--no-color'], { NO_COLOR: undefined, FORCE_COLOR: '1' })).not.toContain(ESC);
  });
  test('FORCE_COLOR turns them on; FORCE_COLOR=0 does not', () => {
    expect(stylish([], { NO_COLOR: undefined, FORCE_COLOR: '1' })).toContain(ESC);
    expect(stylish([], { NO_COLOR: undefined, FORCE_COLOR: '0' })).not.toContain(ESC);
  });
  test('NO_COLOR (any non-empty value) turns them off, before FORCE_COLOR', () => {
    expect(stylish([], { NO_COLOR: '1', FORCE_COLOR: '1' })).not.toContain(ESC);
    expect(stylish([], { NO_COLOR: '', FORCE_COLOR: '1' })).toContain(ESC);
  });
  test('a report written with -o has no colors unless --color says so', () => {
    runCli([...only(), '-o', 'plain.txt', 'app.conf'], { cwd: dir, env: { NO_COLOR: undefined, FORCE_COLOR: '1' } });
    expect(fs.readFileSync(path.join(dir, 'plain.txt'), 'utf8')).not.toContain(ESC);
    runCli([...only(), '--color', '-o', 'colored.txt', 'app.conf'], { cwd: dir });
    expect(fs.readFileSync(path.join(dir, 'colored.txt'), 'utf8')).toContain(ESC);
  });
});

describe('--debug', () => {
  test('says on stderr which configuration and files it uses; stdout is the same', () => {
    const dir = tempDir({ '.ngxlintrc.json': JSON.stringify({ rules: onlyRulesConfig(RULE) }), 'nginx.conf': mainConfig('sites-enabled/*'), 'sites-enabled/app': WS_SITE });
    const plain = runCli(['.'], { cwd: dir });
    const debug = runCli(['--debug', '.'], { cwd: dir });
    expect(debug.stdout).toBe(plain.stdout);
    expect(debug.status).toBe(plain.status);
    expect(debug.stderr).toContain(`ngxlint:debug configuration: ${path.join(dir, '.ngxlintrc.json')}\n`);
    expect(debug.stderr).toContain('ngxlint:debug files: nginx.conf, sites-enabled/app\n');
    expect(debug.stderr).toContain('ngxlint:debug nginx.conf: context main (main), 1 included file(s)\n');
    expect(debug.stderr.split('\n').filter(Boolean).every((l) => l.startsWith('ngxlint:debug '))).toBe(true);
  });

  test('an internal error is one line without --debug, and shows its stack trace with it', () => {
    const dir = tempDir({ 'app.conf': 'server {\n    server_tokens build;\n}\n' });
    const plain = runCli(['app.conf'], { cwd: dir, nodeArgs: TEST_RULES });
    expectFatal(plain, /^ngxlint: internal error: test-crash: a rule crashed \(run with --debug for details\)$/m);
    const debug = runCli(['--debug', 'app.conf'], { cwd: dir, nodeArgs: TEST_RULES });
    expect(debug.status).toBe(2);
    expect(debug.stderr).toMatch(/^ngxlint: internal error: test-crash: a rule crashed\n/m);
    expect(debug.stderr).toMatch(/^\s+at .*test-rules\.js/m);
  });
});

describe('fixed output stays fixed', () => {
  test('a clean file: no output at all, exit 0', () => {
    const dir = tempDir({ 'app.conf': WS_SITE_FIXED });
    for (const format of ['stylish', 'compact', 'github']) {
      expect(runCli([...only(), '-f', format, 'app.conf'], { cwd: dir })).toEqual({ status: 0, stdout: '', stderr: '' });
    }
  });
});
