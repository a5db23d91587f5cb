/**
 * Applying fixes, the way ESLint does: take the non-overlapping fixes of one lint pass, apply them,
 * lint again, and repeat until nothing fixable is left (at most 10 passes). Files are never touched
 * here — the loop works on texts in memory; the CLI writes the results (see ./write-file.ts).
 *
 * Safety: a file with parse errors is never fixed; a fix whose edits are malformed (out of the
 * file, overlapping each other, characters a Latin-1 file cannot hold) is skipped; if the fixed
 * texts parse with errors the input did not have, every fix is dropped and the config is left as
 * it was.
 *
 * Cost: linear in the size of the config per pass (a 50 MB config with a fix in every server
 * must not take quadratic time): edits are checked for overlap by binary search and applied in
 * one sweep.
 */
import type { ParseOptions, ParsedConfig } from '../parse/config';
import { lintConfig, lintParsedConfig, type EngineOptions, type EngineResult } from '../lint/engine';
import type { AppliedFix, Finding, FixApplicability, FixedFile, TextEdit } from '../lint/types';

export const MAX_FIX_PASSES = 10;

export type { AppliedFix, FixedFile };

export interface FixLoopResult {
  /** Files whose text changed. */
  files: FixedFile[];
  /** The lint result of the fixed texts (what is left to report). */
  result: EngineResult;
  /** The fixes applied, pass by pass (none when the fixes were abandoned). */
  applied: AppliedFix[];
  passes: number;
  /** Set when fixes were dropped because they would have broken the config. */
  abandoned?: string;
}

/** Applies non-overlapping edits to a text (in one sweep: the text is copied once). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  if (edits.length === 0) return text;
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  const pieces: string[] = [];
  let at = 0;
  for (const edit of sorted) {
    // Overlapping edits are a caller's bug; applying the later one over the earlier one's text
    // would duplicate or lose text, so the overlap is refused outright.
    if (edit.start < at) throw new Error(`overlapping edits at offset ${edit.start}`);
    pieces.push(text.slice(at, edit.start), edit.text);
    at = edit.end;
  }
  pieces.push(text.slice(at));
  return pieces.join('');
}

function overlaps(a: TextEdit, b: TextEdit): boolean {
  if (a.file !== b.file) return false;
  if (a.start === b.start) return true; // two insertions at one place: order would be a guess
  return a.start < b.end && b.start < a.end;
}

/**
 * The edits taken in one pass, per file, sorted by start. They never overlap one another, so
 * their ends are sorted too, and a new edit needs only its neighbours checked.
 */
class TakenEdits {
  private readonly byFile = new Map<string, TextEdit[]>();

