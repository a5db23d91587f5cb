/**
 * Stage 2: tokens → syntax tree, with the structure nginx sees: every `{` opens a block that its
 * matching `}` closes, comments stay where they are, and every node keeps its exact source range.
 *
 * This tree is what the model and the rules read. crossplane's payload (which drops statements it
 * rejects and has a few structural quirks of its own) is built separately from the same tokens by
 * ./crossplane.ts, so the tree never has to bend to those quirks.
 */
import type { ArgumentNode, BlockNode, CommentNode, DirectiveNode, SourceRange, StatementNode } from './ast';
import { CLOSE, COMMENT, LUA_BODY, LUA_END, OPEN, QUOTED, SEMICOLON, type TokenList } from './lexer';
import type { LineIndex } from './line-index';

export { LineIndex } from './line-index';

/**
 * A range of a file. Positions are made when asked for: a large config has millions of tokens,
 * and neither eager position objects nor the tokens themselves should outlive parsing (the tree
 * keeps offsets; the file's LineIndex turns them into lines and columns).
 */
class OffsetSpan implements SourceRange {
  constructor(
    private readonly lines: LineIndex,
    private readonly from: number,
    private readonly to: number,
  ) {}
  get start() {
    return this.lines.position(this.from);
  }
  get end() {
    return this.lines.position(this.to);
  }
}

/** An argument; its raw text and range are read from the file's text when asked for. */
class Argument implements ArgumentNode {
  constructor(
    readonly value: string,
    readonly quote: ArgumentNode['quote'],
    private readonly from: number,
    private readonly to: number,
    private readonly lines: LineIndex,
  ) {}
  get raw(): string {
    return this.lines.text.slice(this.from, this.to);
  }
  get range(): SourceRange {
    return new OffsetSpan(this.lines, this.from, this.to);
  }
}

/**
 * A directive; its arguments and ranges are made from the tokens when first asked for.
 *
 * A large config has over a hundred thousand of these, all kept by the model, so every field is
 * paid for twice: in memory and in the young-generation collections that copy each survivor. The
 * object holds only what cannot be read from the tokens (8 fields; it had 12): `kind` is on the
 * prototype, `line`, the end token and the end and `;` offsets are read from the token arrays.
 * (The argument nodes, rarely made, were tried in a WeakMap: each finding's report reads them,
 * and the lookups cost more in a lint than the field.)
 */
class Directive implements DirectiveNode {
  declare readonly kind: 'directive';
  /** `# …` comments between the arguments (rare). Always an own field, so every directive has one shape. */
  comments: CommentNode[] | undefined = undefined;
  block: Block | undefined = undefined;
  private argumentValues: string[] | undefined = undefined;
  private argumentNodes: ArgumentNode[] | undefined = undefined;
  constructor(
    readonly name: string,
    private readonly tokens: TokenList,
    /** The directive's name token. */
    readonly nameToken: number,
    /** The tokens after the name up to argEnd are the arguments (no comments among them), or … */
    readonly argEnd: number,
    /** … the arguments, made already (when comments stand between them). */
    argumentNodes?: ArgumentNode[],
  ) {
    if (argumentNodes) {
      this.argumentNodes = argumentNodes;
      this.argumentValues = argumentNodes.map((a) => a.value);
    }
  }
  get line(): number {
    return this.tokens.lines[this.nameToken];
  }
  /**
   * The token the directive ends with: its `;` (or a Lua block's invented one), its block's `}` (or
   * the file's last token when the file ends inside the block), else its last argument or its name.
   */
  get endToken(): number {
    const tokens = this.tokens;
    const block = this.block;
    if (block !== undefined) return block.closeToken >= 0 ? block.closeToken : Math.max(0, tokens.count - 1);
    const argEnd = this.argEnd;
    if (argEnd < tokens.count) {
      const kind = tokens.kinds[argEnd];
      if (kind === SEMICOLON || kind === LUA_END) return argEnd;
    }
    // The file ended, or a `}` came, before a `;`.
    return argEnd > this.nameToken + 1 ? argEnd - 1 : this.nameToken;
  }
  get args(): ArgumentNode[] {
    if (!this.argumentNodes) {
      const args: ArgumentNode[] = new Array(this.argEnd - this.nameToken - 1);
      const values = this.argValues; // the nodes share the strings of argValues
      for (let i = this.nameToken + 1; i < this.argEnd; i++) args[i - this.nameToken - 1] = argumentOf(this.tokens, i, values[i - this.nameToken - 1]);
      this.argumentNodes = args;
    }
    return this.argumentNodes;
  }
  get argValues(): readonly string[] {
    return (this.argumentValues ??= this.tokens.sharedValuesOf(this.nameToken + 1, this.argEnd));
  }
  /** False when no argument value can hold the ASCII character `code` (see TokenList.rangeMayHold). */
  argsMayHold(code: number): boolean {
    return this.tokens.rangeMayHold(this.nameToken + 1, this.argEnd, code);
  }
  get nameRange(): SourceRange {
    return new OffsetSpan(this.tokens.lineIndex, this.tokens.starts[this.nameToken], this.tokens.ends[this.nameToken]);
  }
  get range(): SourceRange {
    return new OffsetSpan(this.tokens.lineIndex, this.tokens.starts[this.nameToken], this.tokens.ends[this.endToken]);
  }
  get semicolon(): SourceRange | undefined {
    // Only a directive without a block can end with its `;` (a block's end token may be the
    // file's last token, whatever it is).
    const end = this.endToken;
    if (this.block !== undefined || this.tokens.kinds[end] !== SEMICOLON) return undefined;
    const at = this.tokens.starts[end];
    return new OffsetSpan(this.tokens.lineIndex, at, at + 1);
  }
}
Object.defineProperty(Directive.prototype, 'kind', { value: 'directive', enumerable: true });

