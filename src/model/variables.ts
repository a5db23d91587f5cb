/**
 * Variables: which are built into nginx, which the config defines (map, geo, set, split_clients,
 * perl_set, js_set …), and where each `$variable` is used. A variable that is neither is what
 * `nginx -t` rejects with `unknown "name" variable`. Precise enough that undefined-variable
 * reports nothing nginx would accept:
 * - a name is read the way nginx's script compiler reads it (ngx_http_script_compile): `$1`…`$9`
 *   are one-digit captures (`$1_thumb` is capture 1 and the text `_thumb`, not `$1_thumb`), and
 *   `$0` is no capture but an unknown variable;
 *   `${name}` needs its closing brace; a `$` followed by no name is not a variable;
 * - positions: the n-th `$` of the value is the n-th `$` of the raw text (quotes and `\"` are
 *   the only differences), so a variable used twice in one argument gets both positions;
 * - arguments nginx reads as literal text or as regexes are skipped: every `location` argument,
 *   `server_name`, `listen`, `error_log`, `include`, paths such as `lua_package_path "$prefix/…"`,
 *   Perl code (`perl_set $x 'sub { my $r = shift; … }'`, `perl`), any argument starting with `~`
 *   (`proxy_redirect ~…$`, `proxy_cookie_path ~…`, `valid_referers ~…`), the regex of
 *   `rewrite`, the regex operand of `if` whatever the spacing (`if ( $x ~ ^a$b )` has `(` as its
 *   own argument), `fastcgi_split_path_info`, `gzip_disable`; and everything in `mail`, which has
 *   no variables;
 * - directives of third-party modules that are not in the directive table (their arguments may
 *   be anything) are not checked; their definitions still count;
 * - definitions also come from `keyval`, `auth_jwt_claim_set`, `auth_jwt_header_set`, set-misc
 *   style `set_* $var …` directives, `$name` entries of blocks such as `geoip2 { $name … }`, and
 *   named captures written in map keys (`~^/old/(?<rest>.*)$ /new/$rest;`) as well as in
 *   arguments, in all three PCRE spellings `(?<n>` `(?P<n>` `(?'n'`;
 * - names compare case-insensitively, as nginx compares them.
 */
import type { ArgumentNode, SourceRange } from '../parse/ast';
import type { ParsedConfig, ParsedFile } from '../parse/config';
import { isKnownDirective } from '../parse/analyzer';
import { argsMayHold } from '../parse/parser';
import { enclosing, isDataBlockKind, type ConfigModel, type Level, type ModelDirective } from './config-model';
import { BUILTIN_VARIABLES, BUILTIN_VARIABLE_PREFIXES } from './builtin-variables.generated';

/** A variable of the generated reference table: an exact name, a prefix family, or a capture `$1`…`$9`. */
function isReferenceVariable(name: string): boolean {
  if (BUILTIN_VARIABLES.has(name)) return true;
  if (/^[1-9]$/.test(name)) return true;
  return BUILTIN_VARIABLE_PREFIXES.some((p) => name.startsWith(p) && name.length > p.length);
}

/**
 * Variables nginx builds in that the generated table (from @nginx/reference-lib) lacks: the
 * reference lists them only in prose, or lists one name of a family.
 */
const EXTRA_BUILTINS: ReadonlySet<string> = new Set([
  // ngx_http_browser_module
  'msie',
  'modern_browser',
  'ancient_browser',
  // ngx_http_core_module: the reference lists only $tcpinfo_rcv_space
  'tcpinfo_rtt',
  'tcpinfo_rttvar',
  'tcpinfo_snd_cwnd',
  // ngx_http_geoip_module / ngx_stream_geoip_module
  'geoip_country_code',
  'geoip_country_code3',
  'geoip_country_name',
  'geoip_area_code',
  'geoip_city_continent_code',
  'geoip_city_country_code',
  'geoip_city_country_code3',
  'geoip_city_country_name',
  'geoip_dma_code',
  'geoip_latitude',
  'geoip_longitude',
  'geoip_region',
  'geoip_region_name',
  'geoip_city',
  'geoip_postal_code',
  'geoip_org',
  // ngx_http_upstream_module, used by proxy_cache_revalidate's default headers
  'upstream_cache_last_modified',
  'upstream_cache_etag',
  // ngx_http_proxy_module internals that configs copy from nginx's own defaults
  'proxy_internal_body_length',
  'proxy_internal_chunked',
  // ngx_http_spdy_module (nginx before 1.9.5)
  'spdy',
  'spdy_request_priority',
  // Widely deployed third-party modules (brotli, zstd)
  'brotli_ratio',
  'zstd_ratio',
]);

