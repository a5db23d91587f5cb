/**
 * Random nginx configs for property-based and differential tests (fast-check arbitraries).
 *
 * - `configTextArbitrary()`: text from the grammar of the config language, in its odd corners:
 *   bare words with escapes, `${var}`, quotes inside words, double and single quotes holding
 *   `;{}#` and line breaks, comments between arguments and after `{`, `*_by_lua_block` bodies with
 *   braces in Lua strings and comments and long brackets, `if (…)`, nesting (now and then 40
 *   levels deep), CRLF, tabs, form feeds, a BOM, a file that ends anywhere. Most of it is not a
 *   valid nginx config; it is what the parser, the model, the rules and the fixer must survive.
 * - `configFilesArbitrary()`: the same spread over a main file and files it includes (plain and
 *   glob includes, an include cycle now and then); written to a folder by the caller.
 * - `webSocketSetupArbitrary()`: valid configs with one proxied WebSocket location whose
 *   effective settings vary over every level nginx inherits from (http, server, an enclosing
 *   location, the location itself, a snippet), each with the generator's own verdict: does the
 *   WebSocket work? The verdict follows nginx's rules (the innermost `proxy_http_version` wins,
 *   default 1.0 before nginx 1.29.7; `proxy_set_header` lines come only from the innermost level
 *   that has any; an empty value sends no header; `Connection: close` by default) and RFC 6455
 *   (an HTTP/1.1 GET with `Upgrade: websocket` and a `Connection` with the `upgrade` token). It is
 *   computed here, from the generator's own description of the config — never from ngxlint's
 *   model — so comparing it with ngxlint's findings is a real differential test.
 */
import fc from 'fast-check';

// ---------------------------------------------------------------------------------------------
// Grammar-level text
// ---------------------------------------------------------------------------------------------

const LETTERS = 'abcdefghijklmnopqrstuvwxyz_';

const nameChars = fc.string({ unit: fc.constantFrom(...LETTERS.split('')), minLength: 1, maxLength: 8 });

/** A piece of a bare word: never whitespace, `;`, `{`, `}` unescaped; quotes and `#` only inside. */
const wordPiece = fc.oneof(
  { weight: 6, arbitrary: nameChars },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 65535 }).map(String) },
  { weight: 2, arbitrary: nameChars.map((n) => `$${n}`) },
  { weight: 1, arbitrary: nameChars.map((n) => `\${${n}}`) },
  {
    weight: 2,
    arbitrary: fc.constantFrom('\\"', "\\'", '\\;', '\\{', '\\}', '\\ ', '\\\\', '\\n', '\\t', '\\$', '\\#'),
  },
  { weight: 2, arbitrary: fc.constantFrom('/', '.', ':', '-', '~', '^', '*', '(', ')', '=', ',', '|', '?', '&', '@', '%', '+', '!') },
  { weight: 1, arbitrary: fc.constantFrom('"', "'", '#', '$') }, // inside a word they are ordinary
  { weight: 1, arbitrary: fc.constantFrom('é', 'ü', '日本', '😀', 'ß', '\u00a0x', 'ǅ') },
);

/** A bare word: pieces glued, never starting with a quote or `#`. */
export const bareWordArbitrary: fc.Arbitrary<string> = fc
  .tuple(nameChars, fc.array(wordPiece, { maxLength: 5 }))
  .map(([first, rest]) => first + rest.join(''));

const quotedBodyPiece = fc.oneof(
  { weight: 5, arbitrary: nameChars },
  { weight: 2, arbitrary: fc.constantFrom(' ', ';', '{', '}', '#', '$host', '${x}', '\t', '=', 'é', '😀') },
  { weight: 1, arbitrary: fc.constantFrom('\n', '\r\n', '\\n', '\\\\', '\\t', '\\$') },
);

/** A double- or single-quoted string, with the other quote and escaped own quotes inside. */
export const quotedArbitrary: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom('"', "'"), fc.array(fc.oneof(quotedBodyPiece, fc.constantFrom('QUOTE', 'OTHER')), { maxLength: 6 }))
  .map(([q, pieces]) => {
    const other = q === '"' ? "'" : '"';
    return q + pieces.map((p) => (p === 'QUOTE' ? `\\${q}` : p === 'OTHER' ? other : p)).join('') + q;
  });

export const argumentArbitrary: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: bareWordArbitrary },
  { weight: 2, arbitrary: quotedArbitrary },
  { weight: 1, arbitrary: fc.constantFrom('""', "''", 'on', 'off', '80', '127.0.0.1:3000', 'http://127.0.0.1:3000', '$http_upgrade', '"upgrade"') },
);

