/**
 * The pre-commit hooks (.pre-commit-hooks.yaml) with the real pre-commit, on a git repository made
 * from a copy of the current working tree (so uncommitted work is tested, as it would be
 * committed). pre-commit installs a `language: node` hook with npm (`npm install` in its clone,
 * which runs `prepare`, then `npm pack` and `npm install -g` of the tarball): the npm registry must
 * be reachable.
 *
 * `pre-commit try-repo` keeps nothing between runs (it installs the hook into a fresh temporary
 * store every time, ignoring PRE_COMMIT_HOME), and an install takes about a minute. So try-repo runs
 * once, with every hook of the manifest; the second run and the clean config use
 * `.pre-commit-config.yaml` as the docs show it, with PRE_COMMIT_HOME, installed meanwhile in
 * parallel.
 */
import * as fs from 'fs';
import * as path from 'path';
import {
  BROKEN_WS_SITE,
  CLEAN_WS_SITE,
  REPO_ROOT,
  WS_LOCATION_COLUMN,
  WS_LOCATION_LINE,
  cleanEnv,
  copyWorkingTree,
  gitRepo,
  makeTempDir,
  removeDir,
  requireNpmRegistry,
  run,
  runOk,
  type Run,
} from './support';

jest.setTimeout(120_000);

const INSTALL_TIMEOUT = 240_000;

let root: string;
let hookRepo: string;
let storeHome: string;
let broken: string;
let clean: string;
let tryRepo: Run;
let installed: Run;

const env = () =>
  cleanEnv({
    PRE_COMMIT_HOME: storeHome,
    GIT_AUTHOR_NAME: 'ngxlint tests',
    GIT_AUTHOR_EMAIL: 'tests@ngxlint.invalid',
    GIT_COMMITTER_NAME: 'ngxlint tests',
    GIT_COMMITTER_EMAIL: 'tests@ngxlint.invalid',
  });

function preCommitConfig(repo: string, rev: string): string {
  return `repos:
-   repo: ${JSON.stringify(repo)}
    rev: ${rev}
    hooks:
    -   id: ngxlint-fix
    -   id: ngxlint
`;
}

/** What went wrong, with a hint for the failures we know. */
function explain(result: Run): string {
  const hints: string[] = [];
  if (/seems to be corrupted|> ngxlint@/.test(result.output)) {
    hints.push('npm pack printed prepare\'s output into the tarball name pre-commit reads: .npmrc needs "foreground-scripts=false"');
  }
  if (/ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT/.test(result.output)) hints.push('npm could not reach the registry');
  return `${hints.map((h) => `hint: ${h}\n`).join('')}${result.output}`;
}

beforeAll(async () => {
  const version = await run('pre-commit', ['--version'], { cwd: REPO_ROOT }).catch((e: Error) => {
    throw new Error(`pre-commit is not installed (${e.message}): \`apt-get install pre-commit\` (scripts/ensure-test-tools.js does it on CI)`);
  });
  if (version.status !== 0) throw new Error(`pre-commit --version failed:\n${version.output}`);
  await requireNpmRegistry('pre-commit installs the hook with npm install, which needs the npm registry');

  root = makeTempDir('pre-commit');
  hookRepo = path.join(root, 'ngxlint');
  storeHome = path.join(root, 'pre-commit-home');
  broken = path.join(root, 'broken');
  clean = path.join(root, 'clean');
  for (const dir of [hookRepo, storeHome, broken, clean]) fs.mkdirSync(dir);

  copyWorkingTree(hookRepo);
  const rev = await gitRepo(hookRepo);
  await gitRepo(broken, {
    'conf.d/chat.conf': BROKEN_WS_SITE,
    'conf.d/static.conf': CLEAN_WS_SITE,
    'README.md': 'not an nginx config\n',
    '.pre-commit-config.yaml': preCommitConfig(hookRepo, rev),
  });
  await gitRepo(clean, {
    'sites-available/chat': CLEAN_WS_SITE, // no .conf: matched by its folder
    '.pre-commit-config.yaml': preCommitConfig(hookRepo, rev),
  });

  // Both install the hook (about a minute each): at the same time.
  [tryRepo, installed] = await Promise.all([
    run('pre-commit', ['try-repo', hookRepo, '--all-files', '--color', 'never'], { cwd: broken, env: env(), timeoutMs: INSTALL_TIMEOUT }),
    run('pre-commit', ['install-hooks', '--color', 'never'], { cwd: clean, env: env(), timeoutMs: INSTALL_TIMEOUT }),
  ]);
}, 2 * INSTALL_TIMEOUT + 60_000);

afterAll(() => removeDir(root));

describe('.pre-commit-hooks.yaml with the real pre-commit', () => {
  it('has an .npmrc that keeps prepare\'s output out of npm pack\'s stdout', () => {
    const npmrc = path.join(REPO_ROOT, '.npmrc');
    const text = fs.existsSync(npmrc) ? fs.readFileSync(npmrc, 'utf8') : '';
    expect(text).toMatch(/^foreground-scripts\s*=\s*false\s*$/m);
  });

  it('try-repo: ngxlint fails and prints the findings, ngxlint-fix rewrites the file', () => {
    if (tryRepo.status !== 1 || !/^ngxlint --fix\.+Failed$/m.test(tryRepo.stdout)) throw new Error(explain(tryRepo));
    expect(tryRepo.status).toBe(1);
    const [lintPart, fixPart] = tryRepo.stdout.split(/^ngxlint --fix\.+/m);
    // Hooks run in id order: ngxlint sees the broken file before ngxlint-fix repairs it.
    expect(lintPart).toMatch(/^ngxlint\.+Failed$/m);
    expect(lintPart).toContain('conf.d/chat.conf');
    expect(lintPart).toMatch(new RegExp(`${WS_LOCATION_LINE}:${WS_LOCATION_COLUMN}\\s+error\\s+WebSocket location /ws/ .*websocket-http-version`));
    expect(lintPart).not.toContain('static.conf');
    expect(fixPart).toMatch(/^Failed$/m);
    expect(fixPart).toContain('files were modified by this hook');

    expect(fs.readFileSync(path.join(broken, 'conf.d/chat.conf'), 'utf8')).toContain('proxy_http_version 1.1;');
    expect(fs.readFileSync(path.join(broken, 'conf.d/static.conf'), 'utf8')).toBe(CLEAN_WS_SITE);
  });

  it('installs from .pre-commit-config.yaml (repo + rev)', () => {
    if (installed.status !== 0) throw new Error(explain(installed));
  });

  it('passes the second run on the fixed file', async () => {
    if (installed.status !== 0) throw new Error(`the hook did not install:\n${explain(installed)}`);
    await runOk('git', ['add', '-A'], { cwd: broken, env: env() });
    const second = await run('pre-commit', ['run', '--all-files', '--color', 'never'], { cwd: broken, env: env() });
    if (second.status !== 0) throw new Error(explain(second));
    expect(second.stdout).toMatch(/^ngxlint --fix\.+Passed$/m);
    expect(second.stdout).toMatch(/^ngxlint\.+Passed$/m);
  });

  it('passes a clean config (and the default files pattern finds it)', async () => {
    if (installed.status !== 0) throw new Error(`the hook did not install:\n${explain(installed)}`);
    const result = await run('pre-commit', ['run', '--all-files', '--color', 'never', '--verbose'], { cwd: clean, env: env() });
    if (result.status !== 0) throw new Error(explain(result));
    expect(result.stdout).toMatch(/^ngxlint\.+Passed$/m);
    expect(result.stdout).not.toContain('Skipped');
  });
});