/** Prefix families of widely deployed third-party tracing modules (Datadog, OpenTelemetry C++). */
const EXTRA_PREFIXES: readonly string[] = ['datadog_', 'opentelemetry_'];

/** Is `name` (without `$`) a variable nginx provides without any definition in the config? */
export function isBuiltinVariable(name: string): boolean {
  const lower = name.toLowerCase();
  if (/^0/.test(lower)) return false; // not a capture: nginx has no `$0`
  if (isReferenceVariable(lower) || EXTRA_BUILTINS.has(lower)) return true;
  return EXTRA_PREFIXES.some((p) => lower.startsWith(p) && lower.length > p.length);
}

/** Every built-in name (prefix families left out), for "did you mean" hints. */
export function builtinNames(): string[] {
  return [...BUILTIN_VARIABLES, ...EXTRA_BUILTINS];
}

/** Directives that define a variable, and the index of its argument (`last` for geo). */
const DEFINERS: ReadonlyMap<string, number | 'last'> = new Map<string, number | 'last'>([
  ['set', 0],
  ['map', 1],
  ['geo', 'last'],
  ['split_clients', 1],
  ['perl_set', 0],
  ['js_set', 0],
  ['js_var', 0],
  ['auth_request_set', 0],
  ['keyval', 1],
  ['auth_jwt_claim_set', 0],
  ['auth_jwt_header_set', 0],
  ['set_by_lua', 0],
  ['set_by_lua_block', 0],
  ['set_by_lua_file', 0],
  ['mruby_set', 0],
  ['mruby_set_code', 0],
]);

/** Index of the argument a directive defines a variable with, or undefined. */
function definedIndex(d: ModelDirective): number | undefined {
  const name = d.node.name;
  const spec = DEFINERS.get(name);
  if (spec !== undefined) return spec === 'last' ? d.args.length - 1 : spec;
  // set-misc, encrypted-session, … : `set_quote_sql_str $dst $src`.
  if (name.startsWith('set_') && !isKnownDirective(name)) return 0;
  return undefined;
}

