/**
 * The npm package as a consumer gets it: `npm pack` of a copy of the working tree (pack runs
 * `prepare`, which builds), `npm install ./ngxlint-x.y.z.tgz` into a fresh project (its
 * dependencies come from the npm registry), then the Node API from a CommonJS script and from
 * TypeScript (type-checked with this repository's tsc), and the CLI through node_modules/.bin and
 * npx.
 */
import * as fs from 'fs';
import * as path from 'path';
import {
  BROKEN_WS_SITE,
  REPO_ROOT,
  WS_LOCATION_COLUMN,
  WS_LOCATION_LINE,
  cleanEnv,
  copyWorkingTree,
  makeTempDir,
  removeDir,
  requireNpmRegistry,
  run,
  runOk,
  writeFiles,
} from './support';

jest.setTimeout(180_000);

interface PackedFile {
  path: string;
  mode: number;
}
interface PackResult {
  filename: string;
  name: string;
  version: string;
  files: PackedFile[];
}

const TSC = path.join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const env = cleanEnv();

let root: string;
let source: string;
let consumer: string;
let packed: PackResult;
let dryRun: PackResult;

beforeAll(async () => {
  root = makeTempDir('package');
  source = path.join(root, 'source');
  consumer = path.join(root, 'consumer');
  fs.mkdirSync(source);
  fs.mkdirSync(consumer);
  copyWorkingTree(source);
  // The copy builds with this checkout's dev dependencies (typescript) instead of installing them.
  fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(source, 'node_modules'), 'dir');

  // --foreground-scripts=false: prepare's output (tsc) goes nowhere near the JSON on stdout.
  const pack = await runOk('npm', ['pack', '--json', '--foreground-scripts=false', '--pack-destination', root], { cwd: source, env, timeoutMs: 150_000 });
  [packed] = JSON.parse(pack.stdout) as PackResult[];
  const dry = await runOk('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: source, env });
  [dryRun] = JSON.parse(dry.stdout) as PackResult[];

  await requireNpmRegistry('installing the packed ngxlint fetches its dependencies from the npm registry');
  writeFiles(consumer, {
    'package.json': JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }, null, 2),
    'conf.d/chat.conf': BROKEN_WS_SITE,
    'nginx.conf': 'events {}\nhttp {\n    include conf.d/*.conf;\n}\n',
  });
  await runOk('npm', ['install', '--no-audit', '--no-fund', '--foreground-scripts=false', path.join(root, packed.filename)], {
    cwd: consumer,
    env,
    timeoutMs: 150_000,
  });
}, 300_000);

afterAll(() => removeDir(root));

describe('npm pack', () => {
  it('packs what users need: the compiled code, its types, the rule docs', () => {
    const files = packed.files.map((f) => f.path).sort();
    expect(files).toEqual(
      expect.arrayContaining([
        'package.json',
        'dist/src/index.js',
        'dist/src/index.d.ts',
        'dist/src/cli/main.js',
        'dist/rules/index.js',
        // What the executable starts from (src/cli/main.ts, scripts/build-cli-bundle.js).
        'dist/cli-bundle.js',
        'dist/cli-bundle.cache',
      ]),
    );
    const docs = fs.readdirSync(path.join(REPO_ROOT, 'rules')).filter((f) => f.endsWith('.md'));
    for (const doc of docs) expect(files).toContain(`rules/${doc}`); // `ngxlint explain` reads <package>/rules/<id>.md
    const bin = packed.files.find((f) => f.path === 'dist/src/cli/main.js')!;
    expect(bin.mode & 0o111).not.toBe(0);
  });

  it('packs no tests, fixtures, samples, TypeScript sources, scripts or action bundle (npm pack --dry-run --json)', () => {
    const files = dryRun.files.map((f) => f.path).sort();
    expect(files).toEqual(packed.files.map((f) => f.path).sort());
    const unwanted = files.filter(
      (f) =>
        /^(test|samples|src|bench|scripts|dist-action|node_modules|coverage|\.ci)\//.test(f) ||
        /^dist\/(test|bench|src\/action)\//.test(f) ||
        (f.endsWith('.ts') && !f.endsWith('.d.ts')) ||
        /(^|\/)\.(pre-commit-hooks\.yaml|npmrc|gitignore)$/.test(f) ||
        f === 'action.yml',
    );
    expect(unwanted).toEqual([]);
  });
});

