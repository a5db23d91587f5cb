/**
 * The Fixer as rules use it, with a synthetic rule on real files: block insertions it remembers
 * (one map for the http block, offered by many findings) give each text its own edit and each
 * finding its own edit object.
 */
import * as fs from 'fs';
import * as path from 'path';
import { lintConfig, type EngineOptions } from '../../src/lint/engine';
import type { RuleContext, RuleModule, RuleVisitors } from '../../src/lint/rule';
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

test('block insertions asked for again give the same edit, a copy each time, and each text its own', () => {
  const main = write(FILES);
  const asked: Array<{ header: string; edit: { file: string; start: number; end: number; text: string } }> = [];
  const inserting = syntheticRule('inserting', (context) => ({
    location(level) {
      const http = level.parent!.parent!;
      for (const header of ['map $http_upgrade $one', 'map $http_upgrade $two', 'map $http_upgrade $one']) {
        context.report({
          at: level.opener!,
          messageId: 'report',
          data: { what: header },
          fix: (fixer) => {
            const edit = fixer.insertBlockDirective(http, header, ["default '';", '~*^websocket$ websocket;']);
            asked.push({ header, edit });
            return { description: header, edits: [edit] };
          },
        });
      }
    },
  }));
  lintConfig(main, {}, engine(inserting));
  expect(asked.length).toBeGreaterThanOrEqual(6);
  const one = asked.filter((a) => a.header.endsWith('$one'));
  const two = asked.filter((a) => a.header.endsWith('$two'));
  // Before the first `server` of the http block, in the main file.
  const before = MAIN.indexOf('    server {');
  for (const a of asked) {
    expect(a.edit.file).toBe(main);
    expect(a.edit.start).toBe(before);
    expect(a.edit.text).toBe(`    ${a.header} {\n        default '';\n        ~*^websocket$ websocket;\n    }\n\n`);
  }
  expect(new Set(one.map((a) => a.edit.text)).size).toBe(1);
  expect(one[0].edit.text).not.toBe(two[0].edit.text);
  // Each finding owns its edit: changing one leaves the others alone.
  one[0].edit.text = 'changed';
  expect(one[1].edit.text).not.toBe('changed');
});
