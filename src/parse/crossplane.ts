/**
 * Stage 3: tokens → crossplane's statements and errors, reading the token stream exactly as
 * crossplane's parser.py does (including its quirks: a statement it rejects is dropped but its
 * block is not skipped; a directive cut short by `}` ends the enclosing block; the end of the file
 * in the middle of a statement is an error with an empty text and no line).
 *
 * The result is the `parsed` list of crossplane's payload plus the errors in crossplane's order and
 * wording. Include directives are resolved through a callback so the caller decides which files
 * are read next (breadth first, like crossplane).
 */
import { checkDirective, checkDirectiveTokens, enterBlockContext, isFatalReason, type Context } from './analyzer';
import { CLOSE, COMMENT, LUA_END, OPEN, SEMICOLON, type Token, type TokenList } from './lexer';
import { argEndOf, MAX_NESTING_DEPTH, nameTokenOf } from './parser';
import type { StatementNode } from './ast';

/** One statement of crossplane's payload. */
export interface PayloadStatement {
  file?: string;
  directive: string;
  line: number;
  args: string[];
  includes?: number[];
  block?: PayloadStatement[];
  comment?: string;
}

export interface PayloadError {
  /** crossplane's text, e.g. `"listen" directive is not allowed here in nginx.conf:3`. */
  message: string;
  /** The text without the " in FILE:LINE" suffix. */
  reason: string;
  line: number | null;
  /** The token the error points at, when there is one (for columns in lint output). */
  token?: Token;
  /** True when the error stopped the file (crossplane then reports `parsed: []`). */
  fatal: boolean;
  /**
   * False for an error ngxlint reports where crossplane is silent (a statement cut off by the end
   * of the file, which crossplane drops without a word and nginx rejects): a finding, but not part
   * of crossplane's payload.
   */
  inPayload?: false;
}

export interface StatementReaderOptions {
  /**
   * Keep crossplane's statements (default true). The linter reads the syntax tree and needs only
   * the errors: without the statements a large config takes about a third less memory.
   */
  payload?: boolean;
  /** Statements carry their `file` (crossplane's --combine). */
  strict: boolean;
  comments: boolean;
  combine: boolean;
  single: boolean;
  ignore: ReadonlySet<string>;
}

export interface IncludeResolution {
  /** Indexes of the included files in the payload. */
  indexes: number[];
  /** crossplane's error for an explicit include that cannot be opened. */
  error?: string;
  /** The last file name the include matched. */
  lastName?: string;
}

export interface StatementReaderInput {
  file: string;
  tokens: TokenList;
  /** Index of the token at which the stream fails, and why (unbalanced braces, Lua lexer error). */
  failure?: { index: number; reason: string; line: number };
  context: Context;
  /** `nameToken`: the include directive's name token; `depth`: how many blocks of this file enclose it. */
  resolveInclude(argument: string, context: Context, nameToken: number, depth: number): IncludeResolution;
}

export interface StatementReaderResult {
  parsed: PayloadStatement[];
  errors: PayloadError[];
  failed: boolean;
}

/** crossplane's StopIteration: the stream ended cleanly but a statement needed more tokens. */
class EndOfTokens {}
class StreamFailure {
  constructor(
    readonly reason: string,
    readonly line: number,
    /** The token index the stream failed at. */
    readonly token: number,
  ) {}
}

class PythonException {
  constructor(
    readonly text: string,
    /** The token index of the statement crossplane crashed on. */
    readonly token: number,
  ) {}
}

const NOT_TERMINATED = ' is not terminated by ";"';

/** Removes an `if`'s parentheses from its arguments, as crossplane's `_prepare_if_args`. */
export function prepareIfArgs(args: string[]): string[] {
  if (args.length > 0 && args[0].startsWith('(') && args[args.length - 1].endsWith(')')) {
    const out = args.slice();
    // trimStart/trimEnd strip what /\s/ matches, without the regex's quadratic retries on a long blank run.
    out[0] = out[0].slice(1).trimStart();
    out[out.length - 1] = out[out.length - 1].slice(0, -1).trimEnd();
    const start = out[0] ? 0 : 1;
    const end = out.length - (out[out.length - 1] ? 0 : 1);
    return out.slice(start, end);
  }
  return args;
}

/**
 * A payload statement with its properties in crossplane's order, all set at once: a property added
 * after the object is made (`block`, `includes`) would cost every such statement of a large config
 * a second, out-of-object property store.
 */
