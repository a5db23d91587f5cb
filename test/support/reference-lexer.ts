/**
 * The test oracle for src/parse/lexer.ts: ngxlint's first lexer, which reads the text a unit at a
 * time exactly as crossplane/lexer.py does, with tokens as objects and lines counted as it goes.
 * It matched every case of the crossplane corpus and our tokenizer fixtures; the fast lexer that
 * replaced it (typed arrays, one tight loop, lines from a LineIndex) must yield the same tokens for
 * every input (test/parse/lexer-reference.test.ts). Not used by ngxlint itself.
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
 */

// The token shape, the Lua block names and Python's whitespace are definitions, not logic: shared
// with the lexer under test. What is compared is how the text is cut into tokens.
import { isUnicodeSpaceCode, LUA_BLOCK_DIRECTIVES, type LexOptions, type Token, type TokenKind } from '../../src/parse/lexer';

export interface LexResult {
  tokens: Token[];
  /** Set when the Lua lexer found no `{` after a `*_by_lua_block` name. */
  luaError?: { message: string; line: number };
}

const BACKSLASH = 0x5c;
const NEWLINE = 0x0a;
const HASH = 0x23;
const DOLLAR = 0x24;
const OPEN = 0x7b;
const CLOSE = 0x7d;
const SEMICOLON = 0x3b;
const DQUOTE = 0x22;
const SQUOTE = 0x27;
const DASH = 0x2d;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;
const EQUALS = 0x3d;

/** Python's str.isspace() restricted to ASCII. */
function isAsciiSpaceCode(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x1f);
}


/** Signals the end of the character stream (crossplane's StopIteration). */
class EndOfInput {}
const END = new EndOfInput();


const CR = 0x0d;

/**
 * crossplane reads files in Python's universal-newlines mode: `\r\n` and a lone `\r` both become
 * `\n`. We keep the original text (positions and round trip must be exact) and normalize values.
 */
function normalizeNewlines(value: string): string {
  return value.indexOf('\r') < 0 ? value : value.replace(/\r\n?/g, '\n');
}

