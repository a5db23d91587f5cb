/**
 * Deterministic benchmark inputs (seeded PRNG, no Date/Math.random): big single-file configs of a
 * given byte size, a small pre-commit-sized config, and a tree of many small files wired with
 * `include` globs. Everything is valid for `nginx -t` (upstreams as IP:port, only built-in or
 * defined variables, no files outside the tree, hash sizes raised for thousands of server names);
 * about half of the WebSocket locations are broken in ways nginx accepts and ngxlint reports.
 *
 * Paths that nginx opens or creates (temp folders) are relative, so they land in the `-p` prefix
 * that the benchmark gives `nginx -t`. The configs set no `pid` and no main-level `error_log`
 * (the benchmark passes both with `-g`).
 */
import * as fs from 'fs';
import * as path from 'path';

/** Bumped whenever the generated text changes, so stale inputs are regenerated. */
export const GENERATOR_VERSION = 3;
export const DEFAULT_SEED = 0x6e67786c; // "ngxl"

/** mulberry32: small, fast, good enough for test data, identical on every platform. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Rand {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = prng(seed);
  }
  float(): number {
    return this.next();
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

const WORDS = [
  'shop', 'api', 'blog', 'chat', 'docs', 'status', 'admin', 'media', 'auth', 'billing', 'search', 'cdn',
  'forum', 'wiki', 'mail', 'metrics', 'grafana', 'jira', 'git', 'ci', 'store', 'news', 'app', 'portal',
];
const TLDS = ['example.com', 'example.net', 'example.org', 'test.internal'];
const TEAMS = ['payments', 'platform', 'growth', 'search', 'infra', 'mobile', 'data', 'edge'];
const EXTENSIONS = ['css|js', 'css|js|png|jpe?g|gif|svg|ico', 'woff2?|ttf|eot', 'mp4|webm|ogg', 'pdf|zip|tar\\.gz'];

function ip(r: Rand): string {
  return `10.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`;
}

/** Global http-level settings both the big configs and the tree use. */
function httpPreamble(indent: string): string[] {
  const i = indent;
  return [
    `${i}default_type application/octet-stream;`,
    `${i}types {`,
    `${i}    text/html html htm;`,
    `${i}    text/css css;`,
    `${i}    application/javascript js;`,
    `${i}    application/json json;`,
    `${i}    image/png png;`,
    `${i}    image/svg+xml svg;`,
    `${i}}`,
    `${i}sendfile on;`,
    `${i}tcp_nopush on;`,
    `${i}keepalive_timeout 65;`,
    `${i}server_tokens off;`,
    '',
    `${i}# Thousands of server names and headers: nginx needs bigger hashes.`,
    `${i}server_names_hash_max_size 131072;`,
    `${i}server_names_hash_bucket_size 128;`,
    `${i}map_hash_bucket_size 128;`,
    `${i}variables_hash_max_size 2048;`,
    `${i}proxy_headers_hash_max_size 2048;`,
    `${i}proxy_headers_hash_bucket_size 128;`,
    '',
    `${i}# Relative paths: they resolve in the prefix (nginx -p) the benchmark uses.`,
    `${i}client_body_temp_path client_body_temp;`,
    `${i}proxy_temp_path proxy_temp;`,
    `${i}fastcgi_temp_path fastcgi_temp;`,
    `${i}uwsgi_temp_path uwsgi_temp;`,
    `${i}scgi_temp_path scgi_temp;`,
    '',
    `${i}log_format main '$remote_addr - $remote_user [$time_local] "$request" '`,
    `${i}                '$status $body_bytes_sent "$http_referer" '`,
    `${i}                '"$http_user_agent" "$http_x_forwarded_for" rt=$request_time';`,
    `${i}access_log off;`,
    '',
    `${i}limit_req_zone $binary_remote_addr zone=perip:10m rate=20r/s;`,
    '',
    `${i}map $http_upgrade $connection_upgrade {`,
    `${i}    default upgrade;`,
    `${i}    ''      close;`,
    `${i}}`,
    '',
    `${i}map $request_uri $legacy_target {`,
    `${i}    default "";`,
    `${i}    ~^/old/(?<rest>.*)$ /new/$rest;`,
    `${i}    "~*^/blog/(?<year>[0-9]{4})/(?<slug>[^/]+)/?$" /posts/$year-$slug;`,
    `${i}}`,
  ];
}