describe('the installed package', () => {
  it('works from CommonJS: lint, fix, parse', async () => {
    writeFiles(consumer, {
      'use-api.js': `
const assert = require('assert');
const fs = require('fs');
const { lint, fix, parse } = require('ngxlint');

const results = lint('conf.d/chat.conf');
assert.strictEqual(results.length, 1);
assert.strictEqual(results[0].file, 'conf.d/chat.conf');
const finding = results[0].findings.find((f) => f.ruleId === 'websocket-http-version');
assert.ok(finding, JSON.stringify(results));
assert.deepStrictEqual(finding.start, { line: ${WS_LOCATION_LINE}, column: ${WS_LOCATION_COLUMN} });
assert.strictEqual(finding.severity, 'error');
assert.strictEqual(finding.fix.applicability, 'safe');

const { files, applied, remaining } = fix('conf.d/chat.conf');
assert.strictEqual(files.length, 1);
assert.match(files[0].fixed, /proxy_http_version 1\\.1;/);
assert.strictEqual(files[0].original, fs.readFileSync('conf.d/chat.conf', 'utf8')); // nothing written
assert.ok(!remaining.some((f) => f.ruleId === 'websocket-http-version'));
// The edits: the fix lint offered, applied in pass 1 to the original text, gives the fixed text.
assert.deepStrictEqual(applied.map((a) => [a.ruleId, a.pass, a.file, a.start]), [['websocket-http-version', 1, 'conf.d/chat.conf', finding.start]]);
assert.deepStrictEqual(applied[0].fix, finding.fix);
const [edit] = applied[0].fix.edits;
assert.strictEqual(edit.file, 'conf.d/chat.conf');
assert.strictEqual(files[0].original.slice(0, edit.start) + edit.text + files[0].original.slice(edit.end), files[0].fixed);

const payload = parse('nginx.conf');
assert.strictEqual(payload.status, 'ok', JSON.stringify(payload.errors));
assert.deepStrictEqual(payload.config.map((c) => c.file), ['nginx.conf', 'conf.d/chat.conf']);
assert.strictEqual(payload.config[1].parsed[0].directive, 'server');
console.log('api ok');
`,
    });
    const result = await runOk(process.execPath, ['use-api.js'], { cwd: consumer, env });
    expect(result.stdout).toBe('api ok\n');
  });

  it('works from an ES module (named imports through Node\'s CommonJS interop)', async () => {
    writeFiles(consumer, {
      'use-api.mjs': `import { lint, fix, parse } from 'ngxlint';\nconsole.log([lint, fix, parse].map((f) => typeof f).join(' '));\n`,
    });
    const result = await runOk(process.execPath, ['use-api.mjs'], { cwd: consumer, env });
    expect(result.stdout).toBe('function function function\n');
  });

  it('type-checks from TypeScript (strict), with the exported types', async () => {
    writeFiles(consumer, {
      'use-api.ts': `
import { lint, fix, parse } from 'ngxlint';
import type { AppliedFix, Finding, LintResult, FixedFile, Payload, Severity, LintOptions, FixResult, TextEdit } from 'ngxlint';

const options: LintOptions = { nginxVersion: '1.24.0', rules: { 'websocket-http-version': 'warn' } };
const results: LintResult[] = lint(['conf.d/chat.conf'], options);
const findings: Finding[] = results.flatMap((r) => r.findings);
const severities: Severity[] = findings.map((f) => f.severity);
const lines: number[] = findings.map((f) => f.start.line + f.end.column);
const fixed: FixResult = fix('conf.d/chat.conf', { unsafe: false });
const texts: string[] = fixed.files.map((f: FixedFile) => f.fixed);
const applied: AppliedFix[] = fixed.applied;
const edits: TextEdit[] = applied.flatMap((a) => a.fix.edits);
const passes: number[] = applied.map((a) => a.pass);
const asFindings: Finding[] = applied; // an applied fix is a finding with its fix
const payload: Payload = parse('nginx.conf', { includeRoot: '.' });
// @ts-expect-error severity is 'error' | 'warning'
const wrong: Severity = 'fatal';
// @ts-expect-error lint takes file paths
lint(42);
export { severities, lines, texts, edits, passes, asFindings, payload, wrong };
`,
      'tsconfig.json': JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          target: 'ES2022',
          module: 'commonjs',
          moduleResolution: 'node10',
          esModuleInterop: true,
          skipLibCheck: false, // check ngxlint's .d.ts files as well
          types: ['node'],
          typeRoots: [path.join(REPO_ROOT, 'node_modules', '@types')],
        },
        files: ['use-api.ts'],
      }),
      'tsconfig.node16.json': JSON.stringify({
        extends: './tsconfig.json',
        // Resolution as Node's own (package.json "types"/"exports"); the .d.ts files were checked above.
        compilerOptions: { module: 'node16', moduleResolution: 'node16', skipLibCheck: true },
      }),
    });
    for (const project of ['tsconfig.json', 'tsconfig.node16.json']) {
      const result = await run(process.execPath, [TSC, '--noEmit', '-p', project], { cwd: consumer, env });
      if (result.status !== 0) throw new Error(`tsc -p ${project} failed:\n${result.output}`);
    }
  });

  it('runs the CLI from node_modules/.bin and with npx', async () => {
    const bin = path.join(consumer, 'node_modules', '.bin', 'ngxlint');
    const version = await runOk(bin, ['--version'], { cwd: consumer, env });
    expect(version.stdout.trim()).toBe(packed.version);

    const lint = await run(bin, ['conf.d/chat.conf'], { cwd: consumer, env });
    expect(lint.status).toBe(1);
    expect(lint.stdout).toContain('websocket-http-version');

    // Installed files are the files the bundle was made from, and this Node made the code cache.
    const debug = await run(bin, ['--debug', 'conf.d/chat.conf'], { cwd: consumer, env });
    expect(debug.output).toContain('ngxlint:debug CLI modules loaded from cli-bundle.js, code cache used');

    const explain = await runOk('npx', ['--no', '--', 'ngxlint', 'explain', 'websocket-http-version'], { cwd: consumer, env });
    expect(explain.stdout).toMatch(/websocket-http-version/);

    const npxFix = await run('npx', ['--no', '--', 'ngxlint', '--fix', 'conf.d/chat.conf'], { cwd: consumer, env });
    expect(fs.readFileSync(path.join(consumer, 'conf.d', 'chat.conf'), 'utf8')).toContain('proxy_http_version 1.1;');
    expect(npxFix.output).not.toContain('websocket-http-version');
    expect(npxFix.status).toBe(0);
  });
});
