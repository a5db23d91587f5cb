/**
 * "Did you mean …?" for a misspelt rule id: the closest known id within a small edit distance.
 */

/** Levenshtein distance. */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length];
}

/** The closest of `known` to `id`, if it is close enough to be a typo. */
export function closest(id: string, known: readonly string[]): string | undefined {
  const limit = Math.max(2, Math.floor(id.length / 4));
  let best: { id: string; d: number } | undefined;
  for (const k of known) {
    const d = editDistance(id, k);
    if (d <= limit && (!best || d < best.d)) best = { id: k, d };
  }
  return best?.id;
}

/** `unknown rule "x" (did you mean "y"?)`, or with a pointer to `ngxlint rules`. */
export function unknownRuleMessage(id: string, known: readonly string[]): string {
  const close = closest(id, known);
  return `unknown rule "${id}"${close ? ` (did you mean "${close}"?)` : ' (see `ngxlint rules`)'}`;
}
