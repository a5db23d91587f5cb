/**
 * The executable (src/cli/main.ts) starts the CLI from dist/cli-bundle.js with V8's code cache
 * beside it (scripts/build-cli-bundle.js, run by `npm run build`): the same CLI, started faster.
 * These tests run the real executable both ways, and on copies of dist/ whose bundle is stale,
 * broken, missing or whose code cache V8 rejects. No timings (the bench measures the start-up).
 */
import * as fs from 'fs';
import * as path from 'path';
import * as vm from 'vm';
import { REPO_ROOT, removeTempDirs, runCli, tempDir, type CliRun } from '../support/cli';
import { node24 } from '../support/node24';
import { WS_SITE, WS_SITE_FIXED } from './fixtures';

afterAll(removeTempDirs);

const DIST = path.join(REPO_ROOT, 'dist');
const FROM_BUNDLE = 'ngxlint:debug CLI modules loaded from cli-bundle.js, code cache used';
const ONE_BY_ONE = { NGXLINT_NO_BUNDLE: '1' };

/** What the bundle holds: its entry and the sizes of its modules' files (its code is not run). */
function bundleManifest(file = path.join(DIST, 'cli-bundle.js')): { entry: string; sizes: Record<string, number> } {
  return vm.runInNewContext(fs.readFileSync(file, 'utf8')) as { entry: string; sizes: Record<string, number> };
}

/** stderr without --debug's lines. */
function withoutDebug(run: CliRun): CliRun {
  return { ...run, stderr: run.stderr.replace(/^ngxlint:debug .*\n/gm, '') };
}

/** A copy of dist/ (changed by `change`), and a run of the copy's executable with --debug. */
function runCopy(change: (dist: string) => void, args: string[], cwd: string): CliRun {
  const root = tempDir();
  const copy = path.join(root, 'dist');
  fs.cpSync(DIST, copy, { recursive: true });
  // What the copy loads from outside dist/ (yargs for --debug, the version).
  fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(root, 'node_modules'), 'dir');
  fs.copyFileSync(path.join(REPO_ROOT, 'package.json'), path.join(root, 'package.json'));
  change(copy);
  return runCli(['--debug', ...args], { cwd, cli: path.join(copy, 'src', 'cli', 'main.js') });
}

describe('the bundle npm run build wrote', () => {
  test('holds what a plain lint loads, and nothing the other commands and options need', () => {
    const { entry, sizes } = bundleManifest();
    expect(entry).toBe('src/cli/cli.js');
    const ids = Object.keys(sizes);
    for (const id of ['src/cli/cli.js', 'src/cli/lint-command.js', 'src/parse/lexer.js', 'src/model/config-model.js', 'rules/index.js', 'rules/websocket-http-version.js', 'src/report/stylish.js']) {
      expect(ids).toContain(id);
    }
    for (const id of ['src/cli/main.js', 'src/report/sarif.js', 'src/report/json.js', 'src/fix/fix-loop.js', 'src/fix/diff.js', 'src/cli/parse-command.js', 'src/cli/rules-command.js', 'src/settings/schema.js']) {
      expect(ids).not.toContain(id);
    }
    expect(ids.filter((id) => id.includes('node_modules'))).toEqual([]);
    for (const [id, size] of Object.entries(sizes)) expect([id, fs.statSync(path.join(DIST, id)).size]).toEqual([id, size]);
  });

  test('names itself the same everywhere in stack traces (V8 would keep the path it was built in)', () => {
    const dir = tempDir({ 'app.conf': 'server {\n    server_tokens build;\n}\n' });
    const crash = runCli(['--debug', 'app.conf'], { cwd: dir, nodeArgs: ['--require', path.join(__dirname, 'support', 'test-rules.js')] });
    expect(crash.stderr).toMatch(/^\s+at (Object\.)?runLintCommand \(ngxlint\/dist\/cli-bundle\.js:\d+:\d+\)$/m);
    expect(crash.stderr).not.toContain(path.join(DIST, 'cli-bundle.js'));
  });

  test('is what the executable starts from, with its code cache', () => {
    const run = runCli(['--debug', 'samples/ws-correct-map-upgrade.conf']);
    expect(run.stderr.split('\n')[0]).toBe(FROM_BUNDLE);
    expect(run.status).toBe(0);
  });
});