const commentArbitrary = fc
  .string({ unit: fc.constantFrom(...'abc {};"\'#$\\\t é'.split('')), maxLength: 12 })
  .map((t) => `#${t}`);

/** Whitespace between tokens (at least one character). */
const gapArbitrary = fc.oneof(
  { weight: 10, arbitrary: fc.constantFrom(' ', '  ', '\n', '\n  ', '\n    ', '\t') },
  { weight: 2, arbitrary: fc.constantFrom('\r\n', '\r\n  ', '\n\n', ' \t ') },
  { weight: 1, arbitrary: fc.constantFrom('\f', '\v', '\r', '\u00a0', '\u2003') },
);

/** Whitespace, optionally with a comment (which needs a line break after it). */
const triviaArbitrary = fc.oneof(
  { weight: 6, arbitrary: gapArbitrary },
  {
    weight: 1,
    arbitrary: fc.tuple(gapArbitrary, commentArbitrary, fc.constantFrom('\n', '\r\n', '\n  ')).map(([a, c, b]) => a + c + b),
  },
);

const DIRECTIVE_NAMES = [
  'listen',
  'server_name',
  'proxy_pass',
  'proxy_set_header',
  'proxy_http_version',
  'proxy_read_timeout',
  'add_header',
  'set',
  'return',
  'rewrite',
  'root',
  'index',
  'access_log',
  'error_page',
  'allow',
  'deny',
  'gzip',
  'keepalive_timeout',
  'include',
];
const BLOCK_NAMES = ['http', 'server', 'location', 'events', 'upstream', 'map', 'types', 'if', 'limit_except', 'geo', 'stream', 'split_clients'];

const LUA_PIECES = [
  'ngx.say("}{")',
  "ngx.say('{ }')",
  '-- a } comment {',
  'local t = { a = { 1 } }',
  'local s = [[ long } string ]]',
  'local s = [==[ ]] } still ]==]',
  '--[[ long { comment ]]',
  'if x then return end',
  'ngx.var.x = "\\""',
  'local q = "a\\"}"',
];

const luaBodyArbitrary = fc
  .array(fc.tuple(fc.constantFrom(...LUA_PIECES), fc.constantFrom('\n', '\n  ', ' ', '\r\n')), { maxLength: 4 })
  .map((lines) => lines.map(([code, gap]) => code + gap).join(''));

const luaBlockArbitrary = fc
  .tuple(
    fc.constantFrom('content_by_lua_block', 'access_by_lua_block', 'set_by_lua_block $lua_var', 'init_by_lua_block', 'log_by_lua_block'),
    gapArbitrary,
    luaBodyArbitrary,
  )
  .map(([name, gap, body]) => `${name}${gap.trim() === '' ? gap : ' '}{${body}}`);

interface StatementOptions {
  depth: number;
}

/** One statement (a simple directive, a block, a Lua block, an `if`, a comment), recursively. */
function statementArbitrary(options: StatementOptions): fc.Arbitrary<string> {
  const simple = fc
    .tuple(
      fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...DIRECTIVE_NAMES) }, { weight: 1, arbitrary: bareWordArbitrary }, { weight: 1, arbitrary: quotedArbitrary }),
      fc.array(fc.tuple(triviaArbitrary, argumentArbitrary), { maxLength: 4 }),
      fc.constantFrom('', ' ', '\n'),
    )
    .map(([name, args, before]) => name + args.map(([g, a]) => g + a).join('') + before + ';');
  const comment = commentArbitrary.map((c) => `${c}\n`);
  const options0 = [
    { weight: 6, arbitrary: simple },
    { weight: 1, arbitrary: comment },
    { weight: 1, arbitrary: luaBlockArbitrary },
  ];
  if (options.depth <= 0) return fc.oneof(...options0);
  const inner = fc.array(
    fc.tuple(triviaArbitrary, fc.constant(null).chain(() => statementArbitrary({ depth: options.depth - 1 }))),
    { maxLength: 4 },
  );
  const block = fc
    .tuple(
      fc.constantFrom(...BLOCK_NAMES),
      fc.array(fc.tuple(gapArbitrary, argumentArbitrary), { maxLength: 2 }),
      fc.constantFrom(' ', '', '\n', ' # after the name\n'),
      inner,
      triviaArbitrary,
    )
    .map(([name, args, beforeBrace, body, end]) => {
      const head = name === 'if' ? `if ($${args.length > 0 ? 'x' : 'y'} ~ "a{2}")` : name + args.map(([g, a]) => g + a).join('');
      return `${head}${beforeBrace}{${body.map(([g, s]) => g + s).join('')}${end}}`;
    });
  return fc.oneof(...options0, { weight: 3, arbitrary: block });
}

