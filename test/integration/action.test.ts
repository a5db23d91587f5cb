/**
 * The GitHub Action, run the way the runner runs it: `node <runs.main of action.yml>` in a fresh
 * process, every input of action.yml as an `INPUT_<NAME>` variable (the default unless the step's
 * `with:` sets it; `nginx-version` → `INPUT_NGINX-VERSION`), GITHUB_WORKSPACE, and empty
 * GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files. The runner reads workflow commands from stdout.
 *
 * `node` is Node 24, as `runs.using: node24` has the runner use, not the Node running jest: a
 * binary from the npm registry that scripts/ensure-test-tools.js fetches (test/support/node24.ts).
 *
 * The entry is the committed bundle (dist-action/index.js); action-bundle.test.ts checks that it is
 * what scripts/build-action.js builds from the current sources.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BROKEN_WS_SITE, CLEAN_WS_SITE, CLI, REPO_ROOT, WS_LOCATION_COLUMN, WS_LOCATION_LINE, makeTempDir, removeDir, writeFiles } from './support';
import { node24 } from '../support/node24';

interface ActionYml {
  using: string;
  main: string;
  inputs: Map<string, string>;
  outputs: string[];
}

/** Reads action.yml (only the shapes it uses: 2-space names, 4-space `default:` values). */
function readActionYml(): ActionYml {
  const text = fs.readFileSync(path.join(REPO_ROOT, 'action.yml'), 'utf8');
  const inputs = new Map<string, string>();
  const outputs: string[] = [];
  let section = '';
  let current = '';
  let using = '';
  let main = '';
  for (const line of text.split('\n')) {
    const top = /^(\w[\w-]*):/.exec(line);
    if (top) {
      section = top[1];
      continue;
    }
    const name = /^ {2}([\w-]+):\s*(.*)$/.exec(line);
    if (name) {
      current = name[1];
      if (section === 'inputs') inputs.set(current, '');
      if (section === 'outputs') outputs.push(current);
      if (section === 'runs' && current === 'using') using = name[2].trim();
      if (section === 'runs' && current === 'main') main = name[2].trim();
      continue;
    }
    const def = /^ {4}default:\s*(.*)$/.exec(line);
    if (def && section === 'inputs') inputs.set(current, def[1].trim().replace(/^'(.*)'$/, '$1'));
  }
  return { using, main, inputs, outputs };
}

const ACTION = readActionYml();
const NODE24 = node24();

interface ActionRun {
  status: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  workspace: string;
}

/** Parses $GITHUB_OUTPUT: `name=value` lines and `name<<DELIMITER` … `DELIMITER` blocks. */
function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const heredoc = /^([^=<]+)<<(.+)$/.exec(lines[i]);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2], i + 1);
      if (end < 0) throw new Error(`unterminated output ${heredoc[1]} in:\n${text}`);
      outputs[heredoc[1]] = lines.slice(i + 1, end).join('\n');
      i = end;
    } else if (lines[i].includes('=')) {
      outputs[lines[i].slice(0, lines[i].indexOf('='))] = lines[i].slice(lines[i].indexOf('=') + 1);
    } else if (lines[i] !== '') {
      throw new Error(`unexpected line in GITHUB_OUTPUT: ${lines[i]}`);
    }
  }
  return outputs;
}

const workspaces: string[] = [];
afterAll(() => workspaces.forEach(removeDir));

