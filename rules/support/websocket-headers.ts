/**
 * Helpers shared by the WebSocket header rules (websocket-upgrade-header,
 * websocket-connection-header) and undefined-variable: what a `Connection` value does to a
 * WebSocket handshake, whether a level copies inherited lines, and the standard
 * `map $http_upgrade $connection_upgrade { … }` with the fix that adds it to `http`. Where a
 * header line stands (for messages) is the model's: describeWhere and lineFrom in
 * src/model/websocket.ts.
 */
import { enclosing, firstDirectiveNamed, type ConfigModel, type Level, type ModelDirective } from '../../src/model/config-model';
import { quoteAs, type Fixer } from '../../src/fix/fixer';
import type { TextEdit } from '../../src/lint/types';
import type { ParsedFile } from '../../src/parse/config';
import { definedVariables, isBuiltinVariable } from '../../src/model/variables';

/** The variable the standard map defines, and the map itself (header and body lines). */
export const CONNECTION_UPGRADE = 'connection_upgrade';
export const CONNECTION_UPGRADE_MAP_HEADER = 'map $http_upgrade $connection_upgrade';

/** The map's body lines, its empty string in the quote of `file` (nginx's docs write `''`). */
export function connectionUpgradeMapBody(file?: ParsedFile): string[] {
  return ['default upgrade;', `${file ? quoteAs(file, '', "'") : "''"} close;`];
}

/** The map on one line, as written into `file` (or as nginx's docs write it). */
export function connectionUpgradeMapText(file?: ParsedFile): string {
  return `${CONNECTION_UPGRADE_MAP_HEADER} { ${connectionUpgradeMapBody(file).join(' ')} }`;
}

/** The map as nginx's docs write it, for messages that explain it. */
export const CONNECTION_UPGRADE_MAP_TEXT = connectionUpgradeMapText();

/**
 * Whether inserting a `proxy_set_header` into a level copies the lines it inherits (see
 * Fixer.insertProxySetHeaders): it has none of its own and inherits some other than `header`.
 */
export function copiesInherited(level: Level, effectiveLines: readonly ModelDirective[], header: string): boolean {
  const own = !!firstDirectiveNamed(level, 'proxy_set_header');
  return !own && effectiveLines.some((d) => (d.args[0] ?? '').toLowerCase() !== header.toLowerCase());
}

/** Said by a fix description when the inserted line comes with copies of the inherited ones. */
export const COPIES_NOTE = ', with copies of the inherited proxy_set_header lines it would otherwise lose';

/** The `http` level enclosing a level, when its block is in reach of a fix (not the implied http of a snippet). */
export function reachableHttp(level: Level): Level | undefined {
  const http = enclosing(level, 'http');
  return http?.opener?.node.block && http.opener.file.ast ? http : undefined;
}

/** Whether the config defines `$connection_upgrade`, and how. */
export type ConnectionUpgradeState =
  /** `map $http_upgrade $connection_upgrade { … }` exists somewhere. */
  | 'mapped'
  /** Something else defines it (`set`, a map of another variable …): its value is not ours to assume. */
  | 'defined-otherwise'
  | 'undefined';

export function connectionUpgradeState(model: ConfigModel): ConnectionUpgradeState {
  const definers = definedVariables(model).get(CONNECTION_UPGRADE) ?? [];
  if (definers.length === 0) return 'undefined';
  const mapped = definers.some(
    (d) => d.node.name === 'map' && (d.args[0] ?? '').toLowerCase() === '$http_upgrade',
  );
  return mapped ? 'mapped' : 'defined-otherwise';
}

/** The edit that adds the standard map to the `http` block enclosing `level`, if that block is in reach. */
export function addConnectionUpgradeMap(fixer: Fixer, level: Level): TextEdit | undefined {
  const http = reachableHttp(level);
  if (!http) return undefined;
  const file = http.opener!.file;
  const edit = fixer.insertBlockDirective(http, CONNECTION_UPGRADE_MAP_HEADER, connectionUpgradeMapBody(file));
  // In a one-line block the fixer joins the lines with spaces but keeps the body's indentation.
  if (!/[\r\n]/.test(edit.text)) return { ...edit, text: ` ${connectionUpgradeMapText(file)}` };
  return edit;
}

/**
 * The `Connection` value a fix should write for a location, and the extra edit it needs:
 * - `$connection_upgrade` when the standard map exists, or when it can be added to the enclosing
 *   `http` block (then `mapEdit` adds it);
 * - the constant `"upgrade"` otherwise (a snippet with no http block in reach, or a config that
 *   defines `$connection_upgrade` some other way), with the reason in `note`.
 */
export interface ConnectionFixPlan {
  value: string;
  mapEdit?: TextEdit;
  /** Why the constant was chosen, for the fix description. */
  note?: string;
  /** Where the map goes, for the fix description ("http level, line 2"). */
  mapWhere?: string;
  /** The map as written there, for the fix description. */
  mapText?: string;
}