function upstreamBlock(r: Rand, name: string, indent: string): string[] {
  const i = indent;
  const lines = [`${i}upstream ${name} {`];
  const count = r.int(1, 4);
  const port = r.pick([3000, 8000, 8080, 8081, 9000]);
  for (let k = 0; k < count; k++) {
    const extra = k === count - 1 && count > 1 && r.chance(0.3) ? ' backup' : r.chance(0.4) ? ` weight=${r.int(1, 5)}` : '';
    const fails = r.chance(0.3) ? ' max_fails=3 fail_timeout=10s' : '';
    lines.push(`${i}    server ${ip(r)}:${port}${extra}${fails};`);
  }
  if (r.chance(0.6)) lines.push(`${i}    keepalive ${r.pick([8, 16, 32, 64])};`);
  lines.push(`${i}}`);
  return lines;
}

/** The six WebSocket location shapes; odd ones are broken (nginx accepts them, ngxlint does not). */
function websocketLocation(r: Rand, variant: number, upstream: string, i: string): { lines: string[]; serverHeaders: string[] } {
  const wsPath = r.pick(['/ws/', '/socket/', '/cable', '/live/websocket', '/hubs/notifications', '/graphql-ws']);
  const target = `http://${upstream}`;
  switch (variant % 6) {
    case 0: // correct: the canonical map form
      return {
        serverHeaders: [],
        lines: [
          `${i}# WebSocket endpoint (Upgrade via the $connection_upgrade map)`,
          `${i}location ${wsPath} {`,
          `${i}    proxy_pass ${target};`,
          `${i}    proxy_http_version 1.1;`,
          `${i}    proxy_set_header Host $host;`,
          `${i}    proxy_set_header Upgrade $http_upgrade;`,
          `${i}    proxy_set_header Connection $connection_upgrade;`,
          `${i}    proxy_read_timeout 3600s;`,
          `${i}}`,
        ],
      };
    case 1: // broken: no proxy_http_version 1.1
      return {
        serverHeaders: [],
        lines: [
          `${i}location ${wsPath} {`,
          `${i}    proxy_pass ${target};`,
          `${i}    proxy_set_header Host $host;`,
          `${i}    proxy_set_header Upgrade $http_upgrade;`,
          `${i}    proxy_set_header Connection "upgrade";`,
          `${i}    proxy_read_timeout 1h;`,
          `${i}}`,
        ],
      };
    case 2: // correct: constant Connection, everything in the location
      return {
        serverHeaders: [],
        lines: [
          `${i}location ^~ ${wsPath} {`,
          `${i}    proxy_pass ${target};`,
          `${i}    proxy_http_version 1.1;`,
          `${i}    proxy_set_header Host $host;`,
          `${i}    proxy_set_header Upgrade $http_upgrade;`,
          `${i}    proxy_set_header Connection 'upgrade';`,
          `${i}    proxy_buffering off;`,
          `${i}}`,
        ],
      };
    case 3: // broken: server-level WebSocket headers lost by the location's own proxy_set_header
      return {
        serverHeaders: ['proxy_set_header Upgrade $http_upgrade;', 'proxy_set_header Connection $connection_upgrade;'],
        lines: [
          `${i}location ${wsPath} {`,
          `${i}    proxy_pass ${target};`,
          `${i}    proxy_http_version 1.1;`,
          `${i}    proxy_set_header X-Request-Id $request_id;  # added for tracing; drops the server's headers`,
          `${i}    proxy_read_timeout 3600s;`,
          `${i}}`,
        ],
      };
    case 4: // correct: inherits everything from the server
      return {
        serverHeaders: ['proxy_set_header Upgrade $http_upgrade;', 'proxy_set_header Connection $connection_upgrade;'],
        lines: [`${i}location ${wsPath} {`, `${i}    proxy_pass ${target};`, `${i}    proxy_http_version 1.1;`, `${i}}`],
      };
    default: // broken: only Connection, no Upgrade header, HTTP/1.0
      return {
        serverHeaders: [],
        lines: [
          `${i}location ~ ^/socket\\.io/ {`,
          `${i}    proxy_pass ${target};`,
          `${i}    proxy_set_header Connection $connection_upgrade;`,
          `${i}}`,
        ],
      };
  }
}

