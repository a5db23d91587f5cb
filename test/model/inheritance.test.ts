/**
 * The model's inheritance (src/model/inheritance.ts), queried the way rules query it, on real files
 * with includes. Every table row names a level (`server > location /api/ > if`), what is asked,
 * and what nginx does, with the file and line the value comes from ("1.1 @ conf.d/proxy.conf:1",
 * "close @ default").
 *
 * The expectations are nginx's behaviour, not the model's output: each is what nginx's
 * documentation says (ordinary directives come from the nearest level that sets them; array
 * directives are "inherited from the previous configuration level if and only if there are no …
 * directives defined on the current level"; the proxy module's defaults `Host $proxy_host`,
 * `Connection close` and HTTP/1.0 until 1.29.7). Where the installed nginx can show it, a row also
 * runs through real nginx (test/e2e/support): a request to the location, and what the backend
 * receives (request line and headers) or what the client gets (status, added headers) must be
 * what the row says. nginx 1.29.7's defaults cannot be run here (Debian ships 1.22); those rows
 * follow nginx's change log ("proxy_http_version 1.1 by default; Connection is no longer set to
 * close").
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseConfig } from '../../src/parse/config';
import { buildModel, lineRef, type ConfigModel, type Level, type ModelDirective } from '../../src/model/config-model';
import {
  defaultProxyHeaders,
  droppedLines,
  effectiveArrayLevel,
  effectiveDirective,
  effectiveHeaders,
  effectiveProxyHttpVersion,
} from '../../src/model/inheritance';
import { compareVersions, HTTP11_DEFAULT_SINCE, parseNginxVersion, type NginxTarget } from '../../src/model/nginx-version';
import { freePort, prepareForTest, sendRawRequest, startNginx, startWsBackend, stopAllNginx, type BackendRequest, type RawResponse } from '../e2e/support';

jest.setTimeout(60_000);
afterAll(() => stopAllNginx());

type Files = Record<string, string>;

let root: string;
beforeAll(() => {
  root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ngxlint-model-')));
  fs.chmodSync(root, 0o755); // nginx reads the included files
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

let written = 0;
function writeFiles(files: Files): string {
  const dir = path.join(root, String(written++));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

interface Built {
  model: ConfigModel;
  dir: string;
}

const built = new Map<Files, Built>();

/** The model of a config (`nginx.conf` and the files it includes), built from real files once per config. */
function modelOf(files: Files): Built {
  let b = built.get(files);
  if (!b) {
    const dir = writeFiles(files);
    const config = parseConfig(path.join(dir, 'nginx.conf'), { payload: false });
    const errors = config.files.flatMap((f) => f.errors.map((e) => e.message));
    if (errors.length > 0) throw new Error(`the test config does not parse: ${errors.join('; ')}`);
    b = { model: buildModel(config), dir };
    built.set(files, b);
  }
  return b;
}

/** How a level is written in `at`: `location /api/`, `server`, `if`, `limit_except GET`. */
function signature(level: Level): string {
  const args = level.opener?.args ?? [];
  return args.length > 0 ? `${level.kind} ${args.join(' ')}` : level.kind;
}

/**
 * The one level that `at` names: steps separated by ` > `, the last one the level itself, the
 * others enclosing levels in order (not necessarily direct parents). A step is a level's kind or
 * its whole signature (`location /api/`).
 */
function levelAt(model: ConfigModel, at: string): Level {
  const steps = at.split(' > ').map((s) => s.trim());
  const matches = (level: Level, step: string) => step === level.kind || step === signature(level);
  const found = model.levels.filter((level) => {
    if (!matches(level, steps[steps.length - 1])) return false;
    let i = steps.length - 2;
    for (let l = level.parent; l && i >= 0; l = l.parent) if (matches(l, steps[i])) i--;
    return i < 0;
  });
  if (found.length !== 1) throw new Error(`"${at}" names ${found.length} levels, not one`);
  return found[0];
}

/** `conf.d/proxy.conf:1`: where a directive stands, relative to the config's folder. */
function where(d: ModelDirective, dir: string): string {
  return `${path.relative(dir, d.file.path)}:${d.node.line}`;
}

/** A directive line as the tables write it: `proxy_params:2 proxy_set_header X-Real-IP $remote_addr`. */
function line(d: ModelDirective, dir: string): string {
  return `${where(d, dir)} ${d.node.name} ${d.args.join(' ')}`;
}

function targetOf(version: string | undefined): NginxTarget {
  return { version: version === undefined ? undefined : parseNginxVersion(version) };
}

