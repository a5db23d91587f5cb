/**
 * Helpers rules use to build fixes: plain text edits over source ranges. Inserted lines take the
 * block's own indentation and line ending, and quoted values the file's quote (see quoteAs);
 * nothing else in the file moves.
 */
import type { DirectiveNode, StatementNode } from '../parse/ast';
import type { ParsedFile } from '../parse/config';
import type { Level, ModelDirective } from '../model/config-model';
import { effectiveHeaders } from '../model/inheritance';
import type { NginxTarget } from '../model/nginx-version';
import type { TextEdit } from '../lint/types';

function textOf(file: ParsedFile): string {
  if (!file.ast) throw new Error(`cannot fix ${file.path}: it was not read`);
  return file.ast.text;
}

function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** The end of the line holding `offset`, before its line break. */
function lineEndOf(text: string, offset: number): number {
  let end = text.indexOf('\n', offset);
  if (end < 0) end = text.length;
  if (end > offset && text.charCodeAt(end - 1) === 0x0d) end--;
  return end;
}

/** The whitespace that starts the line holding `offset`. */
export function indentationAt(text: string, offset: number): string {
  const start = lineStartOf(text, offset);
  return /^[ \t]*/.exec(text.slice(start, offset))![0];
}

const unitCache = new WeakMap<ParsedFile, string>();

/**
 * One level of indentation as the file writes it (tab, or the smallest step of spaces; 4 if
 * unknown). Read from the first lines that are indented, and remembered per text: a fix is built
 * for every finding, and scanning a 6 MB file each time would make fixing quadratic.
 */
export function indentUnit(file: ParsedFile): string {
  const known = unitCache.get(file);
  if (known !== undefined) return known;
  const text = textOf(file);
  let tabs = 0;
  let spaced = 0;
  const widths = new Set<number>();
  const pattern = /^([ \t]+)\S/gm;
  let match: RegExpExecArray | null;
  let seen = 0;
  while ((match = pattern.exec(text)) && seen < 400) {
    seen++;
    const indent = match[1];
    if (indent[0] === '\t') tabs++;
    else if (!indent.includes('\t')) {
      spaced++;
      widths.add(indent.length);
    }
  }
  let unit: string;
  if (tabs > 0 && spaced === 0) unit = '\t';
  else {
    const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
    const sorted = [...widths].sort((a, b) => a - b);
    let step = sorted[0] ?? 4;
    for (const w of sorted) step = gcd(step, w);
    unit = ' '.repeat(step >= 2 ? step : (sorted[0] ?? 4));
  }
  unitCache.set(file, unit);
  return unit;
}

/** A quote character a fix writes quoted values with. */
export type QuoteChar = '"' | "'";

const quoteCache = new WeakMap<ParsedFile, QuoteChar | null>();

/**
 * The quote a file writes its quoted words with (arguments, and names such as a map's `''`), when
 * it uses one kind only; undefined when it quotes nothing or mixes both. Remembered per file, like
 * indentUnit: every fix that writes a quoted value asks.
 */
export function fileQuote(file: ParsedFile): QuoteChar | undefined {
  const known = quoteCache.get(file);
  if (known !== undefined) return known ?? undefined;
  const text = textOf(file);
  let single = false;
  let double = false;
  const pending: StatementNode[][] = [file.ast!.statements];
  walk: while (pending.length > 0) {
    for (const statement of pending.pop()!) {
      if (statement.kind !== 'directive') continue;
      const first = text.charCodeAt(statement.range.start.offset);
      if (first === 0x27) single = true;
      else if (first === 0x22) double = true;
      for (const arg of statement.args) {
        if (arg.quote === 'single') single = true;
        else if (arg.quote === 'double') double = true;
      }
      if (single && double) break walk;
      if (statement.block) pending.push(statement.block.children);
    }
  }
  const quote: QuoteChar | null = single === double ? null : single ? "'" : '"';
  quoteCache.set(file, quote);
  return quote ?? undefined;
}

