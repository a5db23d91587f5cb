/**
 * Rebuilding a file's text from its syntax tree: every node's own text (directive names,
 * arguments as written, `;`, braces, comments) at its range, and between them only the file's
 * whitespace. When that gives back the exact input, the tree accounts for every byte — which is
 * what makes minimal text edits safe.
 */
import type { ConfigFile, SourceRange, StatementNode } from './ast';

interface Piece {
  range: SourceRange;
  text: string;
}

function collect(statements: readonly StatementNode[], text: string, out: Piece[]): void {
  const slice = (r: SourceRange) => text.slice(r.start.offset, r.end.offset);
  for (const s of statements) {
    if (s.kind === 'comment') {
      out.push({ range: s.range, text: slice(s.range) });
      continue;
    }
    out.push({ range: s.nameRange, text: slice(s.nameRange) });
    for (const arg of s.args) out.push({ range: arg.range, text: arg.raw });
    for (const c of s.comments ?? []) out.push({ range: c.range, text: slice(c.range) });
    if (s.semicolon) out.push({ range: s.semicolon, text: ';' });
    if (s.block) {
      out.push({ range: s.block.open, text: '{' });
      collect(s.block.children, text, out);
      if (s.block.close) out.push({ range: s.block.close, text: '}' });
    }
  }
}

/**
 * The text rebuilt from the tree. Gaps between nodes are copied only when they are whitespace (or
 * a byte order mark); anything else in a gap is a part of the file the tree lost, and is returned
 * in `lost` instead of being copied.
 */
export function rebuildText(file: ConfigFile): { text: string; lost: Array<{ offset: number; text: string }> } {
  const pieces: Piece[] = [];
  collect(file.statements, file.text, pieces);
  pieces.sort((a, b) => a.range.start.offset - b.range.start.offset);
  let out = '';
  let at = 0;
  const lost: Array<{ offset: number; text: string }> = [];
  for (const piece of pieces) {
    const gap = file.text.slice(at, piece.range.start.offset);
    if (/^[\s\ufeff]*$/.test(gap)) out += gap;
    else lost.push({ offset: at, text: gap });
    out += piece.text;
    at = piece.range.end.offset;
  }
  const tail = file.text.slice(at);
  if (/^[\s\ufeff]*$/.test(tail)) out += tail;
  else lost.push({ offset: at, text: tail });
  return { text: out, lost };
}
