/**
 * The parser's driver: reads the main config and every file it includes (breadth first, like
 * crossplane), and returns for each file its crossplane statements and errors, and its syntax
 * tree (built from the file's tokens when first read). `buildPayload` turns that into
 * crossplane's JSON payload.
 */
import * as buffer from 'buffer';
import * as fs from 'fs';
import type { ConfigFile, DirectiveNode, LineEnding, StatementNode } from './ast';
import type { Context } from './analyzer';
import { CLOSE, COMMENT, isUnicodeSpaceCode, lex, LUA_END, OPEN, SEMICOLON as SEMICOLON_TOKEN, type Token, type TokenList } from './lexer';
import { buildTree, MAX_NESTING_DEPTH } from './parser';
import {
  combinePayload,
  findStreamFailure,
  readStatements,
  readStatementsOfTree,
  type IncludeResolution,
  type Payload,
  type PayloadError,
  type PayloadStatement,
} from './crossplane';
import { dirName, globSorted, hasMagic, includePattern, pythonOsErrorText, pythonRepr, type IncludeRoot } from './includes';
import { inferContext } from './context';

export interface ParseOptions {
  /** Report directives in no table as unknown (crossplane's --strict). */
  strict?: boolean;
  /** Keep comments in the payload (crossplane's --include-comments). */
  comments?: boolean;
  /** Do not follow includes (crossplane's --single-file). */
  single?: boolean;
  /** Statements carry their file, ready for crossplane's --combine. */
  combine?: boolean;
  /** Directives to leave out (crossplane's --ignore). */
  ignore?: readonly string[];
  includeRoot?: IncludeRoot;
  /**
   * The context of the main file. crossplane always starts at the top (`[]`); `'infer'` lets a
   * snippet (a file meant to be included: top-level `server`, `location`, `proxy_*` …) be checked
   * on its own. A `# ngxlint context: http server` comment always wins.
   */
  mainContext?: Context | 'infer';
  /** Text to use instead of reading a file (stdin, editors' unsaved buffers). */
  sources?: ReadonlyMap<string, Buffer | string>;
  /** Stop following includes after this many files (a glob matching thousands of files). */
  maxFiles?: number;
  /**
   * Build crossplane's statements (`ParsedFile.parsed`, default true). The linter and the fixer
   * read the syntax tree and need only the errors: `false` saves about a third of the memory a
   * large config takes. `buildPayload` needs them.
   */
  payload?: boolean;
}

export interface ParsedFile {
  /** The path as crossplane prints it. */
  path: string;
  /** The syntax tree, built when first read; absent when the file could not be read. */
  ast?: ConfigFile;
  /** The crossplane context the file was parsed in. */
  context: Context;
  /** crossplane's statements for this file (empty when the file failed fatally). */
  parsed: PayloadStatement[];
  errors: PayloadError[];
  status: 'ok' | 'failed';
  /** Index of the file and include directive that first included this one. */
  includedFrom?: { file: number; line: number };
  /** Whether the context was inferred, and from what. */
  contextSource: 'main' | 'include' | 'inferred' | 'comment';
}

export interface ParsedConfig {
  files: ParsedFile[];
  status: 'ok' | 'failed';
  /** Included file indexes of each include directive. */
  includes: Map<DirectiveNode, number[]>;
}

/** Reads a config file as text: UTF-8 when it is valid UTF-8, else byte-per-byte (latin1). */
export function decodeConfigText(bytes: Buffer): { text: string; encoding: 'utf8' | 'latin1' } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes), encoding: 'utf8' };
  } catch {
    return { text: bytes.toString('latin1'), encoding: 'latin1' };
  }
}

export function detectLineEnding(text: string): LineEnding {
  let crlf = 0;
  let lf = 0;
  for (let i = text.indexOf('\n'); i >= 0 && crlf + lf < 200; i = text.indexOf('\n', i + 1)) {
    if (i > 0 && text.charCodeAt(i - 1) === 0x0d) crlf++;
    else lf++;
  }
  return crlf > lf ? '\r\n' : '\n';
}

