/**
 * Stage 2: tokens → syntax tree, with the structure nginx sees: every `{` opens a block that its
 * matching `}` closes, comments stay where they are, and every node keeps its exact source range.
 *
 * This tree is what the model and the rules read. crossplane's payload (which drops statements it
 * rejects and has a few structural quirks of its own) is built separately from the same tokens by
 * ./crossplane.ts, so the tree never has to bend to those quirks.
 */
import type {
  ArgumentNode,
  BlockNode,
  CommentNode,
  DirectiveNode,
  SourcePosition,
  SourceRange,
  StatementNode,
} from './ast';
import type { Token } from './lexer';

export function startOf(token: Token): SourcePosition {
  return { line: token.startLine, column: token.startColumn, offset: token.start };
}

export function endOf(token: Token): SourcePosition {
  return { line: token.endLine, column: token.endColumn, offset: token.end };
}

/**
 * Where the lines of a text start, to turn offsets into lines and columns when a range is read.
 * Line breaks are LF, CRLF and a lone CR, as the lexer counts them; the first line starts after a
 * byte order mark.
 */
export class LineIndex {
  private readonly starts: Int32Array;

  constructor(readonly text: string) {
    const first = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    let count = 1;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x0a || (c === 0x0d && text.charCodeAt(i + 1) !== 0x0a)) count++;
    }
    const starts = new Int32Array(count);
    starts[0] = first;
    let n = 1;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x0a || (c === 0x0d && text.charCodeAt(i + 1) !== 0x0a)) starts[n++] = i + 1;
    }
    this.starts = starts;
  }

  position(offset: number): SourcePosition {
    const starts = this.starts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - Math.min(starts[lo], offset) + 1, offset };
  }
}

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
  get start(): SourcePosition {
    return this.lines.position(this.from);
  }
  get end(): SourcePosition {
    return this.lines.position(this.to);
  }
}

/** An argument; its raw text and range are read from the file's text when asked for. */
class Argument implements ArgumentNode {
  readonly value: string;
  readonly quote: ArgumentNode['quote'];
  private readonly start: number;
  private readonly end: number;
  constructor(
    token: Token,
    private readonly lines: LineIndex,
  ) {
    this.value = token.value;
    this.start = token.start;
    this.end = token.end;
    this.quote =
      token.kind === 'quoted'
        ? lines.text.charCodeAt(token.start) === 0x27
          ? 'single'
          : 'double'
        : token.kind === 'lua-body'
          ? 'lua-block'
          : 'none';
  }
  get raw(): string {
    return this.lines.text.slice(this.start, this.end);
  }
  get range(): SourceRange {
    return new OffsetSpan(this.lines, this.start, this.end);
  }
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
  tokens: readonly Token[],
  text: string,
  directivesByToken?: Array<DirectiveNode | undefined>,
  startDepth = 0,
  /** Receives the `{` and `;` tokens that stand where a directive should (nginx: unexpected "{"). */
  stray?: Token[],
): StatementNode[] {
  const maxDepth = Math.max(0, MAX_NESTING_DEPTH - startDepth);
  const lines = new LineIndex(text);
  const rangeOf = (token: Token): SourceRange => new OffsetSpan(lines, token.start, token.end);
  const span = (from: Token, to: Token): SourceRange => new OffsetSpan(lines, from.start, to.end);
  let index = 0;
  let previousCodeLine = 0; // real line of the last non-comment token, to tell trailing comments

  function comment(token: Token): CommentNode {
    return {
      kind: 'comment',
      text: token.value.slice(1),
      line: token.line,
      range: rangeOf(token),
      trailing: token.startLine === previousCodeLine,
    };
  }

  /** `depth`: how many blocks of this file enclose the statements. */
  function statements(insideBlock: boolean, depth: number): { children: StatementNode[]; close?: Token } {
    const children: StatementNode[] = [];
    while (index < tokens.length) {
      const token = tokens[index];
      if (token.kind === 'comment') {
        children.push(comment(token));
        index++;
        continue;
      }
      if (token.kind === 'close') {
        index++;
        previousCodeLine = token.endLine;
        if (insideBlock) return { children, close: token };
        continue; // a stray `}` at the top of a file: skip it
      }
      if (token.kind === 'open' || token.kind === 'semicolon' || token.kind === 'lua-end') {
        if (token.kind !== 'lua-end') stray?.push(token);
        index++; // a `{` or `;` with no directive before it
        previousCodeLine = token.endLine;
        continue;
      }
      children.push(directive(depth));
    }
    return { children };
  }

  /** With `index` just past a `{`, moves past its matching `}` (iteratively); returns that `}`. */
  function skipBlock(): Token | undefined {
    let open = 1;
    while (index < tokens.length) {
      const token = tokens[index++];
      if (token.kind === 'open') open++;
      else if (token.kind === 'close' && --open === 0) return token;
    }
    return undefined;
  }

  function directive(depth: number): DirectiveNode {
    const nameIndex = index;
    const nameToken = tokens[index++];
    previousCodeLine = nameToken.endLine;
    const nameRange = rangeOf(nameToken);
    const node: DirectiveNode = {
      kind: 'directive',
      name: nameToken.value,
      nameRange,
      line: nameToken.line,
      args: [],
      range: nameRange,
    };
    let last = nameToken;
    if (directivesByToken) directivesByToken[nameIndex] = node;
    while (index < tokens.length) {
      const token = tokens[index];
      if (token.kind === 'semicolon' || token.kind === 'lua-end') {
        index++;
        previousCodeLine = token.endLine;
        if (token.kind === 'semicolon') node.semicolon = rangeOf(token);
        node.range = span(nameToken, token);
        return node;
      }
      if (token.kind === 'open') {
        index++;
        previousCodeLine = token.endLine;
        if (depth >= maxDepth) {
          // Too deep: keep the braces, leave the contents out of the tree.
          const close = skipBlock();
          const block: BlockNode = { open: rangeOf(token), children: [] };
          if (close) block.close = rangeOf(close);
          node.block = block;
          previousCodeLine = lastTokenBefore(index).endLine;
          node.range = span(nameToken, close ?? lastTokenBefore(index));
          return node;
        }
        const inner = statements(true, depth + 1);
        const block: BlockNode = { open: rangeOf(token), children: inner.children };
        if (inner.close) block.close = rangeOf(inner.close);
        node.block = block;
        node.range = span(nameToken, inner.close ?? lastTokenBefore(index));
        return node;
      }
      if (token.kind === 'close') {
        // Missing `;`: the directive ends at its last argument; the `}` belongs to the enclosing block.
        node.range = span(nameToken, last);
        return node;
      }
      if (token.kind === 'comment') (node.comments ??= []).push(comment(token));
      else {
        node.args.push(new Argument(token, lines));
        previousCodeLine = token.endLine;
      }
      last = token;
      index++;
    }
    node.range = span(nameToken, last);
    return node;
  }

  function lastTokenBefore(i: number): Token {
    return tokens[Math.max(0, i - 1)];
  }

  return statements(false, 0).children;
}