interface ServerOptions {
  index: number;
  upstreams: readonly string[];
  wsUpstreams: readonly string[];
  /** Snippet include lines to use inside the server (tree layout). */
  snippets?: { headers: string; static: string };
}

/** One `server` block (with a comment header), as lines at the given indent. */
function serverBlock(r: Rand, o: ServerOptions, i: string): string[] {
  const n = o.index;
  const name = `${r.pick(WORDS)}-${n}.${r.pick(TLDS)}`;
  const upstream = r.pick(o.upstreams);
  const port = 8000 + (n % 97);
  const ws = n % 5 === 0 ? websocketLocation(r, Math.floor(n / 5), r.pick(o.wsUpstreams), i + '    ') : undefined;
  const j = i + '    ';
  const lines: string[] = [
    `${i}# ${name}: team ${r.pick(TEAMS)}, ticket OPS-${r.int(1000, 9999)} (generated)`,
    `${i}server {`,
    `${j}listen ${port};`,
    `${j}server_name ${name} www.${name};`,
    `${j}root /srv/www/${name}/public;`,
    `${j}index index.html index.htm;`,
    `${j}client_max_body_size ${r.pick(['1m', '8m', '16m', '100m'])};`,
  ];
  if (r.chance(0.5)) lines.push(`${j}access_log logs/access.log main buffer=32k;`);
  if (o.snippets) {
    lines.push(`${j}include ${o.snippets.headers};`);
  } else {
    lines.push(
      `${j}proxy_set_header Host $host;`,
      `${j}proxy_set_header X-Real-IP $remote_addr;`,
      `${j}proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;`,
      `${j}proxy_set_header X-Forwarded-Proto $scheme;`,
    );
  }
  if (ws) for (const h of ws.serverHeaders) lines.push(`${j}${h}`);
  lines.push(
    `${j}add_header X-Frame-Options "SAMEORIGIN" always;`,
    `${j}add_header Content-Security-Policy "default-src 'self'; img-src 'self' data: https://cdn.${name}; frame-ancestors 'none'" always;`,
  );
  if (r.chance(0.4)) lines.push(`${j}gzip on;`, `${j}gzip_types text/plain text/css application/json application/javascript;`);
  if (r.chance(0.3)) {
    lines.push(`${j}if ($http_user_agent ~* "(bot|crawler|spider)/[0-9]") {`, `${j}    return 403;`, `${j}}`);
  }
  if (r.chance(0.3)) lines.push(`${j}if ($legacy_target) {`, `${j}    return 301 $legacy_target;`, `${j}}`);
  lines.push(
    '',
    `${j}location / {`,
    `${j}    try_files $uri $uri/ @backend;`,
    `${j}}`,
    '',
    `${j}location @backend {`,
    `${j}    proxy_pass http://${upstream};`,
    `${j}    proxy_read_timeout ${r.pick(['30s', '60s', '120s'])};  # reports are slow`,
    `${j}    proxy_next_upstream error timeout http_502;`,
    `${j}}`,
  );
  // Distinct shapes: nginx rejects two prefix locations with the same path in one server.
  const shapes = [0, 1, 2, 3, 4, 5, 6, 7];
  for (let k = shapes.length - 1; k > 0; k--) {
    const m = r.int(0, k);
    [shapes[k], shapes[m]] = [shapes[m], shapes[k]];
  }
  const extra = r.int(2, 7);
  for (let k = 0; k < extra; k++) {
    lines.push('');
    switch (shapes[k]) {
      case 0:
        lines.push(
          `${j}location /api/v${r.int(1, 3)}/ {`,
          `${j}    proxy_pass http://${ip(r)}:${r.pick([8081, 8443, 9090])}/;`,
          `${j}    proxy_connect_timeout 5s;`,
          `${j}    limit_req zone=perip burst=${r.int(5, 50)} nodelay;`,
          `${j}}`,
        );
        break;
      case 1:
        if (o.snippets) {
          lines.push(`${j}location ~* \\.(?:${r.pick(EXTENSIONS)})$ {`, `${j}    include ${o.snippets.static};`, `${j}}`);
        } else {
          lines.push(
            `${j}location ~* \\.(?:${r.pick(EXTENSIONS)})$ {`,
            `${j}    expires 30d;`,
            `${j}    access_log off;`,
            `${j}    add_header Cache-Control "public, max-age=2592000, immutable";`,
            `${j}}`,
          );
        }
        break;
      case 2:
        lines.push(
          `${j}location ~ ^/users/(\\d+)/avatar$ {`,
          `${j}    rewrite ^/users/(\\d+)/avatar$ /avatars/$1.png break;`,
          `${j}}`,
        );
        break;
      case 3:
        lines.push(`${j}location = /healthz {`, `${j}    access_log off;`, `${j}    return 200 "ok\\n";`, `${j}}`);
        break;
      case 4:
        lines.push(
          `${j}location /admin/ {`,
          `${j}    allow 10.0.0.0/8;`,
          `${j}    allow 192.168.${r.int(0, 255)}.0/24;`,
          `${j}    deny all;`,
          `${j}    proxy_pass http://${r.pick(o.upstreams)};`,
          `${j}}`,
        );
        break;
      case 5:
        lines.push(
          `${j}location ~ "^/archive/[0-9]{4}/[0-9]{2}/(?<slug>[a-z0-9-]+)$" {`,
          `${j}    return 301 "https://archive.${name}/$slug?from=$uri";`,
          `${j}}`,
        );
        break;
      case 6:
        lines.push(
          `${j}location /downloads/ {`,
          `${j}    alias /srv/files/${name}/;`,
          `${j}    autoindex on;  # internal mirror`,
          `${j}    limit_rate ${r.int(100, 900)}k;`,
          `${j}}`,
        );
        break;
      default:
        lines.push(
          `${j}location /static/ {`,
          `${j}    location ~ \\.map$ {`,
          `${j}        deny all;`,
          `${j}    }`,
          `${j}    expires 7d;`,
          `${j}}`,
        );
    }
  }
  if (ws) lines.push('', ...ws.lines);
  lines.push(`${i}}`, '');
  return lines;
}

