/**
 * Stage 1: text → tokens, with crossplane's tokenization (crossplane/lexer.py and the Lua block
 * extension crossplane/ext/lua.py), plus exact positions for every token.
 *
 * crossplane reads a file as a stream of "units": a character, or a backslash together with the
 * character after it. Its quirks are reproduced on purpose, because the payload must match:
 * - a quote inside a bare token is an ordinary character (`a"b"` is one token);
 * - `\"` inside double quotes (and `\'` inside single quotes) becomes the bare quote, every other
 *   escape stays as written (two characters);
 * - `${` after `$` swallows everything up to `}` (or whitespace), so `${a b}` is not split at `{`;
 * - a `#` starts a comment only where a token could start; the comment runs to the end of the line;
 * - after a directive name in `*_by_lua_block`, the braces hold one raw Lua body (braces inside Lua
 *   strings and `--` comments do not count); the lexer emits it as one quoted token and a `;`;
 * - the end of the file inside a token, a quote or a comment silently ends the stream (crossplane's
 *   generator stops), so the unfinished token is lost.
 * Lua long strings and comments (`[[ … ]]`, `--[[ … ]]`) are where crossplane is plainly wrong:
 * a brace inside them ends or opens its block. We read them as Lua does (see README, "Differences
 * from crossplane", and test/fixtures/crossplane-differences).
 *
 * Speed: a large config has millions of tokens, so tokens are not objects. The lexer writes them
 * into a TokenList (typed arrays of kinds and offsets) in one tight loop over character codes.
 * Values are not made while lexing: almost every value is a plain slice of the text, made when a
 * later stage asks for it (`TokenList.value(i)`), so the strings are born next to the payload or
 * tree that keeps them instead of in one huge array the garbage collector has to track; the few
 * values that differ from their text (escapes, line breaks, the Lua lexer's) are kept aside.
 * Lines are not counted while lexing either: a LineIndex of the file's line starts (one fast pass)
 * turns offsets into lines and columns, for crossplane's line of each token while lexing and for
 * real positions when someone asks (`TokenList.token(i)`). The previous,
 * unit-at-a-time implementation is kept as the test oracle (test/support/reference-lexer.ts):
 * both must yield the same tokens for every input.
 */
import * as os from 'os';
import { LineIndex, lineSlotOf } from './line-index';

/** The most slots of TokenList's cache of recent values (a power of two). */
const RECENT_VALUE_SLOTS = 1024;

/** Token kinds, as small integers (TokenList.kinds). */
export const WORD = 0; // bare token
export const QUOTED = 1; // "…" or '…'
export const LUA_ARG = 2; // the variable of set_by_lua_block, read by the Lua lexer
export const LUA_BODY = 3; // the body of a *_by_lua_block, between its braces
export const LUA_END = 4; // the `;` crossplane's Lua lexer invents after a body (no source text)
export const OPEN = 5; // {
export const CLOSE = 6; // }
export const SEMICOLON = 7; // ;
export const COMMENT = 8; // # … (value includes the '#')

export type TokenKind = 'word' | 'quoted' | 'lua-arg' | 'lua-body' | 'lua-end' | 'open' | 'close' | 'semicolon' | 'comment';

const KIND_NAMES: readonly TokenKind[] = ['word', 'quoted', 'lua-arg', 'lua-body', 'lua-end', 'open', 'close', 'semicolon', 'comment'];

/** One token as an object (made on demand: errors point at one; the hot paths read the arrays). */
export interface Token {
  kind: TokenKind;
  /** The token as crossplane yields it (quotes removed, `\"` unescaped; comments keep their `#`). */
  value: string;
  /** crossplane's line for the token. */
  line: number;
  /** Start and end offsets of the source text ([start, end)); for `lua-body` the braces are included. */
  start: number;
  end: number;
  /** Real (1-based) line and column of start and end. */
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
  /**
   * The file ended inside this token (a comment, a word or a quote at the very end). crossplane
   * loses such a token; the syntax tree keeps it, so the file's text is still fully accounted for.
   */
  cutByEndOfFile?: true;
}