/** Many blocks inside each other, to probe nesting (kept well below the parser's limit). */
const deepNestingArbitrary = fc
  .tuple(fc.integer({ min: 10, max: 60 }), fc.constantFrom('a', 'location /', 'if ($x)', 'server'), fc.constantFrom('\n', ' ', ''))
  .map(([n, name, gap]) => `${`${name} {${gap}`.repeat(n)}x;${`}${gap}`.repeat(n)}`);

export interface ConfigTextOptions {
  /** Maximum block nesting of the ordinary statements (default 4). */
  maxDepth?: number;
}

/** The text of one config file (see the file comment). */
export function configTextArbitrary(options: ConfigTextOptions = {}): fc.Arbitrary<string> {
  const statement = statementArbitrary({ depth: options.maxDepth ?? 4 });
  return fc
    .tuple(
      fc.constantFrom('', '', '', '\ufeff'),
      fc.array(fc.tuple(triviaArbitrary, fc.oneof({ weight: 12, arbitrary: statement }, { weight: 1, arbitrary: deepNestingArbitrary })), {
        maxLength: 8,
      }),
      fc.oneof(
        { weight: 8, arbitrary: fc.constantFrom('\n', '', '\r\n') },
        { weight: 1, arbitrary: fc.constantFrom('}', '{', ';', '"unterminated', '# no newline', 'cut', '\\', '\0') },
      ),
    )
    .map(([bom, statements, end]) => bom + statements.map(([t, s]) => t + s).join('') + end);
}

/** Arbitrary text and bytes, beyond the grammar. */
export const anyTextArbitrary: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ unit: fc.constantFrom(...'{};"\'#$\\ \n\r\tab${}()'.split('')), maxLength: 200 }),
);
export const anyBytesArbitrary: fc.Arbitrary<Uint8Array> = fc.uint8Array({ maxLength: 300 });

export interface ConfigFiles {
  /** File name (relative to the folder the caller writes them to) → text. */
  files: Record<string, string>;
  main: string;
}

/** A main file and up to three files it includes (by name or by glob), as text. */
export function configFilesArbitrary(options: ConfigTextOptions = {}): fc.Arbitrary<ConfigFiles> {
  const text = configTextArbitrary({ maxDepth: options.maxDepth ?? 3 });
  return fc
    .tuple(
      text,
      fc.array(text, { maxLength: 3 }),
      fc.array(fc.tuple(fc.nat(), fc.constantFrom('name', 'glob', 'missing', 'self')), { maxLength: 4 }),
    )
    .map(([main, others, includes]) => {
      const files: Record<string, string> = {};
      const names = others.map((_, i) => `conf.d/inc${i}.conf`);
      others.forEach((t, i) => (files[names[i]] = t));
      const lines = includes.map(([n, kind]) => {
        if (kind === 'glob') return 'include conf.d/*.conf;';
        if (kind === 'missing') return 'include conf.d/missing.conf;';
        if (kind === 'self' && names.length > 0) return `include ${names[n % names.length]};`; // a cycle when included from itself
        return names.length > 0 ? `include ${names[n % names.length]};` : 'include nothing-*.conf;';
      });
      // Included files include others too (possibly themselves: a cycle).
      names.forEach((name, i) => {
        if (includes[i]) files[name] += `\n${lines[i]}\n`;
      });
      files['nginx.conf'] = `${lines.join('\n')}\n${main}`;
      return { files, main: 'nginx.conf' };
    });
}

// ---------------------------------------------------------------------------------------------
// WebSocket setups with a known verdict
// ---------------------------------------------------------------------------------------------

export type HeaderName = 'Upgrade' | 'Connection' | 'Host' | 'X-Real-IP';

/** The settings of one level: `proxy_http_version` and `proxy_set_header` lines (in order). */
export interface LevelSettings {
  httpVersion?: '1.0' | '1.1';
  headers: Array<{ name: HeaderName; value: string }>;
}