  /** First index whose edit starts at or after `offset`. */
  private static lowerBound(list: readonly TextEdit[], offset: number): number {
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (list[mid].start < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  overlapsAny(edit: TextEdit): boolean {
    const list = this.byFile.get(edit.file);
    if (!list) return false;
    const i = TakenEdits.lowerBound(list, edit.start);
    // The edit starting at or after ours, and the one before it, are the only candidates.
    if (i < list.length && overlaps(edit, list[i])) return true;
    return i > 0 && overlaps(edit, list[i - 1]);
  }

  add(edit: TextEdit): void {
    let list = this.byFile.get(edit.file);
    if (!list) this.byFile.set(edit.file, (list = []));
    const i = TakenEdits.lowerBound(list, edit.start);
    if (i === list.length) list.push(edit); // findings come in file order: the usual case
    else list.splice(i, 0, edit);
  }

  files(): Map<string, TextEdit[]> {
    return this.byFile;
  }
}

/** Whether a fix's edits can be applied to the texts as they are: in range, not overlapping each other. */
function wellFormed(edits: readonly TextEdit[], texts: ReadonlyMap<string, { text: string; encoding: 'utf8' | 'latin1' }>): boolean {
  for (let i = 0; i < edits.length; i++) {
    const e = edits[i];
    const file = texts.get(e.file);
    if (!file) return false; // a file the config does not hold, or one that was not read
    if (!(Number.isInteger(e.start) && Number.isInteger(e.end) && 0 <= e.start && e.start <= e.end && e.end <= file.text.length)) return false;
    if (typeof e.text !== 'string') return false;
    // A Latin-1 file is written back byte per byte: it cannot hold a character above U+00FF.
    if (file.encoding === 'latin1' && /[^\x00-\xff]/.test(e.text)) return false;
    for (let j = 0; j < i; j++) if (overlaps(e, edits[j])) return false;
  }
  return true;
}

/** Each file's parse errors (their reasons, without lines, which edits move), counted. */
function errorsByFile(result: EngineResult): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  for (const file of result.config.files) {
    const counts = new Map<string, number>();
    for (const e of file.errors) counts.set(e.reason, (counts.get(e.reason) ?? 0) + 1);
    out.set(file.path, counts);
  }
  return out;
}

/** An error in `after` that `before` did not have (same file, same reason, fewer times). */
function newError(before: Map<string, Map<string, number>>, after: Map<string, Map<string, number>>): string | undefined {
  for (const [file, counts] of after) {
    const had = before.get(file);
    for (const [reason, n] of counts) if (n > (had?.get(reason) ?? 0)) return `${file}: ${reason}`;
  }
  return undefined;
}

export function fixConfig(
  mainFile: string,
  parseOptions: ParseOptions,
  engineOptions: EngineOptions,
  applicable: readonly FixApplicability[] = ['safe'],
  /** The config already parsed from disk, to save parsing it again. */
  parsed?: ParsedConfig,
): FixLoopResult {
  const sources = new Map<string, Buffer | string>(parseOptions.sources ?? []);
  const originals = new Map<string, { text: string; encoding: 'utf8' | 'latin1' }>();
  const current = new Map<string, string>();
  const applied: AppliedFix[] = [];
  const lintAgain = (): EngineResult => lintConfig(mainFile, { ...parseOptions, sources, payload: false }, engineOptions);
  let result: EngineResult | undefined = parsed ? lintParsedConfig(parsed, engineOptions) : lintAgain();
  const initialErrors = errorsByFile(result);
  let passes = 0;

  /** Applies the fixes of one lint result to the texts; false when there is nothing to apply. */
  const applyPass = (pass: EngineResult): boolean => {
    // The texts fixes may edit: files that were read and parse without errors.
    const texts = new Map<string, { text: string; encoding: 'utf8' | 'latin1' }>();
    for (const f of pass.config.files) {
      if (f.ast && f.errors.length === 0 && !texts.has(f.path)) texts.set(f.path, { text: f.ast.text, encoding: f.ast.encoding });
    }
    const chosen: Finding[] = [];
    const taken = new TakenEdits();
    for (const finding of pass.findings) {
      const fix = finding.fix;
      if (!fix || !applicable.includes(fix.applicability)) continue;
      if (!wellFormed(fix.edits, texts)) continue;
      if (fix.edits.some((e) => taken.overlapsAny(e))) continue;
      chosen.push(finding);
      for (const e of fix.edits) taken.add(e);
    }
    if (chosen.length === 0) return false;
    for (const [path, edits] of taken.files()) {
      const { text, encoding } = texts.get(path)!;
      if (!originals.has(path)) originals.set(path, { text, encoding });
      const fixed = applyEdits(text, edits);
      current.set(path, fixed);
      sources.set(path, encoding === 'latin1' ? Buffer.from(fixed, 'latin1') : fixed);
    }
    for (const finding of chosen) applied.push({ ...finding, fix: finding.fix!, pass: passes + 1 });
    return true;
  };

  while (passes < MAX_FIX_PASSES && applyPass(result)) {
    passes++;
    // Let this pass's config and model go before the next parse: a large config would otherwise
    // be in memory twice.
    result = undefined;
    result = lintAgain();
  }

  const broken = newError(initialErrors, errorsByFile(result));
  if (broken !== undefined) {
    return {
      files: [],
      // What the config as it is gets (parsed again: only this rare path pays for it).
      result: parsed ? lintParsedConfig(parsed, engineOptions) : lintConfig(mainFile, { ...parseOptions, payload: false }, engineOptions),
      applied: [],
      passes,
      abandoned: `the fixed config would not parse cleanly (${broken}); no file was changed`,
    };
  }
  const files: FixedFile[] = [];
  for (const [path, original] of originals) {
    const fixed = current.get(path)!;
    if (fixed !== original.text) files.push({ path, original: original.text, fixed, encoding: original.encoding });
  }
  return { files, result, applied, passes };
}