/** The tokens of one text, as parallel arrays indexed by token number. */
export class TokenList {
  private readonly text: string;

  constructor(
    readonly count: number,
    readonly kinds: Uint8Array,
    readonly starts: Int32Array,
    readonly ends: Int32Array,
    /** crossplane's line of each token. */
    readonly lines: Int32Array,
    /** Where the text's lines start: real positions of offsets. */
    readonly lineIndex: LineIndex,
    /** The file ended inside the last token (only the last one can be cut). */
    readonly lastIsCut: boolean,
    /** Values that are not the plain text of their token (see value()), by token index. */
    private specialValues: Map<number, string> | undefined,
  ) {
    this.text = lineIndex.text;
  }

  /**
   * The token as crossplane yields it (see Token.value): the token's text, without the quotes of a
   * quoted string or the braces of a Lua body, unless the lexer recorded another value. A new
   * string each time: see sharedValue() for values that are kept.
   */
  value(i: number): string {
    if (this.specialValues !== undefined) {
      const special = this.specialValues.get(i);
      if (special !== undefined) return special;
    }
    const kind = this.kinds[i];
    return kind === QUOTED || kind === LUA_BODY
      ? this.text.slice(this.starts[i] + 1, this.ends[i] - 1)
      : this.text.slice(this.starts[i], this.ends[i]);
  }

  /**
   * value(i), from a small cache of recent values when it is there. A large config has some twenty
   * times more words than distinct words (`location`, `proxy_set_header`, `on`, `$host`): values
   * that are kept (directive names, the syntax tree's arguments) then mostly share one string,
   * made once and hashed once for map lookups, and a large config's tree takes less memory.
   * Direct-mapped, by a cheap hash of the length and three characters (a collision only costs a
   * slice); sized to the file, so a small file does not carry a big table. The lookup costs about
   * what it saves in allocation: values only checked and dropped use value().
   */
  sharedValue(i: number): string {
    const kind = this.kinds[i];
    if ((kind !== WORD && kind !== QUOTED) || this.specialValues?.has(i)) return this.value(i);
    const start = kind === QUOTED ? this.starts[i] + 1 : this.starts[i];
    const end = kind === QUOTED ? this.ends[i] - 1 : this.ends[i];
    const length = end - start;
    if (length === 0) return '';
    const text = this.text;
    let recent = this.recentValues;
    if (recent === undefined) {
      let slots = 16;
      while (slots < RECENT_VALUE_SLOTS && slots * 4 < this.count) slots *= 2;
      recent = this.recentValues = new Array<string>(slots).fill('');
    }
    const slot =
      (length * 31 + text.charCodeAt(start) * 7 + text.charCodeAt(end - 1) * 13 + text.charCodeAt(start + (length >> 1))) &
      (recent.length - 1);
    const cached = recent[slot];
    if (cached.length === length && text.startsWith(cached, start)) return cached;
    const value = text.slice(start, end);
    recent[slot] = value;
    return value;
  }
  private recentValues?: string[];

  /** The shared values (see sharedValue) of tokens `from` … `to - 1`, in an array of exactly that size. */
  sharedValuesOf(from: number, to: number): string[] {
    const values = new Array<string>(to - from);
    for (let i = from; i < to; i++) values[i - from] = this.sharedValue(i);
    return values;
  }

  /** The values (see value()) of tokens `from` … `to - 1`, in an array of exactly that size. */
  valuesOf(from: number, to: number): string[] {
    const values = new Array<string>(to - from);
    for (let i = from; i < to; i++) values[i - from] = this.value(i);
    return values;
  }

  /**
   * False when no value of tokens `from` … `to - 1` can hold the ASCII character `code`: none of
   * their text holds it and none has a value other than its text (escapes, Lua, re-decoded bytes).
   * A value is its text without quotes otherwise, so true only means "maybe".
   */
  rangeMayHold(from: number, to: number, code: number): boolean {
    if (from >= to) return false;
    const special = this.specialValues;
    if (special !== undefined) for (let i = from; i < to; i++) if (special.has(i)) return true;
    const text = this.text;
    const end = this.ends[to - 1];
    for (let at = this.starts[from]; at < end; at++) if (text.charCodeAt(at) === code) return true;
    return false;
  }