export interface WebSocketSetupSpec {
  http: LevelSettings;
  server: LevelSettings;
  /** An enclosing location around the WebSocket location (nested locations inherit too). */
  outer?: LevelSettings;
  location: LevelSettings;
  /** Where the location's own settings are written: in the location, or in a snippet it includes. */
  locationInSnippet: boolean;
  /** `map $http_upgrade $connection_upgrade { … }` in http. */
  map: boolean;
  scheme: 'http' | 'ws';
  path: '/ws/' | '/socket.io/' | '/cable' | '/chat/ws';
  /** A `# ngxlint websocket` comment above the location. */
  marker: boolean;
  /** Locations that are not WebSocket ones around it. */
  noise: boolean;
  style: { indent: '  ' | '    ' | '\t'; eol: '\n' | '\r\n'; oneLineLocation: boolean; quote: '"' | "'" | '' };
}

export interface WebSocketSetup {
  spec: WebSocketSetupSpec;
  /** nginx.conf, and the snippet when there is one. */
  files: Record<string, string>;
  main: 'nginx.conf';
  /** The file and 1-based lines of the WebSocket location (its `location` line to its `}`). */
  locationFile: string;
  locationLines: [number, number];
  /** A request path the location matches. */
  requestPath: string;
  /** The generator's verdict, by nginx's rules and RFC 6455. */
  works: boolean;
  /** Why it does not work (empty when it works). */
  why: string[];
  /**
   * Whether a linter must report it: every broken setup, and working ones whose handshake hangs on
   * the client's own hop-by-hop Connection header (`$http_connection`), which the issue counts as
   * an error (it works only while every client and proxy in front keeps "upgrade" in it).
   */
  reported: boolean;
}

const VALUES: Record<HeaderName, string[]> = {
  Upgrade: ['$http_upgrade', 'websocket', ''],
  Connection: ['upgrade', 'Upgrade', '$connection_upgrade', 'close', '', 'keep-alive', 'keep-alive, Upgrade', '$http_connection'],
  Host: ['$host', '$http_host'],
  'X-Real-IP': ['$remote_addr'],
};

const levelArbitrary = (weights: { version: number; headers: number }): fc.Arbitrary<LevelSettings> =>
  fc
    .tuple(
      fc.option(fc.constantFrom<'1.0' | '1.1'>('1.0', '1.1', '1.1'), { freq: weights.version }),
      fc.option(
        fc.shuffledSubarray(['Upgrade', 'Connection', 'Host', 'X-Real-IP'] as HeaderName[], { minLength: 1 }).chain((names) =>
          fc.tuple(...names.map((name) => fc.constantFrom(...VALUES[name]).map((value) => ({ name, value })))),
        ),
        { freq: weights.headers },
      ),
    )
    .map(([httpVersion, headers]) => ({ ...(httpVersion ? { httpVersion } : {}), headers: headers ?? [] }));

export const webSocketSetupSpecArbitrary: fc.Arbitrary<WebSocketSetupSpec> = fc
  .record({
    http: levelArbitrary({ version: 3, headers: 3 }),
    server: levelArbitrary({ version: 3, headers: 2 }),
    outer: fc.option(levelArbitrary({ version: 3, headers: 3 }), { freq: 3 }),
    location: levelArbitrary({ version: 2, headers: 1 }),
    locationInSnippet: fc.boolean(),
    map: fc.boolean(),
    scheme: fc.constantFrom<'http' | 'ws'>('http', 'http', 'http', 'http', 'ws'),
    path: fc.constantFrom<WebSocketSetupSpec['path']>('/ws/', '/socket.io/', '/cable', '/chat/ws'),
    marker: fc.boolean(),
    noise: fc.boolean(),
    style: fc.record({
      indent: fc.constantFrom<'  ' | '    ' | '\t'>('  ', '    ', '\t'),
      eol: fc.constantFrom<'\n' | '\r\n'>('\n', '\n', '\n', '\r\n'),
      oneLineLocation: fc.boolean(),
      quote: fc.constantFrom<'"' | "'" | ''>('"', "'", ''),
    }),
  })
  .map((spec) => {
    const out: WebSocketSetupSpec = { ...spec, outer: spec.outer ?? undefined };
    // `$connection_upgrade` needs its map, or nginx -t fails ("unknown variable"): not a WebSocket question.
    const levels = [out.http, out.server, out.outer, out.location].filter((l): l is LevelSettings => !!l);
    if (levels.some((l) => l.headers.some((h) => h.value === '$connection_upgrade'))) out.map = true;
    // A one-line location cannot hold a snippet include and its own lines nicely; keep it simple.
    if (out.locationInSnippet) out.style = { ...out.style, oneLineLocation: false };
    return out;
  });

