/**
 * The engine's hand-offs to rules that the rules' own tests do not tell apart, with synthetic
 * rules on real files: `namedDirective` visitors (read from the model's index by name) see what a
 * `directive` visitor that filters by name sees.
 */
import * as fs from 'fs';
import * as path from 'path';
import { lintConfig, type EngineOptions } from '../../src/lint/engine';
import type { RuleContext, RuleModule, RuleVisitors } from '../../src/lint/rule';
import type { ModelDirective } from '../../src/model/config-model';
import { removeTempDirs, tempDir } from '../support/cli';

afterAll(() => removeTempDirs());

function syntheticRule(id: string, create: (context: RuleContext<Record<string, never>>) => RuleVisitors): RuleModule {
  return {
    meta: {
      id,
      defaultSeverity: 'error',
      fixable: 'safe',
      description: `synthetic rule ${id}`,
      rationale: 'for tests of the engine',
      docsUrl: 'https://example.invalid',
      messages: { report: '{{what}}' },
    },
    create,
  };
}

function engine(...rules: RuleModule[]): EngineOptions {
  return { rules, settings: { target: {}, websocket: { paths: [], heuristics: true } } };
}

const MAIN = `events {}
http {
    upstream u { server 127.0.0.1:1; }
    map $http_upgrade $m { default ''; proxy_pass x; }
    include conf.d/*.conf;
    server {
        listen 80;
        proxy_set_header Host $host;
        location / {
            proxy_pass http://u;
            include snippets/headers.conf;
            if ($x) { proxy_pass http://u/if; }
        }
    }
}
`;

function write(files: Record<string, string>): string {
  const dir = tempDir();
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return path.join(dir, 'nginx.conf');
}

const FILES = {
  'nginx.conf': MAIN,
  'conf.d/a.conf': 'server { listen 81; location /a { proxy_pass http://u/a; proxy_set_header X 1; } }\n',
  'snippets/headers.conf': 'proxy_set_header Y 2;\nproxy_pass http://u/snippet;\n',
};

/** Where a directive stands, for comparing what visitors saw. */
function place(d: ModelDirective): string {
  return `${path.basename(d.file.path)}:${d.node.line} ${d.node.name} ${d.args.join(' ')}`;
}

test('namedDirective visitors see, in document order, what a filtering directive visitor sees', () => {
  const main = write(FILES);
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
  lintConfig(main, {}, engine(filtering, one, several));
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