// ---------------------------------------------------------------------------------------------
// Configs. Line numbers in the tables count in these texts.
// ---------------------------------------------------------------------------------------------

/** One file: http → server → location → nested location → if / limit_except. */
const LEVELS: Files = {
  'nginx.conf': `events {}
http {
    proxy_read_timeout 300s;
    server {
        listen 8080;
        server_name chat.example.com;
        proxy_read_timeout 120s;
        location /plain/ {
            proxy_pass http://127.0.0.1:3000;
        }
        location /api/ {
            proxy_http_version 1.0;
            proxy_pass http://127.0.0.1:3000;
            location /api/stream/ {
                proxy_read_timeout 3600s;
                proxy_http_version 1.1;
                proxy_pass http://127.0.0.1:3000;
                if ($arg_debug) {
                    proxy_pass http://127.0.0.1:3000;
                }
            }
            limit_except GET {
                proxy_pass http://127.0.0.1:3000;
            }
        }
    }
}
`,
};

/** The same kinds of settings spread over include files, as distributions lay them out. */
const INCLUDES: Files = {
  'nginx.conf': `events {}
http {
    include conf.d/*.conf;
    include sites-enabled/*;
}
`,
  'conf.d/proxy.conf': `proxy_http_version 1.1;
proxy_read_timeout 90s;
proxy_set_header X-Forwarded-Proto $scheme;
`,
  'sites-enabled/chat': `server {
    listen 8080;
    server_name chat.example.com;
    location /ws/ {
        include snippets/timeouts.conf;
        proxy_pass http://127.0.0.1:3000;
    }
    location /api/ {
        proxy_pass http://127.0.0.1:3000;
        location /api/legacy/ {
            include snippets/http10.conf;
            proxy_pass http://127.0.0.1:3000;
        }
    }
}
`,
  'snippets/timeouts.conf': `proxy_read_timeout 1h;
`,
  'snippets/http10.conf': `proxy_http_version 1.0;
`,
};

/** proxy_set_header and add_header over every level, some of them in included files. */
const HEADERS: Files = {
  'nginx.conf': `events {}
http {
    proxy_set_header X-From http;
    add_header X-Http http always;
    server {
        listen 8080;
        server_name chat.example.com;
        include proxy_params;
        add_header X-Server server always;
        location /inherits/ {
            proxy_pass http://127.0.0.1:3000;
        }
        location /own/ {
            proxy_set_header X-Request-Id fixed;
            proxy_pass http://127.0.0.1:3000;
            location /own/nested/ {
                proxy_pass http://127.0.0.1:3000;
            }
            location /own/nested-own/ {
                proxy_set_header X-Nested yes;
                proxy_pass http://127.0.0.1:3000;
            }
            limit_except GET {
                proxy_pass http://127.0.0.1:3000;
            }
        }
        location /included/ {
            include ws-headers.conf;
            proxy_pass http://127.0.0.1:3000;
            if ($arg_via = if) {
                proxy_pass http://127.0.0.1:3000;
            }
        }
        location /if/ {
            add_header X-Loc loc always;
            if ($arg_x) {
                add_header X-If if always;
            }
            return 200 ok;
        }
    }
}
`,
  proxy_params: `proxy_set_header Host $host;
proxy_set_header X-Real-IP $remote_addr;
`,
  'ws-headers.conf': `proxy_set_header Upgrade $http_upgrade;
proxy_set_header Connection "upgrade";
`,
};

/** The other array directives of the issue: fastcgi_param, grpc_set_header, proxy_hide_header. */
const UPSTREAM_ARRAYS: Files = {
  'nginx.conf': `events {}
http {
    proxy_hide_header X-Powered-By;
    server {
        listen 8080;
        include fastcgi_params;
        grpc_set_header X-Tenant a;
        location /app/ {
            fastcgi_param SCRIPT_FILENAME /srv/app/index.php;
            fastcgi_pass 127.0.0.1:9000;
        }
        location /legacy/ {
            fastcgi_pass 127.0.0.1:9000;
        }
        location /grpc/ {
            grpc_set_header X-Trace on;
            grpc_pass grpc://127.0.0.1:50051;
        }
        location /proxy/ {
            proxy_hide_header X-Runtime;
            proxy_pass http://127.0.0.1:3000;
        }
        location /proxy-plain/ {
            proxy_pass http://127.0.0.1:3000;
        }
    }
}
`,
  fastcgi_params: `fastcgi_param QUERY_STRING $query_string;
fastcgi_param REQUEST_METHOD $request_method;
`,
};

