/**
 * Directive checks, as crossplane's analyzer (crossplane/analyzer.py) makes them: is the directive
 * known (strict mode), is it allowed in this context, is its statement terminated the right way
 * and does it have a valid number of arguments.
 *
 * The semantics are crossplane's, check for check and word for word:
 *  1. (ngxlint only) inside a data block (`map`, `types`, `geo`, `split_clients`, `charset_map`,
 *     `match`, `num_map`) nothing is checked: its entries are keys and values, not directives.
 *     crossplane reports them as unknown directives in strict mode; that is a crossplane bug the
 *     reference corpus leaves out.
 *  2. strict mode and a name in no table: `unknown directive "x"`.
 *  3. a context crossplane has no bit for (CONTEXTS below) or a name in no table: no check.
 *  4. no mask allows the context: `"x" directive is not allowed here`.
 *  5. the masks that allow the context are tried last to first; the statement is valid as soon as
 *     one accepts its terminator and argument count. Otherwise the error is the one of the FIRST
 *     of those masks: `directive "x" has no opening "{"` (a block mask, terminator not `{`),
 *     `directive "x" is not terminated by ";"` (a non-block mask, terminator not `;` — also when it
 *     is `}`), `invalid value "v" in "x" directive, it must be "on" or "off"` (a FLAG mask, one
 *     argument, not on/off in any case) or `invalid number of arguments in "x" directive`.
 *
 * The masks come from ./directive-table.generated.ts (scripts/generate-directives.js).
 * checkDirective runs once per statement: lookups are O(1) and the valid path allocates nothing.
 */
import { DIRECTIVE_GROUPS, DIRECTIVE_MASKS } from './directive-table.generated';

/**
 * A crossplane context: the tuple of enclosing block names, e.g. ['http', 'location'] (see
 * enterBlockContext). What is known about a context is cached by array identity: never mutate a
 * context array once it has been checked against (use enterBlockContext, not a push/pop stack).
 */
export type Context = readonly string[];

export interface DirectiveCheckInput {
  name: string;
  /** Argument values (for `if`, after crossplane's parenthesis stripping). */
  args: readonly string[];
  /** The token that ended the statement. */
  terminator: ';' | '{' | '}';
  context: Context;
  /** Report directives that are in no table as unknown. */
  strict: boolean;
}

// --- crossplane's bit masks --------------------------------------------------------------------
export const NGX_CONF_NOARGS = 0x00000001;
export const NGX_CONF_TAKE1 = 0x00000002;
export const NGX_CONF_TAKE2 = 0x00000004;
export const NGX_CONF_TAKE3 = 0x00000008;
export const NGX_CONF_TAKE4 = 0x00000010;
export const NGX_CONF_TAKE5 = 0x00000020;
export const NGX_CONF_TAKE6 = 0x00000040;
export const NGX_CONF_TAKE7 = 0x00000080;
export const NGX_CONF_BLOCK = 0x00000100;
export const NGX_CONF_FLAG = 0x00000200;
export const NGX_CONF_ANY = 0x00000400;
export const NGX_CONF_1MORE = 0x00000800;
export const NGX_CONF_2MORE = 0x00001000;
export const NGX_CONF_TAKE12 = NGX_CONF_TAKE1 | NGX_CONF_TAKE2;
export const NGX_CONF_TAKE13 = NGX_CONF_TAKE1 | NGX_CONF_TAKE3;
export const NGX_CONF_TAKE23 = NGX_CONF_TAKE2 | NGX_CONF_TAKE3;
export const NGX_CONF_TAKE34 = NGX_CONF_TAKE3 | NGX_CONF_TAKE4;
export const NGX_CONF_TAKE123 = NGX_CONF_TAKE12 | NGX_CONF_TAKE3;
export const NGX_CONF_TAKE1234 = NGX_CONF_TAKE123 | NGX_CONF_TAKE4;
/** The argument and block bits of a mask (the rest are context bits). */
export const NGX_CONF_ARGS_MASK = 0x00001fff;

