import type { SourcePosition } from './ast';

/**
 * Where the lines of a text start, to turn offsets into lines and columns. Line breaks are LF,
 * CRLF and a lone CR (as Python's universal newlines, which crossplane reads with); the first
 * line starts after a byte order mark.
 *
 * The lexer and the syntax tree keep plain offsets; positions are made from them when asked for
 * (a large config has millions of tokens, and few positions are ever read).
 */
export class LineIndex {
  /** Offset of the first character of each line (line n starts at starts[n - 1]). */
  readonly starts: Int32Array;
  /** Whether the text holds a CR at all (most files do not). */
  readonly hasCR: boolean;

  constructor(readonly text: string) {
    const first = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    // Written straight into a typed array that doubles when full: a plain array converted at the
    // end cost twice as much on a large file.
    let starts = new Int32Array(Math.max(64, text.length >>> 5));
    let count = 0;
    const add = (offset: number): void => {
      if (count === starts.length) {
        const grown = new Int32Array(count * 2);
        grown.set(starts);
        starts = grown;
      }
      starts[count++] = offset;
    };
    add(first);
    this.hasCR = text.indexOf('\r') >= 0;
    if (!this.hasCR) {
      // Most files have no CR: then indexOf finds the line feeds much faster than a loop.
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) add(i + 1);
    } else {
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 0x0a || (c === 0x0d && text.charCodeAt(i + 1) !== 0x0a)) add(i + 1);
      }
    }
    this.starts = starts.slice(0, count);
  }

  /** The 1-based line holding `offset` (an offset at a line break belongs to the line it ends). */
  lineOf(offset: number): number {
    return lineSlotOf(this.starts, offset) + 1;
  }

  position(offset: number): SourcePosition {
    const line = this.lineOf(offset);
    return { line, column: offset - Math.min(this.starts[line - 1], offset) + 1, offset };
  }
}

/** The index of the last line start at or before `offset` (0 for offsets before the first). */
export function lineSlotOf(starts: Int32Array, offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