/** allow and deny: one list of access rules in nginx. */
const ACCESS: Files = {
  'nginx.conf': `events {}
http {
    server {
        listen 8080;
        server_name chat.example.com;
        deny 127.0.0.1;
        location /open/ {
            allow 10.0.0.1;
            proxy_pass http://127.0.0.1:3000;
        }
        location /closed/ {
            proxy_pass http://127.0.0.1:3000;
        }
        location /write/ {
            limit_except GET {
                allow 127.0.0.1;
                deny all;
            }
            proxy_pass http://127.0.0.1:3000;
        }
    }
}
`,
};

/** Nothing set, or only some of the headers nginx sends by default. */
const DEFAULTS: Files = {
  'nginx.conf': `events {}
http {
    server {
        listen 8080;
        server_name chat.example.com;
        location /bare/ {
            proxy_pass http://127.0.0.1:3000;
        }
        location /no-connection/ {
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_pass http://127.0.0.1:3000;
        }
        location /own-host/ {
            proxy_set_header Host $host;
            proxy_pass http://127.0.0.1:3000;
        }
    }
}
`,
};

// ---------------------------------------------------------------------------------------------
// Real nginx
// ---------------------------------------------------------------------------------------------

/** A request to send through real nginx (Host: chat.example.com, no body). */
interface Request {
  path: string;
  method?: string;
}

interface Exchange {
  response: RawResponse;
  /** What the backend received (undefined when nginx did not pass the request on). */
  backend?: BackendRequest;
  backendPort: number;
}

/**
 * Runs a config through real nginx and sends one request. The config's `listen 8080` and
 * `127.0.0.1:3000` become the test's ports, and includes become absolute paths (nginx resolves
 * them against the main file's folder, which the harness moves).
 */
async function throughNginx(files: Files, request: Request): Promise<Exchange> {
  const backend = await startWsBackend();
  try {
    const port = await freePort();
    const dir = writeFiles({});
    const absolute = (text: string) =>
      text.replace(/(^|[\s;{}])include\s+([^\s;]+);/g, (_m, before: string, target: string) => `${before}include ${path.join(dir, target)};`);
    for (const [name, text] of Object.entries(files)) {
      if (name === 'nginx.conf') continue;
      const prepared = absolute(text).replace(/\blisten 8080;/g, `listen 127.0.0.1:${port};`).replace(/127\.0\.0\.1:3000/g, `127.0.0.1:${backend.port}`);
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), prepared);
    }
    const main = prepareForTest(absolute(files['nginx.conf']), { listenPort: port, backendPort: backend.port });
    const nginx = await startNginx(main, { backendPort: backend.port, prepare: false, listenPort: port });
    try {
      const method = request.method ?? 'GET';
      const body = method === 'GET' ? '' : 'Content-Length: 0\r\n';
      const response = await sendRawRequest(port, `${method} ${request.path} HTTP/1.1\r\nHost: chat.example.com\r\n${body}Connection: close\r\n\r\n`, 3000);
      return { response, backend: backend.requests[backend.requests.length - 1], backendPort: backend.port };
    } finally {
      await nginx.stop();
    }
  } finally {
    await backend.close();
  }
}

/** A header value as nginx sends it for the test's request: the variables the tables use, evaluated. */
function evaluated(value: string, backendPort: number): string {
  return value
    .replace(/\$proxy_host/g, `127.0.0.1:${backendPort}`)
    .replace(/\$remote_addr/g, '127.0.0.1')
    .replace(/\$host/g, 'chat.example.com')
    .replace(/\$scheme/g, 'http')
    .replace(/\$http_upgrade/g, ''); // the test's request asks for no upgrade
}

// ---------------------------------------------------------------------------------------------
// 1. Ordinary directives: the nearest level that sets them.
// ---------------------------------------------------------------------------------------------

interface OrdinaryRow {
  config: Files;
  at: string;
  directive: string;
  /** `value @ file:line`, or undefined when no level sets it. */
  want: string | undefined;
  /** Set on an outer level than `at`. */
  inherited?: boolean;
}