  /** Gives token `i` a value other than its text (a later decoding of the file's bytes). */
  replaceValue(i: number, value: string): void {
    (this.specialValues ??= new Map()).set(i, value);
  }

  /** True for the last token when the end of the file cut it off (crossplane never sees it). */
  isCut(i: number): boolean {
    return this.lastIsCut && i === this.count - 1;
  }

  /** Token `i` as an object, with real lines and columns. */
  token(i: number): Token {
    const start = this.starts[i];
    const end = this.ends[i];
    const from = this.lineIndex.position(start);
    const to = this.lineIndex.position(end);
    const token: Token = {
      kind: KIND_NAMES[this.kinds[i]],
      value: this.value(i),
      line: this.lines[i],
      start,
      end,
      startLine: from.line,
      startColumn: from.column,
      endLine: to.line,
      endColumn: to.column,
    };
    if (this.isCut(i)) token.cutByEndOfFile = true;
    return token;
  }
}

export interface LexResult {
  tokens: TokenList;
  /** Set when the Lua lexer found no `{` after a `*_by_lua_block` name. */
  luaError?: { message: string; line: number };
}

/** Directive names whose block crossplane lexes as one raw Lua body. */
export const LUA_BLOCK_DIRECTIVES: ReadonlySet<string> = new Set([
  'access_by_lua_block',
  'balancer_by_lua_block',
  'body_filter_by_lua_block',
  'content_by_lua_block',
  'header_filter_by_lua_block',
  'init_by_lua_block',
  'init_worker_by_lua_block',
  'log_by_lua_block',
  'rewrite_by_lua_block',
  'set_by_lua_block',
  'ssl_certificate_by_lua_block',
  'ssl_session_fetch_by_lua_block',
  'ssl_session_store_by_lua_block',
]);

const SHORTEST_LUA_BLOCK_NAME = Math.min(...[...LUA_BLOCK_DIRECTIVES].map((name) => name.length));

const BACKSLASH = 0x5c;
const NEWLINE = 0x0a;
const CR = 0x0d;
const HASH = 0x23;
const DOLLAR = 0x24;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const SEMICOLON_CHAR = 0x3b;
const DQUOTE = 0x22;
const SQUOTE = 0x27;
const DASH = 0x2d;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;
const EQUALS = 0x3d;

/**
 * 1 for the characters a bare word's fast path takes: printable ASCII except `{`, `}`, `;` and the
 * backslash. Indexed by any UTF-16 code unit (the codes are bytes or code units).
 */
const PLAIN_WORD_CHAR: Uint8Array = (() => {
  const table = new Uint8Array(0x10000);
  for (let c = 0x21; c < 0x7f; c++) table[c] = 1;
  table[0x7b] = table[0x7d] = table[0x3b] = table[0x5c] = 0;
  return table;
})();

/** Python's str.isspace() for one character. */
export function isUnicodeSpaceCode(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x1f);
  if (c < 0x85) return false;
  return (
    c === 0x85 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000
  );
}

/** The UTF-16 code units of a text, as an array. */
function characterCodes(text: string): Uint16Array {
  if (os.endianness() === 'LE') {
    const bytes = Buffer.from(text, 'utf16le');
    if (bytes.byteOffset % 2 === 0) return new Uint16Array(bytes.buffer, bytes.byteOffset, text.length);
  }
  const codes = new Uint16Array(text.length);
  for (let i = 0; i < text.length; i++) codes[i] = text.charCodeAt(i);
  return codes;
}

export interface LexOptions {
  /**
   * The text's character codes, when the caller has them already: the file's bytes when they are
   * all ASCII (one byte per character).
   */
  codes?: Uint8Array | Uint16Array;
  /**
   * Treat only ASCII whitespace as whitespace. Used for files that are not valid UTF-8, whose text
   * is decoded byte-per-byte: a byte such as 0x85 or 0xA0 there is part of a character, not a space.
   */
  asciiWhitespaceOnly?: boolean;
}

