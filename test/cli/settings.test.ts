/**
 * The configuration file: where it is found, how it is validated (every mistake is fatal and named
 * by its JSON path), and what each key does — through real processes.
 */
import * as fs from 'fs';
import * as path from 'path';
import { expectFatal, onlyRulesConfig, removeTempDirs, runCli, tempDir, writeFiles } from '../support/cli';
import { findings, mainConfig, parseJson, reportedFiles, RULE, WS_SITE } from './fixtures';

afterAll(removeTempDirs);

const TEST_RULES = ['--require', path.join(__dirname, 'support', 'test-rules.js')];

/** A configuration that leaves only websocket-http-version on, plus `extra`. */
function rc(extra: Record<string, unknown> = {}): string {
  const { rules, ...rest } = extra as { rules?: Record<string, unknown> };
  return JSON.stringify({ rules: { ...onlyRulesConfig(RULE), ...rules }, ...rest });
}

function severities(dir: string, args: string[] = ['.'], cwd = dir): string[] {
  const run = runCli(['-f', 'json', ...args], { cwd });
  return parseJson(run).flatMap((r) =>
    r.messages.map((m) => `${path.relative(dir, r.filePath)}:${m.line} ${m.fatal ? 'fatal' : m.ruleId} ${m.severity === 2 ? 'error' : 'warning'}`),
  );
}

describe('finding the configuration', () => {
  test('.ngxlintrc.json in the working folder or the nearest folder above it', () => {
    const dir = tempDir({ '.ngxlintrc.json': rc({ rules: { [RULE]: 'warn' } }), 'deep/er/app.conf': WS_SITE });
    expect(severities(dir, ['app.conf'], path.join(dir, 'deep/er'))).toEqual([`deep/er/app.conf:3 ${RULE} warning`]);
    // A nearer file wins.
    writeFiles(dir, { 'deep/.ngxlintrc.json': rc({ rules: { [RULE]: 'off' } }) });
    expect(severities(dir, ['app.conf'], path.join(dir, 'deep/er'))).toEqual([]);
  });

  test('the "ngxlint" key of package.json; a package.json without it is passed over', () => {
    const dir = tempDir({
      'package.json': JSON.stringify({ name: 'site', ngxlint: JSON.parse(rc({ rules: { [RULE]: 'warn' } })) }),
      'web/package.json': JSON.stringify({ name: 'web' }),
      'web/app.conf': WS_SITE,
    });
    expect(severities(dir, ['app.conf'], path.join(dir, 'web'))).toEqual([`web/app.conf:3 ${RULE} warning`]);
  });

  test('.ngxlintrc.json wins over package.json in the same folder', () => {
    const dir = tempDir({
      'package.json': JSON.stringify({ ngxlint: { rules: { [RULE]: 'off' } } }),
      '.ngxlintrc.json': rc({ rules: { [RULE]: 'warn' } }),
      'app.conf': WS_SITE,
    });
    expect(severities(dir, ['app.conf'])).toEqual([`app.conf:3 ${RULE} warning`]);
  });

  test('-c package.json reads its "ngxlint" key', () => {
    const dir = tempDir({ 'cfg/package.json': JSON.stringify({ ngxlint: JSON.parse(rc({ rules: { [RULE]: 'warn' } })) }), 'app.conf': WS_SITE });
    expect(severities(dir, ['-c', 'cfg/package.json', 'app.conf'])).toEqual([`app.conf:3 ${RULE} warning`]);
  });
});