const ORDINARY: OrdinaryRow[] = [
  { config: LEVELS, at: 'http', directive: 'proxy_read_timeout', want: '300s @ nginx.conf:3' },
  { config: LEVELS, at: 'server', directive: 'proxy_read_timeout', want: '120s @ nginx.conf:7' },
  { config: LEVELS, at: 'location /plain/', directive: 'proxy_read_timeout', want: '120s @ nginx.conf:7', inherited: true },
  { config: LEVELS, at: 'location /api/', directive: 'proxy_read_timeout', want: '120s @ nginx.conf:7', inherited: true },
  { config: LEVELS, at: 'location /api/ > location /api/stream/', directive: 'proxy_read_timeout', want: '3600s @ nginx.conf:15' },
  { config: LEVELS, at: 'location /api/stream/ > if', directive: 'proxy_read_timeout', want: '3600s @ nginx.conf:15', inherited: true },
  { config: LEVELS, at: 'location /api/ > limit_except', directive: 'proxy_read_timeout', want: '120s @ nginx.conf:7', inherited: true },
  { config: LEVELS, at: 'location /plain/', directive: 'proxy_http_version', want: undefined },
  { config: LEVELS, at: 'location /api/', directive: 'proxy_http_version', want: '1.0 @ nginx.conf:12' },
  { config: LEVELS, at: 'location /api/stream/', directive: 'proxy_http_version', want: '1.1 @ nginx.conf:16' },
  { config: LEVELS, at: 'location /api/stream/ > if', directive: 'proxy_http_version', want: '1.1 @ nginx.conf:16', inherited: true },
  { config: LEVELS, at: 'location /api/ > limit_except GET', directive: 'proxy_http_version', want: '1.0 @ nginx.conf:12', inherited: true },
  // Across include files: the value keeps the file it was written in.
  { config: INCLUDES, at: 'location /ws/', directive: 'proxy_read_timeout', want: '1h @ snippets/timeouts.conf:1' },
  { config: INCLUDES, at: 'location /ws/', directive: 'proxy_http_version', want: '1.1 @ conf.d/proxy.conf:1', inherited: true },
  { config: INCLUDES, at: 'location /api/', directive: 'proxy_read_timeout', want: '90s @ conf.d/proxy.conf:2', inherited: true },
  { config: INCLUDES, at: 'location /api/legacy/', directive: 'proxy_http_version', want: '1.0 @ snippets/http10.conf:1' },
  { config: INCLUDES, at: 'location /api/legacy/', directive: 'proxy_read_timeout', want: '90s @ conf.d/proxy.conf:2', inherited: true },
];

describe('ordinary directives apply from the nearest level that sets them', () => {
  test.each(ORDINARY.map((r) => [`${r.at}: ${r.directive}`, r] as const))('%s', (_name, row) => {
    const { model, dir } = modelOf(row.config);
    const level = levelAt(model, row.at);
    const setting = effectiveDirective(level, row.directive);
    const got = setting.directive ? `${setting.directive.args.join(' ')} @ ${where(setting.directive, dir)}` : undefined;
    expect(got).toBe(row.want);
    expect(setting.inherited).toBe(row.inherited ?? false);
    if (setting.directive) expect(setting.level).toBe(setting.directive.level);
  });
});

// ---------------------------------------------------------------------------------------------
// 2. The HTTP version the proxy module speaks, and the headers it sends.
// ---------------------------------------------------------------------------------------------

interface ProxyRow {
  name?: string;
  config: Files;
  at: string;
  /** Target nginx version (none: "before 1.29.7"). */
  target?: string;
  /** `1.1 @ file:line`, or `1.0 @ default`. */
  httpVersion: string;
  /** Every header the level sends upstream by proxy_set_header or default: name → `value @ file:line` or `value @ default`. */
  headers: Record<string, string>;
  /** The level whose lines apply (undefined: none, only defaults). */
  definedAt?: string;
  /** Outer lines this level's own lines drop. */
  lost?: string[];
  /** Run it through real nginx (targets before 1.29.7 only): what the backend must receive. */
  request?: Request;
}