export const NGX_DIRECT_CONF = 0x00010000;
export const NGX_MAIN_CONF = 0x00040000;
export const NGX_EVENT_CONF = 0x00080000;
export const NGX_MAIL_MAIN_CONF = 0x00100000;
export const NGX_MAIL_SRV_CONF = 0x00200000;
export const NGX_STREAM_MAIN_CONF = 0x00400000;
export const NGX_STREAM_SRV_CONF = 0x00800000;
export const NGX_STREAM_UPS_CONF = 0x01000000;
export const NGX_HTTP_MAIN_CONF = 0x02000000;
export const NGX_HTTP_SRV_CONF = 0x04000000;
export const NGX_HTTP_LOC_CONF = 0x08000000;
export const NGX_HTTP_UPS_CONF = 0x10000000;
export const NGX_HTTP_SIF_CONF = 0x20000000;
export const NGX_HTTP_LIF_CONF = 0x40000000;
export const NGX_HTTP_LMT_CONF = 0x80000000;
/** Every context except http's if/if/limit_except ones. */
export const NGX_ANY_CONF =
  (NGX_MAIN_CONF | NGX_EVENT_CONF | NGX_MAIL_MAIN_CONF | NGX_MAIL_SRV_CONF | NGX_STREAM_MAIN_CONF |
    NGX_STREAM_SRV_CONF | NGX_STREAM_UPS_CONF | NGX_HTTP_MAIN_CONF | NGX_HTTP_SRV_CONF |
    NGX_HTTP_LOC_CONF | NGX_HTTP_UPS_CONF) >>> 0;

/** crossplane's CONTEXTS: the only contexts it checks (names joined by a space), with their bits. */
export const CONTEXTS: ReadonlyMap<string, number> = new Map<string, number>([
  ['', NGX_MAIN_CONF],
  ['events', NGX_EVENT_CONF],
  ['mail', NGX_MAIL_MAIN_CONF],
  ['mail server', NGX_MAIL_SRV_CONF],
  ['stream', NGX_STREAM_MAIN_CONF],
  ['stream server', NGX_STREAM_SRV_CONF],
  ['stream upstream', NGX_STREAM_UPS_CONF],
  ['http', NGX_HTTP_MAIN_CONF],
  ['http server', NGX_HTTP_SRV_CONF],
  ['http location', NGX_HTTP_LOC_CONF],
  ['http upstream', NGX_HTTP_UPS_CONF],
  ['http server if', NGX_HTTP_SIF_CONF],
  ['http location if', NGX_HTTP_LIF_CONF],
  ['http location limit_except', NGX_HTTP_LMT_CONF],
]);

// --- the directive table -------------------------------------------------------------------------
const TABLE = new Map<string, Int32Array>();
(function decodeTable(): void {
  for (const group of DIRECTIVE_GROUPS) {
    const colon = group.indexOf(':');
    const masks = Int32Array.from(group.slice(0, colon).split(','), (i) => DIRECTIVE_MASKS[parseInt(i, 36)] | 0);
    let previous = '';
    for (const item of group.slice(colon + 1).split(' ')) {
      const name = previous.slice(0, parseInt(item[0], 36)) + item.slice(1);
      TABLE.set(name, masks);
      previous = name;
    }
  }
})();

/** Is the name in the directive table (so strict mode knows it)? */
export function isKnownDirective(name: string): boolean {
  return TABLE.has(name);
}

/** The masks of a directive (unsigned, in crossplane's order), or undefined for unknown names. */
export function directiveMasks(name: string): readonly number[] | undefined {
  const masks = TABLE.get(name);
  return masks === undefined ? undefined : Array.from(masks, (m) => m >>> 0);
}

/** Every name in the directive table. */
export function knownDirectives(): IterableIterator<string> {
  return TABLE.keys();
}

// --- contexts ------------------------------------------------------------------------------------
/**
 * Blocks whose entries are data (map keys and values, MIME types, addresses, percentages, match
 * conditions), not directives. Inside them `include` still includes; everything else, `default`,
 * `hostnames`, `volatile`, `ranges`, `proxy`, `proxy_recursive`, `delete` and entries that happen
 * to be named like a directive (`listen …;` as a map key) included, is never reported.
 */
const DATA_BLOCKS: ReadonlySet<string> = new Set([
  'map',
  'types',
  'geo',
  'split_clients',
  'charset_map',
  'match',
  'num_map',
]);