describe('an invalid configuration is fatal and names the JSON path and what was expected', () => {
  const cases: Array<[string, unknown, RegExp]> = [
    ['an unknown top-level key', { rule: {} }, /invalid configuration: unknown key "rule" \(expected one of: \$schema, rules, nginxVersion, includeRoot, websocket, ignore, overrides\)$/],
    ['a misspelt level', { rules: { [RULE]: 'wrn' } }, /invalid configuration: rules\.websocket-http-version: expected "off", "warn", "error" or \[.*\], got "wrn"$/],
    ['a level that is a number', { rules: { [RULE]: 2 } }, /rules\.websocket-http-version: expected .*, got 2$/],
    ['a boolean that is a string', { websocket: { heuristics: 'yes' } }, /invalid configuration: websocket\.heuristics: expected true or false, got "yes"$/],
    ['an unknown key in websocket', { websocket: { path: ['/ws'] } }, /websocket: unknown key "path" \(expected one of: paths, heuristics\)$/],
    ['paths that are not an array', { websocket: { paths: '/ws' } }, /websocket\.paths: expected array, got string$/],
    ['an unknown rule id', { rules: { 'no-such-rule': 'off' } }, /invalid configuration: rules\.no-such-rule: unknown rule "no-such-rule" \(see `ngxlint rules`\)$/],
    ['a misspelt rule id', { rules: { 'websocket-http-versoin': 'off' } }, /rules\.websocket-http-versoin: unknown rule .* \(did you mean "websocket-http-version"\?\)$/],
    ['options for a rule that takes none', { rules: { [RULE]: ['warn', { x: 1 }] } }, /rules\.websocket-http-version\[1\]: the rule "websocket-http-version" takes no options$/],
    ['options that are not an object', { rules: { [RULE]: ['warn', 3] } }, /rules\.websocket-http-version: expected .*\[.*\], got an array$/],
    ['a bad nginxVersion', { nginxVersion: 'latest' }, /invalid configuration: nginxVersion: expected a version such as "1\.24\.0", got "latest"$/],
    ['ignore that is not an array', { ignore: 'vendor' }, /invalid configuration: ignore: expected an array of globs, got "vendor"$/],
    ['an empty glob', { ignore: [''] }, /ignore\[0\]: expected a glob, not an empty string$/],
    ['overrides without files', { overrides: [{ rules: {} }] }, /overrides\[0\]\.files: expected a glob or a non-empty array of globs/],
    ['overrides with an empty files list', { overrides: [{ files: [], rules: {} }] }, /overrides\[0\]\.files: expected at least one glob$/],
    ['an unknown key in overrides', { overrides: [{ files: 'x', rules: {}, rule: {} }] }, /overrides\[0\]: unknown key "rule" \(expected one of: files, rules\)$/],
    ['an unknown rule in overrides', { overrides: [{ files: 'x', rules: { nope: 'off' } }] }, /overrides\[0\]\.rules\.nope: unknown rule "nope"/],
    ['rule options the rule rejects: its own reason', { rules: { 'websocket-read-timeout': ['warn', { minimumSeconds: 'abc' }] } }, /rules\.websocket-read-timeout\[1\]\.minimumSeconds: "abc" is not an nginx time \(e\.g\. 60, 90s, 5m, 1h 30m\)$/],
    ['rule options of no accepted type: the types', { rules: { 'websocket-read-timeout': ['warn', { minimumSeconds: true }] } }, /rules\.websocket-read-timeout\[1\]\.minimumSeconds: expected number or string, got true$/],
    ['a missing includeRoot folder', { includeRoot: 'deploy' }, /invalid configuration: includeRoot: no such folder: .*deploy$/],
    ['not an object', [], /invalid configuration: expected object, got array$/],
  ];
  test.each(cases)('%s', (_name, config, pattern) => {
    const dir = tempDir({ '.ngxlintrc.json': JSON.stringify(config), 'app.conf': WS_SITE });
    const run = runCli(['app.conf'], { cwd: dir });
    expectFatal(run, pattern);
    expect(run.stderr).toMatch(/^ngxlint: \.ngxlintrc\.json: invalid configuration: /);
  });

  test('bad rule options, validated by the rule', () => {
    const dir = tempDir({ '.ngxlintrc.json': JSON.stringify({ rules: { 'test-options': ['warn', { max: 'lots' }] } }), 'nginx.conf': 'events {}\n' });
    expectFatal(runCli(['nginx.conf'], { cwd: dir, nodeArgs: TEST_RULES }), /invalid configuration: rules\.test-options\[1\]\.max: expected number, got string$/);
  });

  test('in package.json the path starts at "ngxlint"', () => {
    const dir = tempDir({ 'package.json': JSON.stringify({ ngxlint: { rules: { [RULE]: 'wrn' } } }), 'app.conf': WS_SITE });
    expectFatal(runCli(['app.conf'], { cwd: dir }), /^ngxlint: package\.json: invalid configuration: ngxlint\.rules\.websocket-http-version: /);
  });

  test('invalid JSON', () => {
    const dir = tempDir({ '.ngxlintrc.json': '{ "rules": { } ', 'app.conf': WS_SITE });
    expectFatal(runCli(['app.conf'], { cwd: dir }), /^ngxlint: \.ngxlintrc\.json: invalid JSON: /);
  });

  test('a file found above the working folder is named by its full path', () => {
    const dir = tempDir({ '.ngxlintrc.json': '{"x": 1}', 'sub/app.conf': WS_SITE });
    expectFatal(runCli(['app.conf'], { cwd: path.join(dir, 'sub') }), new RegExp(`^ngxlint: ${dir}/\\.ngxlintrc\\.json: invalid configuration: unknown key "x"`));
  });
});

