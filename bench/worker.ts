/**
 * One in-process measurement, run in a fresh child process (its own heap and JIT state):
 *
 *   node --expose-gc dist/bench/worker.js <task> <file> <maxRuns> <budgetMs> [minRuns] [slowMs] [capMs] [timeoutMs]
 *
 * task: `parse` (parseConfig, the parser API), `lint` (the Node API's lint() with its defaults), `lint-every-rule` (the same with every rule module found in rules/, also
 * those not registered in RULES yet), `fix` (fixConfig, safe fixes: what --fix-dry-run computes).
 * One untimed warm-up run first; then as many timed runs as fit in the budget (at least minRuns,
 * at most maxRuns), with a full GC between runs so one run's garbage is not charged to the next.
 * A warm-up slower than slowMs is not repeated: it is reported as the only (cold) run. The timed runs
 * never take much more than capMs together (fewer than minRuns when each takes long).
 * Prints one line of JSON: { times (wall ms), cpuTimes (user + system ms), maxRSSKB, detail }.
 */
import * as fs from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { parseConfig, type ParseOptions } from '../src/parse/config';
import { lintConfig, type EngineOptions } from '../src/lint/engine';
import { lint } from '../src/index';
import { fixConfig } from '../src/fix/fix-loop';
import { runCount } from './run-count';

/**
 * What src/index.ts's parseOptions({}) gives: snippet context inferred, includes followed, no
 * crossplane payload (the linter reads the syntax tree).
 */
export function apiParseOptions(): ParseOptions {
  return { includeRoot: undefined, mainContext: 'infer', single: false, sources: undefined, payload: false };
}

/** What src/index.ts's engineOptions({}) gives: every rule at its default level, no target version. */
export function apiEngineOptions(): EngineOptions {
  const { RULES } = require('../rules/index') as typeof import('../rules/index');
  return {
    rules: RULES,
    ruleSettings: new Map(),
    settings: { target: { version: undefined }, websocket: { paths: [], heuristics: true } },
  };
}

/** RULES plus every other rule module in the rules folder (a default export with meta.id and create). */
export function everyRuleModule(): EngineOptions['rules'] {
  const { RULES } = require('../rules/index') as typeof import('../rules/index');
  const byId = new Map(RULES.map((r) => [r.meta.id, r] as const));
  const dir = path.join(__dirname, '..', 'rules');
  for (const name of fs.readdirSync(dir).sort()) {
    if (!name.endsWith('.js') || name === 'index.js') continue;
    try {
      const loaded = require(path.join(dir, name)) as { default?: unknown };
      const rule = (loaded.default ?? loaded) as EngineOptions['rules'][number];
      if (rule?.meta?.id && typeof rule.create === 'function' && !byId.has(rule.meta.id)) byId.set(rule.meta.id, rule);
    } catch {
      // a rule being written may not load yet
    }
  }
  return [...byId.values()];
}

/** A task returns figures to print and its result (kept alive through the GC before the next run). */
type Task = (file: string) => { detail: Record<string, number>; result: unknown };

const TASKS: Record<string, Task> = {
  parse(file) {
    const config = parseConfig(file, {});
    let errors = 0;
    for (const f of config.files) errors += f.errors.length;
    return { detail: { files: config.files.length, parseErrors: errors }, result: config };
  },
  lint(file) {
    // The Node API itself, so the measurement cannot drift from what users call.
    const results = lint(file);
    let findings = 0;
    for (const result of results) findings += result.findings.length;
    return { detail: { files: results.length, findings, rules: apiEngineOptions().rules.length }, result: results };
  },
  'lint-every-rule'(file) {
    const engineOptions = { ...apiEngineOptions(), rules: everyRuleModule() };
    const result = lintConfig(file, apiParseOptions(), engineOptions);
    return { detail: { files: result.config.files.length, findings: result.findings.length, rules: engineOptions.rules.length }, result };
  },
  fix(file) {
    const result = fixConfig(file, apiParseOptions(), apiEngineOptions(), ['safe']);
    return {
      detail: { fixedFiles: result.files.length, applied: result.applied.length, passes: result.passes, remaining: result.result.findings.length },
      result,
    };
  },
};

function main(argv: string[]): void {
  const [taskName, file, maxRunsText, budgetText, minRunsText, slowText, capText, timeoutText] = argv;
  const task = TASKS[taskName];
  if (!task || !file) {
    process.stderr.write(`usage: worker.js <${Object.keys(TASKS).join('|')}> <file> <maxRuns> <budgetMs> [minRuns]\n`);
    process.exit(2);
  }
  const maxRuns = Number(maxRunsText ?? 5);
  const budgetMs = Number(budgetText ?? 10000);
  const minRuns = Number(minRunsText ?? 3);
  const slowMs = Number(slowText ?? 30000);
  const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

  gc();
  const warmupCpu = process.cpuUsage();
  let start = performance.now();
  const warmup = task(file); // warm-up: compiles the hot paths, fills the page cache
  const detail = warmup.detail;
  const warmupMs = performance.now() - start;
  const timeoutMs = Number(timeoutText ?? Infinity);
  if (warmupMs >= Math.min(slowMs, 0.4 * timeoutMs)) {
    const cpu = process.cpuUsage(warmupCpu);
    const cpuTimes = [(cpu.user + cpu.system) / 1000];
    process.stdout.write(JSON.stringify({ times: [warmupMs], cpuTimes, warmupMs, slow: true, maxRSSKB: process.resourceUsage().maxRSS, detail }) + '\n');
    return;
  }
  // The parent stops this process at timeoutMs: the timed runs must fit in what is left.
  const capMs = Math.min(Number(capText ?? 60000), 0.8 * timeoutMs - warmupMs);
  const runs = runCount(warmupMs, { minRuns, maxRuns, budgetMs, capMs });
  const times: number[] = [];
  const cpuTimes: number[] = [];
  // The previous run's result stays alive through the full GC before the next run, and is dropped
  // only then. With no instance of a class left alive, V8 also collects its hidden classes, which
  // discards the type feedback and the optimized code that depend on them: every run would start
  // cold again (re-optimizing the lexer each time), which a process that keeps working does not.
  let previous: unknown = warmup.result;
  for (let i = 0; i < runs; i++) {
    gc();
    previous = undefined;
    const cpuStart = process.cpuUsage();
    start = performance.now();
    previous = task(file).result;
    times.push(performance.now() - start);
    const cpu = process.cpuUsage(cpuStart);
    cpuTimes.push((cpu.user + cpu.system) / 1000);
  }
  process.stdout.write(JSON.stringify({ times, cpuTimes, warmupMs, maxRSSKB: process.resourceUsage().maxRSS, detail }) + '\n');
  void previous;
}

if (require.main === module) main(process.argv.slice(2));
