/**
 * Which locations proxy WebSockets. A location that proxies (`proxy_pass`) is a WebSocket location
 * when one of these signals fires; every finding names the signal, so a surprised user knows why.
 * - intent: the location or a level it inherits from sets `proxy_set_header Upgrade …`, a
 *   `Connection` header with an upgrade value, a `map $http_upgrade` variable or `$connection_upgrade`
 *   (by its conventional name, even without its map) — even when inheritance later drops those lines
 *   (that is exactly the bug to catch);
 * - the user says so: `websocket.paths` in the configuration, or `# ngxlint websocket` on the
 *   location's line or standing alone directly above it;
 * - heuristics (can be switched off): the location's path or the proxy target names a well-known
 *   WebSocket endpoint (`/ws`, `/socket.io`, `/cable`, an upstream called `chat_ws` …).
 */
import { directivesNamedByLevel, firstDirectiveNamed, groupBy, lineRef, type ConfigModel, type Level, type ModelComment, type ModelDirective } from './config-model';
import { mapsFromVariable } from './variables';

export interface WebSocketSettings {
  /** Location paths the user marks as WebSocket endpoints (exact, or with `*` wildcards). */
  paths: string[];
  /** Guess from well-known endpoint names. */
  heuristics: boolean;
}

export type WebSocketSignalKind = 'intent' | 'config-path' | 'comment' | 'path-heuristic' | 'target-heuristic';

export interface WebSocketSignal {
  kind: WebSocketSignalKind;
  /** For messages: "it sets proxy_set_header Upgrade at server level (line 12)". */
  description: string;
  source?: ModelDirective;
}

/** A location that proxies, and the proxy_pass that does it. */
export interface ProxyLocation {
  location: Level;
  /** The `proxy_pass` (in the location itself, or in an `if` / `limit_except` inside it). */
  proxyPass: ModelDirective;
}

/**
 * A well-known endpoint name standing as a whole path segment: after `/`, a regex's `^` or `(` or
 * `|`, and before `/`, `$`, `(`, `)`, `[`, `|`, `?`, `.` or the end (`/wsdl`, `/hubspot`, `/news/`
 * are not).
 * Regex locations are matched after plainPattern has removed their escapes.
 */