/**
 * The token indexes of a directive of a tree built here: its name token, and the token after its
 * last argument (its terminator, when it has one). -1 for nodes made elsewhere.
 */
export function nameTokenOf(node: DirectiveNode): number {
  return node instanceof Directive ? node.nameToken : -1;
}
export function argEndOf(node: DirectiveNode): number {
  return node instanceof Directive ? node.argEnd : -1;
}

/**
 * A block; the ranges of its braces are made when asked for (a `{` and a `}` are one character
 * each), so a block costs one object and its children array instead of three objects more.
 */
class Block implements BlockNode {
  constructor(
    private readonly tokens: TokenList,
    /** The `{` token. */
    private readonly openToken: number,
    /** The `}` token, or -1 when the file ended inside the block. */
    readonly closeToken: number,
    readonly children: StatementNode[],
  ) {}
  get open(): SourceRange {
    return braceSpan(this.tokens, this.openToken);
  }
  get close(): SourceRange | undefined {
    return this.closeToken < 0 ? undefined : braceSpan(this.tokens, this.closeToken);
  }
}

/** The range of a `{` or `}` token. */
function braceSpan(tokens: TokenList, token: number): SourceRange {
  const at = tokens.starts[token];
  return new OffsetSpan(tokens.lineIndex, at, at + 1);
}

/** The argument node of token `i`, whose value is `value`. */
function argumentOf(tokens: TokenList, i: number, value: string): ArgumentNode {
  const start = tokens.starts[i];
  const kind = tokens.kinds[i];
  const quote =
    kind === QUOTED ? (tokens.lineIndex.text.charCodeAt(start) === 0x27 ? 'single' : 'double') : kind === LUA_BODY ? 'lua-block' : 'none';
  return new Argument(value, quote, start, tokens.ends[i], tokens.lineIndex);
}

/**
 * How deep blocks (and includes) may nest. Real configs stay below 10; crossplane gives up at
 * Python's recursion limit (1000). Deeper input is an error (see findStreamFailure in
 * ./crossplane.ts): every stage that walks the tree recursively — this builder, crossplane's
 * statement reader, the model — then stays far from the end of the stack.
 */
export const MAX_NESTING_DEPTH = 1000;

/**
 * Builds the statements of one file. Never throws: malformed input (a stray `}`, a missing `;`,
 * the end of the file inside a block) still yields the best tree it can; the errors themselves are
 * reported by the crossplane-compatible pass, with crossplane's texts.
 *
 * `startDepth` is how many blocks and includes enclose the file. A block that would nest deeper
 * than MAX_NESTING_DEPTH is kept with its braces but without its contents (the file then has a
 * fatal "too deeply nested" error, so nothing reasons about those contents).
 */
