/**
 * `--fix-dry-run` output: a unified diff per file, as `git diff` users read it. Loaded only for a
 * dry run (the `diff` package is not needed for a plain lint).
 */
import { createTwoFilesPatch } from 'diff';

export function unifiedDiff(file: string, before: string, after: string): string {
  const patch = createTwoFilesPatch(`a/${file}`, `b/${file}`, before, after, undefined, undefined, { context: 3 });
  // The first line of createTwoFilesPatch is a "====" separator; keep git's shape.
  return patch.replace(/^={3,}\n/, '');
}
