/**
 * Every file of the realistic layouts that is meant to be included (sites-available, conf.d,
 * snippets, map files …), parsed on its own the way `ngxlint FILE` does, gets its context
 * inferred and no false "not allowed here" — crossplane cannot check such a file at all.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseConfig } from '../../src/parse/config';
import { REPO_ROOT } from '../support/cli';

const LAYOUTS = path.join(REPO_ROOT, 'test', 'fixtures', 'layouts');

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(full));
    else if (!entry.name.endsWith('.md') && entry.name !== 'mime.types' && entry.name !== 'nginx.conf') out.push(full);
  }
  return out;
}

const snippets = filesUnder(LAYOUTS);

test('the layouts have snippets to check', () => {
  expect(snippets.length).toBeGreaterThan(40);
});

test.each(snippets.map((f) => [path.relative(LAYOUTS, f), f]))('%s alone: no "not allowed here"', (_name, file) => {
  const config = parseConfig(file, { mainContext: 'infer', single: true });
  const main = config.files[0];
  expect(main.ast).toBeDefined();
  const wrongContext = main.errors.filter((e) => e.reason.endsWith('is not allowed here'));
  expect(wrongContext.map((e) => e.message)).toEqual([]);
  expect(main.errors.filter((e) => e.fatal)).toEqual([]);
});