function makeStatement(
  file: string | undefined,
  directive: string,
  line: number,
  args: string[],
  includes: number[] | undefined,
  block: PayloadStatement[] | undefined,
): PayloadStatement {
  if (file === undefined) {
    if (includes === undefined) return block === undefined ? { directive, line, args } : { directive, line, args, block };
    return block === undefined ? { directive, line, args, includes } : { directive, line, args, includes, block };
  }
  if (includes === undefined) return block === undefined ? { file, directive, line, args } : { file, directive, line, args, block };
  return block === undefined ? { file, directive, line, args, includes } : { file, directive, line, args, includes, block };
}

function isDelimiter(kind: number): boolean {
  return kind === OPEN || kind === CLOSE || kind === SEMICOLON || kind === LUA_END;
}

export function readStatements(input: StatementReaderInput, options: StatementReaderOptions): StatementReaderResult {
  const { tokens, file, failure } = input;
  const { kinds, lines } = tokens;
  const errors: PayloadError[] = [];
  let failed = false;
  let index = 0;
  const keepStatements = options.payload !== false;
  // Most runs ignore nothing: skip hashing every directive name for an empty set.
  const ignoring = options.ignore.size > 0;
  // A cut last token is one crossplane never sees.
  const seen = tokens.lastIsCut ? tokens.count - 1 : tokens.count;
  const end = failure ? Math.min(failure.index, seen) : seen;

  /** The index of the next token crossplane reads. */
  function next(): number {
    if (index >= end) {
      if (failure) throw new StreamFailure(failure.reason, failure.line, Math.min(failure.index, tokens.count - 1));
      throw new EndOfTokens();
    }
    return index++;
  }

  /** The token an error points at, as an object (when there is one). */
  function tokenAt(i: number): Token | undefined {
    return i >= 0 && i < tokens.count ? tokens.token(i) : undefined;
  }

  function report(reason: string, where: string, line: number, token: number): void {
    failed = true;
    errors.push({ message: `${reason} in ${where}:${line}`, reason, line, token: tokenAt(token), fatal: false });
  }

  // `depth` counts the blocks of this file around the statements; findStreamFailure ends the
  // stream before it can exceed MAX_NESTING_DEPTH, so this recursion stays shallow.
  function block(context: Context, consume: boolean, depth: number): PayloadStatement[] {
    const parsed: PayloadStatement[] = [];
    // crossplane's `fname`: the file's name, until an include in this block rebinds it to the last
    // file it matched (its loop variable has the same name). Later statements of the block then
    // carry that file in --combine output and in error texts. Reproduced because the payload must match.
    let fname = file;
    for (;;) {
      let token: number;
      try {
        token = next();
      } catch (e) {
        if (e instanceof EndOfTokens) return parsed; // crossplane's `for` loop simply ends
        throw e;
      }
      const kind = kinds[token];
      if (kind === CLOSE) break;
      if (consume) {
        if (kind === OPEN) block(context, true, depth + 1);
        continue;
      }
      if (kind === COMMENT) {
        if (options.comments) {
          const stmt: PayloadStatement = options.combine
            ? { file: fname, directive: '#', line: lines[token], args: [] }
            : { directive: '#', line: lines[token], args: [] };
          stmt.comment = tokens.value(token).slice(1);
          parsed.push(stmt);
        }
        continue;
      }
      const statementFile = fname;
      // The arguments run up to the next delimiter; `# …` between them are crossplane's comments.
      let terminator = token + 1;
      let comments = 0;
      while (terminator < end && !isDelimiter(kinds[terminator])) {
        if (kinds[terminator] === COMMENT) comments++;
        terminator++;
      }
      if (terminator >= end) {
        index = end;
        next(); // throws as crossplane's stream does when it ends inside a statement
      }
      index = terminator + 1;
      const terminatorKind = kinds[terminator];
      const name = tokens.sharedValue(token);
      const line = lines[token];
      const terminatorText = terminatorKind === OPEN ? '{' : terminatorKind === CLOSE ? '}' : ';';
      const opensBlock = terminatorKind === OPEN;

      if (ignoring && options.ignore.has(name)) {
        if (opensBlock) block(context, true, depth + 1);
        continue;
      }

      // Without a payload the arguments of most statements are never made: the check reads their
      // count and, for a few, the first value (made from its token then). Comments between the
      // arguments and `if` (whose parentheses are stripped first) still make the array.
      let args: string[] | undefined;
      let argCount = terminator - token - 1;
      let commentsInArgs: string[] | undefined;
      if (comments === 0) {
        if (keepStatements || name === 'if') {
          // An exact-size array (a growing one would keep spare room in every statement of a large config).
          args = keepStatements ? tokens.sharedValuesOf(token + 1, terminator) : tokens.valuesOf(token + 1, terminator);
        }
      } else {
        args = [];
        commentsInArgs = [];
        for (let i = token + 1; i < terminator; i++) {
          if (kinds[i] === COMMENT) commentsInArgs.push(tokens.value(i).slice(1));
          else args.push(tokens.value(i));
        }
      }

      if (name === 'if') {
        args = prepareIfArgs(args as string[]);
        argCount = args.length;
      }

      const reason =
        args !== undefined
          ? checkDirective({ name, args, terminator: terminatorText, context, strict: options.strict })
          : checkDirectiveTokens(name, tokens, token + 1, argCount, terminatorText, context, options.strict);
      if (reason !== undefined) {
        // crossplane itself crashes on some statements (`gzip 50%;`: Python's `%` formatting of its
        // own message fails); that exception ends the file like a syntax error, without a line.
        if (isFatalReason(reason)) throw new PythonException(reason, token);
        report(reason, fname, line, token);
        if (reason.endsWith(NOT_TERMINATED)) {
          if (terminatorKind !== CLOSE) block(context, true, depth + 1);
          else break;
        }
        continue;
      }

      if (name === 'include' && argCount === 0) {
        // Only in a data block (map, types …), where no argument check runs: crossplane would
        // crash on it (IndexError), nginx rejects it. Report it like any argument count error.
        report('invalid number of arguments in "include"', fname, line, token);
        continue;
      }

      let includes: number[] | undefined;
      if (!options.single && name === 'include') {
        const resolution = input.resolveInclude(args !== undefined ? args[0] : tokens.value(token + 1), context, token, depth);
        includes = resolution.indexes;
        if (resolution.lastName !== undefined) fname = resolution.lastName;
        if (resolution.error !== undefined) {
          failed = true;
          errors.push({ message: resolution.error, reason: resolution.error, line, token: tokenAt(token), fatal: false });
        }
      }

      // Without kept statements the block is still read, for its errors and includes.
      const children = opensBlock ? block(enterBlockContext(name, context), false, depth + 1) : undefined;
      if (!keepStatements) continue;
      // The statement's file (for --combine) is the one before a block's includes rebind it.
      parsed.push(makeStatement(options.combine ? statementFile : undefined, name, line, args as string[], includes, children));
      if (commentsInArgs) for (const comment of commentsInArgs) parsed.push({ directive: '#', line, args: [], comment });
    }
    return parsed;
  }

  let parsed: PayloadStatement[] = [];
  try {
    parsed = block(input.context, false, 0);
  } catch (e) {
    failed = true;
    if (e instanceof StreamFailure) {
      errors.push({ message: `${e.reason} in ${file}:${e.line}`, reason: e.reason, line: e.line, token: tokenAt(e.token), fatal: true });
    } else if (e instanceof PythonException) {
      errors.push({ message: e.text, reason: e.text, line: null, token: tokenAt(e.token), fatal: true });
    } else if (e instanceof EndOfTokens) {
      // Python's str(StopIteration()) is empty and it has no line: crossplane reports just that.
      errors.push({ message: '', reason: 'unexpected end of file', line: null, token: tokenAt(tokens.count - 1), fatal: true });
    } else {
      throw e;
    }
  }
  return { parsed, errors, failed };
}

