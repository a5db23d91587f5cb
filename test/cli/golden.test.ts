/**
 * Golden tests of every output format through the real CLI: `golden/fixture/` is linted (a copy,
 * in a temp folder, with a configuration that keeps only websocket-http-version on, so rules added
 * later do not change the output) and the output is compared with `golden/<name>`. The fixture has
 * an error and a fixable finding (sites-enabled/chat), a warning (sites-enabled/legacy, through
 * `overrides`) and a parse error (broken.conf).
 *
 * The temp folder becomes `<ROOT>` and ngxlint's version `<VERSION>` before comparing. To accept
 * new output after a deliberate change: `UPDATE_GOLDEN=1 npx jest test/cli/golden`, then read the
 * diff of golden/.
 */
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import * as fs from 'fs';
import * as path from 'path';
import { onlyRulesConfig, REPO_ROOT, removeTempDirs, runCli, tempDir, type CliRun } from '../support/cli';
import { RULE } from './fixtures';

afterAll(removeTempDirs);

const GOLDEN = path.join(__dirname, 'golden');
const FIXTURE = path.join(GOLDEN, 'fixture');
const VERSION = (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const UPDATE = process.env.UPDATE_GOLDEN === '1';

let root: string;
beforeAll(() => {
  root = tempDir();
  fs.cpSync(FIXTURE, root, { recursive: true });
  fs.writeFileSync(
    path.join(root, '.ngxlintrc.json'),
    JSON.stringify({ rules: onlyRulesConfig(RULE), overrides: [{ files: 'sites-enabled/legacy', rules: { [RULE]: 'warn' } }] }, null, 2),
  );
});

function lint(args: string[], env: NodeJS.ProcessEnv = {}): CliRun {
  const run = runCli([...args, '.'], { cwd: root, env });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(1);
  return run;
}

function normalize(text: string): string {
  return text.split(root).join('<ROOT>').split(`"${VERSION}"`).join('"<VERSION>"');
}

/** Compares with golden/<name> (or writes it with UPDATE_GOLDEN=1). */
function expectGolden(name: string, actual: string): void {
  const file = path.join(GOLDEN, name);
  if (UPDATE || !fs.existsSync(file)) {
    if (!UPDATE) throw new Error(`golden/${name} is missing; run UPDATE_GOLDEN=1 npx jest test/cli/golden`);
    fs.writeFileSync(file, actual);
    return;
  }
  expect(actual).toBe(fs.readFileSync(file, 'utf8'));
}

test('stylish (the default), without color', () => {
  const run = lint([]);
  expectGolden('stylish.txt', normalize(run.stdout));
  expect(run.stdout).not.toContain('\u001b[');
  expect(lint(['-f', 'stylish']).stdout).toBe(run.stdout);
});

test('stylish with color', () => {
  const run = lint(['--color']);
  expectGolden('stylish-color.txt', normalize(run.stdout));
  expect(run.stdout.replace(/\u001b\[[0-9;]*m/g, '')).toBe(lint([]).stdout);
});

test('compact', () => {
  expectGolden('compact.txt', normalize(lint(['-f', 'compact']).stdout));
});

test('github', () => {
  expectGolden('github.txt', normalize(lint(['-f', 'github']).stdout));
});

test('json, parsed', () => {
  const run = lint(['-f', 'json']);
  const parsed = JSON.parse(run.stdout) as Array<{ filePath: string; messages: unknown[] }>;
  expect(parsed.map((r) => path.relative(root, r.filePath))).toEqual(['broken.conf', 'nginx.conf', 'sites-enabled/chat', 'sites-enabled/legacy']);
  expectGolden('json.json', normalize(JSON.stringify(parsed, null, 2)) + '\n');
});

test('sarif, parsed and valid against the SARIF 2.1.0 schema', () => {
  const run = lint(['-f', 'sarif']);
  const log = JSON.parse(run.stdout) as { version: string; runs: Array<{ tool: { driver: { name: string; rules: Array<{ id: string }> } }; results: unknown[] }> };
  const ajv = new Ajv({ allErrors: true });
  addFormats(ajv);
  const validate = ajv.compile(JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'test', 'report', 'sarif-schema-2.1.0.json'), 'utf8')) as object);
  expect(validate(log) ? [] : validate.errors).toEqual([]);
  expect(log.version).toBe('2.1.0');
  expect(log.runs[0].tool.driver.name).toBe('ngxlint');
  // Only the rules that ran are listed (and parse-error, which has a result).
  expect(log.runs[0].tool.driver.rules.map((r) => r.id).sort()).toEqual(['parse-error', RULE]);
  expect(log.runs[0].results).toHaveLength(3);
  expectGolden('sarif.json', normalize(JSON.stringify(log, null, 2)) + '\n');
});

test('-o writes the same bytes the format prints', () => {
  for (const [format, name] of [['compact', 'compact.txt'], ['github', 'github.txt']]) {
    const out = path.join(root, '..', `${path.basename(root)}-${format}.out`);
    const run = runCli(['-f', format, '-o', out, '.'], { cwd: root });
    expect(run).toEqual({ status: 1, stdout: '', stderr: '' });
    expectGolden(name, normalize(fs.readFileSync(out, 'utf8')));
    fs.rmSync(out);
  }
});
