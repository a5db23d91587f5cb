/**
 * Preloaded into a CLI child (`node -r dist/bench/rss-hook.js dist/src/cli/main.js …`): at exit,
 * writes the process's peak RSS (getrusage's ru_maxrss, in KiB) and the modules it loaded to the
 * file named by NGXLINT_BENCH_REPORT. Adds no work to the process before that.
 */
import * as fs from 'fs';

const out = process.env.NGXLINT_BENCH_REPORT;
if (out) {
  process.on('exit', () => {
    const report = { maxRSSKB: process.resourceUsage().maxRSS, modules: Object.keys(require.cache) };
    fs.writeFileSync(out, JSON.stringify(report));
  });
}
