/**
 * Applying fixes, the way ESLint does: take the non-overlapping fixes of one lint pass, apply them,
 * lint again, and repeat until nothing fixable is left (at most 10 passes). Files are never touched
 * here — the loop works on texts in memory; the CLI writes the results (see ./write-file.ts).
 *
 * Safety: a file with parse errors is never fixed; if the fixed texts parse with errors the input
 * did not have, every fix is dropped and the config is left as it was.
 */
import type { ParseOptions, ParsedConfig } from '../parse/config';
import { lintConfig, lintParsedConfig, type EngineOptions, type EngineResult } from '../lint/engine';
import type { Finding, FixApplicability, TextEdit } from '../lint/types';

export const MAX_FIX_PASSES = 10;

export interface FixedFile {
  path: string;
  original: string;
  fixed: string;
  encoding: 'utf8' | 'latin1';
}

export interface FixLoopResult {
  /** Files whose text changed. */
  files: FixedFile[];
  /** The lint result of the fixed texts (what is left to report). */
  result: EngineResult;
  /** The fixes applied, in order. */
  applied: Finding[];
  passes: number;
  /** Set when fixes were dropped because they would have broken the config. */
  abandoned?: string;
}

/** Applies non-overlapping edits to a text. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  for (const edit of sorted) out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  return out;
}

function overlaps(a: TextEdit, b: TextEdit): boolean {
  if (a.file !== b.file) return false;
  if (a.start === b.start) return true; // two insertions at one place: order would be a guess
  return a.start < b.end && b.start < a.end;
}

function errorCount(result: EngineResult): number {
  return result.config.files.reduce((n, f) => n + f.errors.length, 0);
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
  const applied: Finding[] = [];
  let result = parsed ? lintParsedConfig(parsed, engineOptions) : lintConfig(mainFile, { ...parseOptions, sources }, engineOptions);
  const initial = result;
  const initialErrors = errorCount(result);
  let passes = 0;

  while (passes < MAX_FIX_PASSES) {
    const broken = new Set(result.config.files.filter((f) => f.errors.length > 0).map((f) => f.path));
    const chosen: Finding[] = [];
    const taken: TextEdit[] = [];
    for (const finding of result.findings) {
      const fix = finding.fix;
      if (!fix || !applicable.includes(fix.applicability)) continue;
      if (fix.edits.some((e) => broken.has(e.file))) continue;
      if (fix.edits.some((e) => taken.some((t) => overlaps(e, t)))) continue;
      chosen.push(finding);
      taken.push(...fix.edits);
    }
    if (chosen.length === 0) break;
    passes++;
    const byFile = new Map<string, TextEdit[]>();
    for (const edit of taken) byFile.set(edit.file, [...(byFile.get(edit.file) ?? []), edit]);
    for (const [path, edits] of byFile) {
      const file = result.config.files.find((f) => f.path === path)!;
      const ast = file.ast!;
      if (!originals.has(path)) originals.set(path, { text: ast.text, encoding: ast.encoding });
      const fixed = applyEdits(ast.text, edits);
      current.set(path, fixed);
      sources.set(path, ast.encoding === 'latin1' ? Buffer.from(fixed, 'latin1') : fixed);
    }
    applied.push(...chosen);
    result = lintConfig(mainFile, { ...parseOptions, sources }, engineOptions);
  }

  if (errorCount(result) > initialErrors) {
    return {
      files: [],
      result: initial,
      applied: [],
      passes,
      abandoned: 'the fixed config would not parse cleanly; no file was changed',
    };
  }
  const files: FixedFile[] = [];
  for (const [path, original] of originals) {
    const fixed = current.get(path)!;
    if (fixed !== original.text) files.push({ path, original: original.text, fixed, encoding: original.encoding });
  }
  return { files, result, applied, passes };
}
