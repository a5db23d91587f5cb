/**
 * Which locations the model takes for WebSocket locations by the heuristics, and the signal text
 * each finding quotes. Table-driven: every endpoint path the issue lists, written as a prefix, an
 * exact and a regex location (with the escapes and anchors people write), upstream names that
 * name WebSockets, and look-alikes that must stay silent.
 */
import * as path from 'path';
import { parseConfig } from '../../src/parse/config';
import { removeTempDirs, tempDir } from '../support/cli';
import { buildModel } from '../../src/model/config-model';
import { asWebSocketLocation, type WebSocketSettings } from '../../src/model/websocket';

const SETTINGS: WebSocketSettings = { paths: [], heuristics: true };
const MAIN = '/virtual/nginx.conf';

/** The signals of the one location of a server, as "kind: description". */
function signalsOf(location: string, target = 'http://127.0.0.1:3000', settings = SETTINGS): string[] {
  const text = `events {}
http {
    upstream chat_ws { server 127.0.0.1:3001; }
    server {
        listen 80;
        location ${location} {
            proxy_pass ${target};
        }
    }
}
`;
  const config = parseConfig(MAIN, { sources: new Map([[MAIN, text]]) });
  const model = buildModel(config);
  const level = model.levels.find((l) => l.kind === 'location')!;
  const ws = asWebSocketLocation(model, level, settings);
  return ws ? ws.signals.map((s) => `${s.kind}: ${s.description}`) : [];
}

/** The endpoints the issue lists. */
const PATHS = [
  '/ws',
  '/wss',
  '/websocket',
  '/websockets',
  '/socket.io',
  '/sockjs',
  '/cable',
  '/hub',
  '/hubs',
  '/signalr',
  '/live/websocket',
  '/api/websocket',
  '/_next/webpack-hmr',
  '/websockify',
  '/graphql-ws',
];

/** A path as a regex would spell it: `.` and `/` escaped (what `location ~* /socket\.io` writes). */
function escaped(path: string): string {
  return path.replace(/[./]/g, '\\$&');
}

/** Every way a location may name an endpoint: [the location's arguments, the path its message shows]. */
function writings(path: string): Array<[string, string]> {
  return [
    [path, path],
    [`${path}/`, `${path}/`],
    [`= ${path}`, path],
    [`^~ ${path}/`, `${path}/`],
    [`~ ^${path}`, `^${path}`],
    [`~* ${path.replace(/\./g, '\\.')}`, path.replace(/\./g, '\\.')],
    [`~ ^${escaped(path)}/?$`, `^${escaped(path)}/?$`],
    [`~* "^${path}(/.*)?$"`, `^${path}(/.*)?$`],
  ];
}

describe('path heuristic: every endpoint the issue lists, in every way a location writes it', () => {
  const cases = PATHS.flatMap((path) => writings(path).map(([location, shown]) => [location, shown] as const));
  test.each(cases)('location %s', (location, shown) => {
    expect(signalsOf(location)).toEqual([`path-heuristic: its path ${shown} looks like a WebSocket endpoint`]);
  });
});

describe('target heuristic: upstream names with ws, websocket or socket', () => {
  test.each([
    ['http://chat_ws', 'http://chat_ws'],
    ['http://chat_ws/', 'http://chat_ws/'],
    ['http://mysocketsrv', 'http://mysocketsrv'],
    ['http://websocket-backend:8080', 'http://websocket-backend:8080'],
    ['http://ws.internal:3000', 'http://ws.internal:3000'],
    ['http://app-wss', 'http://app-wss'],
    ['https://socket_pool', 'https://socket_pool'],
    ['http://127.0.0.1:3000/socket.io/', 'http://127.0.0.1:3000/socket.io/'],
  ])('proxy_pass %s', (target, shown) => {
    expect(signalsOf('/app/', target)).toEqual([`target-heuristic: its target ${shown} looks like a WebSocket backend`]);
  });
});

describe('look-alikes stay silent', () => {
  test.each([
    '/',
    '/api/',
    '/news/',
    '/wsdl',
    '/hubspot',
    '/newsletter',
    '/cables-and-more/',
    '/awsome/',
    '= /api/ws-status.json',
    '~ ^/api/',
    '~* \\.wsdl$',
    '~* ^/hubspot',
    '~ ^\\/newsletter\\/',
    '~ \\.(js|css)$',
  ])('location %s', (location) => {
    expect(signalsOf(location)).toEqual([]);
  });

  test.each(['http://news_backend', 'http://aws-api:8080', 'http://127.0.0.1:3000', 'http://cms/api/'])('proxy_pass %s', (target) => {
    expect(signalsOf('/app/', target)).toEqual([]);
  });

  test('heuristics switched off: a well-known path is not enough', () => {
    expect(signalsOf('~* /socket\\.io', 'http://chat_ws', { paths: [], heuristics: false })).toEqual([]);
  });
});

/** The signals of every proxying location of a server block, by path ("-" for none). */
function marksOf(serverBody: string): Record<string, string> {
  const text = `events {}\nhttp {\n    server {\n${serverBody}    }\n}\n`;
  const config = parseConfig(MAIN, { sources: new Map([[MAIN, text]]) });
  const model = buildModel(config);
  const out: Record<string, string> = {};
  for (const level of model.levels) {
    if (level.kind !== 'location') continue;
    const ws = asWebSocketLocation(model, level, SETTINGS);
    out[level.opener!.args[0]] = ws ? ws.signals.map((s) => `${s.kind}: ${s.description}`).join('; ') : '-';
  }
  return out;
}

const MARKED = 'comment: it is marked "# ngxlint websocket"';
const PROXY = 'proxy_pass http://127.0.0.1:3000;';