/** Runs the action on a workspace holding `files`, with the step's `with:` inputs. */
function runAction(files: Record<string, string>, withInputs: Record<string, string> = {}): ActionRun {
  const root = makeTempDir('action');
  workspaces.push(root);
  const workspace = path.join(root, 'workspace');
  const temp = path.join(root, 'runner-temp');
  fs.mkdirSync(workspace);
  fs.mkdirSync(temp);
  writeFiles(workspace, files);
  const outputFile = path.join(root, 'github_output');
  const summaryFile = path.join(root, 'step_summary');
  fs.writeFileSync(outputFile, '');
  fs.writeFileSync(summaryFile, '');

  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: workspace,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    RUNNER_TEMP: temp,
  };
  for (const [name, value] of ACTION.inputs) env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
  for (const [name, value] of Object.entries(withInputs)) {
    if (!ACTION.inputs.has(name)) throw new Error(`action.yml has no input "${name}"`);
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
  }
  // The runner starts node actions in the workspace; start elsewhere to show GITHUB_WORKSPACE is what counts.
  const result = spawnSync(NODE24.bin, [path.join(REPO_ROOT, ACTION.main)], { cwd: os.tmpdir(), env, encoding: 'utf8' });
  if (result.error) throw result.error;
  expect(fs.readdirSync(temp)).toEqual([]); // temporary reports are cleaned up
  return {
    status: result.status,
    stdout: result.stdout,
    stderr: result.stderr,
    outputs: parseOutputFile(fs.readFileSync(outputFile, 'utf8')),
    summary: fs.readFileSync(summaryFile, 'utf8'),
    workspace,
  };
}

/** What the CLI says about the same workspace: the action must agree. */
function cliCounts(workspace: string, args: string[] = []): { errors: number; warnings: number } {
  const result = spawnSync(process.execPath, [CLI, '--format', 'json', ...args, '.'], { cwd: workspace, encoding: 'utf8' });
  const report = JSON.parse(result.stdout) as Array<{ errorCount: number; warningCount: number }>;
  return {
    errors: report.reduce((n, r) => n + r.errorCount, 0),
    warnings: report.reduce((n, r) => n + r.warningCount, 0),
  };
}

const annotations = (stdout: string) => stdout.split('\n').filter((l) => /^::(error|warning) file=/.test(l));
const errorCommands = (stdout: string) => stdout.split('\n').filter((l) => l.startsWith('::error::'));

/** The http-version finding as a warning: a configuration file at a place only `config` names. */
const WARN_SETTINGS = { 'ci/ngxlint.json': JSON.stringify({ rules: { 'websocket-http-version': 'warn' } }) };

describe('action.yml', () => {
  it('runs on node24 from a committed file, with the inputs and outputs the docs describe', () => {
    expect(ACTION.using).toBe('node24');
    expect(fs.existsSync(path.join(REPO_ROOT, ACTION.main))).toBe(true);
    expect([...ACTION.inputs.keys()].sort()).toEqual(['config', 'fail-on', 'files', 'fix', 'nginx-version', 'sarif-file']);
    expect(ACTION.outputs.sort()).toEqual(['errors', 'sarif-file', 'warnings']);
    expect(ACTION.inputs.get('fail-on')).toBe('error');
    expect(ACTION.inputs.get('fix')).toBe('false');
  });

  it('is run here on the Node major of runs.using, not on the Node running jest', () => {
    const version = spawnSync(NODE24.bin, ['--version'], { encoding: 'utf8' }).stdout.trim();
    expect(version).toBe(NODE24.version);
    expect(version).toMatch(/^v24\./);
    // When action.yml moves to another major, ensure-test-tools.js and support/node24.ts must follow.
    expect(ACTION.using).toBe(`node${/^v(\d+)\./.exec(version)![1]}`);
  });
});