export function buildTree(
  tokens: TokenList,
  /** Filled with the `include` directives, by the index of their name token. */
  includesByToken?: Map<number, DirectiveNode>,
  startDepth = 0,
): StatementNode[] {
  const maxDepth = Math.max(0, MAX_NESTING_DEPTH - startDepth);
  const { kinds, starts, ends, count } = tokens;
  const lines = tokens.lineIndex;
  const text = lines.text;
  const rangeOf = (i: number): SourceRange => new OffsetSpan(lines, starts[i], ends[i]);
  let index = 0;
  // End offset of the last token that is not a comment, to tell trailing comments.
  let previousCodeEnd = -1;

  function comment(i: number): CommentNode {
    const start = starts[i];
    return {
      kind: 'comment',
      text: tokens.value(i).slice(1),
      line: tokens.lines[i],
      range: rangeOf(i),
      // On the line where the last code ended: no line break between.
      trailing: previousCodeEnd >= 0 && !hasLineBreak(text, previousCodeEnd, start),
    };
  }

  /** `depth`: how many blocks of this file enclose the statements. Returns the closing `}` or -1. */
  function statements(children: StatementNode[], insideBlock: boolean, depth: number): number {
    while (index < count) {
      const kind = kinds[index];
      if (kind === COMMENT) {
        children.push(comment(index));
        index++;
        continue;
      }
      if (kind === CLOSE) {
        previousCodeEnd = ends[index];
        index++;
        if (insideBlock) return index - 1;
        continue; // a stray `}` at the top of a file: skip it
      }
      if (kind === OPEN || kind === SEMICOLON || kind === LUA_END) {
        // A `{` or `;` with no directive before it: skipped (parseConfig reports it as unexpected,
        // see findStrayDelimiter in ./config.ts, which must read the tokens the same way).
        previousCodeEnd = ends[index];
        index++;
        continue;
      }
      children.push(directive(depth));
    }
    return -1;
  }

  /** With `index` just past a `{`, moves past its matching `}` (iteratively); returns that `}` or -1. */
  function skipBlock(): number {
    let open = 1;
    while (index < count) {
      const kind = kinds[index++];
      if (kind === OPEN) open++;
      else if (kind === CLOSE && --open === 0) return index - 1;
    }
    return -1;
  }

  function directive(depth: number): DirectiveNode {
    const nameIndex = index++;
    // Arguments (and comments between them) up to the `;`, `{` or `}` that ends the directive.
    let stop = index;
    let comments = 0;
    for (; stop < count; stop++) {
      const kind = kinds[stop];
      if (kind === SEMICOLON || kind === LUA_END || kind === OPEN || kind === CLOSE) break;
      if (kind === COMMENT) comments++;
    }
    previousCodeEnd = ends[nameIndex];
    const name = tokens.sharedValue(nameIndex);
    let node: Directive;
    if (comments === 0) {
      node = new Directive(name, tokens, nameIndex, stop);
      if (stop > index) previousCodeEnd = ends[stop - 1];
    } else {
      // Rare: comments between the arguments. Made in order, so each comment knows whether code
      // precedes it on its line.
      const args: ArgumentNode[] = [];
      const commentNodes: CommentNode[] = [];
      for (let i = index; i < stop; i++) {
        if (kinds[i] === COMMENT) commentNodes.push(comment(i));
        else {
          args.push(argumentOf(tokens, i, tokens.sharedValue(i)));
          previousCodeEnd = ends[i];
        }
      }
      node = new Directive(name, tokens, nameIndex, stop, args);
      node.comments = commentNodes;
    }
    // Only include directives are looked up by token (what crossplane's pass resolved them to).
    if (includesByToken !== undefined && name === 'include') includesByToken.set(nameIndex, node);
    index = stop;
    if (index >= count) return node; // the file ends inside the directive
    const kind = kinds[index];
    if (kind === SEMICOLON || kind === LUA_END) {
      previousCodeEnd = ends[index];
      index++;
      return node;
    }
    if (kind === OPEN) {
      const open = index++;
      previousCodeEnd = ends[open];
      const children: StatementNode[] = [];
      // Too deep: keep the braces, leave the contents out of the tree.
      const close = depth >= maxDepth ? skipBlock() : statements(children, true, depth + 1);
      // An array grown by push keeps room for 17 entries or more, and most blocks hold a few
      // statements: the tree lives as long as a lint, so it keeps an exact-size copy (the grown
      // array dies young; the copy is what the collections move and the heap holds).
      node.block = new Block(tokens, open, close, children.length === 0 ? children : children.slice());
      previousCodeEnd = ends[close >= 0 ? close : Math.max(0, index - 1)];
      return node;
    }
    // Missing `;`: the directive ends at its last argument; the `}` belongs to the enclosing block.
    return node;
  }

  const top: StatementNode[] = [];
  statements(top, false, 0);
  return top;
}

/** True when text[from, to) holds a line break (LF or CR). */
function hasLineBreak(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a || c === 0x0d) return true;
  }
  return false;
}

/**
 * False when no argument value of `node` can hold the ASCII character `code`, found from the text
 * without making the values; true means "maybe" (and always for nodes not made by this parser).
 */
export function argsMayHold(node: DirectiveNode, code: number): boolean {
  return node instanceof Directive ? node.argsMayHold(code) : true;
}