/**
 * crossplane reads files in Python's universal-newlines mode: `\r\n` and a lone `\r` both become
 * `\n`. We keep the original text (positions and round trip must be exact) and normalize values.
 */
function normalizeNewlines(value: string): string {
  return value.indexOf('\r') < 0 ? value : value.replace(/\r\n?/g, '\n');
}

/** Could this word name a `*_by_lua_block` directive? (A cheap test before the set lookup.) */
function mayBeLuaBlockName(value: string): boolean {
  return value.length >= SHORTEST_LUA_BLOCK_NAME && value.charCodeAt(value.length - 1) === 0x6b /* k */ && LUA_BLOCK_DIRECTIVES.has(value);
}

/** Thrown when the text ends in the middle of a unit crossplane needs (its StopIteration). */
class EndOfInput {}
const END = new EndOfInput();

/** Growable token arrays. */
class TokenWriter {
  count = 0;
  kinds: Uint8Array;
  starts: Int32Array;
  ends: Int32Array;
  lines: Int32Array;
  /** Values that are not the plain text of their token (see TokenList.value). */
  specialValues: Map<number, string> | undefined;
  /** Index into the line starts of the line holding the last token's line offset. */
  private lineSlot = 0;

  constructor(
    capacity: number,
    private readonly lineStarts: Int32Array,
  ) {
    this.kinds = new Uint8Array(capacity);
    this.starts = new Int32Array(capacity);
    this.ends = new Int32Array(capacity);
    this.lines = new Int32Array(capacity);
  }

  /**
   * `lineAt`: the offset right after the unit whose line crossplane gives the token (its first
   * unit; for a Lua body, its closing brace): crossplane has counted the line breaks before it.
   */
  push(kind: number, start: number, end: number, lineAt: number): void {
    const i = this.count;
    if (i === this.kinds.length) this.grow();
    this.kinds[i] = kind;
    this.starts[i] = start;
    this.ends[i] = end;
    // Tokens come in text order, so the line only moves forward (a binary search otherwise).
    const starts = this.lineStarts;
    let slot = this.lineSlot;
    if (slot > 0 && starts[slot] > lineAt) slot = lineSlotOf(starts, lineAt);
    while (slot + 1 < starts.length && starts[slot + 1] <= lineAt) slot++;
    this.lineSlot = slot;
    this.lines[i] = slot + 1;
    this.count = i + 1;
  }

  /** Pushes a token whose value is not its plain text. */
  pushSpecial(kind: number, value: string, start: number, end: number, lineAt: number): void {
    (this.specialValues ??= new Map()).set(this.count, value);
    this.push(kind, start, end, lineAt);
  }

  private grow(): void {
    const size = this.kinds.length * 2;
    const kinds = new Uint8Array(size);
    kinds.set(this.kinds);
    this.kinds = kinds;
    this.starts = grown(this.starts, size);
    this.ends = grown(this.ends, size);
    this.lines = grown(this.lines, size);
  }
}

function grown(array: Int32Array, size: number): Int32Array {
  const copy = new Int32Array(size);
  copy.set(array);
  return copy;
}


