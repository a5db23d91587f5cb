/**
 * Effective configuration with nginx's real inheritance rules.
 *
 * - An ordinary directive (`proxy_http_version`, `proxy_read_timeout` …) applies from the nearest
 *   level that sets it: the location itself, an enclosing location, the server, http.
 * - An array-like directive (`proxy_set_header`, `add_header`, `fastcgi_param` …) is inherited
 *   only by a level that defines none of its own: one `proxy_set_header` in a location drops every
 *   `proxy_set_header` of the server and http levels for that location.
 * - When nothing is set, nginx's defaults apply (for the proxy module: `Host $proxy_host` and,
 *   before 1.29.7, `Connection close` and HTTP/1.0).
 *
 * Every effective value keeps its provenance (the directive, so its file and line) so messages can
 * explain where a value came from and why it does not apply.
 */
import { directivesNamed, firstDirectiveNamed, lastDirectiveNamed, type Level, type ModelDirective } from './config-model';
import { proxiesHttp11ByDefault, type NginxTarget } from './nginx-version';

/**
 * Directives nginx inherits as a whole array, only into levels that define none of their own.
 * (Not modelled: `add_header_inherit` / `add_trailer_inherit` of nginx 1.29.3, which can make
 * `add_header` lines merge with or drop the outer level's.)
 */
export const ARRAY_DIRECTIVES: ReadonlySet<string> = new Set([
  'proxy_set_header',
  'proxy_hide_header',
  'proxy_pass_header',
  'grpc_set_header',
  'grpc_hide_header',
  'grpc_pass_header',
  'fastcgi_param',
  'fastcgi_hide_header',
  'fastcgi_pass_header',
  'uwsgi_param',
  'uwsgi_hide_header',
  'uwsgi_pass_header',
  'scgi_param',
  'scgi_hide_header',
  'scgi_pass_header',
  'add_header',
  'add_trailer',
  'error_page',
  'allow',
  'deny',
  'ssl_certificate',
  'ssl_certificate_key',
  'ssl_conf_command',
  'proxy_ssl_conf_command',
  'sub_filter',
]);

/**
 * Directives that fill one array together. nginx's access module keeps `allow` and `deny` in one
 * list of rules: a location with only `deny 10.0.0.1;` inherits none of the server's `allow` or
 * `deny` lines.
 */
const SHARED_ARRAYS: ReadonlyMap<string, readonly string[]> = new Map([
  ['allow', ['allow', 'deny']],
  ['deny', ['allow', 'deny']],
]);

/** A level's own lines of the array `name` fills (with the other directives of its family), in order. */
export function ownArrayLines(level: Level, name: string): readonly ModelDirective[] {
  const family = SHARED_ARRAYS.get(name);
  if (!family) return directivesNamed(level, name);
  return level.directives.filter((d) => family.includes(d.node.name));
}

function setsArray(level: Level, name: string): boolean {
  const family = SHARED_ARRAYS.get(name);
  if (!family) return firstDirectiveNamed(level, name) !== undefined;
  return family.some((n) => firstDirectiveNamed(level, n) !== undefined);
}

/** Where a setting comes from. */
export interface EffectiveDirective {
  /** The directive that applies, or undefined when nginx's default applies. */
  directive?: ModelDirective;
  /** The level that set it. */
  level?: Level;
  /** True when it was set on an outer level, not on the level asked about. */
  inherited: boolean;
}

/** The ordinary directive `name` as it applies at `level`. */
export function effectiveDirective(level: Level, name: string): EffectiveDirective {
  for (let l: Level | undefined = level; l; l = l.parent) {
    const found = lastDirectiveNamed(l, name); // the last one wins
    if (found) return { directive: found, level: l, inherited: l !== level };
  }
  return { inherited: false };
}

/** The level whose lines of an array-like directive apply at `level`: the nearest that sets any. */
export function effectiveArrayLevel(level: Level, name: string): Level | undefined {
  for (let l: Level | undefined = level; l; l = l.parent) if (setsArray(l, name)) return l;
  return undefined;
}