/**
 * `value` in quotes as `file` writes them: its own quote when it uses one kind only, else
 * `fallback`. For the fixed words fixes insert (`upgrade`, the empty string): no quote or
 * backslash inside to escape.
 */
export function quoteAs(file: ParsedFile, value: string, fallback: QuoteChar): string {
  const quote = fileQuote(file) ?? fallback;
  return `${quote}${value}${quote}`;
}

/** True when only whitespace or a comment follows `offset` on its line. */
function onlyTriviaAfter(text: string, offset: number): boolean {
  const rest = text.slice(offset, lineEndOf(text, offset));
  return /^\s*(#.*)?$/.test(rest);
}

const ownCache = new WeakMap<Level, { count: number; own: ModelDirective[] }>();

/**
 * Direct directives of a level written in the same file as its opener (not reached through an
 * include). Remembered per level: every fix into the http level (a map) asks for it, and the
 * http level of a large config holds thousands of servers.
 */
function ownDirectivesInFile(level: Level): ModelDirective[] {
  const cached = ownCache.get(level);
  if (cached && cached.count === level.directives.length) return cached.own;
  const file = level.opener?.file;
  const depth = level.opener?.includedVia.length ?? 0;
  const own = level.directives.filter((d) => d.file === file && d.includedVia.length === depth);
  ownCache.set(level, { count: level.directives.length, own });
  return own;
}

/** The last `proxy_*` directive of a list. */
function lastProxyDirective(directives: readonly ModelDirective[]): ModelDirective | undefined {
  for (let i = directives.length - 1; i >= 0; i--) if (directives[i].node.name.startsWith('proxy_')) return directives[i];
  return undefined;
}

export class Fixer {
  /**
   * insertBlockDirective's edits by level and text: one fix is offered for each of many findings
   * (a map for the http block, the same for every `proxy_set_header Upgrade $http_upgrade` line of
   * a large config), and each search for the block's first `server` read thousands of directives.
   * A Fixer lives for one run of the rules, over one model that does not change.
   */
  private readonly blockInsertions = new Map<Level, Map<string, TextEdit>>();

  constructor(private readonly target: NginxTarget) {}

  /** Indentation of the statements inside a level's block. */
  blockIndentation(level: Level): string {
    const opener = level.opener!;
    const text = textOf(opener.file);
    const own = ownDirectivesInFile(level);
    if (own.length > 0) {
      const first = own[0].node.range.start.offset;
      const indent = indentationAt(text, first);
      // A child on the opener's own line (`location / { proxy_pass …; }`) tells nothing.
      if (lineStartOf(text, first) !== lineStartOf(text, opener.node.range.start.offset)) return indent;
    }
    return indentationAt(text, opener.node.range.start.offset) + indentUnit(opener.file);
  }

  /**
   * Inserts directive lines into a level's block: after `after`, else after its last `proxy_*`
   * directive, else after its last directive, else right after `{`.
   */
  insertInBlock(level: Level, lines: string[], after?: ModelDirective): TextEdit {
    const opener = level.opener;
    if (!opener?.node.block) throw new Error('insertInBlock needs a block level');
    const file = opener.file;
    const text = textOf(file);
    const eol = file.ast!.eol;
    const own = ownDirectivesInFile(level);
    const anchor = after ?? lastProxyDirective(own) ?? own[own.length - 1];
    const anchorEnd = anchor ? anchor.node.range.end.offset : opener.node.block.open.end.offset;
    if (onlyTriviaAfter(text, anchorEnd)) {
      const indent = this.blockIndentation(level);
      const at = anchor ? lineEndOf(text, anchorEnd) : anchorEnd;
      const insertion = lines.map((l) => eol + indent + l).join('');
      // Right after `{` with only a comment after it, keep the comment on the `{` line.
      const position = anchor ? at : lineEndOf(text, anchorEnd);
      return { file: file.path, start: position, end: position, text: insertion };
    }
    // Something follows on the same line (a one-line block): stay on that line.
    return { file: file.path, start: anchorEnd, end: anchorEnd, text: lines.map((l) => ' ' + l.trimStart()).join('') };
  }

  /**
   * Replaces an argument's source text. When the directive stops just before that argument
   * (`proxy_http_version;`, an argument count nginx rejects), the argument is added after the
   * directive's last word instead, which makes the line what the fix means.
   */
  replaceArgument(directive: ModelDirective, index: number, raw: string): TextEdit {
    const args = directive.node.args;
    const arg = args[index];
    if (arg) return { file: directive.file.path, start: arg.range.start.offset, end: arg.range.end.offset, text: raw };
    if (index !== args.length) {
      throw new Error(`replaceArgument: "${directive.node.name}" has ${args.length} argument(s), no argument ${index + 1} to set`);
    }
    const after = index > 0 ? args[index - 1].range.end.offset : directive.node.nameRange.end.offset;
    return { file: directive.file.path, start: after, end: after, text: ' ' + raw };
  }

  /** Replaces any range of a file. */
  replaceRange(file: ParsedFile, start: number, end: number, text: string): TextEdit {
    return { file: file.path, start, end, text };
  }

  /** The exact source text of a directive (to copy it elsewhere with its quoting). */
  sourceOf(directive: ModelDirective): string {
    const { start, end } = directive.node.range;
    return textOf(directive.file).slice(start.offset, end.offset);
  }

  /**
   * Inserts `proxy_set_header` lines into a level. When the level has none of its own, adding one
   * ends its inheritance of every outer `proxy_set_header`; so the lines it inherits now (Host,
   * X-Forwarded-For …) are copied in first, and the backend keeps receiving every header it did.
   */
  insertProxySetHeaders(level: Level, headers: Array<{ name: string; value: string }>): TextEdit {
    const lines: string[] = [];
    const hasOwn = level.directives.some((d) => d.node.name === 'proxy_set_header');
    const adding = new Set(headers.map((h) => h.name.toLowerCase()));
    if (!hasOwn) {
      for (const inherited of effectiveHeaders(level, this.target).lines) {
        if (!adding.has((inherited.args[0] ?? '').toLowerCase())) lines.push(this.sourceOf(inherited));
      }
    }
    for (const h of headers) lines.push(`proxy_set_header ${h.name} ${h.value};`);
    return this.insertInBlock(level, lines);
  }

  /**
   * Inserts a block directive (e.g. a `map`) into a level: before its first `server`, else at the
   * end of the block. `body` lines are indented one step further than the block's statements.
   */
  insertBlockDirective(level: Level, header: string, body: string[]): TextEdit {
    let byText = this.blockInsertions.get(level);
    if (!byText) {
      byText = new Map();
      this.blockInsertions.set(level, byText);
    }
    const key = [header, ...body].join('\n');
    let edit = byText.get(key);
    if (!edit) {
      edit = this.blockDirectiveEdit(level, header, body);
      byText.set(key, edit);
    }
    // A copy: each finding's fix owns its edits (API users may change them).
    return { ...edit };
  }

  private blockDirectiveEdit(level: Level, header: string, body: string[]): TextEdit {
    const opener = level.opener!;
    const file = opener.file;
    const text = textOf(file);
    const eol = file.ast!.eol;
    const indent = this.blockIndentation(level);
    const inner = indent + indentUnit(file);
    const block = [`${header} {`, ...body.map((b) => inner.slice(indent.length) + b), '}'];
    const firstServer = ownDirectivesInFile(level).find((d) => d.node.name === 'server');
    if (firstServer) {
      const at = lineStartOf(text, firstServer.node.range.start.offset);
      if (/^[ \t]*$/.test(text.slice(at, firstServer.node.range.start.offset))) {
        const insertion = block.map((l) => indent + l + eol).join('') + eol;
        return { file: file.path, start: at, end: at, text: insertion };
      }
    }
    return this.insertInBlock(level, block);
  }
}

/** The directive node's file offsets (for callers that build their own edits). */
export function rangeOffsets(node: DirectiveNode): { start: number; end: number } {
  return { start: node.range.start.offset, end: node.range.end.offset };
}
