/**
 * Which locations the model takes for WebSocket locations by the heuristics, and the signal text
 * each finding quotes. Table-driven: every endpoint path the issue lists, written as a prefix, an
 * exact and a regex location (with the escapes and anchors people write), upstream names that
 * name WebSockets, and look-alikes that must stay silent.
 */
import { parseConfig } from '../../src/parse/config';
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
