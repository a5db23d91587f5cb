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
 * A range between two tokens. Positions are made when asked for: a 6 MB config has half a million
 * tokens, and eager position objects for each of them cost more in garbage collection than parsing.
 */
class TokenSpan implements SourceRange {
  constructor(
    private readonly from: Token,
    private readonly to: Token,
  ) {}
  get start(): SourcePosition {
    return startOf(this.from);
  }
  get end(): SourcePosition {
    return endOf(this.to);
  }
}

function rangeOf(token: Token): SourceRange {
  return new TokenSpan(token, token);
}

/** An argument; its raw text and range are read from the token when asked for. */
class Argument implements ArgumentNode {
  readonly value: string;
  readonly quote: ArgumentNode['quote'];
  constructor(
    private readonly token: Token,
    private readonly text: string,
  ) {
    this.value = token.value;
    this.quote =
      token.kind === 'quoted'
        ? text.charCodeAt(token.start) === 0x27
          ? 'single'
          : 'double'
        : token.kind === 'lua-body'
          ? 'lua-block'
          : 'none';
  }
  get raw(): string {
    return this.text.slice(this.token.start, this.token.end);
  }
  get range(): SourceRange {
    return new TokenSpan(this.token, this.token);
  }
}

function argumentOf(token: Token, text: string): ArgumentNode {
  return new Argument(token, text);
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
        node.range = new TokenSpan(nameToken, token);
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
          node.range = new TokenSpan(nameToken, close ?? lastTokenBefore(index));
          return node;
        }
        const inner = statements(true, depth + 1);
        const block: BlockNode = { open: rangeOf(token), children: inner.children };
        if (inner.close) block.close = rangeOf(inner.close);
        node.block = block;
        node.range = new TokenSpan(nameToken, inner.close ?? lastTokenBefore(index));
        return node;
      }
      if (token.kind === 'close') {
        // Missing `;`: the directive ends at its last argument; the `}` belongs to the enclosing block.
        node.range = new TokenSpan(nameToken, last);
        return node;
      }
      if (token.kind === 'comment') (node.comments ??= []).push(comment(token));
      else {
        node.args.push(argumentOf(token, text));
        previousCodeLine = token.endLine;
      }
      last = token;
      index++;
    }
    node.range = new TokenSpan(nameToken, last);
    return node;
  }

  function lastTokenBefore(i: number): Token {
    return tokens[Math.max(0, i - 1)];
  }

  return statements(false, 0).children;
}