/**
 * readStatements without a payload, for a file whose syntax tree is built: the checks read the
 * tree's directives (names made, arguments counted) instead of walking the tokens a second time.
 * Only for a clean file, where crossplane reads the statements exactly as the tree holds them: no
 * stream failure, no cut last token, no stray `{`/`;` (which the caller looks for, as it reports
 * one), no comment between arguments, no directive cut short by `}` or the end of the file, and no statement the
 * checks reject. Anything else returns undefined before any include is resolved: readStatements
 * then reads the file, with crossplane's quirks and error order. Includes are resolved after the
 * walk, in document order, which is crossplane's order in a clean file.
 */
export function readStatementsOfTree(
  input: StatementReaderInput,
  statements: readonly StatementNode[],
  options: StatementReaderOptions,
): StatementReaderResult | undefined {
  const { tokens } = input;
  const { kinds, count } = tokens;
  if (options.payload !== false || options.comments || options.ignore.size > 0 || input.failure || tokens.lastIsCut) return undefined;
  const strict = options.strict;
  const follow = !options.single;
  // Include directives to resolve: name token, context and depth of each, flat.
  const includeTokens: number[] = [];
  const includeContexts: Context[] = [];
  const includeDepths: number[] = [];

  function walk(children: readonly StatementNode[], context: Context, depth: number): boolean {
    for (let c = 0; c < children.length; c++) {
      const node = children[c];
      if (node.kind === 'comment') continue;
      if (node.comments !== undefined) return false;
      const nameToken = nameTokenOf(node);
      const argEnd = argEndOf(node);
      if (nameToken < 0 || argEnd >= count) return false;
      const terminatorKind = kinds[argEnd];
      if (terminatorKind === CLOSE) return false;
      const name = node.name;
      const terminator = terminatorKind === OPEN ? '{' : ';';
      const argCount = argEnd - nameToken - 1;
      const reason =
        name === 'if'
          ? checkDirective({ name, args: prepareIfArgs(tokens.valuesOf(nameToken + 1, argEnd)), terminator, context, strict })
          : checkDirectiveTokens(name, tokens, nameToken + 1, argCount, terminator, context, strict);
      if (reason !== undefined) return false;
      if (name === 'include') {
        if (argCount === 0) return false;
        if (follow) {
          includeTokens.push(nameToken);
          includeContexts.push(context);
          includeDepths.push(depth);
        }
      }
      const block = node.block;
      if (block !== undefined && !walk(block.children, enterBlockContext(name, context), depth + 1)) return false;
    }
    return true;
  }

  if (!walk(statements, input.context, 0)) return undefined;
  const errors: PayloadError[] = [];
  let failed = false;
  for (let i = 0; i < includeTokens.length; i++) {
    const token = includeTokens[i];
    const resolution = input.resolveInclude(tokens.value(token + 1), includeContexts[i], token, includeDepths[i]);
    if (resolution.error !== undefined) {
      failed = true;
      errors.push({ message: resolution.error, reason: resolution.error, line: tokens.lines[token], token: tokens.token(token), fatal: false });
    }
  }
  return { parsed: [], errors, failed };
}

