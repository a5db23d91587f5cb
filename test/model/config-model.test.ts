/**
 * The context tree the model builds from real files (src/model/config-model.ts): include
 * directives replaced by the statements of the files they include, at the place they stand, as
 * nginx does; every directive knows its file, line and the includes it was reached through.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseConfig, type ParseOptions } from '../../src/parse/config';
import {
  ancestry,
  buildModel,
  directivesIncludedBy,
  directivesNamed,
  directivesNamedByLevel,
  enclosing,
  firstDirectiveNamed,
  lastDirectiveNamed,
  locationsOf,
  walkLevels,
  type ConfigModel,
  type Level,
  type ModelDirective,
} from '../../src/model/config-model';

let root: string;
beforeAll(() => {
  root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ngxlint-model-tree-')));
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

let count = 0;
function modelOf(files: Record<string, string>, main = 'nginx.conf', options: ParseOptions = {}): { model: ConfigModel; dir: string } {
  const dir = path.join(root, String(count++));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return { model: buildModel(parseConfig(path.join(dir, main), { payload: false, ...options })), dir };
}

/** The tree as text: one line per level, `kind args` indented by depth, with its directives' names. */
function outline(level: Level, depth = 0): string[] {
  const args = level.opener?.args.join(' ');
  const own = level.directives.filter((d) => !d.block).map((d) => d.node.name || JSON.stringify(d.node.name).replace(/"/g, "'"));
  const head = `${'  '.repeat(depth)}${level.kind}${args ? ` ${args}` : ''}${own.length ? `: ${own.join(', ')}` : ''}`;
  return [head, ...level.children.flatMap((c) => outline(c, depth + 1))];
}

function at(d: ModelDirective, dir: string): string {
  return `${path.relative(dir, d.file.path)}:${d.node.line}`;
}

const LAYOUT = {
  'nginx.conf': `user www-data;
events {}
http {
    include mime.types;
    map $http_upgrade $connection_upgrade {
        default upgrade;
        '' close;
    }
    include sites-enabled/*;
    upstream app {
        server 127.0.0.1:3000;
    }
}
`,
  'mime.types': `types {
    text/html html;
}
`,
  'sites-enabled/a': `server {
    listen 80;
    location / {
        include snippets/proxy.conf;
        location /nested/ {
            if ($arg_x) {
                return 404;
            }
            limit_except GET {
                deny all;
            }
        }
    }
}
`,
  'sites-enabled/b': `server {
    listen 81;
}
`,
  'snippets/proxy.conf': `proxy_pass http://app;
include snippets/headers.conf;
`,
  'snippets/headers.conf': `proxy_set_header Host $host;
`,
};

test('includes are expanded where they stand, across files, in document order', () => {
  const { model, dir } = modelOf(LAYOUT);
  expect(model.isCompleteConfig).toBe(true);
  expect(outline(model.root)).toEqual([
    'main: user',
    '  events',
    '  http: include, include',
    // Entries of data blocks are the block's "directives" (so an include inside a map works).
    '    types: text/html',
    "    map $http_upgrade $connection_upgrade: default, ''",
    '    server: listen',
    '      location /: include, proxy_pass, include, proxy_set_header',
    '        location /nested/',
    '          if ($arg_x): return',
    '          limit_except GET: deny',
    '    server: listen',
    '    upstream app: server',
  ]);
  // Every level of the tree, in document order.
  expect(model.levels).toEqual(walkLevels(model.root));
  expect(locationsOf(model).map((l) => l.opener!.args.join(' '))).toEqual(['/', '/nested/']);

  const host = firstDirectiveNamed(model.levels.find((l) => l.opener?.args[0] === '/')!, 'proxy_set_header')!;
  expect(at(host, dir)).toBe('snippets/headers.conf:1');
  // Reached through the http-level include of the site, the location's include, the snippet's include.
  expect(host.includedVia.map((d) => at(d, dir))).toEqual(['nginx.conf:9', 'sites-enabled/a:4', 'snippets/proxy.conf:2']);
  // The include at the location brings in both snippets' directives.
  const include = host.includedVia[1];
  expect(directivesIncludedBy(model, include).map((d) => `${d.node.name} @ ${at(d, dir)}`)).toEqual([
    'proxy_pass @ snippets/proxy.conf:1',
    'include @ snippets/proxy.conf:2',
    'proxy_set_header @ snippets/headers.conf:1',
  ]);
  expect(model.directivesByName.get('server')!.map((d) => at(d, dir))).toEqual(['sites-enabled/a:1', 'sites-enabled/b:1', 'nginx.conf:11']);
});

test('ancestry and enclosing walk up from any level', () => {
  const { model } = modelOf(LAYOUT);
  const limit = model.levels.find((l) => l.kind === 'limit_except')!;
  expect(ancestry(limit).map((l) => l.kind)).toEqual(['limit_except', 'location', 'location', 'server', 'http', 'main']);
  expect(enclosing(limit, 'location')!.opener!.args).toEqual(['/nested/']);
  expect(enclosing(limit, 'server')!.directives[0].args).toEqual(['80']);
  expect(enclosing(limit, 'upstream')).toBeUndefined();
});

test('an include cycle is recorded and not followed forever', () => {
  const { model, dir } = modelOf({
    'nginx.conf': 'events {}\nhttp {\n    include a.conf;\n}\n',
    'a.conf': 'include b.conf;\n',
    'b.conf': 'proxy_read_timeout 5s;\ninclude a.conf;\n',
  });
  expect(model.cycles.map((c) => ({ at: at(c.directive, dir), files: c.files.map((f) => path.relative(dir, f)) }))).toEqual([
    { at: 'b.conf:2', files: ['a.conf', 'b.conf'] },
  ]);
  expect(model.directivesByName.get('proxy_read_timeout')).toHaveLength(1);
});

test('a snippet checked on its own starts inside the context it was inferred to be in', () => {
  const { model } = modelOf(
    { 'site.conf': 'server {\n    listen 80;\n    location / {\n        proxy_pass http://127.0.0.1:3000;\n    }\n}\n' },
    'site.conf',
    { mainContext: 'infer' },
  );
  expect(model.isCompleteConfig).toBe(false);
  expect(model.root.kind).toBe('http');
  expect(ancestry(model.root).map((l) => l.kind)).toEqual(['http', 'main']);
  expect(locationsOf(model)[0].parent!.kind).toBe('server');
});

test('name lookups agree on small levels (scanned) and large ones (indexed)', () => {
  const many = Array.from({ length: 40 }, (_, i) => `    set $v${i} ${i};`).join('\n');
  const { model } = modelOf({ 'nginx.conf': `events {}\nhttp {\n    server {\n${many}\n        return 200;\n    }\n}\n` });
  const server = model.levels.find((l) => l.kind === 'server')!;
  expect(server.directives.length).toBeGreaterThan(16);
  expect(directivesNamed(server, 'set').map((d) => d.args[1])).toEqual(Array.from({ length: 40 }, (_, i) => String(i)));
  expect(firstDirectiveNamed(server, 'set')!.args[0]).toBe('$v0');
  expect(lastDirectiveNamed(server, 'set')!.args[0]).toBe('$v39');
  expect(directivesNamed(server, 'proxy_pass')).toEqual([]);
  const http = model.levels.find((l) => l.kind === 'http')!;
  expect(lastDirectiveNamed(http, 'server')!.block).toBe(server);
});

test('directives by level agree with each level\'s own name lookup, across includes and nesting', () => {
  const many = Array.from({ length: 20 }, (_, i) => `        proxy_set_header X-H${i} ${i};`).join('\n');
  const { model } = modelOf({
    'nginx.conf': `events {}
http {
    proxy_set_header Host $host;
    include headers.conf;
    server {
${many}
        location / {
            proxy_set_header A 1;
            include headers.conf;
            location /in/ { proxy_set_header B 2; if ($x) { proxy_set_header C 3; } }
            proxy_pass http://b;
        }
        location /none/ { proxy_pass http://b; }
    }
    map $a $b { proxy_set_header x; }
}
`,
    'headers.conf': 'proxy_set_header X-From-Include 1;\nproxy_pass http://c;\n',
  });
  for (const name of ['proxy_set_header', 'proxy_pass', 'no_such_directive']) {
    const byLevel = directivesNamedByLevel(model, name);
    for (const level of model.levels) expect(byLevel.get(level) ?? []).toEqual(directivesNamed(level, name));
    // Only levels that hold such directives have an entry.
    for (const [level, directives] of byLevel) {
      expect(directives.length).toBeGreaterThan(0);
      expect(model.levels).toContain(level);
    }
  }
  // Asked again, the same answer (worked out once per model and name).
  expect(directivesNamedByLevel(model, 'proxy_set_header')).toBe(directivesNamedByLevel(model, 'proxy_set_header'));
});