const PROXY: ProxyRow[] = [
  // Nothing set anywhere: nginx's defaults.
  {
    config: DEFAULTS,
    at: 'location /bare/',
    httpVersion: '1.0 @ default',
    headers: { Host: '$proxy_host @ default', Connection: 'close @ default' },
    request: { path: '/bare/' },
  },
  {
    config: DEFAULTS,
    at: 'location /bare/',
    target: '1.22.1',
    httpVersion: '1.0 @ default',
    headers: { Host: '$proxy_host @ default', Connection: 'close @ default' },
    request: { path: '/bare/' },
  },
  {
    config: DEFAULTS,
    at: 'location /bare/',
    target: '1.29.6',
    httpVersion: '1.0 @ default',
    headers: { Host: '$proxy_host @ default', Connection: 'close @ default' },
  },
  // From 1.29.7 nginx speaks HTTP/1.1 upstream and no longer sends Connection: close.
  { config: DEFAULTS, at: 'location /bare/', target: '1.29.7', httpVersion: '1.1 @ default', headers: { Host: '$proxy_host @ default' } },
  { config: DEFAULTS, at: 'location /bare/', target: '1.30.0', httpVersion: '1.1 @ default', headers: { Host: '$proxy_host @ default' } },
  { config: DEFAULTS, at: 'location /bare/', target: '2.0', httpVersion: '1.1 @ default', headers: { Host: '$proxy_host @ default' } },
  // A level's own line replaces a default of the same name; the other default stays.
  {
    config: DEFAULTS,
    at: 'location /no-connection/',
    httpVersion: '1.1 @ nginx.conf:10',
    headers: { Connection: ' @ nginx.conf:11', Host: '$proxy_host @ default' },
    definedAt: 'location /no-connection/',
    request: { path: '/no-connection/' },
  },
  {
    config: DEFAULTS,
    at: 'location /own-host/',
    httpVersion: '1.0 @ default',
    headers: { Host: '$host @ nginx.conf:15', Connection: 'close @ default' },
    definedAt: 'location /own-host/',
    request: { path: '/own-host/' },
  },
  {
    config: DEFAULTS,
    at: 'location /own-host/',
    target: '1.29.7',
    httpVersion: '1.1 @ default',
    headers: { Host: '$host @ nginx.conf:15' },
    definedAt: 'location /own-host/',
  },
  // The server's lines (from an included file) reach a location with none of its own; the http
  // level's line does not reach the server, which sets its own.
  {
    config: HEADERS,
    at: 'server',
    httpVersion: '1.0 @ default',
    headers: { Host: '$host @ proxy_params:1', 'X-Real-IP': '$remote_addr @ proxy_params:2', Connection: 'close @ default' },
    definedAt: 'server',
    lost: ['nginx.conf:3 proxy_set_header X-From http'],
  },
  {
    config: HEADERS,
    at: 'location /inherits/',
    httpVersion: '1.0 @ default',
    headers: { Host: '$host @ proxy_params:1', 'X-Real-IP': '$remote_addr @ proxy_params:2', Connection: 'close @ default' },
    definedAt: 'server',
    lost: ['nginx.conf:3 proxy_set_header X-From http'],
    request: { path: '/inherits/' },
  },
  // One line of its own, and the location inherits none of the server's: Host falls back to the default.
  {
    config: HEADERS,
    at: 'location /own/',
    httpVersion: '1.0 @ default',
    headers: { 'X-Request-Id': 'fixed @ nginx.conf:14', Host: '$proxy_host @ default', Connection: 'close @ default' },
    definedAt: 'location /own/',
    lost: ['proxy_params:1 proxy_set_header Host $host', 'proxy_params:2 proxy_set_header X-Real-IP $remote_addr'],
    request: { path: '/own/' },
  },
  // A nested location inherits from the enclosing location, not from the server.
  {
    config: HEADERS,
    at: 'location /own/ > location /own/nested/',
    httpVersion: '1.0 @ default',
    headers: { 'X-Request-Id': 'fixed @ nginx.conf:14', Host: '$proxy_host @ default', Connection: 'close @ default' },
    definedAt: 'location /own/',
    lost: ['proxy_params:1 proxy_set_header Host $host', 'proxy_params:2 proxy_set_header X-Real-IP $remote_addr'],
    request: { path: '/own/nested/' },
  },
  {
    config: HEADERS,
    at: 'location /own/nested-own/',
    httpVersion: '1.0 @ default',
    headers: { 'X-Nested': 'yes @ nginx.conf:20', Host: '$proxy_host @ default', Connection: 'close @ default' },
    definedAt: 'location /own/nested-own/',
    lost: ['nginx.conf:14 proxy_set_header X-Request-Id fixed'],
    request: { path: '/own/nested-own/' },
  },
  // limit_except and if inherit the location's lines (they cannot set proxy_set_header themselves).
  {
    config: HEADERS,
    at: 'location /own/ > limit_except GET',
    httpVersion: '1.0 @ default',
    headers: { 'X-Request-Id': 'fixed @ nginx.conf:14', Host: '$proxy_host @ default', Connection: 'close @ default' },
    definedAt: 'location /own/',
    lost: ['proxy_params:1 proxy_set_header Host $host', 'proxy_params:2 proxy_set_header X-Real-IP $remote_addr'],
    request: { path: '/own/', method: 'POST' },
  },
  // A location's lines from an included snippet.
  {
    config: HEADERS,
    at: 'location /included/',
    httpVersion: '1.0 @ default',
    headers: { Upgrade: '$http_upgrade @ ws-headers.conf:1', Connection: 'upgrade @ ws-headers.conf:2', Host: '$proxy_host @ default' },
    definedAt: 'location /included/',
    lost: ['proxy_params:1 proxy_set_header Host $host', 'proxy_params:2 proxy_set_header X-Real-IP $remote_addr'],
    request: { path: '/included/' },
  },
  {
    config: HEADERS,
    at: 'location /included/ > if',
    httpVersion: '1.0 @ default',
    headers: { Upgrade: '$http_upgrade @ ws-headers.conf:1', Connection: 'upgrade @ ws-headers.conf:2', Host: '$proxy_host @ default' },
    definedAt: 'location /included/',
    lost: ['proxy_params:1 proxy_set_header Host $host', 'proxy_params:2 proxy_set_header X-Real-IP $remote_addr'],
    request: { path: '/included/?via=if' },
  },
  // The version and a header line from an included http-level file reach locations (nested too)
  // through a server that sets neither; the defaults fill in the rest.
  {
    config: INCLUDES,
    at: 'location /ws/',
    httpVersion: '1.1 @ conf.d/proxy.conf:1',
    headers: { 'X-Forwarded-Proto': '$scheme @ conf.d/proxy.conf:3', Host: '$proxy_host @ default', Connection: 'close @ default' },
    definedAt: 'http',
    request: { path: '/ws/' },
  },
  {
    config: INCLUDES,
    at: 'location /api/legacy/',
    httpVersion: '1.0 @ snippets/http10.conf:1',
    headers: { 'X-Forwarded-Proto': '$scheme @ conf.d/proxy.conf:3', Host: '$proxy_host @ default', Connection: 'close @ default' },
    definedAt: 'http',
    request: { path: '/api/legacy/' },
  },
  {
    config: INCLUDES,
    at: 'location /api/legacy/',
    target: '1.29.7',
    httpVersion: '1.0 @ snippets/http10.conf:1',
    headers: { 'X-Forwarded-Proto': '$scheme @ conf.d/proxy.conf:3', Host: '$proxy_host @ default' },
    definedAt: 'http',
  },
];