const WELL_KNOWN_PATH =
  /(?:^|[/^~*\s(|])(?:ws|wss|websockets?|socket\.io|sockjs(?:-node)?|cable|hubs?|signalr|websockify|graphql-ws|subscriptions|live\/websocket|api\/websocket|_next\/webpack-hmr)(?:[/$\s().?|[]|$)/i;
const WELL_KNOWN_TARGET = /(?:^|[^a-z0-9])(?:wss?|websockets?|sockets?)(?:[^a-z0-9]|$)|websocket|socket/i;

/** The path a location matches, without its modifier (`= /ws` → `/ws`, `~* ^/ws` → `^/ws`). */
export function locationPath(location: Level): string {
  const args = location.opener?.args ?? [];
  return args.length > 1 ? args[1] : (args[0] ?? '');
}

/**
 * The path of a regex location (`~`, `~*`) as the names in it read: escaped punctuation unescaped
 * (`/socket\.io`, `\/live\/websocket` → `/socket.io`, `/live/websocket`). Escapes of letters
 * (`\d`, `\w`) are character classes, not names, and stay. Other locations are returned as written.
 */
function plainPattern(location: Level): string {
  const path = locationPath(location);
  const modifier = location.opener?.args.length === 2 ? location.opener.args[0] : '';
  if (modifier !== '~' && modifier !== '~*') return path;
  return path.replace(/\\([^A-Za-z0-9])/g, '$1');
}

/** `location` levels that proxy, with their proxy_pass. */
export function proxyLocations(model: ConfigModel): ProxyLocation[] {
  const out: ProxyLocation[] = [];
  for (const level of model.levels) {
    if (level.kind !== 'location') continue;
    const proxyPass = proxyPassOf(level);
    if (proxyPass) out.push({ location: level, proxyPass });
  }
  return out;
}

/** The proxy_pass of a location: its own, or the first one in an `if` / `limit_except` inside it. */
export function proxyPassOf(location: Level): ModelDirective | undefined {
  const own = firstDirectiveNamed(location, 'proxy_pass');
  if (own) return own;
  for (const child of location.children) {
    if (child.kind === 'if' || child.kind === 'limit_except') {
      const inner = firstDirectiveNamed(child, 'proxy_pass');
      if (inner) return inner;
    }
  }
  return undefined;
}

/** How a level is named in messages, seen from `from`: "this location", "server level" … */
export function levelLabel(level: Level, from: Level): string {
  if (level === from) return from.kind === 'location' ? 'this location' : `this ${from.kind}`;
  if (level.kind === 'location') return `the enclosing location ${locationPath(level)}`;
  return `${level.kind} level`;
}

/**
 * `$connection_upgrade`, the variable of the standard `map $http_upgrade $connection_upgrade`. Its
 * name alone shows WebSocket intent: a location copied without its map (or a snippet whose includer
 * holds the map) still means to upgrade, and is exactly the location whose other lines need checking.
 */
const CONVENTIONAL_CONNECTION_VARIABLE = /^\$\{?connection_upgrade\}?$/i;

/** True when `value` is `$connection_upgrade` and no `map $http_upgrade` defines it in the model. */
function isUnmappedConventionalVariable(value: string, model: ConfigModel): boolean {
  return CONVENTIONAL_CONNECTION_VARIABLE.test(value.trim()) && !mapsFromVariable(model, 'connection_upgrade', 'http_upgrade');
}

/**
 * True for a Connection value that asks for an upgrade: `upgrade`, `"Upgrade"`, `keep-alive, Upgrade`,
 * a map of $http_upgrade, or `$connection_upgrade` by its conventional name (with or without its map).
 */
export function isUpgradeConnectionValue(value: string, model: ConfigModel): boolean {
  if (/\bupgrade\b/i.test(value)) return true;
  const trimmed = value.trim();
  if (CONVENTIONAL_CONNECTION_VARIABLE.test(trimmed)) return true;
  const variable = /^\$\{?(\w+)\}?$/.exec(trimmed);
  return !!variable && mapsFromVariable(model, variable[1], 'http_upgrade');
}

/** A proxy_set_header line that asks for an upgrade: `Upgrade` with a value, or `Connection` with an upgrade value. */
export function isUpgradeHeaderLine(d: ModelDirective, model: ConfigModel): boolean {
  if (d.args.length < 2) return false;
  // Only a name as long as `upgrade` or `connection` can be one (lower-casing keeps the length of
  // any string that becomes one of them): most lines (X-Forwarded-For …) need no lower-case copy.
  const length = d.args[0].length;
  if (length !== 7 && length !== 10) return false;
  const header = d.args[0].toLowerCase();
  if (header === 'upgrade') return d.args[1] !== '';
  return header === 'connection' && isUpgradeConnectionValue(d.args[1], model);
}

/**
 * A level's proxy_set_header lines that ask for an upgrade, found once per level: every location
 * of a server asks about the server's.
 */
function upgradeHeaderLines(model: ConfigModel, level: Level): readonly ModelDirective[] {
  let lines = level.memo.upgradeHeaderLines;
  if (lines === undefined) {
    // From the model's lines by level: most levels set none, and a large server's own lookup
    // indexed all its directives.
    const own = directivesNamedByLevel(model, 'proxy_set_header').get(level);
    lines = own ? own.filter((d) => isUpgradeHeaderLine(d, model)) : NO_LINES;
    level.memo.upgradeHeaderLines = lines;
  }
  return lines;
}

const NO_LINES: readonly ModelDirective[] = [];

const pathPatternsCache = new WeakMap<readonly string[], { key: string; patterns: RegExp[] }>();

/**
 * `websocket.paths` as regexes, made once per settings array rather than for every location (and
 * made again should the array's paths change).
 */
function pathPatterns(paths: readonly string[]): RegExp[] {
  const key = paths.join('\n');
  let cached = pathPatternsCache.get(paths);
  if (!cached || cached.key !== key) {
    cached = { key, patterns: paths.map(wildcardToRegExp) };
    pathPatternsCache.set(paths, cached);
  }
  return cached.patterns;
}

function wildcardToRegExp(pattern: string): RegExp {
  return new RegExp('^' + pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$');
}

/** "line 12", or "line 12 of conf.d/ws.conf" when the directive is in another file than `from`'s opener. */
export function lineFrom(d: ModelDirective, from: Level): string {
  return lineRef(d, from.opener?.file);
}

/** "server level (line 12)" or "this location (line 3 of conf.d/ws.conf)": where a directive stands, seen from `from`. */
export function describeWhere(d: ModelDirective, from: Level): string {
  return `${levelLabel(d.level, from)} (${lineFrom(d, from)})`;
}

/**
 * An intent signal: a proxy_set_header line that asks for an upgrade. Its description is written
 * when read: every location under a server with such lines has a signal for each, and messages
 * read only the first signal of the few locations reported.
 */
class IntentSignal implements WebSocketSignal {
  readonly kind = 'intent' as const;
  private text: string | undefined = undefined;

  constructor(
    private readonly model: ConfigModel,
    readonly source: ModelDirective,
    private readonly location: Level,
  ) {}

  get description(): string {
    if (this.text !== undefined) return this.text;
    const d = this.source;
    const where = describeWhere(d, this.location);
    let description =
      d.args[0].toLowerCase() === 'upgrade' ? `it sets proxy_set_header Upgrade at ${where}` : `it sets proxy_set_header Connection ${d.args[1]} at ${where}`;
    // Without its map the variable is empty (or undefined): only its name says WebSocket, so say so.
    if (d.args[0].toLowerCase() === 'connection' && isUnmappedConventionalVariable(d.args[1], this.model)) {
      description += `, a WebSocket variable by its conventional name alone (no map $http_upgrade ${d.args[1].trim()} defines it here)`;
    }
    return (this.text = description);
  }
}

/** The target heuristic: a proxy_pass URL whose host, or path, names a well-known WebSocket endpoint. */
function looksLikeWebSocketTarget(target: string): boolean {
  const host = /^[a-z]+:\/\/([^/]*)(.*)$/i.exec(target);
  return !!host && (WELL_KNOWN_TARGET.test(host[1]) || WELL_KNOWN_PATH.test(host[2]));
}

/**
 * The heuristics' answers by location pattern and proxy_pass target, per model: a large config
 * repeats a few of each (`http://backend_12`, `/api/`) over thousands of locations, and the
 * regexes cost more than a lookup.
 */
const heuristicsCache = new WeakMap<ConfigModel, { paths: Map<string, boolean>; targets: Map<string, boolean> }>();

function heuristicsOf(model: ConfigModel): { paths: Map<string, boolean>; targets: Map<string, boolean> } {
  let known = heuristicsCache.get(model);
  if (!known) {
    known = { paths: new Map(), targets: new Map() };
    heuristicsCache.set(model, known);
  }
  return known;
}

export function webSocketSignals(model: ConfigModel, proxy: ProxyLocation, settings: WebSocketSettings): WebSocketSignal[] {
  const { location } = proxy;
  const signals: WebSocketSignal[] = [];
  // The location and every level it inherits from count, even when inheritance drops their lines:
  // a server's Upgrade lines show intent for every location under it.
  for (let level: Level | undefined = location; level; level = level.parent) {
    for (const d of upgradeHeaderLines(model, level)) signals.push(new IntentSignal(model, d, location));
  }

  const path = locationPath(location);
  if (settings.paths.length > 0 && pathPatterns(settings.paths).some((pattern) => pattern.test(path))) {
    signals.push({ kind: 'config-path', description: `its path ${path} is listed in websocket.paths` });
  }
  if (hasWebSocketMarks(model) && hasWebSocketComment(location)) {
    signals.push({ kind: 'comment', description: 'it is marked "# ngxlint websocket"' });
  }
  if (settings.heuristics) {
    const heuristics = heuristicsOf(model);
    const pattern = plainPattern(location);
    let pathLooks = heuristics.paths.get(pattern);
    if (pathLooks === undefined) heuristics.paths.set(pattern, (pathLooks = WELL_KNOWN_PATH.test(pattern)));
    if (pathLooks) {
      signals.push({ kind: 'path-heuristic', description: `its path ${path} looks like a WebSocket endpoint` });
    }
    const target = proxy.proxyPass.args[0] ?? '';
    let targetLooks = heuristics.targets.get(target);
    if (targetLooks === undefined) heuristics.targets.set(target, (targetLooks = looksLikeWebSocketTarget(target)));
    if (targetLooks) {
      signals.push({ kind: 'target-heuristic', description: `its target ${target} looks like a WebSocket backend` });
    }
  }
  return signals;
}

const WEBSOCKET_COMMENT = /^\s*ngxlint\s+websocket\b/i;

/**
 * A level's comments by line (comments of included files mixed in: callers check the file), indexed
 * once per level: every proxying location of a large server asks about the server's comments.
 */
function commentsByLine(level: Level): ReadonlyMap<number, readonly ModelComment[]> {
  return (level.memo.commentsByLine ??= groupBy(level.comments, (c) => c.node.line));
}

const marksCache = new WeakMap<ConfigModel, boolean>();

/**
 * Whether any comment of the model says `ngxlint websocket`, found once per model: most configs
 * have none, and then no location needs its comments (and its parent's, by line) looked at.
 */
function hasWebSocketMarks(model: ConfigModel): boolean {
  let marked = marksCache.get(model);
  if (marked === undefined) {
    marked = false;
    if (mayHoldWebSocketMarks(model)) {
      // Index loops: this runs once per lint, mostly before the JIT optimizes it.
      const levels = model.levels;
      for (let i = 0; i < levels.length && !marked; i++) {
        const comments = levels[i].comments;
        for (let c = 0; c < comments.length && !marked; c++) marked = WEBSOCKET_COMMENT.test(comments[c].node.text);
      }
    }
    marksCache.set(model, marked);
  }
  return marked;
}

/** A `# ngxlint websocket` comment as it stands in a file's text (tried at each `#`). */
const WEBSOCKET_MARK_IN_TEXT = /#\s*ngxlint\s+websocket\b/iy;

/**
 * False when no comment of the model can say `ngxlint websocket`: a comment's text is the file's
 * text after its `#`, so a file whose text has no such mark at any `#` has no such comment. A few
 * thousand `#` of the texts are read instead of the comments of every level (most of a large
 * config's levels, scattered over the heap). Files read as latin1 have their comments decoded
 * again as UTF-8: their text does not tell, and they are looked at comment by comment.
 */
function mayHoldWebSocketMarks(model: ConfigModel): boolean {
  for (const file of model.config.files) {
    const ast = file.ast;
    if (!ast) continue;
    if (ast.encoding === 'latin1') return true;
    const text = ast.text;
    for (let at = text.indexOf('#'); at >= 0; at = text.indexOf('#', at + 1)) {
      WEBSOCKET_MARK_IN_TEXT.lastIndex = at;
      if (WEBSOCKET_MARK_IN_TEXT.test(text)) return true;
    }
  }
  return false;
}

/**
 * `# ngxlint websocket` on the location's own line (around its opener, after its `{`, or after
 * the `}` that closes it), or standing alone on the lines directly above it. A comment that
 * trails other code on the line above (`location /c { … } # ngxlint websocket`) is about that
 * code, not about the next location.
 */
function hasWebSocketComment(location: Level): boolean {
  const opener = location.opener;
  if (!opener) return false;
  const file = opener.file;
  const marks = (c: ModelComment) => c.file === file && WEBSOCKET_COMMENT.test(c.node.text);
  const line = opener.node.line;
  if (location.comments.some((c) => c.node.line === line && marks(c))) return true;
  const parent = location.parent;
  if (!parent) return false;
  const byLine = commentsByLine(parent);
  if (byLine.get(line)?.some(marks)) return true;
  const close = opener.node.block?.close;
  if (close && close.start.line !== line && byLine.get(close.start.line)?.some((c) => c.node.trailing && marks(c))) return true;
  for (let above = line - 1; above >= 1; above--) {
    const alone = (byLine.get(above) ?? []).filter((c) => c.file === file && !c.node.trailing);
    if (alone.length === 0) return false;
    if (alone.some(marks)) return true;
  }
  return false;
}

/** A short text for messages: "WebSocket location (it sets proxy_set_header Upgrade at server level (line 12))". */
export function describeSignals(signals: readonly WebSocketSignal[]): string {
  return signals[0]?.description ?? '';
}

export interface WebSocketLocation {
  proxy: ProxyLocation;
  signals: WebSocketSignal[];
}

/**
 * The location as a WebSocket location (its proxy_pass and the signals that make it one), or
 * undefined when it does not proxy or nothing says it carries WebSockets. Cached per level: several
 * rules ask about the same location.
 */
export function asWebSocketLocation(model: ConfigModel, location: Level, settings: WebSocketSettings): WebSocketLocation | undefined {
  const known = location.memo.webSocket;
  if (known !== undefined) return known ?? undefined;
  let result: WebSocketLocation | null = null;
  if (location.kind === 'location') {
    const proxyPass = proxyPassOf(location);
    if (proxyPass) {
      const proxy = { location, proxyPass };
      const signals = webSocketSignals(model, proxy, settings);
      if (signals.length > 0) result = { proxy, signals };
    }
  }
  location.memo.webSocket = result;
  return result ?? undefined;
}