/** The largest config file ngxlint reads (a JavaScript string cannot hold much more anyway). */
export const MAX_FILE_BYTES = 256 * 1024 * 1024;

/** A file that is not read, with the reason (crossplane has no word for these cases). */
export class UnreadableConfigError extends Error {}

/**
 * Reads a config file's bytes. Only regular files are read: a FIFO, a device (`/dev/zero`,
 * `/dev/stdin`) or a socket would block or never end — nginx and crossplane hang on them, ngxlint
 * reports them. The file is opened without blocking (a FIFO with no writer would block the open
 * itself) and checked through the open descriptor, so what is checked is what is read.
 */
export function readConfigFile(file: string): Buffer {
  const fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  try {
    const stat = fs.fstatSync(fd);
    if (stat.isDirectory()) {
      throw Object.assign(new Error(`EISDIR: illegal operation on a directory, read`), { code: 'EISDIR' });
    }
    if (!stat.isFile()) {
      const what = stat.isFIFO() ? 'a named pipe' : stat.isSocket() ? 'a socket' : 'a device';
      throw new UnreadableConfigError(`not a regular file (${what}); not read`);
    }
    if (stat.size > MAX_FILE_BYTES) {
      throw new UnreadableConfigError(
        `file too large (${Math.round(stat.size / 1024 / 1024)} MB; ngxlint reads config files up to ${MAX_FILE_BYTES / 1024 / 1024} MB); not read`,
      );
    }
    return fs.readFileSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** The error text for a file that could not be read: Python's OSError text, or ours. */
function readErrorText(error: unknown, file: string): string {
  if (error instanceof UnreadableConfigError) return error.message;
  return pythonOsErrorText(error as NodeJS.ErrnoException, file);
}

/** One file's text and tokens: what the crossplane pass reads, and what its tree is built from. */
export interface LexedFile {
  text: string;
  encoding: 'utf8' | 'latin1';
  tokens: TokenList;
  luaError?: { message: string; line: number };
}

/** Node's check that a buffer holds only ASCII (Node 18.15 and later). */
const isAscii: ((bytes: Buffer) => boolean) | undefined = (buffer as { isAscii?: (bytes: Buffer) => boolean }).isAscii;

/** Decodes and lexes one file. */
export function lexFile(bytesOrText: Buffer | string): LexedFile {
  let text: string;
  let encoding: 'utf8' | 'latin1' = 'utf8';
  let codes: Uint8Array | undefined;
  if (typeof bytesOrText === 'string') {
    text = bytesOrText;
  } else if (isAscii?.(bytesOrText)) {
    // Most configs are plain ASCII: one byte per character, so the lexer reads the bytes as the
    // text's character codes (no second copy of the text) and the text is a one-byte string.
    text = bytesOrText.toString('latin1');
    codes = new Uint8Array(bytesOrText.buffer, bytesOrText.byteOffset, bytesOrText.length);
  } else {
    ({ text, encoding } = decodeConfigText(bytesOrText));
  }
  const { tokens, luaError } = lex(text, { codes, asciiWhitespaceOnly: encoding === 'latin1' });
  if (encoding === 'latin1') {
    // Values as crossplane sees them: the bytes decoded as UTF-8, invalid sequences replaced.
    for (let i = 0; i < tokens.count; i++) {
      const value = tokens.value(i);
      if (/[\x80-\xff]/.test(value)) tokens.replaceValue(i, Buffer.from(value, 'latin1').toString('utf8'));
    }
  }
  return { text, encoding, tokens, luaError };
}

/**
 * The syntax tree of a lexed file, and its include directives by the index of their name token
 * (what crossplane's pass resolves them to is recorded on them). `startDepth`: how many blocks and
 * includes enclose the file (nesting is limited to MAX_NESTING_DEPTH in all).
 */
export function buildFileTree(path: string, lexed: LexedFile, startDepth = 0) {
  // Only the include directives: an index of every directive by token (an array as long as the
  // token list) cost a remembered-set entry per directive, young nodes stored into an old array.
  const includesByToken = new Map<number, DirectiveNode>();
  const statements = buildTree(lexed.tokens, includesByToken, startDepth);
  const ast: ConfigFile = { path, text: lexed.text, encoding: lexed.encoding, eol: detectLineEnding(lexed.text), statements };
  return { ast, includesByToken };
}

/** Lexes and builds the tree of one file's text. */
export function parseText(path: string, bytesOrText: Buffer | string, startDepth = 0) {
  const lexed = lexFile(bytesOrText);
  return { ...buildFileTree(path, lexed, startDepth), tokens: lexed.tokens, luaError: lexed.luaError };
}

/**
 * A parsed file whose syntax tree is built when first read. crossplane's payload needs only the
 * tokens, so `ngxlint parse` never builds a tree; the linter reads every tree it needs.
 */
class ParsedFileRecord implements ParsedFile {
  parsed: PayloadStatement[] = [];
  errors: PayloadError[] = [];
  status: 'ok' | 'failed' = 'ok';
  private tree?: ConfigFile;
  /** The tree's include directives by the index of their name token, once the tree is built. */
  private includesByToken?: Map<number, DirectiveNode>;
  /** What the tree is built from, until it is. */
  private source?: { lexed: LexedFile; startDepth: number };
  /** What include directives (by their name token) included, until the tree is built. */
  private readonly pendingIncludes = new Map<number, number[]>();

  constructor(
    readonly path: string,
    public context: Context,
    readonly includedFrom: ParsedFile['includedFrom'],
    public contextSource: ParsedFile['contextSource'],
    /** ParsedConfig.includes, filled as trees are built. */
    private readonly configIncludes: Map<DirectiveNode, number[]>,
  ) {}

  setSource(lexed: LexedFile, startDepth: number): void {
    this.source = { lexed, startDepth };
  }

  /** Records what an include directive (by its name token) included. */
  recordInclude(nameToken: number, indexes: number[]): void {
    const directive = this.includesByToken?.get(nameToken);
    if (directive) this.configIncludes.set(directive, indexes);
    else if (!this.tree) this.pendingIncludes.set(nameToken, indexes);
  }

  /** Every include is resolved: the name-token index of the tree is no longer needed. */
  includesRecorded(): void {
    this.allIncludesRecorded = true;
    this.includesByToken = undefined;
  }
  private allIncludesRecorded = false;

  get ast(): ConfigFile | undefined {
    const source = this.source;
    if (!this.tree && source) {
      const { ast, includesByToken } = buildFileTree(this.path, source.lexed, source.startDepth);
      this.tree = ast;
      this.includesByToken = includesByToken;
      this.source = undefined;
      for (const [token, indexes] of this.pendingIncludes) this.recordInclude(token, indexes);
      this.pendingIncludes.clear();
      if (this.allIncludesRecorded) this.includesByToken = undefined;
    }
    return this.tree;
  }
}

export function parseConfig(mainFile: string, options: ParseOptions = {}): ParsedConfig {
  const configDir = dirName(mainFile);
  const ignore = new Set(options.ignore ?? []);
  const maxFiles = options.maxFiles ?? 10000;
  // `depth`: the blocks and includes around the file (an include counts as one level).
  const queue: Array<{
    path: string;
    context: Context;
    from?: ParsedFile['includedFrom'];
    source: ParsedFile['contextSource'];
    depth: number;
  }> = [{ path: mainFile, context: [], source: 'main', depth: 0 }];
  const indexOf = new Map<string, number>([[mainFile, 0]]);
  const files: ParsedFileRecord[] = [];
  const includes = new Map<DirectiveNode, number[]>();
  let status: 'ok' | 'failed' = 'ok';

  for (let fileIndex = 0; fileIndex < queue.length; fileIndex++) {
    const entry = queue[fileIndex];
    const file = new ParsedFileRecord(entry.path, entry.context, entry.from, entry.source, includes);
    files.push(file);
    let bytes: Buffer | string;
    try {
      bytes = options.sources?.get(entry.path) ?? readConfigFile(entry.path);
    } catch (e) {
      const message = readErrorText(e, entry.path);
      file.errors.push({ message, reason: message, line: null, fatal: true });
      file.status = status = 'failed';
      continue;
    }
    const lexed = lexFile(bytes);
    const { tokens, luaError } = lexed;
    file.setSource(lexed, entry.depth);
    if (fileIndex === 0 && options.mainContext !== undefined) {
      if (options.mainContext === 'infer') {
        const inferred = inferContext(file.ast!.statements);
        file.context = inferred.context;
        file.contextSource = inferred.source;
      } else {
        file.context = options.mainContext;
      }
    }

    const resolveInclude = (argument: string, context: Context, nameToken: number, blockDepth: number): IncludeResolution => {
      const pattern = includePattern(argument, configDir, options.includeRoot);
      const depth = entry.depth + blockDepth + 1;
      let names: string[];
      let error: string | undefined;
      if (depth > MAX_NESTING_DEPTH) {
        // An include chain (a includes b includes c …) nests like blocks do; stop it the same way.
        names = [];
        error = `include ${pythonRepr(argument)} nested too deeply (more than ${MAX_NESTING_DEPTH} levels of blocks and includes); not followed`;
      } else if (hasMagic(pattern)) {
        names = globSorted(pattern);
      } else {
        try {
          // nginx checks that an explicit include can be opened; so does crossplane. Without
          // blocking: a named pipe would wait for a writer (readConfigFile reports it).
          const fd = fs.openSync(pattern, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
          try {
            // open(2) opens a folder, Python's open() refuses it: crossplane reports `include
            // conf.d;` at the include line, as it does a missing file, and never reads the folder.
            if (fs.fstatSync(fd).isDirectory()) throw Object.assign(new Error('EISDIR: is a directory'), { code: 'EISDIR' });
          } finally {
            fs.closeSync(fd);
          }
          names = [pattern];
        } catch (e) {
          names = [];
          error = pythonOsErrorText(e as NodeJS.ErrnoException, pattern);
        }
      }
      const indexes: number[] = [];
      for (const name of names) {
        let index = indexOf.get(name);
        if (index === undefined) {
          if (queue.length >= maxFiles) {
            error ??= `too many included files (more than ${maxFiles}) at ${pattern}`;
            break;
          }
          index = queue.length;
          indexOf.set(name, index);
          queue.push({ path: name, context, from: { file: fileIndex, line: tokens.lines[nameToken] }, source: 'include', depth });
        }
        indexes.push(index);
      }
      file.recordInclude(nameToken, indexes);
      return { indexes, error, lastName: names.length > 0 ? names[names.length - 1] : undefined };
    };

    const readerInput = {
      file: entry.path,
      tokens,
      failure: findStreamFailure(tokens, luaError, entry.depth),
      context: file.context,
      resolveInclude,
    };
    const readerOptions = {
      strict: !!options.strict,
      comments: !!options.comments,
      combine: !!options.combine,
      single: !!options.single,
      ignore,
      payload: options.payload,
    };
    // Without a payload the linter reads every tree: build it now and check the statements from
    // it (one walk over the tokens instead of two). readStatementsOfTree declines a file that is not
    // clean, except for a stray `{` or `;`, a token the tree skips and crossplane reads, which is
    // looked for here (its answer does not depend on the statement reader: found once, used twice).
    const strayToken = findStrayDelimiter(tokens);
    const result =
      (options.payload === false && strayToken < 0
        ? readStatementsOfTree(readerInput, file.ast!.statements, readerOptions)
        : undefined) ?? readStatements(readerInput, readerOptions);
    file.errors = result.errors;
    const fatal = result.errors.some((e) => e.fatal);
    // A file the stream gave up on is reported with no statements, as crossplane does.
    file.parsed = fatal ? [] : result.parsed;
    if (result.failed) file.status = status = 'failed';
    // crossplane silently drops a statement the end of the file cuts off when it never saw any
    // of it (`…}\nlisten 80` without a newline, a lone quote, a stray NUL byte or backslash at
    // the very end); nginx rejects such a file. Report it to the linter (not in crossplane's payload).
    // Likewise a `{` or `;` where a directive should start (`{}` alone, `;;`): crossplane reads it
    // as a directive named "{" or ";", nginx says unexpected "{".
    const stray = fatal ? -1 : strayToken;
    if (stray >= 0) {
      const token = tokens.token(stray);
      const reason = `unexpected "${token.value}"`;
      file.errors.push({ message: `${reason} in ${entry.path}:${token.line}`, reason, line: token.line, token, fatal: true, inPayload: false });
    }
    if (!fatal) {
      const cut = cutOffAtEnd(lexed.text, tokens, lexed.encoding);
      if (cut) {
        const reason = 'unexpected end of file, expecting ";" or "}"';
        file.errors.push({ message: `${reason} in ${entry.path}:${cut.line}`, reason, line: cut.line, token: cut.token, fatal: true, inPayload: false });
      }
    }
  }
  for (const file of files) file.includesRecorded();
  return { files, status, includes };
}

/**
 * The first `{` or `;` that stands where a directive should start (`{}` alone, `;;`), as the
 * syntax tree reads the tokens; -1 when there is none.
 */
function findStrayDelimiter(tokens: TokenList): number {
  const kinds = tokens.kinds;
  let atStatement = true;
  for (let i = 0; i < tokens.count; i++) {
    const kind = kinds[i];
    if (kind === COMMENT) continue;
    if (kind === CLOSE || kind === SEMICOLON_TOKEN || kind === OPEN || kind === LUA_END) {
      if (atStatement && (kind === OPEN || kind === SEMICOLON_TOKEN)) return i;
      atStatement = true; // a block opened or closed, or the directive ended
    } else {
      atStatement = false; // a directive name or argument
    }
  }
  return -1;
}

/**
 * Text at the end of a file that no complete statement holds: a token the end of the file cut off
 * (a word or an unterminated quote, not a comment), or characters no token took (a trailing
 * backslash). Returns the file's last line (where nginx reports the end of the file).
 */
function cutOffAtEnd(text: string, tokens: TokenList, encoding: 'utf8' | 'latin1'): { line: number; token?: Token } | undefined {
  const last = tokens.count > 0 ? tokens.token(tokens.count - 1) : undefined;
  let cut = !!last?.cutByEndOfFile && last.kind !== 'comment';
  if (!cut && !last?.cutByEndOfFile) {
    const isSpace = encoding === 'latin1' ? (c: number) => c <= 0x7f && isUnicodeSpaceCode(c) : isUnicodeSpaceCode;
    for (let i = last ? last.end : 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (!isSpace(c) && !(i === 0 && c === 0xfeff)) {
        cut = true;
        break;
      }
    }
  }
  if (!cut) return undefined;
  // The file's last line: the lexer's line index already counted them.
  return { line: tokens.lineIndex.starts.length, token: last?.cutByEndOfFile ? last : undefined };
}

/** crossplane's JSON payload for a parsed config. */
export function buildPayload(config: ParsedConfig, options: { combine?: boolean } = {}): Payload {
  const payload: Payload = { status: config.status, errors: [], config: [] };
  for (const file of config.files) {
    const errors = file.errors.filter((e) => e.inPayload !== false);
    for (const error of errors) payload.errors.push({ file: file.path, error: error.message, line: error.line });
    payload.config.push({
      file: file.path,
      status: file.status,
      errors: errors.map((e) => ({ error: e.message, line: e.line })),
      parsed: file.parsed,
    });
  }
  return options.combine ? combinePayload(payload) : payload;
}

export type { StatementNode };
