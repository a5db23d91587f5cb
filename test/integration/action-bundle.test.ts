/**
 * dist-action/ is committed (a runner runs the action from a checkout, without npm install or a
 * build): it must be exactly what scripts/build-action.js builds from the current dist/ (which
 * `npm test` builds first) and node_modules/.
 */
import * as fs from 'fs';
import * as path from 'path';
import { REPO_ROOT } from './support';

const { buildActionBundle, OUT_DIR } = require(path.join(REPO_ROOT, 'scripts', 'build-action.js')) as {
  buildActionBundle: (root?: string) => Record<string, string>;
  OUT_DIR: string;
};

const REBUILD = '`npm run build && node scripts/build-action.js`';

describe('dist-action/ (the GitHub Action bundle)', () => {
  const built = buildActionBundle(REPO_ROOT);

  it.each(Object.keys(built))('%s is up to date, byte for byte', (name) => {
    const file = path.join(REPO_ROOT, OUT_DIR, name);
    if (!fs.existsSync(file)) throw new Error(`${OUT_DIR}/${name} is missing: run ${REBUILD} and commit it`);
    const committed = fs.readFileSync(file, 'utf8');
    if (committed !== built[name]) {
      const lines = committed.split('\n');
      const want = built[name].split('\n');
      const at = want.findIndex((line, i) => line !== lines[i]);
      throw new Error(
        `${OUT_DIR}/${name} is stale (first difference at line ${at + 1}): run ${REBUILD} and commit it\n` +
          `  committed: ${JSON.stringify(lines[at])?.slice(0, 200)}\n  built:     ${JSON.stringify(want[at])?.slice(0, 200)}`,
      );
    }
  });

  it('holds the action, its dependencies and nothing of the command line parser', () => {
    const ids = [...built['index.js'].matchAll(/^"([^"]+)": \[function \(module, exports, require, __filename, __dirname\) \{$/gm)].map((m) => m[1]);
    expect(ids[0]).toBe('dist/src/action/main.js');
    expect(ids).toContain('dist/src/cli/lint-command.js');
    expect(ids).toContain('dist/src/report/github.js');
    expect(ids.some((id) => id.startsWith('node_modules/zod/'))).toBe(true);
    expect(ids.filter((id) => /node_modules\/(yargs|typescript|jest)\//.test(id))).toEqual([]);
    expect(built['LICENSES.txt']).toContain('zod@');
  });
});
