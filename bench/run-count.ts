/** Shared by the benchmark's driver and its worker processes. */

/**
 * How many timed runs follow a warm-up of `warmupMs`: as many as fit the budget, at least minRuns
 * and at most maxRuns, but never more than fit in capMs (and at least one).
 */
export function runCount(warmupMs: number, o: { minRuns: number; maxRuns: number; budgetMs: number; capMs: number }): number {
  const each = Math.max(warmupMs, 1);
  const fitting = Math.floor(o.budgetMs / each);
  const cap = Math.max(1, Math.floor(o.capMs / each));
  return Math.max(1, Math.min(cap, Math.max(o.minRuns, Math.min(o.maxRuns, fitting))));
}
