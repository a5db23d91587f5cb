/**
 * `-f github` through the real CLI: workflow commands escaped as @actions/core escapes them
 * (`%`, CR and LF in the message; also `:` and `,` in properties such as the file name), and
 * GitHub's limit of 10 annotations of a kind per step (the renderer's own cases are in
 * test/report/github.test.ts).
 */
import * as path from 'path';
import { onlyRules, removeTempDirs, runCli, tempDir } from '../support/cli';

afterAll(removeTempDirs);

const TEST_RULES = ['--require', path.join(__dirname, 'support', 'test-rules.js')];

/** A workflow command as the runner reads it: `::kind key=value,…::message`, nothing unescaped. */
const COMMAND = /^::(error|warning) file=[^,:%]*(?:%(?:25|3A|2C|0D|0A)[^,:%]*)*,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=[a-z-]+::[^\r\n]*$/;

test('a message with %, :, , and a line break, in a file whose name has : and ,', () => {
  const dir = tempDir({ 'odd:name,1.conf': 'server {\n    add_header X-Test-Message "100% done: a, b\nnext line";\n}\n' });
  const run = runCli(['-f', 'github', ...onlyRules('test-message'), 'odd:name,1.conf'], { cwd: dir, nodeArgs: TEST_RULES });
  expect(run.status).toBe(0);
  expect(run.stdout).toBe('::warning file=odd%3Aname%2C1.conf,line=2,col=5,endLine=3,endColumn=12,title=test-message::100%25 done: a, b%0Anext line\n');
  for (const line of run.stdout.trimEnd().split('\n')) expect(line).toMatch(COMMAND);
});

test('more than 10 of a kind: 10 annotations, then one line saying how many more', () => {
  const headers = Array.from({ length: 12 }, (_, i) => `    add_header X-Test-Message "message ${i + 1}";\n`).join('');
  const dir = tempDir({ 'many.conf': `server {\n${headers}}\n` });
  // Two runs: the rule at error level, then at its default (warning).
  const errors = runCli(['-f', 'github', ...onlyRules('test-message'), '--rule', 'test-message: error', 'many.conf'], { cwd: dir, nodeArgs: TEST_RULES });
  expect(errors.status).toBe(1);
  const lines = errors.stdout.trimEnd().split('\n');
  expect(lines).toHaveLength(11);
  lines.slice(0, 10).forEach((line, i) => {
    expect(line).toMatch(COMMAND);
    expect(line).toBe(`::error file=many.conf,line=${i + 2},col=5,endLine=${i + 2},endColumn=${42 + String(i + 1).length},title=test-message::message ${i + 1}`);
  });
  expect(lines[10]).toBe('ngxlint: 2 more errors not shown as annotations (GitHub shows at most 10 per kind); run ngxlint with -f stylish to see them all');
  const warnings = runCli(['-f', 'github', ...onlyRules('test-message'), 'many.conf'], { cwd: dir, nodeArgs: TEST_RULES });
  expect(warnings.status).toBe(0);
  expect(warnings.stdout.trimEnd().split('\n').slice(-1)).toEqual([
    'ngxlint: 2 more warnings not shown as annotations (GitHub shows at most 10 per kind); run ngxlint with -f stylish to see them all',
  ]);
});
