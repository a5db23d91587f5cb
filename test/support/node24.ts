/**
 * The Node 24 the action test runs dist-action/index.js on (action.yml: `using: node24`), whatever
 * Node runs jest. scripts/ensure-test-tools.js (`pretest`) fetches it from the npm registry and
 * records it in node24.json; read here rather than searched for, so the test cannot quietly run
 * some other Node.
 */
import * as fs from 'fs';
import * as path from 'path';

export const NODE24_CACHE = path.resolve(__dirname, '..', '..', 'node_modules', '.cache', 'ngxlint-node24');

export interface Node24 {
  /** Absolute path of the binary. */
  bin: string;
  /** What it printed for `--version` when it was recorded, e.g. `v24.21.0`. */
  version: string;
  /** Where it came from: the npm package and its integrity. */
  from: string;
}

export function node24(): Node24 {
  const record = path.join(NODE24_CACHE, 'node24.json');
  const fix = 'run `node scripts/ensure-test-tools.js` (npm test runs it first)';
  if (!fs.existsSync(record)) throw new Error(`no Node 24 for the action test (${record} is missing): ${fix}`);
  const { bin, version, from } = JSON.parse(fs.readFileSync(record, 'utf8')) as Node24;
  const absolute = path.resolve(NODE24_CACHE, bin);
  if (!fs.existsSync(absolute)) throw new Error(`no Node 24 for the action test (${absolute}, recorded in ${record}, is missing): ${fix}`);
  return { bin: absolute, version, from };
}