describe('what each key does', () => {
  test('rules: "off" | "warn" | "error" and [level, options]', () => {
    const dir = tempDir({ 'app.conf': WS_SITE, 'nginx.conf': 'events {\n    worker_connections 4096;\n}\n' });
    const withRules = (rules: Record<string, unknown>) => {
      fs.writeFileSync(path.join(dir, '.ngxlintrc.json'), rc({ rules }));
      return runCli(['-f', 'json', '.'], { cwd: dir, nodeArgs: TEST_RULES });
    };
    const levels = (rules: Record<string, unknown>) => parseJson(withRules(rules)).flatMap((r) => r.messages.map((m) => `${m.ruleId}:${m.severity}`));
    expect(levels({ [RULE]: 'off', 'test-options': 'off' })).toEqual([]);
    expect(levels({ [RULE]: 'warn', 'test-options': 'error' })).toEqual([`${RULE}:1`, 'test-options:2']);
    expect(levels({ [RULE]: ['error'], 'test-options': ['warn', { max: 8192 }] })).toEqual([`${RULE}:2`]);
    expect(levels({ [RULE]: 'off', 'test-options': ['warn', { max: 100 }] })).toEqual(['test-options:1']);
  });

  test('nginxVersion: the target version', () => {
    const dir = tempDir({ '.ngxlintrc.json': rc({ nginxVersion: '1.30.0' }), 'app.conf': WS_SITE });
    expect(severities(dir)).toEqual([]);
    // The command line wins.
    expect(severities(dir, ['--nginx-version', '1.24.0', '.'])).toEqual([`app.conf:3 ${RULE} error`]);
  });

  test('includeRoot: relative to the configuration file, maps absolute includes', () => {
    const dir = tempDir({
      '.ngxlintrc.json': rc({ includeRoot: '/srv/ngxlint-test=deploy/nginx' }),
      'deploy/nginx/nginx.conf': mainConfig('/srv/ngxlint-test/sites-enabled/*'),
      'deploy/nginx/sites-enabled/app': WS_SITE,
    });
    const run = runCli(['-f', 'json', 'nginx.conf'], { cwd: path.join(dir, 'deploy/nginx') });
    expect(findings(run, dir)).toEqual([`deploy/nginx/sites-enabled/app:3:5 ${RULE}`]);
  });

  test('websocket.paths marks locations as WebSocket endpoints; websocket.heuristics: false stops guessing', () => {
    const site = 'server {\n    location /live {\n        proxy_pass http://backend;\n    }\n    location /ws {\n        proxy_pass http://backend;\n    }\n}\n';
    const dir = tempDir({ 'app.conf': site });
    const lines = (config: Record<string, unknown>) => {
      fs.writeFileSync(path.join(dir, '.ngxlintrc.json'), rc(config));
      return severities(dir).map((f) => f.split(' ')[0]);
    };
    expect(lines({})).toEqual(['app.conf:5']); // /ws by its name
    expect(lines({ websocket: { paths: ['/live'] } })).toEqual(['app.conf:2', 'app.conf:5']);
    expect(lines({ websocket: { heuristics: false } })).toEqual([]);
    expect(lines({ websocket: { paths: ['/live'], heuristics: false } })).toEqual(['app.conf:2']);
  });

  test('ignore: globs relative to the configuration file skip files, even named ones; --ignore-pattern adds some', () => {
    const dir = tempDir({
      '.ngxlintrc.json': rc({ ignore: ['vendor/', 'sites-available/*.bak', '**/generated-*.conf'] }),
      'app.conf': WS_SITE,
      'vendor/third-party.conf': WS_SITE,
      'sites-available/old.bak': WS_SITE,
      'sites-available/site': WS_SITE,
      'conf.d/generated-x.conf': WS_SITE,
      'conf.d/other.conf': WS_SITE,
    });
    expect(reportedFiles(runCli(['-f', 'json', '.'], { cwd: dir }), dir)).toEqual(['app.conf', 'conf.d/other.conf', 'sites-available/site']);
    expect(reportedFiles(runCli(['-f', 'json', '--ignore-pattern', 'conf.d/*', '.'], { cwd: dir }), dir)).toEqual(['app.conf', 'sites-available/site']);
    // From a subfolder the globs still count from the configuration file's folder.
    expectFatal(runCli(['-f', 'json', '.'], { cwd: path.join(dir, 'vendor') }), /every nginx config file in \. is ignored \(see "ignore" in .*\.ngxlintrc\.json/);
    // A named file that is ignored is skipped (pre-commit hooks name every changed file).
    expect(runCli(['vendor/third-party.conf'], { cwd: dir })).toEqual({ status: 0, stdout: '', stderr: '' });
    expect(reportedFiles(runCli(['-f', 'json', 'vendor/third-party.conf', 'app.conf'], { cwd: dir }), dir)).toEqual(['app.conf']);
  });

  test('overrides: other rule levels for some files', () => {
    const dir = tempDir({
      '.ngxlintrc.json': rc({
        overrides: [
          { files: 'sites-enabled/*', rules: { [RULE]: 'warn' } },
          { files: ['legacy/**', 'old.conf'], rules: { [RULE]: 'off' } },
        ],
      }),
      'app.conf': WS_SITE,
      'old.conf': WS_SITE,
      'sites-enabled/site': WS_SITE,
      'legacy/conf.d/x.conf': WS_SITE,
    });
    expect(severities(dir)).toEqual([`app.conf:3 ${RULE} error`, `sites-enabled/site:3 ${RULE} warning`]);
  });

  test('overrides can turn on a rule that is off', () => {
    const dir = tempDir({
      '.ngxlintrc.json': rc({ rules: { [RULE]: 'off' }, overrides: [{ files: 'sites-enabled/*', rules: { [RULE]: 'error' } }] }),
      'app.conf': WS_SITE,
      'sites-enabled/site': WS_SITE,
    });
    expect(severities(dir)).toEqual([`sites-enabled/site:3 ${RULE} error`]);
  });
});
