/**
 * ngxlint's benchmark (`npm run bench`): generates deterministic inputs into bench/generated/,
 * measures the parser, the linter, the fixer and the CLI on them, compares with `nginx -t` when
 * nginx is installed, prints a table with the targets (✓/✗) and writes bench/results.json.
 * It is a report, not a test: it exits 0 whatever it measures (2 only when it cannot run at all).
 *
 *   node dist/bench/parse-bench.js [--quick] [--no-nginx] [--runs N] [--budget SECONDS] [--timeout SECONDS]
 *
 * See bench/README.md.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ensureInputs, type GeneratedInputs } from './generate';
import { runCount } from './run-count';

// ---------------------------------------------------------------------------------------------
// Options and paths

interface BenchOptions {
  /** Timed runs at most per measurement (the budget may allow fewer; never fewer than minRuns). */
  maxRuns: number;
  minRuns: number;
  /** Time budget per measurement, ms. */
  budgetMs: number;
  /** A first run slower than this is not repeated (reported as one cold run); ms. */
  slowMs: number;
  /** The timed runs of one measurement take about this long at most (fewer runs than minRuns if need be); ms. */
  capMs: number;
  /** A child process running longer than this is stopped; its time is reported as "> timeout"; ms. */
  timeoutMs: number;
  nginx: boolean;
}

function parseArgs(argv: string[]): BenchOptions {
  const options: BenchOptions = { maxRuns: 15, minRuns: 5, budgetMs: 8000, slowMs: 30000, capMs: 60000, timeoutMs: 120000, nginx: true };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--quick') Object.assign(options, { maxRuns: 5, minRuns: 3, budgetMs: 2500, slowMs: 10000, capMs: 20000, timeoutMs: 60000 });
    else if (arg === '--no-nginx') options.nginx = false;
    else if (arg === '--runs') options.maxRuns = Math.max(1, Number(argv[++i]));
    else if (arg === '--budget') options.budgetMs = Math.max(0, Number(argv[++i]) * 1000);
    else if (arg === '--timeout') options.timeoutMs = Math.max(1, Number(argv[++i]) * 1000);
    else if (arg === '--help' || arg === '-h') {
      process.stdout.write('usage: node dist/bench/parse-bench.js [--quick] [--no-nginx] [--runs N] [--budget SECONDS] [--timeout SECONDS]\n');
      process.exit(0);
    } else {
      process.stderr.write(`parse-bench: unknown option ${arg}\n`);
      process.exit(2);
    }
  }
  options.minRuns = Math.min(options.minRuns, options.maxRuns);
  return options;
}

/** The repository root: the nearest folder above this file with a package.json. */
function findRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error('cannot find the repository root (package.json)');
    dir = up;
  }
  return dir;
}

const ROOT = findRoot();
const CLI = path.join(ROOT, 'dist', 'src', 'cli', 'main.js');
const WORKER = path.join(__dirname, 'worker.js');
const RSS_HOOK = path.join(__dirname, 'rss-hook.js');
const RESULTS = path.join(ROOT, 'bench', 'results.json');
const GENERATED = path.join(ROOT, 'bench', 'generated');

// ---------------------------------------------------------------------------------------------
// Statistics and formatting

interface Stats {
  median: number;
  min: number;
  max: number;
  runs: number;
  /** Median CPU time (user + system) of the runs, ms: what the work costs when the machine is busy. */
  cpuMedian?: number;
}

function medianOf(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  return n === 0 ? NaN : n % 2 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

function stats(values: number[], cpuTimes?: readonly (number | undefined)[]): Stats {
  const out: Stats = { median: medianOf(values), min: Math.min(...values), max: Math.max(...values), runs: values.length };
  if (cpuTimes && cpuTimes.length > 0 && cpuTimes.every((c) => c !== undefined)) out.cpuMedian = medianOf(cpuTimes as number[]);
  return out;
}

/** CPU time (user + system) of this process's waited-for children so far, ms (Linux: /proc/self/stat). */
function childrenCpuMs(): number | undefined {
  try {
    const stat = fs.readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields after the command: state is 3rd overall, so cutime (16th) and cstime (17th) are at 13 and 14 here.
    const ticks = Number(fields[13]) + Number(fields[14]);
    return Number.isFinite(ticks) ? ticks * 10 : undefined; // USER_HZ is 100 on Linux
  } catch {
    return undefined;
  }
}

function fmtMs(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 100) return `${ms.toFixed(0)} ms`;
  if (ms >= 10) return `${ms.toFixed(1)} ms`;
  return `${ms.toFixed(2)} ms`;
}

