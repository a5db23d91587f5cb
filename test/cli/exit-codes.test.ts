/**
 * Exit codes: 0 no errors (warnings within --max-warnings), 1 errors or too many warnings, 2 fatal.
 * A fatal error is one line on stderr naming the file or argument and the reason: never a stack
 * trace, never yargs' usage text.
 */
import { spawnSync } from 'child_process';
import { CLI, expectFatal, onlyRules, removeTempDirs, runCli, tempDir } from '../support/cli';
import { CLEAN_SITE, RULE, WS_SITE } from './fixtures';

afterAll(removeTempDirs);

let dir: string;
beforeAll(() => {
  dir = tempDir({ 'clean.conf': CLEAN_SITE, 'ws.conf': WS_SITE, 'broken.conf': 'events {\n', 'conf.d/x.conf': CLEAN_SITE });
});

const only = () => onlyRules(RULE);

test('0: no problems', () => {
  expect(runCli([...only(), 'clean.conf'], { cwd: dir })).toEqual({ status: 0, stdout: '', stderr: '' });
});

test('0: warnings only', () => {
  const run = runCli([...only(), '--rule', `${RULE}: warn`, 'ws.conf'], { cwd: dir });
  expect(run.status).toBe(0);
  expect(run.stdout).toMatch(/1 problem \(0 errors, 1 warning\)/);
});

test('1: an error', () => {
  const run = runCli([...only(), 'ws.conf'], { cwd: dir });
  expect(run.status).toBe(1);
  expect(run.stderr).toBe('');
});

test('1: a file that does not parse (a finding, not a fatal error)', () => {
  const run = runCli([...only(), 'broken.conf'], { cwd: dir });
  expect(run.status).toBe(1);
  expect(run.stdout).toMatch(/broken\.conf\n.*error.*parse-error/);
});

test('1: too many warnings', () => {
  expect(runCli([...only(), '--rule', `${RULE}: warn`, '--max-warnings', '0', 'ws.conf'], { cwd: dir }).status).toBe(1);
});

describe('2: fatal, one line on stderr', () => {
  const cases: Array<[string, string[], RegExp]> = [
    ['an unknown option', ['--frobnicate', 'clean.conf'], /^ngxlint: Unknown argument: frobnicate \(see `ngxlint --help`\)$/],
    ['an unknown short option', ['-Z', 'clean.conf'], /Unknown argument: Z/],
    ['an option without its value (last)', ['clean.conf', '--format'], /^ngxlint: Not enough arguments following: format/],
    ['an option without its value (before another option)', ['--output-file', '--quiet', 'clean.conf'], /Not enough arguments following: output-file/],
    ['a bad --format', ['-f', 'checkstyle', 'clean.conf'], /--format "checkstyle": unknown format/],
    ['a bad --rule', ['--rule', 'websocket-http-version: loud', 'clean.conf'], /--rule "websocket-http-version: loud"/],
    ['a bad --max-warnings', ['--max-warnings', 'many', 'clean.conf'], /--max-warnings "many"/],
    ['a missing file', ['missing.conf'], /^ngxlint: missing\.conf: no such file or directory$/],
    ['a missing -c file', ['-c', 'missing.json', 'clean.conf'], /^ngxlint: missing\.json: no such configuration file$/],
    ['a folder given to parse', ['parse', 'conf.d'], /^ngxlint: conf\.d: is a directory/],
    ['an unknown command-like word', ['explain', 'nothing-like-this'], /unknown rule "nothing-like-this"/],
    ['too many arguments for a command', ['rules', 'extra'], /Unknown argument: extra/],
    ['two options that do not go together', ['--stdin', 'clean.conf'], /--stdin lints standard input/],
    // An option that takes one value, given twice: a usage error naming it, not a guess or a crash.
    ['-o given twice', ['-o', 'a.txt', '-o', 'b.txt', 'clean.conf'], /^ngxlint: --output-file given 2 times \(a\.txt, b\.txt\): it takes one value$/],
    ['-f given twice', ['-f', 'json', '-f', 'compact', 'clean.conf'], /^ngxlint: --format given 2 times \(json, compact\): it takes one value$/],
    ['-c given twice', ['-c', 'a.json', '-c', 'b.json', 'clean.conf'], /^ngxlint: --config given 2 times/],
    ['--stdin-filename given twice', ['--stdin', '--stdin-filename', 'a', '--stdin-filename', 'b'], /^ngxlint: --stdin-filename given 2 times/],
    ['--include-root given twice', ['--include-root', 'a', '--include-root', 'b', 'clean.conf'], /^ngxlint: --include-root given 2 times/],
    ['--print-config given twice', ['--print-config', 'a', '--print-config', 'b'], /^ngxlint: --print-config given 2 times/],
    ['--nginx-version given twice', ['--nginx-version', '1.24.0', '--nginx-version', '1.30.0', 'clean.conf'], /^ngxlint: --nginx-version given 2 times/],
    ['--max-warnings given twice', ['--max-warnings', '1', '--max-warnings', '2', 'clean.conf'], /^ngxlint: --max-warnings given 2 times/],
    ['parse -o given twice', ['parse', '-o', 'x', '-o', 'y', 'clean.conf'], /^ngxlint: --out given 2 times \(x, y\)/],
    ['rules -f given twice', ['rules', '-f', 'json', '-f', 'text'], /^ngxlint: --format given 2 times/],
  ];
  test.each(cases)('%s', (_name, args, pattern) => {
    const run = runCli(args, { cwd: dir, input: '' });
    expectFatal(run, pattern);
    expect(run.stdout).toBe('');
  });

  test('an invalid configuration', () => {
    const bad = tempDir({ '.ngxlintrc.json': '{"rules": {"websocket-http-version": "wrn"}}', 'a.conf': CLEAN_SITE });
    expectFatal(runCli(['a.conf'], { cwd: bad }), /^ngxlint: \.ngxlintrc\.json: invalid configuration: rules\.websocket-http-version: /);
  });

  test('--help goes to stdout with exit 0, even next to other options', () => {
    const run = runCli(['--fix', '--help'], { cwd: dir });
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^ngxlint \[options\]/);
  });
});

test('a switch given twice: the last one wins (--color then --no-color: no colors)', () => {
  const run = runCli([...only(), '--color', '--no-color', 'ws.conf'], { cwd: dir });
  expect(run.status).toBe(1);
  expect(run.stdout).toContain('ws.conf');
  expect(run.stdout).not.toContain('\u001b[');
  expect(runCli([...only(), '--no-color', '--color', 'ws.conf'], { cwd: dir }).stdout).toContain('\u001b[');
});

test('a reader that goes away (ngxlint … | head -1) is not an error: no stack trace', () => {
  const big = tempDir({ 'big.conf': 'http {\n' + '    server { listen 80; location / { root /srv; } }\n'.repeat(20000) + '}\n' });
  const run = spawnSync('sh', ['-c', `"${process.execPath}" "${CLI}" parse --indent 2 big.conf | head -1`], { cwd: big, encoding: 'utf8' });
  expect(run.stdout).toBe('{\n');
  expect(run.stderr).toBe('');
});