function header(what: string, seed: number): string[] {
  return [
    `# ngxlint benchmark input: ${what}`,
    `# Generated by bench/generate.ts (generator ${GENERATOR_VERSION}, seed ${seed}); do not edit.`,
    '',
  ];
}

/** A single-file config of about `targetBytes` bytes (within one server block). */
export function bigConfig(targetBytes: number, seed: number = DEFAULT_SEED, minServers = 1): string {
  const r = new Rand(seed ^ targetBytes);
  const estimatedServers = Math.max(2, Math.round(targetBytes / 1900));
  const upstreamCount = Math.max(2, Math.round(estimatedServers / 8));
  const upstreams = Array.from({ length: upstreamCount }, (_, k) => `backend_${k}`);
  const wsUpstreams = Array.from({ length: Math.max(1, Math.round(upstreamCount / 10)) }, (_, k) => `chat_ws_${k}`);
  const head: string[] = [
    ...header(`one file of about ${targetBytes} bytes`, seed),
    'worker_processes 2;',
    '',
    'events {',
    '    worker_connections 4096;',
    '}',
    '',
    'http {',
    ...httpPreamble('    '),
    '',
  ];
  for (const u of [...upstreams, ...wsUpstreams]) head.push(...upstreamBlock(r, u, '    '));
  head.push('');
  const tail = '}\n';
  const chunks: string[] = [head.join('\n') + '\n'];
  let size = Buffer.byteLength(chunks[0]) + tail.length;
  for (let n = 0; size < targetBytes; n++) {
    const text = serverBlock(r, { index: n, upstreams, wsUpstreams }, '    ').join('\n') + '\n';
    // Stop at the server that lands closest to the target.
    const next = size + Buffer.byteLength(text);
    if (n >= minServers && next > targetBytes && next - targetBytes > targetBytes - size) break;
    chunks.push(text);
    size = next;
  }
  chunks.push(tail);
  return chunks.join('');
}