/** Does a block opened by this directive hold data rather than directives? */
export function isDataBlock(name: string): boolean {
  return DATA_BLOCKS.has(name);
}

interface ContextInfo {
  /** The CONTEXTS bit, or 0 when crossplane does not check this context. */
  readonly mask: number;
  /** Some enclosing block is a data block (`map`, `types`, …). */
  readonly data: boolean;
}

const infoByContext = new WeakMap<Context, ContextInfo>();
const infoByKey = new Map<string, ContextInfo>();

let lastContext: Context | undefined;
let lastInfo: ContextInfo | undefined;

function contextInfo(context: Context): ContextInfo {
  // consecutive statements mostly share their context: skip the WeakMap then
  if (context === lastContext) return lastInfo as ContextInfo;
  let info = infoByContext.get(context);
  if (info === undefined) {
    const key = JSON.stringify(context); // unambiguous even for quoted names with spaces
    info = infoByKey.get(key);
    if (info === undefined) {
      const plain = context.every((name) => !name.includes(' '));
      info = {
        mask: plain ? (CONTEXTS.get(context.join(' ')) ?? 0) : 0,
        data: context.some((name) => DATA_BLOCKS.has(name)),
      };
      infoByKey.set(key, info);
    }
    infoByContext.set(context, info);
  }
  lastContext = context;
  lastInfo = info;
  return info;
}

/** crossplane's context bit for a context (NGX_HTTP_LOC_CONF, …), or 0 when it checks nothing there. */
export function contextMask(context: Context): number {
  return contextInfo(context).mask >>> 0;
}

/** Is this context inside a data block (`map`, `types`, `geo`, …)? */
export function isDataContext(context: Context): boolean {
  return contextInfo(context).data;
}

/** The top-level (main) context. */
export const ROOT_CONTEXT: Context = Object.freeze([]) as Context;

const children = new WeakMap<Context, Map<string, Context>>();
const HTTP_LOCATION: Context = Object.freeze(['http', 'location']);

/**
 * The context of the block a directive opens (crossplane's `enter_block_ctx`): locations nested in
 * locations are all ('http', 'location'); any other block appends its name. The result is frozen
 * and interned (the same array for the same path), so checks in it cost no allocation: pass it
 * on as is, and never mutate a context array after using it.
 */
export function enterBlockContext(name: string, context: Context): Context {
  if (context.length > 0 && context[0] === 'http' && name === 'location') return HTTP_LOCATION;
  let byName = children.get(context);
  if (byName === undefined) {
    byName = new Map();
    children.set(context, byName);
  }
  let child = byName.get(name);
  if (child === undefined) {
    child = Object.freeze([...context, name]);
    byName.set(name, child);
  }
  return child;
}

// --- the check -----------------------------------------------------------------------------------
/** Python's `x.lower() in ('on', 'off')` (no non-ASCII character lowercases to o, n or f). */
function isFlagValue(value: string): boolean {
  if (value.length === 2) {
    return (value.charCodeAt(0) | 0x20) === 0x6f && (value.charCodeAt(1) | 0x20) === 0x6e;
  }
  if (value.length === 3) {
    return (
      (value.charCodeAt(0) | 0x20) === 0x6f &&
      (value.charCodeAt(1) | 0x20) === 0x66 &&
      (value.charCodeAt(2) | 0x20) === 0x66
    );
  }
  return false;
}

/**
 * Where a check reads the statement's arguments: an array of their values, or (when no array was
 * made: the statement reader without a payload) token indexes whose values are made only if the
 * check needs them. The checks read only the count and the first value.
 */
interface ArgumentSource {
  value(i: number): string;
}

/** The first argument's value, from whichever source the check was given. */
function firstValue(args: readonly string[] | undefined, tokens: ArgumentSource | undefined, firstToken: number): string {
  return args !== undefined ? args[0] : (tokens as ArgumentSource).value(firstToken);
}