function describeValue(value: string, source: ModelDirective | undefined, dir: string): string {
  return `${value} @ ${source ? where(source, dir) : 'default'}`;
}

describe('the proxy module: HTTP version and headers, with defaults by target version', () => {
  test.each(PROXY.map((r) => [r.name ?? `${r.at}${r.target ? ` (target ${r.target})` : ''}`, r] as const))('%s', async (_name, row) => {
    const { model, dir } = modelOf(row.config);
    const level = levelAt(model, row.at);
    const target = targetOf(row.target);

    const { version, setting } = effectiveProxyHttpVersion(level, target);
    expect(describeValue(version, setting.directive, dir)).toBe(row.httpVersion);

    const effective = effectiveHeaders(level, target);
    const headers = Object.fromEntries([...effective.headers.values()].map((h) => [h.name, describeValue(h.value, h.source, dir)]));
    expect(headers).toEqual(row.headers);
    expect(effective.definedAt && signature(effective.definedAt)).toBe(row.definedAt && signature(levelAt(model, row.definedAt)));
    expect(effective.lines.every((d) => d.level === effective.definedAt)).toBe(true);
    expect(effective.lost.map((d) => line(d, dir))).toEqual(row.lost ?? []);

    if (!row.request) return;
    if (row.target && compareVersions(parseNginxVersion(row.target)!, HTTP11_DEFAULT_SINCE) >= 0) throw new Error('the installed nginx speaks the defaults of a version before 1.29.7');
    // What real nginx sends the backend: the request line's version, and exactly these headers
    // (a header whose value is empty is not sent).
    const { backend, response, backendPort } = await throughNginx(row.config, row.request);
    if (!backend) throw new Error(`nginx did not pass ${row.request.path} to the backend: ${response.statusLine}`);
    const sent: Record<string, string> = {};
    for (const [name, described] of Object.entries(row.headers)) {
      const value = evaluated(described.slice(0, described.lastIndexOf(' @ ')), backendPort);
      if (value !== '') sent[name.toLowerCase()] = value;
    }
    const received = { ...backend.headers };
    delete received['content-length']; // the POST's empty body
    expect({ version: backend.httpVersion, headers: received }).toEqual({ version: row.httpVersion.split(' @ ')[0], headers: sent });
  });
});

