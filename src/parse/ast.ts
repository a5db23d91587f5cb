/**
 * The syntax tree ngxlint's parser builds. It holds what crossplane's payload holds (directive
 * names, arguments, blocks, lines) plus what a fixer needs: exact source ranges of every node, the
 * raw text and quoting of every argument, and each block's indentation and line ending.
 *
 * Offsets index `ConfigFile.text`. For valid UTF-8 files that text is the decoded file (offsets are
 * UTF-16 code units, like every JavaScript string); for files that are not valid UTF-8 it is the
 * file decoded byte-per-byte as latin1 (offsets are bytes), so writing it back gives the same bytes.
 */

export interface SourcePosition {
  /** 1-based line. */
  line: number;
  /** 1-based column, in code units of `ConfigFile.text`. */
  column: number;
  /** 0-based offset into `ConfigFile.text`. */
  offset: number;
}

/** A half-open range [start, end). */
export interface SourceRange {
  start: SourcePosition;
  end: SourcePosition;
}

/** How an argument was written: bare, in quotes, or as the raw body of a `*_by_lua_block`. */
export type QuoteStyle = 'none' | 'single' | 'double' | 'lua-block';

export interface ArgumentNode {
  /** The value crossplane reports: quotes removed, `\"` inside double quotes unescaped. */
  value: string;
  /** The exact source text, quotes included. */
  raw: string;
  quote: QuoteStyle;
  range: SourceRange;
}

export interface CommentNode {
  kind: 'comment';
  /** The text after `#`, as crossplane's `comment` field. */
  text: string;
  line: number;
  /** From `#` to the end of the line (the line break excluded). */
  range: SourceRange;
  /** True when code precedes the comment on its line (`listen 80; # http`). */
  trailing: boolean;
}

export interface BlockNode {
  /** The `{` token. */
  open: SourceRange;
  /** The `}` token; absent when the file ended inside the block. */
  close?: SourceRange;
  children: StatementNode[];
}

export interface DirectiveNode {
  kind: 'directive';
  name: string;
  /** The name token (quotes included when the name was quoted). */
  nameRange: SourceRange;
  line: number;
  args: ArgumentNode[];
  /** The arguments' values (`args.map((a) => a.value)`, without making the argument nodes). */
  readonly argValues: readonly string[];
  /** From the name to the terminating `;` or the block's `}` inclusive. */
  range: SourceRange;
  /** `# …` comments written between the arguments (crossplane lists them after the directive). */
  comments?: CommentNode[];
  /** The terminating `;` (absent for block directives). */
  semicolon?: SourceRange;
  block?: BlockNode;
}

export type StatementNode = DirectiveNode | CommentNode;

export type LineEnding = '\n' | '\r\n';

export interface ConfigFile {
  /** The path as crossplane prints it: as given, or the main config's folder joined with the include argument. */
  path: string;
  text: string;
  encoding: 'utf8' | 'latin1';
  /** The file's dominant line ending; new lines are written with it. */
  eol: LineEnding;
  /** Top-level statements. Empty when a syntax error stopped the file (as crossplane's `parsed: []`). */
  statements: StatementNode[];
}