describe('# ngxlint websocket marks the location on its line or standing alone directly above it', () => {
  test.each<[string, string, Record<string, string>]>([
    [
      'after the } of a one-line location: that location, not the next',
      `        location /c { ${PROXY} } # ngxlint websocket\n        location /d { ${PROXY} }\n`,
      { '/c': MARKED, '/d': '-' },
    ],
    [
      'after the } that closes a block: that location, not the next',
      `        location /c {\n            ${PROXY}\n        } # ngxlint websocket\n        location /d {\n            ${PROXY}\n        }\n`,
      { '/c': MARKED, '/d': '-' },
    ],
    [
      'trailing the last directive of the location above: neither',
      `        location /c {\n            ${PROXY} # ngxlint websocket\n        }\n        location /d { ${PROXY} }\n`,
      { '/c': '-', '/d': '-' },
    ],
    [
      'alone on the line above: the location below',
      `        location /c { ${PROXY} }\n        # ngxlint websocket\n        location /d { ${PROXY} }\n`,
      { '/c': '-', '/d': MARKED },
    ],
    [
      'alone, above another comment line directly above: the location below',
      `        # ngxlint websocket\n        # the chat socket, see ops/README\n        location /d { ${PROXY} }\n`,
      { '/d': MARKED },
    ],
    [
      'after { on the location line',
      `        location /d { # ngxlint websocket\n            ${PROXY}\n        }\n`,
      { '/d': MARKED },
    ],
    [
      'separated from the location by a blank line: not a mark',
      `        # ngxlint websocket\n\n        location /d { ${PROXY} }\n`,
      { '/d': '-' },
    ],
    [
      'directly above a nested location: that one, not the enclosing one',
      `        location /app/ {\n            ${PROXY}\n            # ngxlint websocket\n            location /app/live {\n                ${PROXY}\n            }\n        }\n`,
      { '/app/': '-', '/app/live': MARKED },
    ],
    [
      'first inside the block of an enclosing location: only the nested location right below',
      `        location /app/ {\n            # ngxlint websocket\n            location /app/live {\n                ${PROXY}\n            }\n            ${PROXY}\n        }\n`,
      { '/app/': '-', '/app/live': MARKED },
    ],
  ])('%s', (_name, body, expected) => {
    expect(marksOf(body)).toEqual(expected);
  });
});

describe('marks are found in every file of the config, whatever their case, spacing and encoding', () => {
  // Whether any file holds a mark at all is looked up in the files' texts first: these are the
  // comments whose text the file's text spells differently, or that stand in another file.
  afterAll(removeTempDirs);

  function marksIn(files: Record<string, Buffer | string>): Record<string, string> {
    const model = buildModel(parseConfig(path.join(tempDir(files), 'nginx.conf'), {}));
    const out: Record<string, string> = {};
    for (const level of model.levels) {
      if (level.kind !== 'location') continue;
      const ws = asWebSocketLocation(model, level, { paths: [], heuristics: false });
      out[level.opener!.args[0]] = ws ? ws.signals.map((s) => `${s.kind}: ${s.description}`).join('; ') : '-';
    }
    return out;
  }

  const server = (body: string) => `events {}\nhttp {\n    server {\n${body}    }\n}\n`;

  test('in any case, with any spacing', () => {
    expect(marksIn({ 'nginx.conf': server(`        #\tNGXLINT   WebSocket\n        location /d { ${PROXY} }\n        location /e { ${PROXY} }\n`) })).toEqual({
      '/d': MARKED,
      '/e': '-',
    });
  });

  test('in an included file only', () => {
    expect(
      marksIn({
        'nginx.conf': server('        include site.conf;\n'),
        'site.conf': `# ngxlint websocket\nlocation /d { ${PROXY} }\nlocation /e { ${PROXY} }\n`,
      }),
    ).toEqual({ '/d': MARKED, '/e': '-' });
  });

  test('in a file read as latin1, after a no-break space its text spells as two other characters', () => {
    // Not valid UTF-8 (a lone 0xff in a comment): read byte per byte, its comments decoded again as
    // UTF-8, where C2 A0 is one no-break space (whitespace to the mark's pattern).
    const text = Buffer.concat([
      Buffer.from('# caf\xff\n', 'latin1'),
      Buffer.from(server(`        #\u00a0ngxlint websocket\n        location /d { ${PROXY} }\n        location /e { ${PROXY} }\n`), 'utf8'),
    ]);
    expect(marksIn({ 'nginx.conf': text })).toEqual({ '/d': MARKED, '/e': '-' });
  });

  test('a mark-like text in an argument marks nothing', () => {
    expect(marksIn({ 'nginx.conf': server(`        location /d { add_header X "# ngxlint websocket"; ${PROXY} }\n`) })).toEqual({ '/d': '-' });
  });
});

test('websocket.paths: the paths a settings object holds when asked, also after they change', () => {
  const text = `events {}\nhttp {\n    server {\n        location /abc { ${PROXY} }\n        location /xyz { ${PROXY} }\n    }\n}\n`;
  const settings: WebSocketSettings = { paths: ['/a*'], heuristics: false };
  const marked = () => {
    const model = buildModel(parseConfig(MAIN, { sources: new Map([[MAIN, text]]) }));
    return model.levels.filter((l) => l.kind === 'location' && asWebSocketLocation(model, l, settings)).map((l) => l.opener!.args[0]);
  };
  expect(marked()).toEqual(['/abc']);
  settings.paths[0] = '/x*';
  expect(marked()).toEqual(['/xyz']);
  settings.paths.push('/ab?');
  expect(marked()).toEqual(['/xyz']);
  settings.paths.push('/abc');
  expect(marked()).toEqual(['/abc', '/xyz']);
});