test('a model asked for one target and then another answers for each (nothing cached across targets)', () => {
  const { model } = modelOf(HEADERS);
  const level = levelAt(model, 'location /own/');
  const names = (target: NginxTarget) => [...effectiveHeaders(level, target).headers.values()].map((h) => h.name);
  expect(names(targetOf(undefined))).toEqual(['X-Request-Id', 'Host', 'Connection']);
  expect(names(targetOf('1.29.7'))).toEqual(['X-Request-Id', 'Host']);
  expect(names(targetOf('1.24.0'))).toEqual(['X-Request-Id', 'Host', 'Connection']);
  // The memo is per defining level: a location inheriting the same lines gets the same answer.
  const nested = levelAt(model, 'location /own/nested/');
  expect(effectiveHeaders(nested, targetOf('1.29.7')).headers).toEqual(effectiveHeaders(level, targetOf('1.29.7')).headers);
});

test('nginx defaults, by target', () => {
  expect(defaultProxyHeaders(targetOf(undefined))).toEqual([
    { name: 'Host', value: '$proxy_host' },
    { name: 'Connection', value: 'close' },
  ]);
  expect(defaultProxyHeaders(targetOf('1.29.6'))).toEqual([
    { name: 'Host', value: '$proxy_host' },
    { name: 'Connection', value: 'close' },
  ]);
  expect(defaultProxyHeaders(targetOf('1.29.7'))).toEqual([{ name: 'Host', value: '$proxy_host' }]);
});

// ---------------------------------------------------------------------------------------------
// 3. Other array directives: inherited only into a level that sets none of its own.
// ---------------------------------------------------------------------------------------------

interface ArrayRow {
  config: Files;
  at: string;
  directive: string;
  /** The lines that apply at the level (of the directive's whole array: allow and deny together). */
  lines: string[];
  definedAt?: string;
  lost?: string[];
  /** Run it through real nginx: the status the client gets, and response headers present (value) or absent (null). */
  nginx?: Request & { status: number; headers?: Record<string, string | null> };
}

const ARRAYS: ArrayRow[] = [
  {
    config: HEADERS,
    at: 'location /inherits/',
    directive: 'add_header',
    lines: ['nginx.conf:9 add_header X-Server server always'],
    definedAt: 'server',
    lost: ['nginx.conf:4 add_header X-Http http always'],
    // The backend answers 426 (not a WebSocket request); `always` adds the headers anyway.
    nginx: { path: '/inherits/', status: 426, headers: { 'x-server': 'server', 'x-http': null } },
  },
  {
    config: HEADERS,
    at: 'location /if/',
    directive: 'add_header',
    lines: ['nginx.conf:35 add_header X-Loc loc always'],
    definedAt: 'location /if/',
    lost: ['nginx.conf:9 add_header X-Server server always'],
    nginx: { path: '/if/', status: 200, headers: { 'x-loc': 'loc', 'x-if': null, 'x-server': null } },
  },
  // `if` in a location may set add_header: then it drops the location's.
  {
    config: HEADERS,
    at: 'location /if/ > if',
    directive: 'add_header',
    lines: ['nginx.conf:37 add_header X-If if always'],
    definedAt: 'location /if/ > if',
    lost: ['nginx.conf:35 add_header X-Loc loc always'],
    nginx: { path: '/if/?x=1', status: 200, headers: { 'x-if': 'if', 'x-loc': null, 'x-server': null } },
  },
  {
    config: UPSTREAM_ARRAYS,
    at: 'location /app/',
    directive: 'fastcgi_param',
    lines: ['nginx.conf:9 fastcgi_param SCRIPT_FILENAME /srv/app/index.php'],
    definedAt: 'location /app/',
    lost: ['fastcgi_params:1 fastcgi_param QUERY_STRING $query_string', 'fastcgi_params:2 fastcgi_param REQUEST_METHOD $request_method'],
  },
  {
    config: UPSTREAM_ARRAYS,
    at: 'location /legacy/',
    directive: 'fastcgi_param',
    lines: ['fastcgi_params:1 fastcgi_param QUERY_STRING $query_string', 'fastcgi_params:2 fastcgi_param REQUEST_METHOD $request_method'],
    definedAt: 'server',
  },
  {
    config: UPSTREAM_ARRAYS,
    at: 'location /grpc/',
    directive: 'grpc_set_header',
    lines: ['nginx.conf:16 grpc_set_header X-Trace on'],
    definedAt: 'location /grpc/',
    lost: ['nginx.conf:7 grpc_set_header X-Tenant a'],
  },
  {
    config: UPSTREAM_ARRAYS,
    at: 'location /legacy/',
    directive: 'grpc_set_header',
    lines: ['nginx.conf:7 grpc_set_header X-Tenant a'],
    definedAt: 'server',
  },
  {
    config: UPSTREAM_ARRAYS,
    at: 'location /proxy/',
    directive: 'proxy_hide_header',
    lines: ['nginx.conf:20 proxy_hide_header X-Runtime'],
    definedAt: 'location /proxy/',
    lost: ['nginx.conf:3 proxy_hide_header X-Powered-By'],
  },
  {
    config: UPSTREAM_ARRAYS,
    at: 'location /proxy-plain/',
    directive: 'proxy_hide_header',
    lines: ['nginx.conf:3 proxy_hide_header X-Powered-By'],
    definedAt: 'http',
  },
  // allow and deny fill one list: a location with only `allow` lines inherits none of the server's
  // `deny` lines, asked as either directive.
  {
    config: ACCESS,
    at: 'location /open/',
    directive: 'deny',
    lines: ['nginx.conf:8 allow 10.0.0.1'],
    definedAt: 'location /open/',
    lost: ['nginx.conf:6 deny 127.0.0.1'],
    // No rule matches 127.0.0.1, so nginx lets it through to the backend (426 from there).
    nginx: { path: '/open/', status: 426 },
  },
  {
    config: ACCESS,
    at: 'location /open/',
    directive: 'allow',
    lines: ['nginx.conf:8 allow 10.0.0.1'],
    definedAt: 'location /open/',
    lost: ['nginx.conf:6 deny 127.0.0.1'],
  },
  {
    config: ACCESS,
    at: 'location /closed/',
    directive: 'allow',
    lines: ['nginx.conf:6 deny 127.0.0.1'],
    definedAt: 'server',
    nginx: { path: '/closed/', status: 403 },
  },
  {
    config: ACCESS,
    at: 'location /write/',
    directive: 'allow',
    lines: ['nginx.conf:6 deny 127.0.0.1'],
    definedAt: 'server',
    nginx: { path: '/write/', status: 403 },
  },
  {
    config: ACCESS,
    at: 'location /write/ > limit_except GET',
    directive: 'deny',
    lines: ['nginx.conf:16 allow 127.0.0.1', 'nginx.conf:17 deny all'],
    definedAt: 'limit_except GET',
    lost: ['nginx.conf:6 deny 127.0.0.1'],
    nginx: { path: '/write/', method: 'POST', status: 426 },
  },
];

