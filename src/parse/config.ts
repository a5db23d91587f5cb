/**
 * The parser's driver: reads the main config and every file it includes (breadth first, like
 * crossplane), and returns for each file its syntax tree, its crossplane statements and errors.
 * `buildPayload` turns that into crossplane's JSON payload.
 */
import * as fs from 'fs';
import type { ConfigFile, DirectiveNode, LineEnding, StatementNode } from './ast';
import type { Context } from './analyzer';
import { lex } from './lexer';
import { buildTree } from './parser';
import {
  combinePayload,
  findStreamFailure,
  readStatements,
  type IncludeResolution,
  type Payload,
  type PayloadError,
  type PayloadStatement,
} from './crossplane';
import { dirName, globSorted, hasMagic, includePattern, pythonOsErrorText, type IncludeRoot } from './includes';
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
}

export interface ParsedFile {
  /** The path as crossplane prints it. */
  path: string;
  /** The syntax tree; absent when the file could not be read. */
  ast?: ConfigFile;
  /** The crossplane context the file was parsed in. */
  context: Context;
  /** crossplane's statements for this file (empty when the file failed fatally). */
  parsed: PayloadStatement[];
  errors: PayloadError[];
  status: 'ok' | 'failed';
  /** Index of the file and include directive that first included this one. */
  includedFrom?: { file: number; directive?: DirectiveNode };
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

/** Lexes and builds the tree of one file's text. */
export function parseText(path: string, bytesOrText: Buffer | string) {
  const { text, encoding } =
    typeof bytesOrText === 'string' ? { text: bytesOrText, encoding: 'utf8' as const } : decodeConfigText(bytesOrText);
  const { tokens, luaError } = lex(text, { asciiWhitespaceOnly: encoding === 'latin1' });
  if (encoding === 'latin1') {
    // Values as crossplane sees them: the bytes decoded as UTF-8, invalid sequences replaced.
    for (const token of tokens) {
      if (/[\x80-\xff]/.test(token.value)) token.value = Buffer.from(token.value, 'latin1').toString('utf8');
    }
  }
  // Directive nodes by the index of their name token (an array: a Map of that size is slow to fill).
  const directivesByToken: Array<DirectiveNode | undefined> = new Array(tokens.length).fill(undefined);
  const statements = buildTree(tokens, text, directivesByToken);
  const ast: ConfigFile = { path, text, encoding, eol: detectLineEnding(text), statements };
  return { ast, tokens, luaError, directivesByToken };
}

export function parseConfig(mainFile: string, options: ParseOptions = {}): ParsedConfig {
  const configDir = dirName(mainFile);
  const ignore = new Set(options.ignore ?? []);
  const maxFiles = options.maxFiles ?? 10000;
  const queue: Array<{ path: string; context: Context; from?: ParsedFile['includedFrom']; source: ParsedFile['contextSource'] }> = [
    { path: mainFile, context: [], source: 'main' },
  ];
  const indexOf = new Map<string, number>([[mainFile, 0]]);
  const files: ParsedFile[] = [];
  const includes = new Map<DirectiveNode, number[]>();
  let status: 'ok' | 'failed' = 'ok';

  for (let fileIndex = 0; fileIndex < queue.length; fileIndex++) {
    const entry = queue[fileIndex];
    const file: ParsedFile = {
      path: entry.path,
      context: entry.context,
      parsed: [],
      errors: [],
      status: 'ok',
      includedFrom: entry.from,
      contextSource: entry.source,
    };
    files.push(file);
    let bytes: Buffer | string;
    try {
      bytes = options.sources?.get(entry.path) ?? fs.readFileSync(entry.path);
    } catch (e) {
      const message = pythonOsErrorText(e as NodeJS.ErrnoException, entry.path);
      file.errors.push({ message, reason: message, line: null, fatal: true });
      file.status = status = 'failed';
      continue;
    }
    const { ast, tokens, luaError, directivesByToken } = parseText(entry.path, bytes);
    file.ast = ast;
    if (fileIndex === 0 && options.mainContext !== undefined) {
      if (options.mainContext === 'infer') {
        const inferred = inferContext(ast.statements);
        file.context = inferred.context;
        file.contextSource = inferred.source;
      } else {
        file.context = options.mainContext;
      }
    }

    const resolveInclude = (argument: string, context: Context, directive: DirectiveNode | undefined): IncludeResolution => {
      const pattern = includePattern(argument, configDir, options.includeRoot);
      let names: string[];
      let error: string | undefined;
      if (hasMagic(pattern)) {
        names = globSorted(pattern);
      } else {
        try {
          // nginx checks that an explicit include can be opened; so does crossplane.
          fs.closeSync(fs.openSync(pattern, 'r'));
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
          queue.push({ path: name, context, from: { file: fileIndex, directive }, source: 'include' });
        }
        indexes.push(index);
      }
      if (directive) includes.set(directive, indexes);
      return { indexes, error, lastName: names.length > 0 ? names[names.length - 1] : undefined };
    };

    const result = readStatements(
      {
        file: entry.path,
        tokens,
        failure: findStreamFailure(tokens, luaError),
        context: file.context,
        directivesByToken,
        resolveInclude,
      },
      {
        strict: !!options.strict,
        comments: !!options.comments,
        combine: !!options.combine,
        single: !!options.single,
        ignore,
      },
    );
    file.errors = result.errors;
    // A file the stream gave up on is reported with no statements, as crossplane does.
    file.parsed = result.errors.some((e) => e.fatal) ? [] : result.parsed;
    if (result.failed) file.status = status = 'failed';
  }
  return { files, status, includes };
}

/** crossplane's JSON payload for a parsed config. */
export function buildPayload(config: ParsedConfig, options: { combine?: boolean } = {}): Payload {
  const payload: Payload = { status: config.status, errors: [], config: [] };
  for (const file of config.files) {
    for (const error of file.errors) payload.errors.push({ file: file.path, error: error.message, line: error.line });
    payload.config.push({
      file: file.path,
      status: file.status,
      errors: file.errors.map((e) => ({ error: e.message, line: e.line })),
      parsed: file.parsed,
    });
  }
  return options.combine ? combinePayload(payload) : payload;
}

export type { StatementNode };