describe('from the bundle and module by module, the CLI does the same', () => {
  const FILES = { 'app.conf': WS_SITE, 'broken.conf': 'http {\n    server {\n', 'sites/a.conf': WS_SITE };
  test.each([
    ['a plain lint of the samples', ['samples/']],
    ['a plain lint of a folder and a file', ['{dir}/sites', '{dir}/app.conf']],
    ['JSON', ['-f', 'json', '{dir}/app.conf']],
    ['SARIF', ['-f', 'sarif', '{dir}/app.conf']],
    ['--fix-dry-run', ['--fix-dry-run', '{dir}/app.conf']],
    ['a parse error', ['{dir}/broken.conf']],
    ['a missing file', ['{dir}/missing.conf']],
    ['an unknown option', ['--no-such-option']],
    ['rules', ['rules']],
    ['explain', ['explain', 'websocket-http-version']],
    ['parse', ['parse', '{dir}/app.conf']],
    ['--version', ['--version']],
  ])('%s', (_, template) => {
    const dir = tempDir(FILES);
    const args = template.map((a) => a.replace('{dir}', dir));
    const bundled = runCli(args);
    const oneByOne = runCli(args, { env: ONE_BY_ONE });
    expect(bundled).toEqual(oneByOne);
    expect(bundled.stdout + bundled.stderr).not.toBe('');
  });

  test('--fix writes the same files', () => {
    const [bundledDir, oneByOneDir] = [tempDir(FILES), tempDir(FILES)];
    const bundled = runCli(['--fix', 'app.conf'], { cwd: bundledDir });
    const oneByOne = runCli(['--fix', 'app.conf'], { cwd: oneByOneDir, env: ONE_BY_ONE });
    expect(bundled).toEqual(oneByOne);
    expect(fs.readFileSync(path.join(bundledDir, 'app.conf'), 'utf8')).toBe(WS_SITE_FIXED);
    expect(fs.readFileSync(path.join(oneByOneDir, 'app.conf'), 'utf8')).toBe(WS_SITE_FIXED);
  });

  test('NGXLINT_NO_BUNDLE really loads the modules one by one', () => {
    expect(runCli(['--debug', 'samples/ws-correct-map-upgrade.conf'], { env: ONE_BY_ONE }).stderr.split('\n')[0]).toBe(
      'ngxlint:debug CLI modules loaded one by one: NGXLINT_NO_BUNDLE is set',
    );
  });
});

describe('a bundle the executable cannot trust is not used, and the CLI still works', () => {
  const expected = () => withoutDebug(runCli(['app.conf'], { cwd: dir }));
  let dir: string;
  beforeAll(() => {
    dir = tempDir({ 'app.conf': WS_SITE });
  });

  test('a bundled file changed since the bundle was made (dist compiled again without bundling)', () => {
    const run = runCopy((dist) => fs.appendFileSync(path.join(dist, 'src', 'report', 'stylish.js'), '\n// changed\n'), ['app.conf'], dir);
    expect(run.stderr.split('\n')[0]).toBe(
      'ngxlint:debug CLI modules loaded one by one: src/report/stylish.js is not the file the bundle was made from (run `npm run build`)',
    );
    expect(withoutDebug(run)).toEqual(expected());
    expect(run.status).toBe(1);
  });

  test('a bundle that does not compile', () => {
    const run = runCopy((dist) => fs.writeFileSync(path.join(dist, 'cli-bundle.js'), '({ entry: '), ['app.conf'], dir);
    expect(run.stderr.split('\n')[0]).toMatch(/^ngxlint:debug CLI modules loaded one by one: .*cli-bundle\.js does not load \(.+\)$/);
    expect(withoutDebug(run)).toEqual(expected());
  });

  test('no bundle', () => {
    const run = runCopy((dist) => fs.rmSync(path.join(dist, 'cli-bundle.js')), ['app.conf'], dir);
    expect(run.stderr.split('\n')[0]).toMatch(/^ngxlint:debug CLI modules loaded one by one: no .*cli-bundle\.js$/);
    expect(withoutDebug(run)).toEqual(expected());
  });

  test('a code cache V8 rejects (another Node, or damaged) is ignored; the bundle is still used', () => {
    const run = runCopy((dist) => fs.writeFileSync(path.join(dist, 'cli-bundle.cache'), Buffer.alloc(4096, 7)), ['app.conf'], dir);
    expect(run.stderr.split('\n')[0]).toBe('ngxlint:debug CLI modules loaded from cli-bundle.js, code cache not used');
    expect(withoutDebug(run)).toEqual(expected());
  });

  test('under another Node (24, another V8), V8 rejects the cache; the bundle is still used', () => {
    const other = node24();
    expect(other.version).not.toBe(process.version);
    const run = runCli(['--debug', 'app.conf'], { cwd: dir, node: other.bin });
    expect(run.stderr.split('\n')[0]).toBe('ngxlint:debug CLI modules loaded from cli-bundle.js, code cache not used');
    expect(withoutDebug(run)).toEqual(expected());
  });

  test('an unchanged copy is used with its cache (the cases above fail for their change alone)', () => {
    const run = runCopy(() => undefined, ['app.conf'], dir);
    expect(run.stderr.split('\n')[0]).toBe(FROM_BUNDLE);
    expect(withoutDebug(run)).toEqual(expected());
  });
});