describe('array directives are inherited only into a level that sets none of its own', () => {
  test.each(ARRAYS.map((r) => [`${r.at}: ${r.directive}`, r] as const))('%s', async (_name, row) => {
    const { model, dir } = modelOf(row.config);
    const level = levelAt(model, row.at);
    const effective = effectiveHeaders(level, targetOf(undefined), row.directive);
    expect(effective.lines.map((d) => line(d, dir))).toEqual(row.lines);
    const definedAt = effectiveArrayLevel(level, row.directive);
    expect(definedAt).toBe(effective.definedAt);
    expect(definedAt && signature(definedAt)).toBe(row.definedAt && signature(levelAt(model, row.definedAt)));
    expect(droppedLines(definedAt, row.directive).map((d) => line(d, dir))).toEqual(row.lost ?? []);
    expect(effective.lost.map((d) => line(d, dir))).toEqual(row.lost ?? []);
    // No defaults for other directives than proxy_set_header.
    expect([...effective.headers.values()].every((h) => h.source)).toBe(true);

    if (!row.nginx) return;
    const { response } = await throughNginx(row.config, row.nginx);
    const headers: Record<string, string | null> = {};
    for (const name of Object.keys(row.nginx.headers ?? {})) headers[name] = response.headers[name] ?? null;
    expect({ status: response.status, headers }).toEqual({ status: row.nginx.status, headers: row.nginx.headers ?? {} });
  });
});

// ---------------------------------------------------------------------------------------------
// 4. Provenance in messages.
// ---------------------------------------------------------------------------------------------

test('lineRef names the file when a value comes from another file than the one a message is about', () => {
  const { model } = modelOf(HEADERS);
  const location = levelAt(model, 'location /inherits/');
  const [host] = effectiveHeaders(location, targetOf(undefined)).lines;
  const main = location.opener!.file;
  expect(path.basename(host.file.path)).toBe('proxy_params');
  expect(lineRef(host, main)).toBe(`line 1 of ${host.file.path}`);
  expect(lineRef(host, host.file)).toBe('line 1');
  expect(lineRef(host, undefined)).toBe('line 1');
  // The include that brought the line in is known too.
  expect(host.includedVia.map((d) => `${d.node.name} ${d.args.join(' ')} (line ${d.node.line})`)).toEqual(['include proxy_params (line 8)']);
});