/** A config of the size people commit one at a time (a couple of servers). */
export function smallConfig(seed: number = DEFAULT_SEED): string {
  return bigConfig(3000, seed, 2);
}

export interface TreeLayout {
  files: Map<string, string>;
  main: string;
}

/**
 * A config tree of exactly `fileCount` files: nginx.conf including `conf.d/*.conf` (settings and
 * upstreams) and `sites-enabled/*.conf` (one server each), the servers including `snippets/…`.
 */
export function configTree(fileCount: number, seed: number = DEFAULT_SEED): TreeLayout {
  const r = new Rand(seed ^ 0x7472);
  const files = new Map<string, string>();
  const upstreamFiles = Math.max(1, Math.round(fileCount / 20));
  const snippetCount = 4;
  const siteCount = fileCount - 1 /* nginx.conf */ - 1 /* conf.d/00-http.conf */ - upstreamFiles - snippetCount;
  if (siteCount < 1) throw new Error(`a tree needs more than ${fileCount} files`);

  files.set(
    'nginx.conf',
    [
      ...header(`a tree of ${fileCount} files`, seed),
      'worker_processes 2;',
      '',
      'events {',
      '    worker_connections 4096;',
      '}',
      '',
      'http {',
      '    include conf.d/*.conf;',
      '    include sites-enabled/*.conf;',
      '}',
      '',
    ].join('\n'),
  );
  files.set('conf.d/00-http.conf', ['# http-level settings', ...httpPreamble(''), ''].join('\n'));

  const upstreams: string[] = [];
  const wsUpstreams: string[] = [];
  const perFile = Math.max(1, Math.ceil(siteCount / 6 / upstreamFiles));
  for (let f = 0; f < upstreamFiles; f++) {
    const lines = [`# upstreams, group ${f}`];
    for (let k = 0; k < perFile; k++) {
      const name = k === 0 && f % 5 === 0 ? `chat_ws_${f}` : `backend_${f}_${k}`;
      (name.startsWith('chat_ws') ? wsUpstreams : upstreams).push(name);
      lines.push(...upstreamBlock(r, name, ''));
    }
    files.set(`conf.d/upstreams-${String(f).padStart(3, '0')}.conf`, lines.join('\n') + '\n');
  }

  files.set(
    'snippets/proxy-headers.conf',
    [
      '# common proxy headers (included by every server)',
      'proxy_set_header Host $host;',
      'proxy_set_header X-Real-IP $remote_addr;',
      'proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;',
      'proxy_set_header X-Forwarded-Proto $scheme;',
      '',
    ].join('\n'),
  );
  files.set(
    'snippets/static-cache.conf',
    ['# long-lived static files', 'expires 30d;', 'access_log off;', 'add_header Cache-Control "public, max-age=2592000, immutable";', ''].join('\n'),
  );
  files.set(
    'snippets/websocket.conf',
    [
      '# WebSocket proxying (include inside a location)',
      'proxy_http_version 1.1;',
      'proxy_set_header Upgrade $http_upgrade;',
      'proxy_set_header Connection $connection_upgrade;',
      'proxy_read_timeout 3600s;',
      '',
    ].join('\n'),
  );
  files.set('snippets/deny-dotfiles.conf', ['# no .git, .env …', 'location ~ /\\.(?!well-known) {', '    deny all;', '}', ''].join('\n'));

  for (let n = 0; n < siteCount; n++) {
    const lines = serverBlock(r, { index: n, upstreams, wsUpstreams, snippets: { headers: 'snippets/proxy-headers.conf', static: 'snippets/static-cache.conf' } }, '');
    // Every site denies dotfiles through a snippet inside its server block.
    const listenAt = lines.findIndex((l) => l.startsWith('    listen '));
    lines.splice(listenAt + 1, 0, '    include snippets/deny-dotfiles.conf;');
    files.set(`sites-enabled/site-${String(n).padStart(4, '0')}.conf`, lines.join('\n'));
  }
  if (files.size !== fileCount) throw new Error(`tree has ${files.size} files, wanted ${fileCount}`);
  return { files, main: 'nginx.conf' };
}

