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
import type { DirectiveNode } from './ast';
import { checkDirective, enterBlockContext, isFatalReason, type Context } from './analyzer';
import { isQuoted, type Token } from './lexer';
import { MAX_NESTING_DEPTH } from './parser';

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
  /** The directive the error is about, when there is one. */
  directive?: DirectiveNode;
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
  tokens: readonly Token[];
  /** Index of the token at which the stream fails, and why (unbalanced braces, Lua lexer error). */
  failure?: { index: number; reason: string; line: number };
  context: Context;
  /** Directive nodes of the syntax tree, by the index of their name token. */
  directivesByToken: ReadonlyArray<DirectiveNode | undefined>;
  /** `depth`: how many blocks of this file enclose the include directive. */
  resolveInclude(argument: string, context: Context, directive: DirectiveNode | undefined, depth: number): IncludeResolution;
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
    readonly token: Token | undefined,
  ) {}
}

class PythonException {
  constructor(
    readonly text: string,
    readonly token: Token,
  ) {}
}

const NOT_TERMINATED = ' is not terminated by ";"';

/** Removes an `if`'s parentheses from its arguments, as crossplane's `_prepare_if_args`. */
export function prepareIfArgs(args: string[]): string[] {
  if (args.length > 0 && args[0].startsWith('(') && args[args.length - 1].endsWith(')')) {
    const out = args.slice();
    out[0] = out[0].slice(1).replace(/^\s+/, '');
    out[out.length - 1] = out[out.length - 1].slice(0, -1).replace(/\s+$/, '');
    const start = out[0] ? 0 : 1;
    const end = out.length - (out[out.length - 1] ? 0 : 1);
    return out.slice(start, end);
  }
  return args;
}

function isDelimiter(token: Token): boolean {
  const kind = token.kind;
  return kind === 'open' || kind === 'close' || kind === 'semicolon' || kind === 'lua-end';
}

export function readStatements(input: StatementReaderInput, options: StatementReaderOptions): StatementReaderResult {
  const { tokens, file, failure } = input;
  const errors: PayloadError[] = [];
  let failed = false;
  let index = 0;
  const end = failure ? failure.index : tokens.length;

  function next(): Token {
    while (index < end && tokens[index].cutByEndOfFile) index++; // crossplane never sees these
    if (index >= end) {
      if (failure) throw new StreamFailure(failure.reason, failure.line, tokens[Math.min(failure.index, tokens.length - 1)]);
      throw new EndOfTokens();
    }
    return tokens[index++];
  }

  function report(reason: string, where: string, line: number, token: Token, directive: DirectiveNode | undefined): void {
    failed = true;
    errors.push({ message: `${reason} in ${where}:${line}`, reason, line, token, directive, fatal: false });
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
      let token: Token;
      try {
        token = next();
      } catch (e) {
        if (e instanceof EndOfTokens) return parsed; // crossplane's `for` loop simply ends
        throw e;
      }
      if (token.kind === 'close') break;
      if (consume) {
        if (token.kind === 'open') block(context, true, depth + 1);
        continue;
      }
      const nameIndex = index - 1;
      const stmt: PayloadStatement = options.combine
        ? { file: fname, directive: token.value, line: token.line, args: [] }
        : { directive: token.value, line: token.line, args: [] };

      if (token.kind === 'comment') {
        if (options.comments) {
          stmt.directive = '#';
          stmt.comment = token.value.slice(1);
          parsed.push(stmt);
        }
        continue;
      }

      const commentsInArgs: string[] = [];
      let terminator = next();
      while (!isDelimiter(terminator)) {
        if (terminator.kind === 'comment') commentsInArgs.push(terminator.value.slice(1));
        else stmt.args.push(terminator.value);
        terminator = next();
      }
      const opensBlock = terminator.kind === 'open';

      if (options.ignore.has(stmt.directive)) {
        if (opensBlock) block(context, true, depth + 1);
        continue;
      }

      if (stmt.directive === 'if') stmt.args = prepareIfArgs(stmt.args);

      const directive = input.directivesByToken[nameIndex];
      const reason = checkDirective({
        name: stmt.directive,
        args: stmt.args,
        terminator: terminator.kind === 'open' ? '{' : terminator.kind === 'close' ? '}' : ';',
        context,
        strict: options.strict,
      });
      if (reason !== undefined) {
        // crossplane itself crashes on some statements (`gzip 50%;`: Python's `%` formatting of its
        // own message fails); that exception ends the file like a syntax error, without a line.
        if (isFatalReason(reason)) throw new PythonException(reason, token);
        report(reason, fname, stmt.line, token, directive);
        if (reason.endsWith(NOT_TERMINATED)) {
          if (terminator.kind !== 'close') block(context, true, depth + 1);
          else break;
        }
        continue;
      }

      if (stmt.directive === 'include' && stmt.args.length === 0) {
        // Only in a data block (map, types …), where no argument check runs: crossplane would
        // crash on it (IndexError), nginx rejects it. Report it like any argument count error.
        report('invalid number of arguments in "include"', fname, stmt.line, token, directive);
        continue;
      }

      if (!options.single && stmt.directive === 'include') {
        const resolution = input.resolveInclude(stmt.args[0], context, directive, depth);
        stmt.includes = resolution.indexes;
        if (resolution.lastName !== undefined) fname = resolution.lastName;
        if (resolution.error !== undefined) {
          failed = true;
          errors.push({ message: resolution.error, reason: resolution.error, line: stmt.line, token, directive, fatal: false });
        }
      }

      if (opensBlock) stmt.block = block(enterBlockContext(stmt.directive, context), false, depth + 1);
      if (options.payload === false) continue;
      parsed.push(stmt);
      for (const comment of commentsInArgs) parsed.push({ directive: '#', line: stmt.line, args: [], comment });
    }
    return parsed;
  }

  let parsed: PayloadStatement[] = [];
  try {
    parsed = block(input.context, false, 0);
  } catch (e) {
    failed = true;
    if (e instanceof StreamFailure) {
      errors.push({ message: `${e.reason} in ${file}:${e.line}`, reason: e.reason, line: e.line, token: e.token, fatal: true });
    } else if (e instanceof PythonException) {
      errors.push({ message: e.text, reason: e.text, line: null, token: e.token, fatal: true });
    } else if (e instanceof EndOfTokens) {
      // Python's str(StopIteration()) is empty and it has no line: crossplane reports just that.
      errors.push({ message: '', reason: 'unexpected end of file', line: null, token: tokens[tokens.length - 1], fatal: true });
    } else {
      throw e;
    }
  }
  return { parsed, errors, failed };
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
  tokens: readonly Token[],
  luaError: { message: string; line: number } | undefined,
  startDepth = 0,
): StatementReaderInput['failure'] {
  let depth = 0;
  const maxDepth = Math.max(0, MAX_NESTING_DEPTH - startDepth);
  for (let i = 0; i < tokens.length; i++) {
    const kind = tokens[i].kind;
    if (kind === 'open') {
      if (++depth > maxDepth) return { index: i, reason: tooDeepReason(startDepth), line: tokens[i].line };
    } else if (kind === 'close') {
      depth--;
      if (depth < 0) return { index: i, reason: 'unexpected "}"', line: tokens[i].line };
    }
  }
  if (luaError) return { index: tokens.length, reason: luaError.message, line: luaError.line };
  if (depth > 0) {
    let last = tokens.length - 1;
    while (last > 0 && tokens[last].cutByEndOfFile) last--;
    return { index: tokens.length, reason: 'unexpected end of file, expecting "}"', line: tokens[last].line };
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