/** What a header value becomes for the client's handshake (`Upgrade: websocket`, `Connection: Upgrade`). */
function evaluate(value: string, spec: WebSocketSetupSpec): string {
  if (value === '$http_upgrade') return 'websocket';
  if (value === '$connection_upgrade') return spec.map ? 'upgrade' : '';
  if (value === '$http_connection') return 'Upgrade';
  if (value === '$host' || value === '$http_host') return 'chat.example.com';
  if (value === '$remote_addr') return '127.0.0.1';
  return value;
}

/** The verdict, by nginx's inheritance rules (computed from the spec alone). */
export function webSocketVerdict(spec: WebSocketSetupSpec): { works: boolean; why: string[]; reported: boolean } {
  const innermostFirst = [spec.location, spec.outer, spec.server, spec.http].filter((l): l is LevelSettings => !!l);
  const why: string[] = [];
  if (spec.scheme !== 'http') why.push(`proxy_pass ${spec.scheme}:// is not a URL nginx proxies to`);
  const version = innermostFirst.find((l) => l.httpVersion)?.httpVersion ?? '1.0'; // nginx before 1.29.7
  if (version !== '1.1') why.push(`the effective proxy_http_version is ${version}`);
  const headers = innermostFirst.find((l) => l.headers.length > 0)?.headers ?? [];
  const upgrade = headers.find((h) => h.name === 'Upgrade');
  const upgradeSent = upgrade ? evaluate(upgrade.value, spec) : '';
  if (upgradeSent.toLowerCase() !== 'websocket') why.push(upgrade ? `Upgrade is sent as "${upgradeSent}"` : 'no Upgrade header is sent');
  const connection = headers.find((h) => h.name === 'Connection');
  const connectionSent = connection ? evaluate(connection.value, spec) : 'close'; // the proxy module's default
  const tokens = connectionSent.split(',').map((t) => t.trim().toLowerCase());
  if (!tokens.includes('upgrade')) why.push(`Connection is sent as "${connectionSent}"`);
  const fragile = connection?.value === '$http_connection';
  return { works: why.length === 0, why, reported: why.length > 0 || fragile };
}

/** Renders a spec as nginx.conf (and a snippet), remembering where the WebSocket location is. */
export function renderWebSocketSetup(spec: WebSocketSetupSpec): WebSocketSetup {
  const { indent, eol, quote } = spec.style;
  const q = (value: string): string => {
    if (value === '' || /[\s,]/.test(value)) return `"${value}"`; // empty and spaced values need quotes
    if (value.startsWith('$')) return value;
    return quote === '' ? value : `${quote}${value}${quote}`;
  };
  const settingLines = (l: LevelSettings): string[] => [
    ...(l.httpVersion ? [`proxy_http_version ${l.httpVersion};`] : []),
    ...l.headers.map((h) => `proxy_set_header ${h.name} ${q(h.value)};`),
  ];
  const lines: string[] = [];
  const at = (depth: number, text: string) => lines.push(indent.repeat(depth) + text);

  lines.push('# generated WebSocket setup', 'events {}', 'http {');
  if (spec.map) {
    at(1, 'map $http_upgrade $connection_upgrade {');
    at(2, 'default upgrade;');
    at(2, "'' close;");
    at(1, '}');
  }
  for (const l of settingLines(spec.http)) at(1, l);
  at(1, 'server {');
  at(2, 'listen 80;');
  at(2, 'server_name chat.example.com;');
  for (const l of settingLines(spec.server)) at(2, l);
  if (spec.noise) {
    at(2, 'location /static/ {');
    at(3, 'root /var/www;');
    at(2, '}');
  }
  let depth = 2;
  let locationPath: string = spec.path;
  if (spec.outer) {
    at(2, 'location /app/ {');
    for (const l of settingLines(spec.outer)) at(3, l);
    depth = 3;
    locationPath = `/app${spec.path}`;
  }
  if (spec.marker) at(depth, '# ngxlint websocket');
  const own = settingLines(spec.location);
  const proxyPass = `proxy_pass ${spec.scheme}://127.0.0.1:3000;`;
  const files: Record<string, string> = {};
  const start = lines.length + 1;
  if (spec.locationInSnippet) {
    at(depth, `location ${locationPath} {`);
    at(depth + 1, proxyPass);
    at(depth + 1, 'include ws-location.conf;');
    at(depth, '}');
    files['ws-location.conf'] = ['# the WebSocket location\'s own settings', ...own, ''].join(eol);
  } else if (spec.style.oneLineLocation) {
    at(depth, `location ${locationPath} { ${[proxyPass, ...own].join(' ')} }`);
  } else {
    at(depth, `location ${locationPath} {`);
    at(depth + 1, proxyPass);
    for (const l of own) at(depth + 1, l);
    at(depth, '}');
  }
  const end = lines.length;
  if (spec.outer) at(2, '}');
  at(1, '}');
  lines.push('}', '');
  files['nginx.conf'] = lines.join(eol);
  const verdict = webSocketVerdict(spec);
  return {
    spec,
    files,
    main: 'nginx.conf',
    locationFile: 'nginx.conf',
    locationLines: [start, end],
    requestPath: `${locationPath.endsWith('/') ? locationPath : `${locationPath}/`}echo`,
    works: verdict.works,
    why: verdict.why,
    reported: verdict.reported,
  };
}