export function lex(text: string, options: LexOptions = {}): LexResult {
  const length = text.length;
  const asciiOnly = !!options.asciiWhitespaceOnly;
  // The character codes, read as an array: much faster than charCodeAt in the scanning loops.
  const codes = options.codes ?? characterCodes(text);
  const lineIndex = new LineIndex(text);
  const hasCR = lineIndex.hasCR;
  // About one token per 12 characters in real configs; the writer grows when needed.
  const out = new TokenWriter(Math.max(16, (length >>> 3) + 16), lineIndex.starts);
  let luaError: LexResult['luaError'];
  let lastIsCut = false;

  /** Python's str.isspace() (ASCII only for latin1 text) for a character that is a whole unit. */
  function isSpace(c: number): boolean {
    if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x1f);
    return c >= 0x85 && !asciiOnly && isUnicodeSpaceCode(c);
  }

  /** The length of the unit at `at` (a backslash takes the next character); END when it is cut. */
  function unitLength(at: number): number {
    if (at >= length) throw END;
    if (codes[at] !== BACKSLASH) return 1;
    if (at + 1 >= length) throw END; // crossplane's escape reader stops on a trailing backslash
    return 2;
  }

  /** True when the unit at `at` is a single whitespace character. */
  function spaceUnitAt(at: number): boolean {
    return isSpace(codes[at]);
  }

  /** Value of a quoted string between `from` and `to`: `\<quote>` becomes `<quote>`. */
  function unquote(from: number, to: number, quote: number): string {
    let out = '';
    let copied = from;
    for (let i = from; i < to; i++) {
      if (codes[i] !== BACKSLASH || i + 1 >= to) continue;
      if (codes[i + 1] === quote) {
        out += text.slice(copied, i);
        copied = i + 1; // drop the backslash, keep the quote
      }
      i++; // the escaped character is never the start of another escape
    }
    return normalizeNewlines(out + text.slice(copied, to));
  }

  /**
   * crossplane's Lua lexer, entered after a `*_by_lua_block` name with `at` on the whitespace
   * that ended it. Emits the optional set_by_lua_block argument, the body, and a synthetic `;`.
   * Returns the offset after the body's closing brace. Rare, so it goes a unit at a time.
   */
  function lexLuaBlock(directive: string, at: number): number {
    let unit = at; // the current unit's start
    let size = 1; // and its length
    const advance = (): void => {
      unit += size;
      size = unitLength(unit);
    };
    const unitIsSpace = (): boolean => size === 1 && spaceUnitAt(unit);
    const unitIs = (code: number): boolean => size === 1 && codes[unit] === code;
    const isLineBreakUnit = (): boolean =>
      size === 1 && (codes[unit] === NEWLINE || (codes[unit] === CR && codes[unit + 1] !== NEWLINE));

    if (directive === 'set_by_lua_block') {
      // Skip whitespace, then read the argument up to the next whitespace character.
      let argStart = -1;
      let argLineAt = 0;
      for (;;) {
        advance();
        if (unitIsSpace()) {
          if (argStart >= 0) {
            out.pushSpecial(LUA_ARG, normalizeNewlines(text.slice(argStart, unit)), argStart, unit, argLineAt);
            break;
          }
          while (unitIsSpace()) advance();
        }
        if (argStart < 0) {
          argStart = unit;
          argLineAt = unit + size;
        }
      }
    }
    do advance();
    while (unitIsSpace());
    if (!unitIs(OPEN_BRACE)) {
      luaError = { message: 'expected { to start Lua block', line: lineIndex.lineOf(unit + size) };
      throw END;
    }
    /** The level of a long bracket opening at `from` (`[[` → 0, `[==[` → 2), or -1. */
    const longBracketLevel = (from: number): number => {
      let i = from + 1;
      while (i < length && codes[i] === EQUALS) i++;
      return i < length && codes[i] === LBRACKET ? i - from - 1 : -1;
    };
    /** With the current unit on the first `[` of a long bracket, moves to its closing `]`. */
    const skipLongBracket = (level: number): void => {
      for (let i = 0; i <= level; i++) advance(); // the `=`s and the second `[`
      const close = ']' + '='.repeat(level) + ']';
      for (;;) {
        advance();
        if (unitIs(RBRACKET) && text.startsWith(close, unit)) {
          for (let i = 0; i <= level; i++) advance();
          return;
        }
      }
    };
    const openStart = unit;
    let depth = 1;
    for (;;) {
      advance();
      if (size === 1) {
        const code = codes[unit];
        if (code === LBRACKET && longBracketLevel(unit) >= 0) {
          // A Lua long string `[[ … ]]` / `[==[ … ]==]`: braces inside do not count. crossplane
          // does not know long brackets and miscounts them; nginx with the Lua module does not.
          skipLongBracket(longBracketLevel(unit));
        } else if (code === DASH) {
          // `--` starts a Lua comment up to the end of the line: braces and quotes in it do not count.
          // `--[[ … ]]` is a long comment, which may span lines.
          if (unit + 1 < length && codes[unit + 1] === DASH) {
            advance();
            if (unit + 1 < length && codes[unit + 1] === LBRACKET && longBracketLevel(unit + 1) >= 0) {
              const level = longBracketLevel(unit + 1);
              advance();
              skipLongBracket(level);
              continue;
            }
            while (!isLineBreakUnit()) advance();
          }
        } else if (code === OPEN_BRACE) {
          depth++;
        } else if (code === CLOSE_BRACE) {
          depth--;
        } else if (code === DQUOTE || code === SQUOTE) {
          advance();
          while (!unitIs(code)) advance();
        }
      }
      if (depth === 0) {
        const closeEnd = unit + 1;
        out.pushSpecial(LUA_BODY, normalizeNewlines(text.slice(openStart + 1, unit)), openStart, closeEnd, closeEnd);
        out.pushSpecial(LUA_END, ';', closeEnd, closeEnd, closeEnd);
        return closeEnd;
      }
    }
  }

  // A UTF-8 byte order mark is not part of the first token (crossplane would glue it to the first
  // directive name; nginx skips it).
  let pos = length > 0 && codes[0] === 0xfeff ? 1 : 0;
  let nextTokenIsDirective = true;
  // Where the token being read started, so the end of the file inside it can still be recorded.
  let pendingKind = -1;
  let pendingStart = 0;
  let pendingLineAt = 0;
  // The offset of the next CR at or after the current token (see the end of the word loop).
  let nextCR = -1;

  try {
    while (pos < length) {
      const c = codes[pos];
      if (c === 0x20 || c === 0x0a || c === 0x09) {
        pos++;
        continue;
      }
      if (c === SEMICOLON_CHAR || c === OPEN_BRACE || c === CLOSE_BRACE) {
        out.push(c === SEMICOLON_CHAR ? SEMICOLON : c === OPEN_BRACE ? OPEN : CLOSE, pos, pos + 1, pos + 1);
        nextTokenIsDirective = true;
        pos++;
        continue;
      }
      if (c === HASH) {
        // The comment runs up to (not including) the first unit that ends with a newline: a line
        // feed, a carriage return, or a backslash followed by one of them.
        const start = pos;
        pendingKind = COMMENT;
        pendingStart = start;
        pendingLineAt = start + 1;
        let end = pos + 1;
        for (;;) {
          if (end >= length) throw END; // the file ends inside the comment
          const d = codes[end];
          if (d === NEWLINE || d === CR) break;
          if (d === BACKSLASH) {
            if (end + 1 >= length) throw END;
            const next = codes[end + 1];
            if (next === NEWLINE || next === CR) break;
            end += 2;
          } else end++;
        }
        pendingKind = -1;
        // The value is crossplane's (without the unit that ended the line); the range keeps the
        // backslash of an escaped line break (`# text\` ⏎), which is part of the comment for
        // nginx too — otherwise no node of the tree would hold that byte. That unit is consumed.
        const escaped = codes[end] === BACKSLASH;
        if (escaped) out.pushSpecial(COMMENT, text.slice(start, end), start, end + 1, start + 1);
        else out.push(COMMENT, start, end, start + 1);
        pos = end + (escaped ? 2 : 1);
        continue;
      }
      if (c === DQUOTE || c === SQUOTE) {
        const start = pos;
        pendingKind = QUOTED;
        pendingStart = start;
        pendingLineAt = start + 1;
        let end = pos + 1;
        let escapes = false;
        for (;;) {
          if (end >= length) throw END;
          const d = codes[end];
          if (d === c) break;
          if (d === BACKSLASH) {
            if (end + 1 >= length) throw END;
            escapes = true;
            end += 2;
          } else end++;
        }
        pendingKind = -1;
        // Most strings are their text; only an escaped quote or a line break with a CR changes it.
        let special: string | undefined;
        if (hasCR && nextCR < start) nextCR = text.indexOf('\r', start) >>> 0; // see the word loop
        if (escapes || (hasCR && nextCR < end)) {
          const raw = text.slice(start + 1, end);
          const value = escapes ? unquote(start + 1, end, c) : normalizeNewlines(raw);
          if (value !== raw) special = value;
        }
        if (special !== undefined) out.pushSpecial(QUOTED, special, start, end + 1, start + 1);
        else out.push(QUOTED, start, end + 1, start + 1);
        pos = end + 1;
        // A quoted directive name may open a Lua block (its name ends in "k").
        const name = nextTokenIsDirective && codes[end - 1] === 0x6b ? (special ?? text.slice(start + 1, end)) : '';
        if (mayBeLuaBlockName(name)) {
          pos = lexLuaBlock(name, pos - 1);
          nextTokenIsDirective = true;
        } else {
          nextTokenIsDirective = false;
        }
        continue;
      }
      if (c !== BACKSLASH && isSpace(c)) {
        pos++;
        continue;
      }

      // A bare word: units up to whitespace, `{`, `}` or `;` (quotes, `#` and `$` inside it are
      // ordinary characters; a backslash takes the next character with it).
      const start = pos;
      const first = unitLength(pos);
      pendingKind = WORD;
      pendingStart = start;
      pendingLineAt = start + first;
      let end = pos + first;
      for (;;) {
        // Fast path: printable ASCII other than the delimiters and the backslash (one table load
        // per character instead of six comparisons: most of a config's characters are in words).
        while (end < length && PLAIN_WORD_CHAR[codes[end]] === 1) end++;
        if (end >= length) throw END; // the file ends inside the word
        const d = codes[end];
        if (d === BACKSLASH) {
          end += unitLength(end);
          continue;
        }
        if (isSpace(d)) break;
        if (d === OPEN_BRACE && codes[end - 1] === DOLLAR) {
          // Parameter expansion: `${` and everything up to `}` (or whitespace) stay in the token.
          nextTokenIsDirective = false;
          while (codes[end - 1] !== CLOSE_BRACE && !(codes[end] !== BACKSLASH && spaceUnitAt(end))) {
            end += unitLength(end);
          }
          // The unit that stopped the loop is handled like any other; even whitespace joins the
          // token here, as it does in crossplane.
          const e = codes[end];
          if (e === OPEN_BRACE || e === CLOSE_BRACE || e === SEMICOLON_CHAR) break;
          end += unitLength(end);
          continue;
        }
        if (d === OPEN_BRACE || d === CLOSE_BRACE || d === SEMICOLON_CHAR) break;
        end++; // any other character (non-ASCII, control) extends the word
      }
      pendingKind = -1;
      // Only an escaped line break puts a CR in a word. The next CR is found again only once
      // passed, so a file with few CRs is not searched to its end for every word.
      let normalized: string | undefined;
      if (hasCR) {
        if (nextCR < start) nextCR = text.indexOf('\r', start) >>> 0; // none: 2^32 - 1, past any offset
        if (nextCR < end) normalized = normalizeNewlines(text.slice(start, end));
      }
      if (normalized !== undefined) out.pushSpecial(WORD, normalized, start, end, start + first);
      else out.push(WORD, start, end, start + first);
      pos = end;
      const stop = codes[end];
      if (stop === OPEN_BRACE || stop === CLOSE_BRACE || stop === SEMICOLON_CHAR) continue; // read next round
      // Ended by whitespace: a directive name may open a Lua block (its name ends in "k").
      const name = nextTokenIsDirective && codes[end - 1] === 0x6b ? (normalized ?? text.slice(start, end)) : '';
      if (mayBeLuaBlockName(name)) {
        pos = lexLuaBlock(name, end);
        nextTokenIsDirective = true;
      } else {
        nextTokenIsDirective = false;
      }
    }
  } catch (e) {
    if (e !== END) throw e;
    if (!luaError && pendingKind >= 0) {
      const value = normalizeNewlines(text.slice(pendingStart, length));
      out.pushSpecial(pendingKind, value, pendingStart, length, pendingLineAt);
      lastIsCut = true;
    }
  }
  const tokens = new TokenList(out.count, out.kinds, out.starts, out.ends, out.lines, lineIndex, lastIsCut, out.specialValues);
  return { tokens, luaError };
}