/**
 * The `Connection` value a fix writes for a location, and why when it is the constant: the reason
 * goes into the finding's message as well as the fix description, so every output format says it.
 * `file` is where the value is written (the location's file unless given): the constant takes its quote.
 */
export function connectionFixValue(model: ConfigModel, location: Level, file = location.opener?.file): { value: string; note?: string } {
  const state = connectionUpgradeState(model);
  if (state === 'mapped') return { value: '$connection_upgrade' };
  const constant = file ? quoteAs(file, 'upgrade', '"') : '"upgrade"';
  if (state === 'defined-otherwise') {
    return { value: constant, note: 'a constant: $connection_upgrade is defined here by something other than map $http_upgrade' };
  }
  if (!reachableHttp(location)) {
    return {
      value: constant,
      note: 'a constant: the file is checked as a snippet, with no http block in reach to hold map $http_upgrade $connection_upgrade',
    };
  }
  return { value: '$connection_upgrade' };
}

export function planConnectionFix(fixer: Fixer, model: ConfigModel, location: Level, file = location.opener?.file): ConnectionFixPlan {
  const chosen = connectionFixValue(model, location, file);
  if (chosen.note || connectionUpgradeState(model) === 'mapped') return chosen;
  const mapEdit = addConnectionUpgradeMap(fixer, location)!;
  const http = reachableHttp(location)!;
  return {
    value: chosen.value,
    mapEdit,
    mapWhere: `http block (line ${http.opener!.node.line} of ${http.opener!.file.path})`,
    mapText: connectionUpgradeMapText(http.opener!.file),
  };
}

/** An argument's raw text for a fix description: as written when quoted, else in double quotes. */
export function quoteRaw(raw: string): string {
  return /^["']/.test(raw) ? raw : `"${raw}"`;
}

/**
 * The text of a fix that sets Connection with a plan: `insert "proxy_set_header Connection …;"`, or
 * `replace "close" with … in "proxy_set_header Connection"` when `replacing` (the old raw value) is given.
 */
export function describeConnectionFix(plan: ConnectionFixPlan, replacing?: string, extra = ''): string {
  let text =
    replacing === undefined
      ? `insert "proxy_set_header Connection ${plan.value};"`
      : `replace ${quoteRaw(replacing)} with ${plan.value} in "proxy_set_header Connection"`;
  text += extra;
  if (plan.mapEdit) text += ` and add "${plan.mapText}" to the ${plan.mapWhere}`;
  if (plan.note) text += ` (${plan.note})`;
  return text;
}

/** What a `Connection` value does to a WebSocket handshake. */
export type ConnectionVerdict =
  /** Asks for an upgrade (a constant naming `upgrade`, a map of `$http_upgrade` …). */
  | { kind: 'upgrade' }
  /** Cannot carry an upgrade; `why` says what the backend gets instead. */
  | { kind: 'wrong'; why: string }
  /** `$http_connection`: the client's own hop-by-hop header, passed through verbatim. */
  | { kind: 'passthrough' }
  /** A variable whose value we cannot know (defined another way, or undefined — undefined-variable's business). */
  | { kind: 'unknown' };

export function connectionVerdict(value: string, model: ConfigModel): ConnectionVerdict {
  if (/(?:^|[^\w$])upgrade\b/i.test(value.replace(/\$\{?\w+\}?/g, ' '))) return { kind: 'upgrade' };
  const trimmed = value.trim();
  if (trimmed === '') return { kind: 'wrong', why: 'an empty value makes nginx send no Connection header at all' };
  const variable = /^\$\{?(\w+)\}?$/.exec(trimmed);
  if (variable) {
    const name = variable[1].toLowerCase();
    if (name === 'http_connection') return { kind: 'passthrough' };
    const definers = definedVariables(model).get(name) ?? [];
    if (definers.some((d) => d.node.name === 'map' && (d.args[0] ?? '').toLowerCase() === '$http_upgrade')) {
      return { kind: 'upgrade' };
    }
    if (definers.length > 0) {
      // A map whose values name `upgrade`, or anything else we cannot evaluate: not reported.
      return { kind: 'unknown' };
    }
    if (name === 'http_upgrade') return { kind: 'wrong', why: '$http_upgrade holds the Upgrade value ("websocket"), not a Connection token' };
    // What the client sends (other headers, arguments, cookies) could be anything.
    if (/^(?:http|arg|cookie)_/.test(name)) return { kind: 'unknown' };
    if (isBuiltinVariable(name)) return { kind: 'wrong', why: `$${variable[1]} is a built-in variable of nginx, not an upgrade token` };
    return { kind: 'unknown' };
  }
  if (/\$/.test(trimmed)) return { kind: 'unknown' };
  if (/^close$/i.test(trimmed)) return { kind: 'wrong', why: '"close" asks to close the connection, not to upgrade it' };
  return { kind: 'wrong', why: `"${trimmed}" does not ask for an upgrade` };
}