describe('the action', () => {
  it('fails on an error (fail-on: error): annotation, summary table, outputs', () => {
    const run = runAction({ 'conf.d/chat.conf': BROKEN_WS_SITE, 'conf.d/static.conf': CLEAN_WS_SITE });
    expect(run.status).toBe(1);

    const ann = annotations(run.stdout);
    const at = `line=${WS_LOCATION_LINE},col=${WS_LOCATION_COLUMN},endLine=${WS_LOCATION_LINE},endColumn=\\d+`;
    expect(ann).toContainEqual(expect.stringMatching(new RegExp(`^::error file=conf\\.d/chat\\.conf,${at},title=websocket-http-version::.*proxy_http_version`)));
    expect(ann.join('\n')).not.toContain('static.conf');
    const why = errorCommands(run.stdout);
    expect(why).toHaveLength(1);
    expect(why[0]).toMatch(/^::error::ngxlint found \d+ errors? and \d+ warnings?; fail-on: error fails the step on errors$/);

    const expected = cliCounts(run.workspace);
    expect(expected.errors).toBeGreaterThanOrEqual(1);
    expect(run.outputs).toEqual({ errors: String(expected.errors), warnings: String(expected.warnings), 'sarif-file': '' });

    expect(run.summary).toContain('| File | Rule | Errors | Warnings |');
    expect(run.summary).toMatch(/\| `conf\.d\/chat\.conf` \| \[websocket-http-version\]\(https?:\/\/[^)]+\) \| 1 \| 0 \|/);
    expect(run.summary).toContain(`| **Total** | | **${expected.errors}** | **${expected.warnings}** |`);
    expect(run.summary).not.toContain('static.conf');
    expect(run.summary).toContain('The step fails (`fail-on: error`)');
  });

  it('passes on warnings only with fail-on: error, and reads the config input', () => {
    const run = runAction({ 'conf.d/chat.conf': BROKEN_WS_SITE, ...WARN_SETTINGS }, { config: 'ci/ngxlint.json' });
    const expected = cliCounts(run.workspace, ['--config', 'ci/ngxlint.json']);
    expect(expected).toEqual({ errors: 0, warnings: expect.any(Number) }); // else the fixture needs another rule set to warn
    expect(expected.warnings).toBeGreaterThanOrEqual(1);

    expect(run.status).toBe(0);
    expect(annotations(run.stdout)).toContainEqual(expect.stringMatching(new RegExp(`^::warning file=conf\\.d/chat\\.conf,line=${WS_LOCATION_LINE},.*title=websocket-http-version::`)));
    expect(errorCommands(run.stdout)).toEqual([]);
    expect(run.outputs.errors).toBe('0');
    expect(run.outputs.warnings).toBe(String(expected.warnings));
    expect(run.summary).toMatch(/\| `conf\.d\/chat\.conf` \| \[websocket-http-version\]\([^)]+\) \| 0 \| 1 \|/);
    expect(run.summary).not.toContain('The step fails');
  });

  it('fails on warnings with fail-on: warning', () => {
    const run = runAction({ 'conf.d/chat.conf': BROKEN_WS_SITE, ...WARN_SETTINGS }, { config: 'ci/ngxlint.json', 'fail-on': 'warning' });
    expect(run.status).toBe(1);
    expect(annotations(run.stdout)).toContainEqual(expect.stringMatching(/^::warning file=conf\.d\/chat\.conf,.*title=websocket-http-version::/));
    expect(errorCommands(run.stdout)).toEqual([expect.stringMatching(/^::error::ngxlint found 0 errors and \d+ warnings?; fail-on: warning fails the step on any finding$/)]);
    expect(run.outputs.errors).toBe('0');
    expect(run.summary).toContain('The step fails (`fail-on: warning`)');
  });

  it('fix: true rewrites the file and reports what is left', () => {
    const run = runAction({ 'conf.d/chat.conf': BROKEN_WS_SITE }, { fix: 'true' });
    const fixed = fs.readFileSync(path.join(run.workspace, 'conf.d/chat.conf'), 'utf8');
    expect(fixed).toContain('proxy_http_version 1.1;');
    const expected = cliCounts(run.workspace);
    expect(run.outputs.errors).toBe(String(expected.errors));
    expect(run.outputs.errors).toBe('0');
    expect(run.status).toBe(0);
    expect(annotations(run.stdout).join('\n')).not.toContain('websocket-http-version');
    expect(run.summary).toContain('`fix: true` rewrote 1 file:');
    expect(run.summary).toContain('- `conf.d/chat.conf`');
  });

  it('writes SARIF 2.1.0 to sarif-file and names it in the outputs', () => {
    const run = runAction({ 'conf.d/chat.conf': BROKEN_WS_SITE }, { 'sarif-file': 'reports/ngxlint.sarif' });
    expect(run.status).toBe(1);
    const file = path.join(run.workspace, 'reports', 'ngxlint.sarif');
    expect(run.outputs['sarif-file']).toBe(file);
    const sarif = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs).toHaveLength(1);
    const result = sarif.runs[0].results.find((r: { ruleId: string }) => r.ruleId === 'websocket-http-version');
    expect(result.level).toBe('error');
    expect(result.locations[0].physicalLocation.artifactLocation).toEqual({ uri: 'conf.d/chat.conf', uriBaseId: '%SRCROOT%' });
    expect(result.locations[0].physicalLocation.region.startLine).toBe(WS_LOCATION_LINE);
  });

  it('passes a clean config: no annotations, "no problems" in the summary', () => {
    const run = runAction({ 'nginx/conf.d/chat.conf': CLEAN_WS_SITE }, { files: 'nginx/' });
    const counts = cliCounts(run.workspace);
    if (counts.errors + counts.warnings > 0) {
      throw new Error(`CLEAN_WS_SITE (test/integration/support.ts) is not clean by the current rules: ${JSON.stringify(counts)}; update it`);
    }
    expect(run.status).toBe(0);
    expect(annotations(run.stdout)).toEqual([]);
    expect(errorCommands(run.stdout)).toEqual([]);
    expect(run.outputs).toEqual({ errors: '0', warnings: '0', 'sarif-file': '' });
    expect(run.summary).toContain('ngxlint checked 1 file: no problems.');
  });

  it('passes nginx-version (INPUT_NGINX-VERSION) to the lint', () => {
    // Since nginx 1.29.7 the proxy module speaks HTTP/1.1 upstream by default.
    const run = runAction({ 'conf.d/chat.conf': BROKEN_WS_SITE }, { 'nginx-version': '1.29.7' });
    expect(annotations(run.stdout).join('\n')).not.toContain('websocket-http-version');
    expect(run.outputs.errors).toBe(String(cliCounts(run.workspace, ['--nginx-version', '1.29.7']).errors));

    const bad = runAction({ 'conf.d/chat.conf': BROKEN_WS_SITE }, { 'nginx-version': 'one' });
    expect(bad.status).toBe(1);
    expect(errorCommands(bad.stdout)).toEqual([expect.stringMatching(/^::error::ngxlint: .*nginx-version.*one/)]);
  });

  it('lints only the files input (patterns separated by newlines or blanks)', () => {
    const run = runAction(
      { 'a/site.conf': BROKEN_WS_SITE, 'b/site.conf': BROKEN_WS_SITE, 'c/site.conf': BROKEN_WS_SITE },
      { files: 'a/site.conf\nb/*.conf' },
    );
    const files = annotations(run.stdout).map((l) => /file=([^,]+)/.exec(l)![1]);
    expect([...new Set(files)].sort()).toEqual(['a/site.conf', 'b/site.conf']);
  });

  it('fails with ::error:: on a bad input or when nothing matches', () => {
    const bad = runAction({ 'conf.d/chat.conf': CLEAN_WS_SITE }, { 'fail-on': 'sometimes' });
    expect(bad.status).toBe(1);
    expect(bad.stdout).toBe('::error::ngxlint: input "fail-on" must be "error" or "warning", got "sometimes"\n');
    expect(bad.summary).toContain('ngxlint could not run: input "fail-on"');
    expect(bad.outputs).toEqual({});

    const badFix = runAction({ 'conf.d/chat.conf': CLEAN_WS_SITE }, { fix: 'yes' });
    expect(badFix.status).toBe(1);
    expect(errorCommands(badFix.stdout)).toEqual([expect.stringContaining('input "fix" must be true or false')]);

    const none = runAction({ 'README.md': '# no configs here\n' }, { files: 'deploy/' });
    expect(none.status).toBe(1);
    expect(errorCommands(none.stdout)).toEqual([expect.stringMatching(/^::error::ngxlint: .*deploy/)]);
  });
});