export const webSocketSetupArbitrary: fc.Arbitrary<WebSocketSetup> = webSocketSetupSpecArbitrary.map(renderWebSocketSetup);

/**
 * The same setups with both verdicts about equally often. Only about 6% of random setups work
 * (every level must get all three settings right), so a few hundred plain samples hold some 18
 * working ones — too few to test the "works" side, and a vacuity threshold on them fails by
 * chance. Half of these samples are drawn among working setups only.
 */
export const balancedWebSocketSetupArbitrary: fc.Arbitrary<WebSocketSetup> = fc.oneof(
  webSocketSetupArbitrary,
  webSocketSetupArbitrary.filter((setup) => setup.works),
);

/**
 * A WebSocket setup with grammar noise around its lines: statements with odd quoting and escapes,
 * Lua blocks, comments after `{` and `;`. Still balanced (so the file parses and the fixer has
 * work), no longer a config nginx would load: for the parser and fixer properties, not for
 * nginx -t. The verdict is left out (the noise may change it).
 */
export const noisyWebSocketSetupArbitrary: fc.Arbitrary<{ files: Record<string, string>; main: string }> = fc
  .tuple(
    webSocketSetupArbitrary,
    fc.array(fc.tuple(fc.nat(), fc.oneof(statementArbitrary({ depth: 1 }), commentArbitrary.map((c) => `${c}\n`))), { maxLength: 6 }),
    fc.array(fc.tuple(fc.nat(), commentArbitrary), { maxLength: 4 }),
  )
  .map(([setup, statements, comments]) => {
    const eol = setup.spec.style.eol;
    const lines = setup.files['nginx.conf'].split(eol);
    // Places inside blocks: after a line ending in `{` or `;` (not the `events {}` line).
    const places = lines.map((l, i) => (/[{;]\s*$/.test(l) && !/^events/.test(l) ? i : -1)).filter((i) => i >= 0);
    for (const [n, comment] of comments) {
      const i = places[n % places.length];
      if (!lines[i].includes('#')) lines[i] += ` ${comment}`;
    }
    // Insert from the bottom up so earlier places keep their index.
    const inserts = statements.map(([n, text]) => [places[n % places.length], text] as const).sort((a, b) => b[0] - a[0]);
    for (const [i, text] of inserts) lines.splice(i + 1, 0, text.replace(/\n$/, ''));
    return { files: { ...setup.files, 'nginx.conf': lines.join(eol) }, main: 'nginx.conf' };
  });

/** How many runs a property test does: NGXLINT_FUZZ_RUNS (set by `npm run fuzz -- --runs N`), else `ci`. */
export function fuzzRuns(ci: number): number {
  const fromEnv = Number(process.env['NGXLINT_FUZZ_RUNS']);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : ci;
}

/** A test timeout: generous in CI, unlimited (a day) when `npm run fuzz` asks for more runs. */
export function fuzzTimeout(ci: number): number {
  return process.env['NGXLINT_FUZZ_RUNS'] ? 24 * 3600_000 : ci;
}

/** fast-check parameters shared by the property tests: runs, and a seed to replay (NGXLINT_FUZZ_SEED). */
export function fuzzParameters(ci: number): fc.Parameters<unknown> {
  const seed = Number(process.env['NGXLINT_FUZZ_SEED']);
  return { numRuns: fuzzRuns(ci), ...(Number.isInteger(seed) ? { seed } : {}), verbose: 1 };
}