function argsAccepted(mask: number, n: number, args: readonly string[] | undefined, tokens: ArgumentSource | undefined, firstToken: number): boolean {
  return (
    (n <= 7 && ((mask >>> n) & 1) !== 0) ||
    ((mask & NGX_CONF_FLAG) !== 0 && n === 1 && isFlagValue(firstValue(args, tokens, firstToken))) ||
    (mask & NGX_CONF_ANY) !== 0 ||
    ((mask & NGX_CONF_1MORE) !== 0 && n >= 1) ||
    ((mask & NGX_CONF_2MORE) !== 0 && n >= 2)
  );
}

/** The error crossplane reports for a statement that this mask (the first that fits the context) rejects. */
function reasonFor(mask: number, name: string, terminator: string, n: number, first: () => string): string {
  if ((mask & NGX_CONF_BLOCK) !== 0) {
    if (terminator !== '{') return `directive "${name}" has no opening "{"`;
  } else if (terminator !== ';') {
    return `directive "${name}" is not terminated by ";"`;
  }
  if ((mask & NGX_CONF_FLAG) !== 0 && n === 1) {
    const value = first();
    if (!isFlagValue(value)) {
      // crossplane builds this text in two steps: 'invalid value "%s" in "%%s" directive, …' % value,
      // then % directive — so a `%` in the value is a format directive the second time.
      const template: string = `invalid value "${value}" in "%s" directive, it must be "on" or "off"`;
      if (value.includes('%')) return pythonPercentFormat(template, name);
      return `invalid value "${value}" in "${name}" directive, it must be "on" or "off"`;
    }
  }
  return `invalid number of arguments in "${name}" directive`;
}

/**
 * Returns crossplane's error text for an invalid statement, without the " in FILE:LINE" suffix
 * (e.g. `"listen" directive is not allowed here`), or undefined when the statement is valid.
 *
 * One exotic case: a FLAG directive whose single argument is not on/off and contains `%` makes
 * crossplane's message formatting raise a Python exception (`gzip 50%s;`), which aborts the whole
 * file: crossplane then reports `parsed: []` and an error whose text is the exception's, with no
 * file:line suffix and `line: null`. That text is returned too; isFatalReason() tells it apart.
 */
export function checkDirective(input: DirectiveCheckInput): string | undefined {
  return check(input.name, input.args.length, input.args, undefined, 0, input.terminator, input.context, input.strict);
}

/**
 * checkDirective for a statement whose `count` arguments are tokens `firstToken` … of `tokens`,
 * without making their values (the statement reader checks every statement of a large config and,
 * without a payload, keeps none of them): a value is made only when the check reads it.
 */
export function checkDirectiveTokens(
  name: string,
  tokens: ArgumentSource,
  firstToken: number,
  count: number,
  terminator: DirectiveCheckInput['terminator'],
  context: Context,
  strict: boolean,
): string | undefined {
  return check(name, count, undefined, tokens, firstToken, terminator, context, strict);
}

function check(
  name: string,
  n: number,
  args: readonly string[] | undefined,
  tokens: ArgumentSource | undefined,
  firstToken: number,
  terminator: DirectiveCheckInput['terminator'],
  context: Context,
  strict: boolean,
): string | undefined {
  const info = contextInfo(context);
  if (info.data) return undefined;
  const ctxMask = info.mask;
  if (ctxMask === 0 && !strict) return undefined;
  const masks = TABLE.get(name);
  if (masks === undefined) return strict ? `unknown directive "${name}"` : undefined;
  if (ctxMask === 0) return undefined;

  let first = -1;
  let last = -1;
  for (let i = 0; i < masks.length; i++) {
    if ((masks[i] & ctxMask) !== 0) {
      if (first < 0) first = i;
      last = i;
    }
  }
  if (first < 0) return `"${name}" directive is not allowed here`;

  const block = terminator === '{';
  const semicolon = terminator === ';';
  for (let i = last; i >= first; i--) {
    const mask = masks[i];
    if ((mask & ctxMask) === 0) continue;
    if ((mask & NGX_CONF_BLOCK) !== 0 ? !block : !semicolon) continue;
    if (argsAccepted(mask, n, args, tokens, firstToken)) return undefined;
  }
  return reasonFor(masks[first], name, terminator, n, () => firstValue(args, tokens, firstToken));
}

