/**
 * The README shows output "from a real run on samples/": these tests run the same commands and
 * compare, so a message or a fix that changes cannot leave the README showing something ngxlint no
 * longer prints. When one fails, run the command it names and paste the output into README.md.
 */
import * as fs from 'fs';
import * as path from 'path';
import { REPO_ROOT, runCli } from '../support/cli';

const README = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');

/** The body of the first fenced code block after `marker` in the README. */
function codeBlockAfter(marker: string): string {
  const at = README.indexOf(marker);
  if (at < 0) throw new Error(`README.md no longer contains ${JSON.stringify(marker)}`);
  const open = /```[a-z]*\n/g;
  open.lastIndex = at;
  const fence = open.exec(README);
  if (!fence) throw new Error(`no code block after ${JSON.stringify(marker)} in README.md`);
  const end = README.indexOf('\n```', fence.index + fence[0].length - 1);
  return README.slice(fence.index + fence[0].length, end + 1);
}

test('"What `node dist/src/cli/main.js samples/` prints" is what it prints', () => {
  const run = runCli(['samples/'], { cwd: REPO_ROOT });
  expect(run.status).toBe(1);
  expect(run.stderr).toBe('');
  // stylish starts with a blank line, as ESLint's does; the README's block leaves it out.
  expect(codeBlockAfter('What `node dist/src/cli/main.js samples/` prints')).toBe(run.stdout.replace(/^\n/, ''));
});

test('the --fix-dry-run diff in "What `--fix` does" is what it prints', () => {
  const command = '`node dist/src/cli/main.js --fix-dry-run samples/ws-bare-location-under-server-headers.conf`';
  const run = runCli(['--fix-dry-run', 'samples/ws-bare-location-under-server-headers.conf'], { cwd: REPO_ROOT });
  expect(run.stderr).toBe('');
  expect(codeBlockAfter(command)).toBe(run.stdout);
});
