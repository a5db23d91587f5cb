/**
 * Round trip: for every config we have (the shared crossplane corpus, our tokenizer cases, the
 * realistic layouts, the samples), the text rebuilt from the syntax tree's ranges equals the input
 * bytes, and nothing but whitespace lies between the tree's nodes.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseText } from '../../src/parse/config';
import { rebuildText } from '../../src/parse/rebuild';
import { REPO_ROOT, SHARED_CORPUS } from '../support/cli';

function configFiles(root: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(root, { withFileTypes: true })) {
    const full = path.join(root, entry.name);
    if (entry.isDirectory()) out.push(...configFiles(full));
    else if (!/\.(json|md)$/.test(entry.name) && entry.name !== '.gitattributes') out.push(full);
  }
  return out;
}

const files = [SHARED_CORPUS, path.join(REPO_ROOT, 'test', 'fixtures'), path.join(REPO_ROOT, 'samples')].flatMap(configFiles);

/** Files whose syntax is broken: the tree skips their stray tokens, so only the bytes are compared. */
const BROKEN = /broken-brace|unterminated-quote|variable-brace-with-space|comment-eof-no-newline|eof-missing-semicolon|dollar-brace-no-space/;

test('there are configs to check', () => {
  expect(files.length).toBeGreaterThan(100);
});

test.each(files.map((f) => [path.relative(path.resolve(REPO_ROOT, '..'), f), f]))('%s', (_name, file) => {
  const bytes = fs.readFileSync(file);
  const { ast } = parseText(file, bytes);
  const { text, lost } = rebuildText(ast);
  if (!BROKEN.test(file)) expect(lost).toEqual([]);
  const rebuilt = Buffer.from(lost.length === 0 ? text : ast.text, ast.encoding === 'latin1' ? 'latin1' : 'utf8');
  expect(rebuilt.equals(bytes)).toBe(true);
});