const VARIABLE_ARG = /^\$\{?(\w+)\}?$/;
const NAMED_CAPTURE = /\(\?(?:P?<([A-Za-z_]\w*)>|'([A-Za-z_]\w*)')/g;

function add(out: Map<string, ModelDirective[]>, name: string, d: ModelDirective): void {
  const key = name.toLowerCase();
  const list = out.get(key);
  if (list) list.push(d);
  else out.set(key, [d]);
}

function addNamedCaptures(out: Map<string, ModelDirective[]>, text: string, d: ModelDirective): void {
  if (text.indexOf('(?') < 0) return;
  for (const match of text.matchAll(NAMED_CAPTURE)) add(out, match[1] ?? match[2], d);
}

const definedCache = new WeakMap<ConfigModel, Map<string, ModelDirective[]>>();

/** Every variable the config defines (lower-case name → the directives that define it). */
export function definedVariables(model: ConfigModel): Map<string, ModelDirective[]> {
  const cached = definedCache.get(model);
  if (cached) return cached;
  const defined = new Map<string, ModelDirective[]>();
  const all = model.directives;
  let level: Level | undefined;
  let data = false;
  // An index loop: this runs once per model, mostly before the JIT optimizes it, and `for … of`
  // then allocates an iterator result per directive.
  for (let i = 0; i < all.length; i++) {
    const d = all[i];
    if (d.level !== level) {
      level = d.level;
      data = isDataBlockKind(level.kind);
    }
    if (!data) {
      const index = definedIndex(d);
      if (index !== undefined && index >= 0) {
        const match = VARIABLE_ARG.exec(d.args[index] ?? '');
        if (match) add(defined, match[1], d);
      }
      // `geoip2 /db.mmdb { $geoip2_country default=US country iso_code; }` and the like.
      if (level.opener && d.node.name.charCodeAt(0) === 0x24 && /^\$\w+$/.test(d.node.name)) add(defined, d.node.name.slice(1), d);
    }
    // Named captures: in regex arguments, and in map keys (a map entry's name).
    if (level.kind === 'map') addNamedCaptures(defined, d.node.name, d);
    else if (argsMayHold(d.node, 0x28)) {
      // Only directives with a `(` in their arguments' text: most have none, and their values need not be made.
      const args = d.node.argValues;
      for (let a = 0; a < args.length; a++) addNamedCaptures(defined, args[a], d);
    }
  }
  definedCache.set(model, defined);
  return defined;
}

/** A `$name` or `${name}` in a value, the way nginx's script compiler reads it. */
export interface VariableReference {
  name: string;
  /** Index of the `$` in the value. */
  index: number;
  /** Length of `$name` / `${name}`. */
  length: number;
}

function isNameChar(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;
}

/** Named variable references in a value (captures `$1`…`$9` and malformed `$` left out). */
export function variableReferences(value: string): VariableReference[] {
  const out: VariableReference[] = [];
  for (let i = value.indexOf('$'); i >= 0 && i < value.length; i = value.indexOf('$', i)) {
    let j = i + 1;
    const first = value.charCodeAt(j);
    if (first >= 0x31 && first <= 0x39) {
      i = j + 1; // a capture: one digit
      continue;
    }
    const bracket = first === 0x7b; // {
    if (bracket) j++;
    const start = j;
    while (j < value.length && isNameChar(value.charCodeAt(j))) j++;
    const name = value.slice(start, j);
    if (bracket) {
      if (value.charCodeAt(j) !== 0x7d) {
        i = j; // `${name` without `}`: nginx rejects it with its own message
        continue;
      }
      j++;
    }
    // `$0…` is a name to nginx (captures are `$1`…`$9` only): `unknown "0" variable`.
    if (name.length > 0) out.push({ name, index: i, length: j - i });
    i = Math.max(j, i + 1);
  }
  return out;
}

/**
 * Every name a `$name` or `${name}` in the texts of the config's files may stand for, lower-case:
 * comments and literal arguments included, captures `$1`…`$9` left out as variableReferences
 * leaves them. A superset of the names of every variable use: an argument's value differs from
 * its text only by quotes, backslashes before quotes, line breaks and bytes decoded again, and
 * none of those makes or lengthens a name. One `indexOf` scan of each text, and no argument
 * values made: a question about every use that most configs answer with "all known" can be
 * answered from this set instead of from each of a large config's directives.
 */
export function variableNamesInTexts(config: ParsedConfig): Set<string> {
  const names = new Set<string>();
  for (const file of config.files) {
    const text = file.ast?.text;
    if (text === undefined) continue;
    for (let i = text.indexOf('$'); i >= 0; i = text.indexOf('$', i + 1)) {
      let j = i + 1;
      const first = text.charCodeAt(j);
      if (first >= 0x31 && first <= 0x39) continue; // a capture: one digit
      if (first === 0x7b) j++; // {
      const start = j;
      while (j < text.length && isNameChar(text.charCodeAt(j))) j++;
      if (j > start) names.add(text.slice(start, j).toLowerCase());
    }
  }
  return names;
}

export interface VariableUse {
  /** The name as written (without `$` and braces). */
  name: string;
  directive: ModelDirective;
  argument: ArgumentNode;
  /** Offset of the `$` inside the argument's raw text. */
  offsetInRaw: number;
  /** Length of `$name` / `${name}` in the raw text. */
  length: number;
  file: ParsedFile;
  /** The exact range of `$name` / `${name}` in the file. */
  range: SourceRange;
}

/** Directives whose arguments nginx never expands (literal text, paths, regexes, code). */
const LITERAL_DIRECTIVES: ReadonlySet<string> = new Set([
  'location',
  'server_name',
  'listen',
  'include',
  'error_log',
  'env',
  'load_module',
  'pid',
  'lock_file',
  'working_directory',
  'user',
  'upstream',
  'lua_package_path',
  'lua_package_cpath',
  'perl',
  'perl_modules',
  'perl_require',
  'js_import',
  'js_path',
  'js_preload_object',
  'fastcgi_split_path_info',
  'gzip_disable',
  'ssl_ciphers',
  'ssl_conf_command',
  'proxy_ssl_conf_command',
  'grpc_ssl_conf_command',
  'uwsgi_ssl_conf_command',
  'ssl_ecdh_curve',
  'ssl_password_file',
  'ssl_session_ticket_key',
  'ssl_dhparam',
  'ssl_trusted_certificate',
  'ssl_client_certificate',
  'ssl_crl',
  'ssl_stapling_file',
  'resolver',
  'client_body_temp_path',
  'proxy_temp_path',
  'fastcgi_temp_path',
  'uwsgi_temp_path',
  'scgi_temp_path',
  'proxy_cache_path',
  'fastcgi_cache_path',
  'uwsgi_cache_path',
  'scgi_cache_path',
  'userid_domain',
  'userid_path',
  'userid_name',
  'userid_p3p',
  'secure_link_secret',
  'ssi_types',
]);

/** The regex operators of `if`: the argument after one is a regex. */
const IF_REGEX_OPERATORS: ReadonlySet<string> = new Set(['~', '~*', '!~', '!~*']);

/** Indexes of the arguments of a directive whose variables nginx expands. */
function expandedArguments(d: ModelDirective): number[] {
  const node = d.node;
  const name = node.name;
  if (name === 'include') return [];
  const kind = d.level.kind;
  if (isDataBlockKind(kind)) {
    // A map entry is `key value;`: the value may use variables, the key (the entry's name) cannot.
    // Entries of geo, split_clients, types … are literal.
    return kind === 'map' && node.args.length > 0 ? [node.args.length - 1] : [];
  }
  if (enclosing(d.level, 'mail')) return [];
  if (LITERAL_DIRECTIVES.has(name) || name.includes('_by_lua') || !isKnownDirective(name)) return [];
  if (name === 'server' && node.args.length > 0) return []; // an upstream's server address
  const defined = definedIndex(d);
  const definedAt = defined !== undefined && defined >= 0 ? defined : -1;
  const code = name === 'perl_set' ? 1 : -1; // Perl code
  const regex = name === 'rewrite' ? 0 : name === 'if' ? ifRegexOperand(node.args) : -1;
  const out: number[] = [];
  for (let i = 0; i < node.args.length; i++) {
    const arg = node.args[i];
    if (i === definedAt || i === code || i === regex || arg.quote === 'lua-block') continue;
    // A regex (`proxy_redirect ~^…$ …`, `valid_referers ~…`, `proxy_cookie_path ~*…`).
    if (arg.value.startsWith('~')) continue;
    out.push(i);
  }
  return out;
}

/** The index of the regex operand of an `if` (after `~`, `!~*` …), whatever the spacing; -1 when none. */
function ifRegexOperand(args: readonly ArgumentNode[]): number {
  for (let i = 0; i < args.length; i++) {
    let v = args[i].value;
    if (i === 0) v = v.replace(/^\(\s*/, '');
    if (i === args.length - 1) v = v.replace(/\s*\)$/, '');
    if (IF_REGEX_OPERATORS.has(v)) return i + 1;
  }
  return -1;
}

function nthIndexOf(text: string, char: string, n: number): number {
  let at = -1;
  for (let k = 0; k <= n; k++) {
    at = text.indexOf(char, at + 1);
    if (at < 0) return -1;
  }
  return at;
}

/** The file range of `length` characters at `offsetInRaw` of an argument. */
export function rangeInArgument(arg: ArgumentNode, offsetInRaw: number, length: number): SourceRange {
  const start = positionInArgument(arg, offsetInRaw);
  const end = positionInArgument(arg, offsetInRaw + length);
  return { start, end };
}

function positionInArgument(arg: ArgumentNode, offsetInRaw: number): SourceRange['start'] {
  const raw = arg.raw;
  let line = arg.range.start.line;
  let newline = -1;
  for (let i = raw.indexOf('\n'); i >= 0 && i < offsetInRaw; i = raw.indexOf('\n', i + 1)) {
    line++;
    newline = i;
  }
  const column = newline < 0 ? arg.range.start.column + offsetInRaw : offsetInRaw - newline;
  return { line, column, offset: arg.range.start.offset + offsetInRaw };
}

class Use implements VariableUse {
  private located: SourceRange | undefined = undefined;

  constructor(
    readonly name: string,
    readonly directive: ModelDirective,
    readonly argument: ArgumentNode,
    readonly offsetInRaw: number,
    readonly length: number,
  ) {}

  get file(): ParsedFile {
    return this.directive.file;
  }

  /** Worked out when asked: nearly every use names a known variable and is never reported. */
  get range(): SourceRange {
    return (this.located ??= rangeInArgument(this.argument, this.offsetInRaw, this.length));
  }
}

function hasDollar(values: readonly string[]): boolean {
  for (const value of values) if (value.indexOf('$') >= 0) return true;
  return false;
}

const NO_USES: readonly VariableUse[] = [];

/** The variables one directive uses, with exact positions. */
export function usesInDirective(d: ModelDirective): readonly VariableUse[] {
  // Most directives use no variable: skip working out which arguments nginx expands.
  if (!argsMayHold(d.node, 0x24) || !hasDollar(d.node.argValues)) return NO_USES;
  const uses: VariableUse[] = [];
  for (const i of expandedArguments(d)) {
    const argument = d.node.args[i];
    const value = argument.value;
    if (value.indexOf('$') < 0) continue;
    for (const ref of variableReferences(value)) {
      // Quotes and `\"` are the only differences between value and raw text; neither is a `$`.
      let dollars = 0;
      for (let k = value.indexOf('$'); k >= 0 && k < ref.index; k = value.indexOf('$', k + 1)) dollars++;
      const offsetInRaw = nthIndexOf(argument.raw, '$', dollars);
      if (offsetInRaw < 0) continue;
      uses.push(new Use(ref.name, d, argument, offsetInRaw, ref.length));
    }
  }
  return uses;
}

/** Every variable use of the config, in document order. */
export function variableUses(model: ConfigModel): VariableUse[] {
  return model.directives.flatMap(usesInDirective);
}

/** Optimal string alignment distance (Levenshtein with transpositions), capped. */
export function editDistance(a: string, b: string, cap = 3): number {
  if (Math.abs(a.length - b.length) > cap) return cap + 1;
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

const mapSources = new WeakMap<ConfigModel, Map<string, Set<string>>>();

/**
 * True when a `map $source $name` defines $name (e.g. `$connection_upgrade` from `$http_upgrade`).
 * Rules ask once per location: the maps are collected once per model.
 */
export function mapsFromVariable(model: ConfigModel, name: string, source: string): boolean {
  let maps = mapSources.get(model);
  if (!maps) {
    maps = new Map();
    for (const d of model.directivesByName.get('map') ?? []) {
      if (d.args.length < 2) continue;
      const target = d.args[1].toLowerCase();
      const set = maps.get(target) ?? new Set<string>();
      set.add(d.args[0].toLowerCase());
      maps.set(target, set);
    }
    mapSources.set(model, maps);
  }
  return maps.get(`$${name}`.toLowerCase())?.has(`$${source}`.toLowerCase()) ?? false;
}