const NORMAL_REASON = /^(?:unknown directive "|directive "|"|invalid number of arguments in "|invalid value ")/;

/**
 * Is this checkDirective() text the message of a Python exception that stops crossplane's parse of
 * the whole file (see checkDirective), rather than an ordinary error of one statement?
 */
export function isFatalReason(reason: string): boolean {
  return !NORMAL_REASON.test(reason);
}

// --- Python's `str % arg` ------------------------------------------------------------------------
/**
 * `format % arg` as CPython computes it for a single str argument: the formatted text, or, when
 * Python raises, the exception's message (ValueError or TypeError text).
 */
export function pythonPercentFormat(format: string, arg: string): string {
  const cps = Array.from(format); // Python indexes code points
  let out = '';
  let used = false;
  let i = 0;
  const n = cps.length;
  const nextArg = (): string | undefined => {
    if (used) return undefined;
    used = true;
    return arg;
  };
  while (i < n) {
    const c = cps[i++];
    if (c !== '%') {
      out += c;
      continue;
    }
    if (i >= n) return 'incomplete format';
    if (cps[i] === '%') {
      out += '%';
      i++;
      continue;
    }
    if (cps[i] === '(') return 'format requires a mapping';
    let left = false;
    while (i < n && '-+ #0'.includes(cps[i])) if (cps[i++] === '-') left = true;
    let width = -1;
    if (i < n && cps[i] === '*') return nextArg() === undefined ? 'not enough arguments for format string' : '* wants int';
    while (i < n && cps[i] >= '0' && cps[i] <= '9') width = Math.max(width, 0) * 10 + (cps[i++].charCodeAt(0) - 48);
    let precision = -1;
    if (i < n && cps[i] === '.') {
      i++;
      precision = 0;
      if (i < n && cps[i] === '*') return nextArg() === undefined ? 'not enough arguments for format string' : '* wants int';
      while (i < n && cps[i] >= '0' && cps[i] <= '9') precision = precision * 10 + (cps[i++].charCodeAt(0) - 48);
    }
    if (i < n && (cps[i] === 'h' || cps[i] === 'l' || cps[i] === 'L')) i++;
    if (i >= n) return 'incomplete format';
    const conversion = cps[i++];
    const value = nextArg();
    if (value === undefined) return 'not enough arguments for format string';
    let text: string;
    switch (conversion) {
      case 's':
        text = value;
        break;
      case 'r':
      case 'a':
        text = pythonRepr(value, conversion === 'a');
        break;
      case 'c':
        if (Array.from(value).length !== 1) return '%c requires int or char';
        text = value;
        break;
      case 'd':
      case 'i':
      case 'u':
        return `%${conversion} format: a real number is required, not str`;
      case 'o':
      case 'x':
      case 'X':
        return `%${conversion} format: an integer is required, not str`;
      case 'e':
      case 'E':
      case 'f':
      case 'F':
      case 'g':
      case 'G':
        return 'must be real number, not str';
      default: {
        const cp = conversion.codePointAt(0) as number;
        const shown = cp >= 32 && cp <= 126 ? conversion : '?';
        return `unsupported format character '${shown}' (0x${cp.toString(16)}) at index ${i - 1}`;
      }
    }
    let chars = Array.from(text);
    if (precision >= 0 && conversion !== 'c' && chars.length > precision) chars = chars.slice(0, precision);
    const pad = width > chars.length ? ' '.repeat(width - chars.length) : '';
    out += left ? chars.join('') + pad : pad + chars.join('');
  }
  if (!used) return 'not all arguments converted during string formatting';
  return out;
}

/** Python's repr() (ascii() when asciiOnly) of a str. */
function pythonRepr(value: string, asciiOnly: boolean): string {
  const quote = value.includes("'") && !value.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of value) {
    const cp = ch.codePointAt(0) as number;
    if (ch === quote || ch === '\\') out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (cp < 0x20 || cp === 0x7f || (cp >= 0x80 && (asciiOnly || cp <= 0xa0 || cp === 0xad))) {
      out += cp <= 0xff ? '\\x' + hex(cp, 2) : cp <= 0xffff ? '\\u' + hex(cp, 4) : '\\U' + hex(cp, 8);
    } else out += ch;
  }
  return out + quote;
}

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}
