/**
 * Conformance with NGINX's crossplane: every case of ../shared/corpus/parser, run through the real
 * `ngxlint parse` from inside its folder with the options the expected file was made with, must
 * print JSON deep-equal to what crossplane printed. The corpus is read in place, never copied.
 *
 * The same holds for our own tokenizer cases (test/fixtures/tokenizer, payloads derived from
 * crossplane's source), and for test/fixtures/crossplane-differences, where the expected payload
 * is what nginx really does and crossplane is wrong (see each case's NOTE.md).
 */
import * as fs from 'fs';
import * as path from 'path';
import { REPO_ROOT, runCli, SHARED_CORPUS } from '../support/cli';

const OWN_CASES = [path.join(REPO_ROOT, 'test', 'fixtures', 'tokenizer'), path.join(REPO_ROOT, 'test', 'fixtures', 'crossplane-differences')];

/** `NAME.<variant>.expected.json` → the crossplane options that produced it. */
const VARIANTS: Record<string, string[]> = {
  '': [],
  comments: ['--include-comments'],
  combine: ['--combine'],
  'single-file': ['--single-file'],
  strict: ['--strict'],
};

interface Case {
  folder: string;
  config: string;
  variant: string;
  expectedFile: string;
}

function corpusCases(root: string): Case[] {
  const cases: Case[] = [];
  for (const folder of fs.readdirSync(root).sort()) {
    const dir = path.join(root, folder);
    if (!fs.statSync(dir).isDirectory()) continue;
    for (const file of fs.readdirSync(dir).sort()) {
      const match = /^(.*?)\.(?:(comments|combine|single-file|strict)\.)?expected\.json$/.exec(file);
      if (!match) continue;
      cases.push({ folder, config: `${match[1]}.conf`, variant: match[2] ?? '', expectedFile: file });
    }
  }
  return cases;
}

const cases = corpusCases(SHARED_CORPUS);
const ownCases = OWN_CASES.flatMap((root) => corpusCases(root).map((c) => ({ ...c, root })));

test('the shared corpus is there and has every variant', () => {
  expect(cases.length).toBeGreaterThan(60);
  const folders = new Set(cases.map((c) => c.folder));
  expect(folders.size).toBe(fs.readdirSync(SHARED_CORPUS).filter((f) => fs.statSync(path.join(SHARED_CORPUS, f)).isDirectory()).length);
  for (const variant of Object.keys(VARIANTS)) expect(cases.some((c) => c.variant === variant)).toBe(true);
});

test('our own tokenizer and crossplane-difference cases are there', () => {
  expect(ownCases.length).toBeGreaterThan(45);
});

test.each([
  ...cases.map((c) => [`corpus ${c.folder}/${c.expectedFile}`, { ...c, root: SHARED_CORPUS }] as const),
  ...ownCases.map((c) => [`${path.basename(c.root)} ${c.folder}/${c.expectedFile}`, c] as const),
])('%s', (_name, c) => {
  const cwd = path.join(c.root, c.folder);
  const run = runCli(['parse', ...VARIANTS[c.variant], '--indent', '2', c.config], { cwd });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  const expected = JSON.parse(fs.readFileSync(path.join(cwd, c.expectedFile), 'utf8'));
  expect(JSON.parse(run.stdout)).toEqual(expected);
});