/** The error for blocks nested deeper than MAX_NESTING_DEPTH (`startDepth`: levels around the file). */
export function tooDeepReason(startDepth: number): string {
  return startDepth > 0
    ? `too deeply nested blocks (more than ${MAX_NESTING_DEPTH}, counting the ${startDepth} levels of blocks and includes around this file)`
    : `too deeply nested blocks (more than ${MAX_NESTING_DEPTH})`;
}

/**
 * Where the token stream fails: the first `}` without a `{`, a `{` nested deeper than
 * MAX_NESTING_DEPTH (counting `startDepth`, the blocks and includes around the file), an unclosed
 * `{` at the end, or a Lua block error.
 */
export function findStreamFailure(
  tokens: TokenList,
  luaError: { message: string; line: number } | undefined,
  startDepth = 0,
): StatementReaderInput['failure'] {
  let depth = 0;
  const maxDepth = Math.max(0, MAX_NESTING_DEPTH - startDepth);
  const { kinds, count } = tokens;
  for (let i = 0; i < count; i++) {
    const kind = kinds[i];
    if (kind === OPEN) {
      if (++depth > maxDepth) return { index: i, reason: tooDeepReason(startDepth), line: tokens.lines[i] };
    } else if (kind === CLOSE) {
      depth--;
      if (depth < 0) return { index: i, reason: 'unexpected "}"', line: tokens.lines[i] };
    }
  }
  if (luaError) return { index: count, reason: luaError.message, line: luaError.line };
  if (depth > 0) {
    let last = count - 1;
    while (last > 0 && tokens.isCut(last)) last--;
    return { index: count, reason: 'unexpected end of file, expecting "}"', line: tokens.lines[last] };
  }
  return undefined;
}

/** crossplane's `--combine`: included files' statements replace their include directive. */
export function combinePayload(payload: Payload): Payload {
  const configs = payload.config;
  // Files being expanded, so an include cycle (a includes b includes a) ends instead of recursing
  // forever; the cycle itself is reported by the linter.
  // Depth is bounded too: a file first included near the top may be included again deep down.
  const expanding = new Set<number>([0]);
  function expand(statements: PayloadStatement[], depth: number): PayloadStatement[] {
    const out: PayloadStatement[] = [];
    for (const stmt of statements) {
      if (stmt.block) stmt.block = expand(stmt.block, depth + 1);
      if (stmt.includes) {
        for (const i of stmt.includes) {
          if (expanding.has(i) || depth >= MAX_NESTING_DEPTH) continue;
          expanding.add(i);
          for (const s of expand(configs[i].parsed, depth + 1)) out.push(s);
          expanding.delete(i);
        }
      } else {
        out.push(stmt);
      }
    }
    return out;
  }
  const combined: PayloadConfig = { file: configs[0].file, status: 'ok', errors: [], parsed: [] };
  for (const config of configs) {
    combined.errors.push(...config.errors);
    if (config.status === 'failed') combined.status = 'failed';
  }
  combined.parsed = expand(configs[0].parsed, 0);
  return { status: payload.status, errors: payload.errors, config: [combined] };
}

export interface PayloadConfig {
  file: string;
  status: 'ok' | 'failed';
  errors: Array<{ error: string; line: number | null }>;
  parsed: PayloadStatement[];
}

export interface Payload {
  status: 'ok' | 'failed';
  errors: Array<{ file: string; error: string; line: number | null }>;
  config: PayloadConfig[];
}