export interface HeaderValue {
  /** Header name as written. */
  name: string;
  value: string;
  /** The `proxy_set_header` line, or undefined for nginx's default. */
  source?: ModelDirective;
}

export interface EffectiveHeaders {
  /**
   * What is sent for each header (lower-case name → value), user lines first, then nginx's
   * defaults. A header set by two lines of one level is sent twice by nginx (both lines); this map
   * holds the last of them.
   */
  headers: ReadonlyMap<string, HeaderValue>;
  /** The user lines that apply, and the level they are set on (undefined when none apply). */
  lines: readonly ModelDirective[];
  definedAt?: Level;
  /**
   * Outer lines this level would inherit had it defined none of its own, and which it does not
   * redefine: what its own `proxy_set_header` lines silently drop.
   */
  lost: readonly ModelDirective[];
}

/** nginx's default proxy headers for a target version. */
export function defaultProxyHeaders(target: NginxTarget): HeaderValue[] {
  const defaults: HeaderValue[] = [{ name: 'Host', value: '$proxy_host' }];
  if (!proxiesHttp11ByDefault(target)) defaults.push({ name: 'Connection', value: 'close' });
  return defaults;
}

/** The header lines of `directiveName` that apply at `level`, with defaults and what they drop. */
export function effectiveHeaders(
  level: Level,
  target: NginxTarget,
  directiveName = 'proxy_set_header',
): EffectiveHeaders {
  // What applies depends only on the level that defines the lines: worked out once for it, not
  // again for each location that inherits them.
  const definedAt = effectiveArrayLevel(level, directiveName);
  if (!definedAt) return headersDefinedAt(undefined, target, directiveName);
  const cached = definedAt.memo.headers;
  if (cached && cached.target === target && cached.directiveName === directiveName) return cached.effective;
  const effective = headersDefinedAt(definedAt, target, directiveName);
  definedAt.memo.headers = { target, directiveName, effective };
  return effective;
}

function headersDefinedAt(definedAt: Level | undefined, target: NginxTarget, directiveName: string): EffectiveHeaders {
  const lines = definedAt ? ownArrayLines(definedAt, directiveName) : [];
  const headers = new Map<string, HeaderValue>();
  for (const line of lines) {
    if (line.args.length < 1) continue;
    headers.set(line.args[0].toLowerCase(), { name: line.args[0], value: line.args[1] ?? '', source: line });
  }
  if (directiveName === 'proxy_set_header') {
    for (const header of defaultProxyHeaders(target)) {
      if (!headers.has(header.name.toLowerCase())) headers.set(header.name.toLowerCase(), header);
    }
  }
  return { headers, lines, definedAt, lost: droppedLines(definedAt, directiveName) };
}

/**
 * The outer header lines of `directiveName` that `definedAt`'s own lines drop: those it would
 * inherit had it none of its own, and does not set again itself.
 */
export function droppedLines(definedAt: Level | undefined, directiveName: string): ModelDirective[] {
  const outerLevel = definedAt?.parent && effectiveArrayLevel(definedAt.parent, directiveName);
  if (!outerLevel) return [];
  // A line is set again when the level has one of the same directive for the same first argument
  // (header or parameter name; for allow/deny the address).
  const key = (l: ModelDirective) => `${l.node.name} ${(l.args[0] ?? '').toLowerCase()}`;
  const redefined = new Set(ownArrayLines(definedAt, directiveName).map(key));
  return ownArrayLines(outerLevel, directiveName).filter((l) => !redefined.has(key(l)));
}

/** The HTTP version the proxy module speaks upstream at `level`: the directive's value or the default. */
export function effectiveProxyHttpVersion(
  level: Level,
  target: NginxTarget,
): { version: string; setting: EffectiveDirective } {
  const setting = effectiveDirective(level, 'proxy_http_version');
  if (setting.directive) return { version: setting.directive.args[0] ?? '', setting };
  return { version: proxiesHttp11ByDefault(target) ? '1.1' : '1.0', setting };
}