export function lex(text: string, options: LexOptions = {}): LexResult {
  const length = text.length;
  const isSpaceCode = options.asciiWhitespaceOnly ? isAsciiSpaceCode : isUnicodeSpaceCode;
  const tokens: Token[] = [];
  let luaError: LexResult['luaError'];

  // The current unit: text[unitStart .. unitStart+unitLength). A unit is one character, or a
  // backslash and the character after it.
  let unitStart = 0;
  let unitLength = 0;
  let unitCode = 0; // first code unit of the unit
  // crossplane's line of the current unit (a unit ending in "\n" already counts the new line).
  let cpLine = 1;
  // Real line bookkeeping for positions.
  let realLine = 1;
  let lineStart = 0;
  // A UTF-8 byte order mark is not part of the first token (crossplane would glue it to the first
  // directive name; nginx skips it). Columns on the first line start after it.
  let pos = length > 0 && text.charCodeAt(0) === 0xfeff ? 1 : 0; // offset of the next unit
  lineStart = pos;
  const firstLineStart = pos;

  /**
   * The start of the line holding `offset`. Line breaks are LF, CRLF and a lone CR (as advance()
   * counts them); the first line starts after a byte order mark.
   */
  function lineStartOf(offset: number): number {
    for (let i = offset - 1; i >= firstLineStart; i--) {
      const c = text.charCodeAt(i);
      if (c === NEWLINE || (c === CR && text.charCodeAt(i + 1) !== NEWLINE)) return i + 1;
    }
    return firstLineStart;
  }

  /** Moves to the next unit; throws END at the end of the input. */
  function advance(): void {
    if (pos >= length) throw END;
    unitStart = pos;
    unitCode = text.charCodeAt(pos);
    if (unitCode === BACKSLASH) {
      if (pos + 1 >= length) throw END; // crossplane's escape reader stops on a trailing backslash
      unitLength = 2;
    } else {
      unitLength = 1;
    }
    pos += unitLength;
    const last = text.charCodeAt(pos - 1);
    if (last === NEWLINE || (last === CR && text.charCodeAt(pos) !== NEWLINE)) {
      cpLine++;
      realLine++;
      lineStart = pos;
    }
  }

  /** The current unit's first code unit (a function, so TypeScript does not narrow it across advance()). */
  function codeNow(): number {
    return unitCode;
  }

  /** True when the current unit is a single whitespace character. */
  function unitIsSpace(): boolean {
    return unitLength === 1 && isSpaceCode(unitCode);
  }

  // Positions: the real line/column of an offset that lies on the current line or earlier. We record
  // starts when we see them (before lines advance) and ends right after the last unit.
  function columnOf(offset: number, lineStartOffset: number): number {
    return offset - lineStartOffset + 1;
  }

  function push(
    kind: TokenKind,
    value: string,
    line: number,
    start: number,
    startLine: number,
    startColumn: number,
    end: number,
  ): void {
    // `end` is always at or before `pos`; if a newline was consumed after `end`, lines moved on.
    let endLine = realLine;
    let endLineStart = lineStart;
    if (end < lineStart) {
      // The unit that ended the token was a newline (or the token ended on an earlier line).
      endLine = realLine;
      endLineStart = lineStart;
      while (end < endLineStart) {
        endLine--;
        endLineStart = lineStartOf(endLineStart - 1);
      }
    }
    tokens.push({
      kind,
      value,
      line,
      start,
      end,
      startLine,
      startColumn,
      endLine,
      endColumn: columnOf(end, endLineStart),
    });
  }

  /** Value of a quoted string between start+1 and end-1: `\<quote>` becomes `<quote>`. */
  function unquote(from: number, to: number, quote: number): string {
    const body = text.slice(from, to);
    if (body.indexOf('\\') < 0) return normalizeNewlines(body);
    let out = '';
    let i = from;
    while (i < to) {
      const c = text.charCodeAt(i);
      if (c === BACKSLASH && i + 1 < to) {
        out += text.charCodeAt(i + 1) === quote ? text[i + 1] : text.slice(i, i + 2);
        i += 2;
      } else {
        out += text[i];
        i++;
      }
    }
    return normalizeNewlines(out);
  }

  /**
   * crossplane's Lua lexer, entered right after a `*_by_lua_block` name (and the whitespace that
   * ended it). Emits the optional set_by_lua_block argument, the body, and a synthetic `;`.
   */
  function lexLuaBlock(directive: string): void {
    if (directive === 'set_by_lua_block') {
      // Skip whitespace, then read the argument up to the next whitespace character.
      let argStart = -1;
      let argLine = 0;
      let argRealLine = 0;
      let argColumn = 0;
      for (;;) {
        advance();
        if (unitIsSpace()) {
          if (argStart >= 0) {
            push('lua-arg', normalizeNewlines(text.slice(argStart, unitStart)), argLine, argStart, argRealLine, argColumn, unitStart);
            break;
          }
          while (unitIsSpace()) advance();
        }
        if (argStart < 0) {
          argStart = unitStart;
          argLine = realLine;
          argRealLine = realLine;
          argColumn = columnOf(unitStart, lineStart);
          // An argument that starts with an escaped line break: the unit already moved to the next
          // line (found by test/parse/lexer-reference.test.ts: this oracle gave column -1 there).
          if (lineStart > unitStart) {
            argRealLine--;
            argColumn = columnOf(unitStart, lineStartOf(unitStart));
          }
        }
      }
    }
    do advance();
    while (unitIsSpace());
    if (!(unitLength === 1 && unitCode === OPEN)) {
      luaError = { message: 'expected { to start Lua block', line: cpLine };
      throw END;
    }
    /** The level of a long bracket opening at `at` (`[[` → 0, `[==[` → 2), or -1. */
    function longBracketLevel(at: number): number {
      let i = at + 1;
      while (i < length && text.charCodeAt(i) === EQUALS) i++;
      return i < length && text.charCodeAt(i) === LBRACKET ? i - at - 1 : -1;
    }
    /** With the current unit on the first `[` of a long bracket, moves to its closing `]`. */
    function skipLongBracket(level: number): void {
      for (let i = 0; i <= level; i++) advance(); // the `=`s and the second `[`
      const close = ']' + '='.repeat(level) + ']';
      for (;;) {
        advance();
        if (unitLength === 1 && codeNow() === RBRACKET && text.startsWith(close, unitStart)) {
          for (let i = 0; i <= level; i++) advance();
          return;
        }
      }
    }
    const openStart = unitStart;
    const openLine = realLine;
    const openColumn = columnOf(unitStart, lineStart);
    let depth = 1;
    for (;;) {
      advance();
      const code = unitCode as number; // (advance() changes it; TypeScript cannot see that)
      if (unitLength === 1) {
        if (code === LBRACKET && longBracketLevel(pos - 1) >= 0) {
          // A Lua long string `[[ … ]]` / `[==[ … ]==]`: braces inside do not count. crossplane
          // does not know long brackets and miscounts them; nginx with the Lua module does not.
          skipLongBracket(longBracketLevel(pos - 1));
        } else if (code === DASH) {
          // `--` starts a Lua comment up to the end of the line: braces and quotes in it do not count.
          // `--[[ … ]]` is a long comment, which may span lines.
          if (pos < length && text.charCodeAt(pos) === DASH) {
            advance();
            if (pos < length && text.charCodeAt(pos) === LBRACKET && longBracketLevel(pos) >= 0) {
              const level = longBracketLevel(pos);
              advance();
              skipLongBracket(level);
              continue;
            }
            while (!(unitLength === 1 && (codeNow() === NEWLINE || (codeNow() === CR && text.charCodeAt(pos) !== NEWLINE)))) {
              advance();
            }
          }
        } else if (code === OPEN) {
          depth++;
        } else if (code === CLOSE) {
          depth--;
        } else if (code === DQUOTE || code === SQUOTE) {
          const quote = code;
          advance();
          while (!(unitLength === 1 && codeNow() === quote)) advance();
        }
      }
      if (depth === 0) {
        const closeEnd = unitStart + 1;
        push('lua-body', normalizeNewlines(text.slice(openStart + 1, unitStart)), cpLine, openStart, openLine, openColumn, closeEnd);
        push('lua-end', ';', cpLine, closeEnd, realLine, columnOf(closeEnd, lineStart), closeEnd);
        return;
      }
    }
  }

  let tokenStart = -1; // start offset of the bare token being read, -1 when none
  let tokenLine = 0; // crossplane's line of that token
  let tokenRealLine = 0;
  let tokenColumn = 0;
  let nextTokenIsDirective = true;
  // A comment or quoted string being read, so the end of the file inside it can still be recorded.
  let pending: { kind: TokenKind; start: number; line: number; startLine: number; startColumn: number } | undefined;

  function startToken(): void {
    tokenStart = unitStart;
    tokenLine = cpLine;
    tokenRealLine = realLine;
    tokenColumn = columnOf(unitStart, lineStart);
    // A token that starts with an escaped line break: the unit already moved to the next line.
    if (lineStart > unitStart) {
      tokenRealLine--;
      tokenColumn = columnOf(unitStart, lineStartOf(unitStart));
    }
  }

  function tokenIsEmpty(): boolean {
    return tokenStart < 0;
  }

  /** Emits the bare token that ends right before the current unit. */
  function emitWord(end: number): string {
    const value = normalizeNewlines(text.slice(tokenStart, end));
    push('word', value, tokenLine, tokenStart, tokenRealLine, tokenColumn, end);
    tokenStart = -1;
    return value;
  }

  try {
    for (;;) {
      advance();
      if (unitIsSpace()) {
        let afterLuaBlock = false;
        if (!tokenIsEmpty()) {
          const value = emitWord(unitStart);
          if (nextTokenIsDirective && LUA_BLOCK_DIRECTIVES.has(value)) {
            lexLuaBlock(value);
            nextTokenIsDirective = true;
            afterLuaBlock = true;
          } else {
            nextTokenIsDirective = false;
          }
        }
        // After a Lua block crossplane still holds the whitespace that ended the name, so it reads
        // at least one more unit before testing for whitespace again.
        if (afterLuaBlock) advance();
        // Fast path: runs of spaces, tabs and line feeds (most of a config file) without a unit
        // at a time; anything else (CR, form feed, Unicode spaces) goes through advance().
        if (unitIsSpace()) {
          while (pos < length) {
            const c = text.charCodeAt(pos);
            if (c === 0x20 || c === 0x09) pos++;
            else if (c === NEWLINE) {
              pos++;
              cpLine++;
              realLine++;
              lineStart = pos;
            } else break;
          }
          advance();
          while (unitIsSpace()) advance();
        }
      }

      if (tokenIsEmpty() && unitLength === 1 && unitCode === HASH) {
        const start = unitStart;
        const line = cpLine;
        const startLine = realLine;
        const startColumn = columnOf(unitStart, lineStart);
        pending = { kind: 'comment', start, line, startLine, startColumn };
        // The comment runs up to (not including) the first unit that ends with a newline: a line
        // feed, a carriage return, or a backslash followed by one of them. Scan for it directly,
        // then let advance() read that unit (and count its line).
        let end = pos;
        for (;;) {
          if (end >= length) throw END; // the file ends inside the comment
          const c = text.charCodeAt(end);
          if (c === NEWLINE || c === CR) break;
          if (c === BACKSLASH) {
            if (end + 1 >= length) throw END;
            const next = text.charCodeAt(end + 1);
            if (next === NEWLINE || next === CR) break;
            end += 2;
          } else end++;
        }
        pos = end; // no line break lies between: nothing to count
        advance();
        // The value is crossplane's (without the unit that ended the line); the range keeps the
        // backslash of an escaped line break (`# text\` ⏎), which is part of the comment for
        // nginx too — otherwise no node of the tree would hold that byte.
        const commentEnd = (unitLength as number) === 2 ? unitStart + 1 : unitStart; // (advance() changed it)
        push('comment', normalizeNewlines(text.slice(start, unitStart)), line, start, startLine, startColumn, commentEnd);
        pending = undefined;
        continue;
      }

      if (tokenIsEmpty()) startToken();

      // Parameter expansion: after `$`, a `{` and everything up to `}` (or whitespace) stay in the token.
      if (unitLength === 1 && unitCode === OPEN && unitStart > tokenStart && text.charCodeAt(unitStart - 1) === DOLLAR) {
        nextTokenIsDirective = false;
        while (text.charCodeAt(unitStart - 1) !== CLOSE && !unitIsSpace()) advance();
        // The unit that stopped the loop is handled below like any other; even whitespace joins the
        // token here, as it does in crossplane.
      }

      if (unitLength === 1 && (unitCode === DQUOTE || unitCode === SQUOTE)) {
        if (unitStart > tokenStart) continue; // a quote inside a token is an ordinary character
        const quote = unitCode;
        const start = unitStart;
        pending = { kind: 'quoted', start, line: tokenLine, startLine: tokenRealLine, startColumn: tokenColumn };
        advance();
        while (!(unitLength === 1 && unitCode === quote)) advance();
        pending = undefined;
        const value = unquote(start + 1, unitStart, quote);
        push('quoted', value, tokenLine, start, tokenRealLine, tokenColumn, unitStart + 1);
        tokenStart = -1;
        if (nextTokenIsDirective && LUA_BLOCK_DIRECTIVES.has(value)) {
          lexLuaBlock(value);
          nextTokenIsDirective = true;
        } else {
          nextTokenIsDirective = false;
        }
        continue;
      }

      if (unitLength === 1 && (unitCode === OPEN || unitCode === CLOSE || unitCode === SEMICOLON)) {
        if (unitStart > tokenStart) emitWord(unitStart);
        tokenStart = -1;
        const kind: TokenKind = unitCode === OPEN ? 'open' : unitCode === CLOSE ? 'close' : 'semicolon';
        push(kind, text[unitStart], cpLine, unitStart, realLine, columnOf(unitStart, lineStart), unitStart + 1);
        nextTokenIsDirective = true;
        continue;
      }
      // Any other unit just extends the token (it is already in text[tokenStart, pos)). Fast path:
      // the printable ASCII characters that follow can only extend it too (quotes, `#` and `$`
      // inside a token are ordinary); stop at whitespace, braces, `;`, a backslash or non-ASCII.
      while (pos < length) {
        const c = text.charCodeAt(pos);
        if (c <= 0x20 || c >= 0x7f || c === OPEN || c === CLOSE || c === SEMICOLON || c === BACKSLASH) break;
        pos++;
      }
    }
  } catch (e) {
    if (e !== END) throw e;
    if (!luaError && pending) {
      push(pending.kind, normalizeNewlines(text.slice(pending.start, length)), pending.line, pending.start, pending.startLine, pending.startColumn, length);
      tokens[tokens.length - 1].cutByEndOfFile = true;
    } else if (!luaError && tokenStart >= 0 && tokenStart < length) {
      push('word', normalizeNewlines(text.slice(tokenStart, length)), tokenLine, tokenStart, tokenRealLine, tokenColumn, length);
      tokens[tokens.length - 1].cutByEndOfFile = true;
    }
  }
  return { tokens, luaError };
}