function fmtBytes(bytes: number): string {
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(bytes >= 1e7 ? 1 : 2)} MB`;
  if (bytes >= 1e3) return `${(bytes / 1e3).toFixed(1)} kB`;
  return `${bytes} B`;
}

function fmtKiB(kib: number): string {
  return `${((kib * 1024) / 1e6).toFixed(0)} MB`;
}

function markdownTable(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => [...(r[i] ?? '')].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c + ' '.repeat(widths[i] - [...c].length)).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

function log(message: string): void {
  process.stderr.write(message + '\n');
}

// ---------------------------------------------------------------------------------------------
// Measurements

interface Measurement extends Partial<Stats> {
  id: string;
  /** Set when the first run was so slow it was not repeated (one cold run). */
  slow?: boolean;
  /** Set when the run was stopped at the timeout: the time is a lower bound. */
  stopped?: boolean;
  what: string;
  input: string;
  inputBytes?: number;
  /** Peak RSS, KiB (the highest over the runs). */
  maxRSSKB?: number;
  note?: string;
  detail?: Record<string, unknown>;
  error?: string;
}

const measurements: Measurement[] = [];

function record(m: Measurement): Measurement {
  measurements.push(m);
  const summary = m.error
    ? `ERROR: ${m.error}`
    : m.stopped
      ? `stopped after ${fmtMs(m.median!)}`
      : m.slow
      ? `${fmtMs(m.median!)} (one run: too slow to repeat)`
      : `median ${fmtMs(m.median!)} (min ${fmtMs(m.min!)}, max ${fmtMs(m.max!)}, ${m.runs} runs)`;
  log(`  ${m.what} [${m.input}]: ${summary}${m.note ? ` — ${m.note}` : ''}`);
  return m;
}

/** An in-process measurement in a fresh worker process. */
type InProcessTask = 'parse' | 'lint' | 'lint-every-rule' | 'fix';

type InProcessResult = Partial<Stats> & { error?: string; maxRSSKB?: number; slow?: boolean; stopped?: boolean; detail?: Record<string, unknown> };

/** What a measurement stopped at the timeout reports: the timeout, as a lower bound. */
function stoppedAt(timeoutMs: number) {
  return { ...stats([timeoutMs]), slow: true, stopped: true };
}

function inProcess(task: InProcessTask, file: string, opts: BenchOptions, minRuns = opts.minRuns): InProcessResult {
  const child = spawnSync(
    process.execPath,
    ['--expose-gc', WORKER, task, file, String(opts.maxRuns), String(opts.budgetMs), String(Math.min(minRuns, opts.maxRuns)), String(opts.slowMs), String(opts.capMs), String(opts.timeoutMs)],
    // The worker fits its timed runs in the timeout; only a warm-up longer than that is stopped.
    { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: opts.timeoutMs, killSignal: 'SIGKILL' },
  );
  if (child.signal === 'SIGKILL') return stoppedAt(opts.timeoutMs);
  if (child.error || child.signal) return { error: `worker failed: ${child.signal ?? child.error?.message}` };
  if (child.status !== 0) {
    return { error: `worker exited with ${child.status ?? child.signal}: ${(child.stderr || '').trim().split('\n').slice(-3).join(' / ')}` };
  }
  const out = JSON.parse(child.stdout.trim().split('\n').pop()!) as {
    times: number[];
    cpuTimes: number[];
    maxRSSKB: number;
    detail: Record<string, unknown>;
    warmupMs: number;
    slow?: boolean;
  };
  return { ...stats(out.times, out.cpuTimes), maxRSSKB: out.maxRSSKB, slow: !!out.slow, detail: { ...out.detail, warmupMs: Math.round(out.warmupMs) } };
}

interface ProcessRun {
  ms: number;
  /** The child's CPU time (user + system), ms, 10 ms resolution. */
  cpuMs?: number;
  /** Stopped at the timeout. */
  stopped?: boolean;
  status: number | null;
  stderr: string;
  maxRSSKB?: number;
  modules?: string[];
}

/** `unset`: environment variables the child runs without. */
function runProcess(command: string, args: string[], hook: boolean, timeoutMs: number, unset: readonly string[] = []): ProcessRun {
  const reportFile = hook ? path.join(os.tmpdir(), `ngxlint-bench-${process.pid}.json`) : undefined;
  const env: NodeJS.ProcessEnv = reportFile ? { ...process.env, NGXLINT_BENCH_REPORT: reportFile } : { ...process.env };
  for (const name of unset) delete env[name];
  const cpuBefore = childrenCpuMs();
  const start = process.hrtime.bigint();
  const child = spawnSync(command, args, {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: timeoutMs,
    killSignal: 'SIGKILL',
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const cpuAfter = childrenCpuMs();
  const run: ProcessRun = { ms, status: child.status, stderr: child.signal ? `killed by ${child.signal}` : (child.stderr ?? String(child.error ?? '')) };
  if (child.signal === 'SIGKILL' && ms >= timeoutMs * 0.99) run.stopped = true;
  if (cpuBefore !== undefined && cpuAfter !== undefined) run.cpuMs = cpuAfter - cpuBefore;
  if (reportFile && fs.existsSync(reportFile)) {
    const report = JSON.parse(fs.readFileSync(reportFile, 'utf8')) as { maxRSSKB: number; modules: string[] };
    fs.rmSync(reportFile, { force: true });
    run.maxRSSKB = report.maxRSSKB;
    run.modules = report.modules;
  }
  return run;
}

/**
 * Runs a command repeatedly: one untimed warm-up run, then as many runs as fit the budget.
 * `ok` decides whether a run's exit status is a success (a lint with findings exits 1).
 */
function repeat(
  command: string,
  args: string[],
  opts: BenchOptions,
  settings: { hook?: boolean; ok?: (run: ProcessRun) => boolean; minRuns?: number; maxRuns?: number; unset?: readonly string[] } = {},
): Partial<Stats> & { maxRSSKB?: number; error?: string; slow?: boolean; stopped?: boolean } {
  const ok = settings.ok ?? ((r: ProcessRun) => r.status === 0);
  const maxRuns = settings.maxRuns ?? opts.maxRuns;
  const minRuns = Math.min(settings.minRuns ?? opts.minRuns, maxRuns);
  const failure = (r: ProcessRun) => ({ error: `exit ${r.status}: ${r.stderr.trim().split('\n').slice(0, 3).join(' / ')}` });
  const warmup = runProcess(command, args, !!settings.hook, opts.timeoutMs, settings.unset);
  if (warmup.stopped) return stoppedAt(opts.timeoutMs);
  if (!ok(warmup)) return failure(warmup);
  if (warmup.ms >= opts.slowMs) return { ...stats([warmup.ms], [warmup.cpuMs]), maxRSSKB: warmup.maxRSSKB, slow: true };
  const runs = runCount(warmup.ms, { minRuns, maxRuns, budgetMs: opts.budgetMs, capMs: opts.capMs });
  const times: number[] = [];
  const cpuTimes: Array<number | undefined> = [];
  let maxRSSKB = warmup.maxRSSKB;
  while (times.length < runs) {
    const run = runProcess(command, args, !!settings.hook, opts.timeoutMs, settings.unset);
    if (run.stopped) return stoppedAt(opts.timeoutMs);
    if (!ok(run)) return failure(run);
    times.push(run.ms);
    cpuTimes.push(run.cpuMs);
    if (run.maxRSSKB !== undefined) maxRSSKB = Math.max(maxRSSKB ?? 0, run.maxRSSKB);
  }
  return { ...stats(times, cpuTimes), maxRSSKB };
}

/** Exit 0 (clean) and 1 (findings) are lint results; 2 is a crash or a usage error. */
const lintExit = (r: ProcessRun) => r.status === 0 || r.status === 1;

function findNginx(): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), '/usr/sbin', '/usr/local/sbin', '/sbin', '/usr/local/nginx/sbin'];
  for (const dir of dirs) {
    if (!dir) continue;
    const candidate = path.join(dir, 'nginx');
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

function cpuModel(): string {
  try {
    const match = /^model name\s*:\s*(.*)$/m.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'));
    if (match) return match[1].trim();
  } catch {
    // not Linux
  }
  return os.cpus()[0]?.model ?? 'unknown';
}

/** Modules a plain lint must not load (the issue: no directive docs, no SARIF, no diff code). */
const UNNEEDED_MODULES: ReadonlyArray<[string, RegExp]> = [
  ['SARIF formatter', /[\\/]report[\\/]sarif\.js$/],
  ['diff code', /[\\/]fix[\\/]diff\.js$|[\\/]node_modules[\\/]diff[\\/]/],
  ['directive docs', /@nginx[\\/]reference-lib|[\\/]rules[\\/][^\\/]+\.md$|directive-docs/],
  ['parse payload printer', /[\\/]cli[\\/]parse-command\.js$/],
  ['rule docs command', /[\\/]cli[\\/]rules-command\.js$/],
];

// ---------------------------------------------------------------------------------------------

interface Target {
  id: string;
  target: string;
  goal: string;
  measured: string;
  pass: boolean | null;
}

function main(): number {
  const opts = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(CLI) || !fs.existsSync(WORKER)) {
    log(`parse-bench: build first (npm run build): ${!fs.existsSync(CLI) ? CLI : WORKER} is missing`);
    return 2;
  }
  const startedAt = new Date();
  const loadBefore = os.loadavg();
  const inputs: GeneratedInputs = ensureInputs(GENERATED, undefined, log);
  const rel = (file: string) => path.relative(ROOT, file);
  const big = Object.fromEntries(inputs.big.map((b) => [b.label, b]));
  const six = big['6 MB'];
  const thirty = big['30 MB'];
  const nginx = opts.nginx ? findNginx() : undefined;
  const nginxVersion = nginx ? (spawnSync(nginx, ['-v'], { encoding: 'utf8' }).stderr || '').trim().replace(/^nginx version:\s*/, '') : undefined;
  const machine = {
    nproc: os.availableParallelism ? os.availableParallelism() : os.cpus().length,
    cpu: cpuModel(),
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    memory: fmtBytes(os.totalmem()),
    nginx: nginx ? `${nginxVersion} (${nginx})` : 'not found',
  };
  log(`ngxlint bench: ${machine.cpu}, ${machine.nproc} cores, node ${machine.node}; load average ${loadBefore.map((l) => l.toFixed(2)).join(' ')}`);
  log(`inputs: ${inputs.big.map((b) => `${rel(b.file)} (${fmtBytes(b.bytes)})`).join(', ')}, ${rel(inputs.small)}, ${rel(inputs.tree.dir)}/ (${inputs.tree.files} files)`);

  // 1. Cold start of the CLI on one small file (the pre-commit case), and bare node for scale.
  log('cold start');
  const smallBytes = fs.statSync(inputs.small).size;
  const coldOpts = { ...opts, maxRuns: Math.max(opts.maxRuns, 20), minRuns: Math.max(opts.minRuns, 10) };
  const nodeBare = repeat(process.execPath, ['-e', ''], coldOpts);
  record({ id: 'node-startup', what: 'node -e "" (for scale)', input: '—', ...nodeBare });
  const cold = repeat(process.execPath, [CLI, rel(inputs.small)], coldOpts, { ok: lintExit });
  const coldRecord = record({ id: 'cli-cold-small', what: 'CLI cold start, one small file', input: `small.conf (${fmtBytes(smallBytes)})`, inputBytes: smallBytes, ...cold });
  // NODE_EXTRA_CA_CERTS makes every Node process read and decode that CA bundle before running
  // any code (seen here: 144 certificates, about 45 ms of a bare `node -e ""`). It is set on some
  // machines for TLS through a proxy, which a linter never uses: the start is measured both ways.
  const caUnset = process.env.NODE_EXTRA_CA_CERTS ? ['NODE_EXTRA_CA_CERTS'] : [];
  let coldClean: Measurement | undefined;
  let bareClean: Measurement | undefined;
  if (caUnset.length > 0) {
    const bare = repeat(process.execPath, ['-e', ''], coldOpts, { unset: caUnset });
    bareClean = record({ id: 'node-startup-no-extra-ca', what: 'node -e "" without NODE_EXTRA_CA_CERTS', input: '—', ...bare });
    const clean = repeat(process.execPath, [CLI, rel(inputs.small)], coldOpts, { ok: lintExit, unset: caUnset });
    coldClean = record({
      id: 'cli-cold-small-no-extra-ca',
      what: 'CLI cold start without NODE_EXTRA_CA_CERTS',
      input: `small.conf (${fmtBytes(smallBytes)})`,
      inputBytes: smallBytes,
      ...clean,
    });
  }
  const coldModules = runProcess(process.execPath, ['-r', RSS_HOOK, CLI, rel(inputs.small)], true, opts.timeoutMs).modules ?? [];
  const ownModules = coldModules.filter((m) => m.startsWith(path.join(ROOT, 'dist') + path.sep)).map((m) => path.relative(path.join(ROOT, 'dist'), m));
  const packages = [...new Set(coldModules.map((m) => /node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)/.exec(m)?.[1]).filter((p): p is string => !!p))].sort();
  const unneeded = UNNEEDED_MODULES.filter(([, re]) => coldModules.some((m) => re.test(m))).map(([name]) => name);
  coldRecord.detail = { modules: coldModules.length, ownModules: ownModules.length, packages, unneededLoaded: unneeded, ownModuleList: ownModules };
  const direct = Object.keys((JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { dependencies?: object }).dependencies ?? {});
  const directLoaded = packages.filter((p) => direct.includes(p));
  const fromPackages = coldModules.filter((m) => /node_modules/.test(m)).length;
  coldRecord.note =
    `${coldModules.length} modules: ${ownModules.length} of ngxlint, ${fromPackages} from ${packages.length} packages` +
    (directLoaded.length > 0 ? ` (${directLoaded.join(', ')} and ${directLoaded.length === 1 ? 'its' : 'their'} dependencies)` : '');

  // 2. In process: parse, lint (every rule), fix.
  log('in process (fresh worker per measurement, 1 warm-up run, full GC between runs)');
  const perSize = (task: InProcessTask, what: string, labels: string[]) => {
    const out: Record<string, Measurement> = {};
    for (const label of labels) {
      const input = big[label];
      const r = inProcess(task, input.file, opts, label === '30 MB' ? 3 : opts.minRuns);
      const m: Measurement = { id: `${task}-${label.replace(/\s+/g, '').toLowerCase()}`, what, input: label, inputBytes: input.bytes, ...r };
      if (task === 'parse' && m.median) m.note = `${(input.bytes / 1e6 / (m.median / 1000)).toFixed(1)} MB/s`;
      if (task.startsWith('lint') && m.detail) m.note = `${m.detail.findings} findings, ${m.detail.rules} rules`;
      if (task === 'fix' && m.detail) m.note = `${m.detail.applied} fixes in ${m.detail.passes} passes, ${m.detail.remaining} findings left`;
      out[label] = record(m);
    }
    return out;
  };
  const sizes = inputs.big.map((b) => b.label);
  const parse = perSize('parse', 'parse only (parseConfig)', sizes);
  const lint = perSize('lint', 'lint, all rules (Node API lint())', sizes);
  perSize('fix', 'fix, safe fixes (fixConfig = --fix-dry-run)', ['1 MB', '6 MB']);
  // Rules written but not registered in RULES yet: what lint will cost once they are.
  const registered = Number(lint['1 MB']?.detail?.rules ?? 0);
  const probe = inProcess('lint-every-rule', big['1 MB'].file, { ...opts, maxRuns: 1, minRuns: 1 }, 1);
  let everyRule: Record<string, Measurement> = {};
  if (!probe.error && Number(probe.detail?.rules ?? 0) > registered) {
    everyRule = perSize('lint-every-rule', `lint, every rule module in rules/ (${probe.detail?.rules}, incl. unregistered)`, ['1 MB', '6 MB']);
  }

  // 3. The whole CLI process, with its peak RSS.
  log('whole CLI process');
  const cliRuns: Record<string, Measurement> = {};
  for (const label of sizes) {
    const input = big[label];
    const r = repeat(process.execPath, ['-r', RSS_HOOK, CLI, rel(input.file)], opts, { hook: true, ok: lintExit, minRuns: label === '30 MB' ? 3 : opts.minRuns });
    const m: Measurement = { id: `cli-${label.replace(/\s+/g, '').toLowerCase()}`, what: 'CLI, whole process (lint)', input: label, inputBytes: input.bytes, ...r };
    if (m.maxRSSKB) m.note = `peak RSS ${fmtKiB(m.maxRSSKB)} = ${((m.maxRSSKB * 1024) / input.bytes).toFixed(1)}× input`;
    cliRuns[label] = record(m);
  }
  const dry = repeat(process.execPath, [CLI, '--fix-dry-run', rel(six.file)], { ...opts, maxRuns: Math.min(opts.maxRuns, 5) }, { ok: lintExit, minRuns: 3 });
  record({ id: 'cli-fix-dry-run-6mb', what: 'CLI --fix-dry-run (with diff)', input: '6 MB', inputBytes: six.bytes, ...dry });

  log('config tree');
  const treeRel = rel(inputs.tree.dir);
  const tree = repeat(process.execPath, ['-r', RSS_HOOK, CLI, treeRel], opts, { hook: true, ok: lintExit });
  const treeRecord = record({
    id: 'cli-tree-folder',
    what: `CLI on a folder of ${inputs.tree.files} files`,
    input: `${treeRel}/ (${fmtBytes(inputs.tree.bytes)})`,
    inputBytes: inputs.tree.bytes,
    ...tree,
  });
  if (treeRecord.maxRSSKB) treeRecord.note = `peak RSS ${fmtKiB(treeRecord.maxRSSKB)}`;
  const treeMain = repeat(process.execPath, [CLI, path.join(treeRel, inputs.tree.main)], opts, { ok: lintExit });
  record({ id: 'cli-tree-main', what: 'CLI on the tree\'s nginx.conf (includes followed)', input: `${treeRel}/nginx.conf`, inputBytes: inputs.tree.bytes, ...treeMain });

  // 4. nginx -t on the same 6 MB file, in a throw-away prefix.
  let nginxResult: Measurement | undefined;
  let nginxTree: Measurement | undefined;
  if (nginx) {
    log(`nginx -t (${nginx})`);
    const prefix = fs.mkdtempSync(path.join(os.tmpdir(), 'ngxlint-bench-nginx-'));
    try {
      fs.mkdirSync(path.join(prefix, 'logs'));
      const nginxArgs = (conf: string) => ['-t', '-p', prefix + path.sep, '-c', conf, '-g', `pid ${path.join(prefix, 'nginx.pid')}; error_log ${path.join(prefix, 'error.log')};`];
      const accepted = (r: ProcessRun) => r.status === 0 && /test is successful/.test(r.stderr);
      const sixRun = repeat(nginx, nginxArgs(six.file), { ...opts, maxRuns: Math.min(opts.maxRuns, 5) }, { ok: accepted, minRuns: 3 });
      nginxResult = record({ id: 'nginx-t-6mb', what: 'nginx -t (same 6 MB file)', input: '6 MB', inputBytes: six.bytes, ...sixRun });
      const treeRun = repeat(nginx, nginxArgs(path.join(inputs.tree.dir, inputs.tree.main)), { ...opts, maxRuns: Math.min(opts.maxRuns, 5) }, { ok: accepted, minRuns: 3 });
      nginxTree = record({ id: 'nginx-t-tree', what: 'nginx -t (the tree\'s nginx.conf)', input: `${treeRel}/nginx.conf`, inputBytes: inputs.tree.bytes, ...treeRun });
    } finally {
      fs.rmSync(prefix, { recursive: true, force: true });
    }
  } else {
    log(opts.nginx ? 'nginx not found: no nginx -t comparison' : 'nginx -t comparison skipped (--no-nginx)');
  }

  // 5. Targets. A measurement stopped at the timeout gives a bound, shown as "> …" (or "< …" for MB/s).
  const targets: Target[] = [];
  interface Bound {
    value: number;
    /** The true value is above (for times and ratios) or below (for throughput) this one. */
    bound?: '>' | '<';
  }
  const check = (id: string, target: string, goal: string, value: Bound | undefined, pass: (v: number) => boolean, show: (v: number) => string) => {
    const known = value !== undefined && Number.isFinite(value.value);
    // A bound that misses the goal is a miss; one that meets it says nothing.
    const verdict = !known ? null : pass(value.value) ? (value.bound ? null : true) : false;
    targets.push({
      id,
      target,
      goal,
      measured: known ? `${value.bound ? value.bound + ' ' : ''}${show(value.value)}${value.bound ? ' (stopped)' : ''}` : 'not measured',
      pass: verdict,
    });
  };
  const timeOf = (m: Measurement | undefined): Bound | undefined =>
    m && !m.error && m.median !== undefined ? { value: m.median, bound: m.stopped ? '>' : undefined } : undefined;
  const mbps = (m: Measurement | undefined): Bound | undefined => {
    const t = timeOf(m);
    return t ? { value: m!.inputBytes! / 1e6 / (t.value / 1000), bound: t.bound ? '<' : undefined } : undefined;
  };
  const ratio = (a?: Measurement, b?: Measurement): Bound | undefined => {
    const ta = timeOf(a);
    const tb = timeOf(b);
    if (!ta || !tb || tb.bound) return undefined;
    return { value: ta.value / tb.value, bound: ta.bound };
  };
  const ms = (v: number) => fmtMs(v);
  check('parse-throughput', 'parse throughput, 6 MB', '≥ 30 MB/s', mbps(parse['6 MB']), (v) => v >= 30, (v) => `${v.toFixed(1)} MB/s`);
  check('lint-6mb', `lint (all ${lint['6 MB']?.detail?.rules ?? ''} rules) 6 MB, in process`, '≤ 0.25 s', timeOf(lint['6 MB']), (v) => v <= 250, ms);
  if (everyRule['6 MB']) {
    check('lint-6mb-every-rule', `lint 6 MB with all ${everyRule['6 MB'].detail?.rules} rule modules (preview)`, '≤ 0.25 s', timeOf(everyRule['6 MB']), (v) => v <= 250, ms);
  }
  check('cli-6mb', 'whole CLI on 6 MB, wall', '≤ 0.5 s', timeOf(cliRuns['6 MB']), (v) => v <= 500, ms);
  check('cold-start', `CLI cold start, one small file${coldClean ? ' (environment as is)' : ''}`, '≤ 100 ms', timeOf(coldRecord), (v) => v <= 100, ms);
  if (coldClean) check('cold-start-no-extra-ca', 'CLI cold start, NODE_EXTRA_CA_CERTS unset', '≤ 100 ms', timeOf(coldClean), (v) => v <= 100, ms);
  targets.push({
    id: 'cold-start-modules',
    target: 'plain lint loads no docs, SARIF, diff',
    goal: 'none loaded',
    measured: unneeded.length === 0 ? 'none loaded' : `loads: ${unneeded.join(', ')}`,
    pass: unneeded.length === 0,
  });
  const sizeRatio = thirty.bytes / six.bytes;
  const times = (v: number) => `${v.toFixed(2)}×`;
  check('linear-parse', `parse 30 MB / 6 MB (sizes ×${sizeRatio.toFixed(2)})`, '≤ 5.5×', ratio(parse['30 MB'], parse['6 MB']), (v) => v <= 5.5, times);
  check('linear-lint', `lint 30 MB / 6 MB (sizes ×${sizeRatio.toFixed(2)})`, '≤ 5.5×', ratio(lint['30 MB'], lint['6 MB']), (v) => v <= 5.5, times);
  check('linear-cli', `CLI 30 MB / 6 MB (sizes ×${sizeRatio.toFixed(2)})`, '≤ 5.5×', ratio(cliRuns['30 MB'], cliRuns['6 MB']), (v) => v <= 5.5, times);
  for (const label of ['6 MB', '30 MB']) {
    const m = cliRuns[label];
    const rss = m.maxRSSKB ? { value: (m.maxRSSKB * 1024) / m.inputBytes! } : undefined;
    if (!rss && m.stopped) {
      targets.push({ id: `memory-${label.replace(/\s+/g, '').toLowerCase()}`, target: `peak RSS, CLI on ${label}`, goal: '≤ 12× input', measured: 'not measured (stopped)', pass: null });
      continue;
    }
    check(`memory-${label.replace(/\s+/g, '').toLowerCase()}`, `peak RSS, CLI on ${label}`, '≤ 12× input', rss, (v) => v <= 12, (v) => `${fmtKiB(m.maxRSSKB!)} = ${v.toFixed(1)}×`);
  }
  check('tree', `CLI on ${inputs.tree.files} files (folder)`, '≤ 2 s', timeOf(treeRecord), (v) => v <= 2000, ms);

  const nginxRatio = nginxResult?.median && cliRuns['6 MB'].median ? nginxResult.median / cliRuns['6 MB'].median : undefined;
  const loadAfter = os.loadavg();

  // 6. Report.
  const rows = measurements.map((m) => [
    m.what,
    m.input,
    m.error ? 'error' : m.stopped ? `> ${fmtMs(m.median!)}` : fmtMs(m.median!),
    m.error || m.stopped ? '' : fmtMs(m.min!),
    m.error || m.stopped ? '' : fmtMs(m.max!),
    m.error || m.cpuMedian === undefined ? '' : fmtMs(m.cpuMedian),
    m.error ? '' : m.stopped ? 'stopped' : m.slow ? '1 (slow)' : String(m.runs),
    m.error ? m.error.slice(0, 120) : (m.note ?? ''),
  ]);
  const targetRows = targets.map((t) => [t.target, t.goal, t.measured, t.pass === null ? '?' : t.pass ? '✓' : '✗']);
  const lines = [
    '',
    `Machine: ${machine.cpu}, nproc ${machine.nproc}, ${machine.memory} RAM, node ${machine.node}, ${machine.platform}, nginx ${machine.nginx}`,
    `Load average before/after: ${loadBefore.map((l) => l.toFixed(2)).join(' ')} / ${loadAfter.map((l) => l.toFixed(2)).join(' ')}`,
    '',
    markdownTable(['Measurement', 'Input', 'Median', 'Min', 'Max', 'CPU', 'Runs', 'Notes'], rows),
    '',
    markdownTable(['Target', 'Goal', 'Measured', ''], targetRows),
    '',
  ];
  if (nginxResult && !nginxResult.error) {
    const cli6 = cliRuns['6 MB'];
    const more = cli6.stopped ? 'more than ' : '';
    lines.push(
      `nginx -t on the 6 MB file: ${fmtMs(nginxResult.median!)}; ngxlint CLI on it: ${more}${fmtMs(cli6.median!)}` +
        (nginxRatio ? ` → ngxlint takes ${more}${(1 / nginxRatio).toFixed(2)}× the time of nginx -t (nginx -t / ngxlint = ${cli6.stopped ? '< ' : ''}${nginxRatio.toFixed(2)}×)` : ''),
    );
    if (nginxTree?.median && treeRecord.median) {
      lines.push(`nginx -t on the ${inputs.tree.files}-file tree: ${fmtMs(nginxTree.median)}; ngxlint on the folder: ${fmtMs(treeRecord.median)}`);
    }
  } else if (nginxResult?.error) {
    lines.push(`nginx -t did not accept the 6 MB config: ${nginxResult.error}`);
  }
  if (coldClean && bareClean?.median && nodeBare.median) {
    lines.push(
      `NODE_EXTRA_CA_CERTS is set in this environment (${process.env.NODE_EXTRA_CA_CERTS}): every Node process decodes it before running any code. ` +
        `node -e "" took ${fmtMs(nodeBare.median)} with it and ${fmtMs(bareClean.median)} without; the CLI's cold start ${fmtMs(coldRecord.median!)} and ${fmtMs(coldClean.median!)}.`,
    );
  }
  const missed = targets.filter((t) => t.pass === false).length;
  lines.push(`${targets.length - missed} of ${targets.length} targets met.`, `Results: ${rel(RESULTS)}`, '');
  process.stdout.write(lines.join('\n'));

  const results = {
    startedAt: startedAt.toISOString(),
    durationSeconds: Math.round((Date.now() - startedAt.getTime()) / 1000),
    machine,
    loadAverage: { before: loadBefore, after: loadAfter },
    options: opts,
    inputs: {
      small: { file: rel(inputs.small), bytes: smallBytes },
      big: inputs.big.map((b) => ({ label: b.label, file: rel(b.file), bytes: b.bytes })),
      tree: { dir: treeRel, main: inputs.tree.main, files: inputs.tree.files, bytes: inputs.tree.bytes },
    },
    measurements,
    nginx: nginxResult ? { file: rel(six.file), medianMs: nginxResult.median, ngxlintCliMedianMs: cliRuns['6 MB'].median, nginxOverNgxlint: nginxRatio, error: nginxResult.error } : null,
    targets,
  };
  fs.writeFileSync(RESULTS, JSON.stringify(results, null, 2) + '\n');
  return 0;
}

if (require.main === module) {
  let code = 0;
  try {
    code = main();
  } catch (e) {
    process.stderr.write(`parse-bench: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    code = 2;
  }
  process.exitCode = code;
}
