/**
 * Variables: which are built into nginx, which the config defines (map, geo, set, split_clients,
 * perl_set, js_set …), and where each `$variable` is used. A variable that is neither is what
 * `nginx -t` rejects with `unknown "name" variable`.
 */
import type { ArgumentNode } from '../parse/ast';
import { BUILTIN_VARIABLES, BUILTIN_VARIABLE_PREFIXES } from './builtin-variables.generated';
import { isDataBlockKind, type ConfigModel, type ModelDirective } from './config-model';

/** Directives that define the variable named by one of their arguments (argument index). */
const DEFINING_DIRECTIVES: Record<string, number> = {
  set: 0,
  map: 1,
  geo: -1, // `geo [$address] $variable`: the last argument
  geoip2: -1,
  split_clients: 1,
  perl_set: 0,
  js_set: 0,
  set_by_lua: 0,
  set_by_lua_block: 0,
  set_by_lua_file: 0,
  auth_request_set: 0,
  secure_link_md5: -2, // not a definer; kept out below
  mirror_request_body: -2,
  set_real_ip_from: -2,
  image_filter: -2,
  ssi_value: -2,
  js_var: 0,
  set_secure_random_alphanum: 0,
  set_secure_random_lcalpha: 0,
  set_escape_uri: 0,
  set_unescape_uri: 0,
  set_md5: 0,
  set_sha1: 0,
  set_encode_base64: 0,
  set_decode_base64: 0,
  set_if_empty: 0,
  set_quote_sql_str: 0,
  set_hashed_upstream: 0,
  more_set_headers: -2,
};

/** Name of the variable a directive defines, if it defines one. */
export function definedVariable(d: ModelDirective): string | undefined {
  const index = DEFINING_DIRECTIVES[d.node.name];
  if (index === undefined || index === -2 || d.args.length === 0) return undefined;
  const arg = index === -1 ? d.args[d.args.length - 1] : d.args[index];
  const match = /^\$\{?(\w+)\}?$/.exec(arg ?? '');
  return match ? match[1] : undefined;
}

export function isBuiltinVariable(name: string): boolean {
  if (BUILTIN_VARIABLES.has(name)) return true;
  if (/^\d+$/.test(name)) return true; // regex captures $1 … $9
  return BUILTIN_VARIABLE_PREFIXES.some((p) => name.startsWith(p) && name.length > p.length);
}

/** Every variable the config defines, with the directives that define it. */
export function definedVariables(model: ConfigModel): Map<string, ModelDirective[]> {
  const out = new Map<string, ModelDirective[]>();
  for (const d of model.directives) {
    if (isDataBlockKind(d.level.kind)) continue;
    const name = definedVariable(d);
    if (name) {
      const list = out.get(name) ?? [];
      list.push(d);
      out.set(name, list);
    }
  }
  // Named captures of regexes define variables too: `location ~ (?<app>…)`, `map … ~(?<x>…)`.
  for (const d of model.directives) {
    for (const arg of d.args) {
      for (const match of arg.matchAll(/\(\?P?<(\w+)>/g)) {
        const list = out.get(match[1]) ?? [];
        list.push(d);
        out.set(match[1], list);
      }
    }
  }
  return out;
}

/** True when a `map $source $name` defines $name (e.g. `$connection_upgrade` from `$http_upgrade`). */
export function mapsFromVariable(model: ConfigModel, name: string, source: string): boolean {
  return model.directives.some(
    (d) => d.node.name === 'map' && d.args.length >= 2 && d.args[1] === `$${name}` && d.args[0] === `$${source}`,
  );
}

export interface VariableUse {
  name: string;
  directive: ModelDirective;
  argument: ArgumentNode;
  /** Offset of the `$` inside the argument's raw text. */
  offsetInRaw: number;
}

/** Directives whose arguments are not expanded as variables (literal text, regexes, Lua code). */
const NO_VARIABLES = new Set([
  'log_format', // expanded at log time, but variables there must exist too: keep checking below
]);
NO_VARIABLES.delete('log_format');

/**
 * `$name` and `${name}` uses in argument values. Single-quoted and double-quoted values expand
 * variables in nginx too; Lua bodies and `*_by_lua` code do not.
 */
export function variableUses(model: ConfigModel): VariableUse[] {
  const uses: VariableUse[] = [];
  for (const d of model.directives) {
    if (isDataBlockKind(d.level.kind) && d.node.name !== 'include') {
      // Map values can reference variables (`default $host;`); keys cannot.
      const value = d.node.args[d.node.args.length - 1];
      if (d.level.kind === 'map' && value && d.node.args.length >= 1) collect(d, value, uses);
      continue;
    }
    if (d.node.name.includes('_by_lua') || d.node.name === 'js_content') continue;
    const definedIndex = DEFINING_DIRECTIVES[d.node.name];
    d.node.args.forEach((arg, i) => {
      if (arg.quote === 'lua-block') return;
      if (definedIndex !== undefined && definedIndex >= 0 && i === definedIndex) return; // the defined variable
      if (definedIndex === -1 && i === d.node.args.length - 1) return;
      if (d.node.name === 'map' || d.node.name === 'split_clients') {
        if (i === 1) return;
      }
      if ((d.node.name === 'location' || d.node.name === 'rewrite' || d.node.name === 'if') && /[~^]/.test(d.node.args[0]?.value ?? '')) {
        // Regexes: `$` is an anchor there, not a variable.
        if (d.node.name === 'location') return;
      }
      if (d.node.name === 'rewrite' && i === 0) return;
      if (d.node.name === 'if' && arg.value.startsWith('~') === false && i > 1 && /^[~!]/.test(d.node.args[1]?.value ?? '')) return;
      collect(d, arg, uses);
    });
  }
  return uses;
}

function collect(d: ModelDirective, arg: ArgumentNode, uses: VariableUse[]): void {
  const value = arg.value;
  if (value.indexOf('$') < 0) return;
  const re = /\$(?:\{(\w+)\}|(\w+))/g;
  let match: RegExpExecArray | null;
  while ((match = re.exec(value))) {
    // `$` at the end of a regex or before a non-word char is not a variable.
    const name = match[1] ?? match[2];
    const offsetInRaw = arg.raw.indexOf(match[0]);
    uses.push({ name, directive: d, argument: arg, offsetInRaw: offsetInRaw < 0 ? 0 : offsetInRaw });
  }
}
