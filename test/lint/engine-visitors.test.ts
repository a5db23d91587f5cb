/**
 * The engine's hand-offs to rules that the rules' own tests do not tell apart, with synthetic
 * rules on real files: `namedDirective` visitors (read from the model's index by name) see what a
 * `directive` visitor that filters by name sees.
 */
import * as path from 'path';
import { lintConfig } from '../../src/lint/engine';
import type { ModelDirective } from '../../src/model/config-model';
import { removeTempDirs, tempDir } from '../support/cli';
import { engineWith, FILES_WITH_INCLUDES, syntheticRule } from '../support/synthetic-rules';

afterAll(() => removeTempDirs());

/** Where a directive stands, for comparing what visitors saw. */
function place(d: ModelDirective): string {
  return `${path.basename(d.file.path)}:${d.node.line} ${d.node.name} ${d.args.join(' ')}`;
}

test('namedDirective visitors see, in document order, what a filtering directive visitor sees', () => {
  const main = path.join(tempDir(FILES_WITH_INCLUDES), 'nginx.conf');
  const seen: Record<string, string[]> = { filtered: [], one: [], several: [], filteredSeveral: [] };
  const filtering = syntheticRule('filtering', () => ({
    directive(d) {
      if (d.node.name === 'proxy_pass') seen.filtered.push(place(d));
      if (d.node.name === 'proxy_pass' || d.node.name === 'proxy_set_header') seen.filteredSeveral.push(place(d));
    },
  }));
  const one = syntheticRule('one-name', () => ({ namedDirective: { names: ['proxy_pass'], visit: (d) => seen.one.push(place(d)) } }));
  const several = syntheticRule('several-names', () => ({
    namedDirective: { names: ['proxy_set_header', 'proxy_pass'], visit: (d) => seen.several.push(place(d)) },
  }));
  lintConfig(main, {}, engineWith(filtering, one, several));
  // Directives of included files come where the include stands; the map entry named proxy_pass is data.
  expect(seen.filtered).toEqual([
    'a.conf:1 proxy_pass http://u/a',
    'nginx.conf:10 proxy_pass http://u',
    'headers.conf:2 proxy_pass http://u/snippet',
    'nginx.conf:12 proxy_pass http://u/if',
  ]);
  expect(seen.one).toEqual(seen.filtered);
  expect(seen.several).toEqual(seen.filteredSeveral);
  expect(seen.several.length).toBeGreaterThan(seen.one.length);
});