export interface GeneratedInputs {
  dir: string;
  small: string;
  /** Single-file configs by label ("1MB" …). */
  big: Array<{ label: string; file: string; bytes: number }>;
  tree: { dir: string; main: string; files: number; bytes: number };
}

export const BIG_SIZES: ReadonlyArray<{ label: string; bytes: number }> = [
  { label: '1 MB', bytes: 1_000_000 },
  { label: '6 MB', bytes: 6_000_000 },
  { label: '30 MB', bytes: 30_000_000 },
];
export const TREE_FILES = 2000;

function writeFile(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

/** Paths of the inputs relative to their folder, as the manifest keeps them (the repository may move). */
function relativeInputs(dir: string, inputs: GeneratedInputs): GeneratedInputs {
  const rel = (file: string) => path.relative(dir, file);
  return {
    dir: '.',
    small: rel(inputs.small),
    big: inputs.big.map((b) => ({ ...b, file: rel(b.file) })),
    tree: { ...inputs.tree, dir: rel(inputs.tree.dir) },
  };
}

function absoluteInputs(dir: string, inputs: GeneratedInputs): GeneratedInputs {
  const abs = (file: string) => path.resolve(dir, file);
  return {
    dir,
    small: abs(inputs.small),
    big: inputs.big.map((b) => ({ ...b, file: abs(b.file) })),
    tree: { ...inputs.tree, dir: abs(inputs.tree.dir) },
  };
}

/** Writes the inputs into `dir` unless its manifest says they are there already (same generator and seed). */
export function ensureInputs(dir: string, seed: number = DEFAULT_SEED, log: (s: string) => void = () => {}): GeneratedInputs {
  const manifestFile = path.join(dir, 'manifest.json');
  const wanted = { generator: GENERATOR_VERSION, seed, sizes: BIG_SIZES.map((s) => s.bytes), treeFiles: TREE_FILES };
  let manifest: { key: typeof wanted; inputs: GeneratedInputs } | undefined;
  try {
    manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
  } catch {
    manifest = undefined;
  }
  if (manifest && JSON.stringify(manifest.key) === JSON.stringify(wanted)) {
    const known = absoluteInputs(dir, manifest.inputs);
    const complete =
      fs.existsSync(known.small) &&
      known.big.every((b) => fs.existsSync(b.file) && fs.statSync(b.file).size === b.bytes) &&
      fs.existsSync(path.join(known.tree.dir, known.tree.main)) &&
      fs.readdirSync(path.join(known.tree.dir, 'sites-enabled')).length > 0;
    if (complete) return known;
  }
  log(`generating inputs in ${dir} (seed ${seed}) …`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const small = path.join(dir, 'small.conf');
  writeFile(small, smallConfig(seed));
  const big: GeneratedInputs['big'] = [];
  for (const { label, bytes } of BIG_SIZES) {
    const file = path.join(dir, `config-${label.replace(/\s+/g, '').toLowerCase()}.conf`);
    const text = bigConfig(bytes, seed);
    writeFile(file, text);
    big.push({ label, file, bytes: Buffer.byteLength(text) });
  }
  const treeDir = path.join(dir, 'tree');
  const tree = configTree(TREE_FILES, seed);
  let treeBytes = 0;
  for (const [rel, text] of tree.files) {
    writeFile(path.join(treeDir, rel), text);
    treeBytes += Buffer.byteLength(text);
  }
  const inputs: GeneratedInputs = { dir, small, big, tree: { dir: treeDir, main: tree.main, files: tree.files.size, bytes: treeBytes } };
  fs.writeFileSync(manifestFile, JSON.stringify({ key: wanted, inputs: relativeInputs(dir, inputs) }, null, 2) + '\n');
  return inputs;
}

if (require.main === module) {
  const dir = process.argv[2] ?? path.join(process.cwd(), 'bench', 'generated');
  const inputs = ensureInputs(dir, DEFAULT_SEED, (s) => process.stderr.write(s + '\n'));
  process.stdout.write(JSON.stringify(inputs, null, 2) + '\n');
}
