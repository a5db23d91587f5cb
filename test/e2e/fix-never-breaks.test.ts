/**
 * `ngxlint --fix` never turns a config that `nginx -t` accepts into one it rejects, and a second
 * `--fix` changes nothing — over every config we have:
 *
 * - samples/*.conf;
 * - test/fixtures/layouts/<app>: the main nginx.conf (absolute paths such as /etc/nginx/… and
 *   /data/nginx/… rewritten into a temporary copy of the tree), and each sites-available file
 *   wrapped as `events {} http { include <it>; }` (each in its own copy, so no two configs share
 *   a file);
 * - test/fixtures/tokenizer/* and crossplane-differences/* (odd syntax that crossplane and nginx
 *   disagree or agree on);
 * - ../shared/corpus/parser/* (read in place, copied to a temporary folder to fix).
 *
 * The real CLI fixes the copies. nginx -t then checks each config before and after, in a stubbed
 * copy: missing explicit includes become empty files, host names in *_pass and upstream `server`
 * lines become 127.0.0.1, certificates and keys become one self-signed pair (made with openssl;
 * without openssl those configs are skipped, and counted), `user` lines go, other absolute paths
 * (logs, caches, temp folders) move into a scratch prefix. A wrapped site lacks its main config's
 * http-level setup; what nginx -t then misses (a log format, a map/geo/split_clients variable, an
 * upstream, a shared-memory zone, a certificate) is stubbed, one error at a time, with the
 * definition the tree holds elsewhere (conf.d/…) — see `stubFor`. The stubbing is the same before
 * and after, so it cannot hide what the fix did.
 *
 * So that the test cannot pass vacuously: a minimum number of configs must pass nginx -t before;
 * every config of samples/ and of the layouts that --fix changes must be one nginx -t accepts
 * after the fix (a change nginx could not check proves nothing), and a minimum number of changed
 * configs must be so verified. A summary with these counts, and the stubs each config needed, is
 * printed.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CLI, REPO_ROOT, SHARED_CORPUS } from '../support/cli';
import { parseConfig } from '../../src/parse/config';
import type { DirectiveNode, StatementNode } from '../../src/parse/ast';
import { findNginx, nginxTest } from './support';

jest.setTimeout(300_000);

/** Configs nginx -t must accept before fixing, at least (there are more; this guards against a vacuous pass). */
const MIN_ACCEPTED_BEFORE = 40;

/** Configs --fix changes that nginx -t accepts after the fix, at least (guards against a vacuous pass). */
const MIN_VERIFIED_CHANGES = 10;

interface Case {
  name: string;
  /** Folder of this case's own copy of its files. */
  dir: string;
  /** The main config, relative to `dir`. */
  main: string;
}

let work: string;
beforeAll(() => {
  work = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ngxlint-never-breaks-')));
  fs.chmodSync(work, 0o755);
});
afterAll(() => {
  if (process.env['NGXLINT_E2E_KEEP'] !== '1') fs.rmSync(work, { recursive: true, force: true });
});

function copyTree(from: string, to: string): void {
  fs.cpSync(from, to, { recursive: true, verbatimSymlinks: true, filter: (src) => !/\.(json|md)$/.test(src) && !src.endsWith('.gitattributes') });
}

/** Absolute paths whose first segment is a folder of `root` (etc/, data/) → into `root`. */
function rewriteAbsolutePaths(dir: string, root: string): void {
  const tops = fs.readdirSync(root).filter((n) => fs.statSync(path.join(root, n)).isDirectory());
  if (tops.length === 0) return;
  const pattern = new RegExp(`(^|[\\s'"])/(${tops.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})/`, 'gm');
  for (const file of walkFiles(dir)) {
    const text = fs.readFileSync(file, 'latin1');
    const rewritten = text.replace(pattern, (_m, before: string, top: string) => `${before}${root}/${top}/`);
    if (rewritten !== text) fs.writeFileSync(file, rewritten, 'latin1');
  }
}

function walkFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walkFiles(full));
    else if (entry.isFile()) out.push(full);
  }
  return out.sort();
}

function buildCases(): Case[] {
  const cases: Case[] = [];
  const add = (name: string, setup: (dir: string) => string) => {
    const dir = path.join(work, 'orig', String(cases.length).padStart(3, '0'));
    fs.mkdirSync(dir, { recursive: true });
    cases.push({ name, dir, main: setup(dir) });
  };
  for (const file of fs.readdirSync(path.join(REPO_ROOT, 'samples')).filter((f) => f.endsWith('.conf')).sort()) {
    add(`samples/${file}`, (dir) => {
      fs.copyFileSync(path.join(REPO_ROOT, 'samples', file), path.join(dir, 'nginx.conf'));
      return 'nginx.conf';
    });
  }
  const layouts = path.join(REPO_ROOT, 'test', 'fixtures', 'layouts');
  for (const app of fs.readdirSync(layouts).filter((a) => fs.statSync(path.join(layouts, a)).isDirectory()).sort()) {
    const tree = path.join(layouts, app);
    add(`layouts/${app}/etc/nginx/nginx.conf`, (dir) => {
      copyTree(tree, dir);
      rewriteAbsolutePaths(dir, dir);
      return 'etc/nginx/nginx.conf';
    });
    const available = path.join(tree, 'etc', 'nginx', 'sites-available');
    if (!fs.existsSync(available)) continue;
    for (const site of fs.readdirSync(available).sort()) {
      add(`layouts/${app}/etc/nginx/sites-available/${site} (wrapped)`, (dir) => {
        copyTree(tree, dir);
        rewriteAbsolutePaths(dir, dir);
        // Relative includes inside the site resolve against the main file's folder: put it in etc/nginx.
        fs.writeFileSync(path.join(dir, 'etc/nginx/wrapper.conf'), `events {}\nhttp {\n    include ${dir}/etc/nginx/sites-available/${site};\n}\n`);
        return 'etc/nginx/wrapper.conf';
      });
    }
  }
  for (const group of ['tokenizer', 'crossplane-differences']) {
    const base = path.join(REPO_ROOT, 'test', 'fixtures', group);
    for (const name of fs.readdirSync(base).filter((n) => fs.existsSync(path.join(base, n, 'nginx.conf'))).sort()) {
      add(`fixtures/${group}/${name}`, (dir) => {
        copyTree(path.join(base, name), dir);
        return 'nginx.conf';
      });
    }
  }
  for (const name of fs.readdirSync(SHARED_CORPUS).filter((n) => fs.existsSync(path.join(SHARED_CORPUS, n, 'nginx.conf'))).sort()) {
    add(`shared/corpus/parser/${name}`, (dir) => {
      copyTree(path.join(SHARED_CORPUS, name), dir);
      return 'nginx.conf';
    });
  }
  return cases;
}

// ---------------------------------------------------------------------------------------------
// Stubbing for nginx -t
// ---------------------------------------------------------------------------------------------

interface Certificate {
  cert: string;
  key: string;
  dhparam?: string;
}

function makeCertificate(dir: string): Certificate | undefined {
  if (spawnSync('sh', ['-c', 'command -v openssl']).status !== 0) return undefined;
  const cert = path.join(dir, 'stub-cert.pem');
  const key = path.join(dir, 'stub-key.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=localhost'], {
    stdio: 'ignore',
  });
  const dhparam = path.join(dir, 'stub-dhparam.pem');
  const dh = spawnSync('openssl', ['dhparam', '-dsaparam', '-out', dhparam, '2048'], { stdio: 'ignore' });
  return { cert, key, dhparam: dh.status === 0 ? dhparam : undefined };
}

const CERT_DIRECTIVES = /^(ssl_certificate|ssl_trusted_certificate|ssl_client_certificate|proxy_ssl_certificate|proxy_ssl_trusted_certificate|ssl_stapling_file)$/;
const KEY_DIRECTIVES = /^(ssl_certificate_key|proxy_ssl_certificate_key)$/;
const PATH_DIRECTIVES =
  'include|ssl_certificate|ssl_certificate_key|ssl_trusted_certificate|ssl_client_certificate|proxy_ssl_certificate|proxy_ssl_certificate_key|proxy_ssl_trusted_certificate|ssl_dhparam|ssl_stapling_file|ssl_password_file|ssl_session_ticket_key|ssl_crl|auth_basic_user_file|access_log|error_log|pid|load_module|client_body_temp_path|proxy_temp_path|fastcgi_temp_path|uwsgi_temp_path|scgi_temp_path|proxy_cache_path|fastcgi_cache_path|uwsgi_cache_path|scgi_cache_path|lock_file';
const PATH_ARGUMENT = new RegExp(`(^|[\\s;{}])(${PATH_DIRECTIVES})(\\s+)(["']?)(/[^\\s;"']*)`, 'gm');

function needsCertificate(text: string): boolean {
  return /(^|[\s;{}])(ssl_certificate|ssl_certificate_key|ssl_trusted_certificate|ssl_client_certificate|ssl_dhparam)\s/m.test(text);
}

/**
 * The copy nginx -t checks. Paths of the case's own tree stay; every other absolute path moves
 * under `prefix`; certificates are the stub pair; host names become 127.0.0.1.
 */
function stubTree(from: string, to: string, mainRel: string, cert: Certificate | undefined): string {
  copyTree(from, to);
  const files = walkFiles(to);
  const upstreams = new Set<string>();
  for (const f of files) for (const m of fs.readFileSync(f, 'latin1').matchAll(/(^|[\s;{}])upstream\s+([^\s{]+)\s*\{/gm)) upstreams.add(m[2]);
  const prefix = path.join(to, '.prefix');
  for (const f of files) {
    let text = fs.readFileSync(f, 'latin1');
    // The copy's own absolute paths: `from` → `to`.
    text = text.split(from).join(to);
    text = text.replace(PATH_ARGUMENT, (whole, before: string, directive: string, gap: string, quote: string, p: string) => {
      if (cert && KEY_DIRECTIVES.test(directive)) return `${before}${directive}${gap}${quote}${cert.key}`;
      if (cert && CERT_DIRECTIVES.test(directive)) return `${before}${directive}${gap}${quote}${cert.cert}`;
      if (cert?.dhparam && directive === 'ssl_dhparam') return `${before}${directive}${gap}${quote}${cert.dhparam}`;
      if (p.startsWith(to)) {
        if (directive !== 'include') fs.mkdirSync(path.dirname(p), { recursive: true }); // a log folder of the tree
        return whole;
      }
      const moved = path.join(prefix, p);
      fs.mkdirSync(path.dirname(moved), { recursive: true });
      return `${before}${directive}${gap}${quote}${moved}`;
    });
    // Host names in *_pass and upstream `server` lines (not upstream names, not variables, not unix:).
    text = text.replace(
      /(^|[\s;{}])((?:proxy|fastcgi|uwsgi|scgi|grpc|memcached)_pass\s+(?:[a-z]+:\/\/)?|server\s+)([A-Za-z][A-Za-z0-9_.-]*)(?=[:/;\s])(?!:\/\/)/gm,
      (whole, before: string, head: string, host: string) => {
        if (upstreams.has(host) || host === 'unix' || /^localhost$/i.test(host)) return whole;
        if (/^server\s/.test(head) && /^(backup|down|weight|max_fails|fail_timeout|resolve|max_conns)$/.test(host)) return whole;
        return `${before}${head}127.0.0.1`;
      },
    );
    text = text.replace(/(^|[;{}]|\n)([ \t]*)user\s+[^;]*;/g, '$1$2');
    fs.writeFileSync(f, text, 'latin1');
  }
  // Explicit includes that do not exist become empty files (globs may match nothing in nginx too).
  const main = path.join(to, mainRel);
  // A fragment without `events` (most tokenizer cases) gets an empty one: nginx needs it, and it
  // is added before and after alike.
  let mainText = fs.readFileSync(main, 'latin1');
  if (!/(^|[\s;{}])events\s*\{/.test(mainText)) fs.writeFileSync(main, (mainText = `${mainText}\nevents {}\n`), 'latin1');
  for (const f of walkFiles(to)) {
    for (const m of fs.readFileSync(f, 'latin1').matchAll(/(^|[\s;{}])include\s+["']?([^\s;"'*?[]+)["']?\s*;/gm)) {
      const target = path.isAbsolute(m[2]) ? m[2] : path.join(path.dirname(main), m[2]);
      if (target.startsWith(to) && !fs.existsSync(target)) {
        fs.mkdirSync(path.dirname(target), { recursive: true });
        fs.writeFileSync(target, '');
      }
    }
  }
  return mainText;
}

// ---------------------------------------------------------------------------------------------
// Stubs for what a config uses but another file of its tree defines
// ---------------------------------------------------------------------------------------------

/**
 * A wrapped site (`events {} http { include <site>; }`) lacks the http-level setup of the main
 * config it is written for: nginx -t rejects it for a log format, a map variable, an upstream or
 * a shared-memory zone that the tree defines elsewhere (conf.d/…). Such a definition is copied
 * from the (stubbed) tree into the http block, before anything else; and a server that listens
 * with ssl but finds its certificate nowhere gets the stub pair at http level. Each stub answers
 * one error of nginx -t on the config before fixing; the same stubs then go into the fixed copy,
 * so they cannot hide what the fix did. Apart from certificates, nothing is stubbed that the tree
 * does not define: a sample's own `unknown "connection_upgrade" variable` stays an error.
 */
interface Stub {
  /** For the summary: `log_format upstream_ws`, `variable $admin_allowed` … */
  label: string;
  text: string;
}

interface Definition {
  node: DirectiveNode;
  text: string;
}

/** Directives that define a variable for the whole http block, and where its name stands. */
const VARIABLE_DEFINERS: Record<string, (args: readonly string[]) => string | undefined> = {
  map: (args) => args[1],
  geo: (args) => args[args.length - 1],
  split_clients: (args) => args[1],
  perl_set: (args) => args[0],
  js_set: (args) => args[0],
};

/** Every directive of every file of a tree, parsed with ngxlint's parser, with its exact source text. */
function definitionsIn(tree: string): Definition[] {
  const out: Definition[] = [];
  for (const file of walkFiles(tree)) {
    if (file.includes(`${path.sep}.prefix${path.sep}`) || /\.(pem|key|crt)$/.test(file)) continue;
    const parsed = parseConfig(file, { single: true, mainContext: 'infer', payload: false }).files[0];
    const ast = parsed?.ast;
    if (!ast) continue;
    const visit = (statements: readonly StatementNode[]) => {
      for (const st of statements) {
        if (st.kind !== 'directive') continue;
        out.push({ node: st, text: ast.text.slice(st.range.start.offset, st.range.end.offset) });
        if (st.block && !VARIABLE_DEFINERS[st.name] && st.name !== 'upstream') visit(st.block.children);
      }
    };
    visit(ast.statements);
  }
  return out;
}

/** The stub that answers nginx -t's error, if the tree defines what is missing. */
function stubFor(output: string, definitions: () => Definition[], cert: Certificate | undefined): Stub | undefined {
  const copy = (label: string, match: (d: DirectiveNode) => boolean): Stub | undefined => {
    const found = definitions().find((d) => match(d.node));
    return found && { label, text: found.text };
  };
  let m: RegExpExecArray | null;
  if ((m = /unknown log format "([^"]+)"/.exec(output))) {
    const name = m[1];
    return copy(`log_format ${name}`, (d) => d.name === 'log_format' && d.argValues[0] === name);
  }
  if ((m = /unknown "([^"]+)" variable/.exec(output))) {
    const name = m[1];
    return copy(`variable $${name}`, (d) => VARIABLE_DEFINERS[d.name]?.(d.argValues) === `$${name}`);
  }
  if ((m = /host not found in upstream "([^":/]+)"/.exec(output))) {
    const name = m[1];
    return copy(`upstream ${name}`, (d) => d.name === 'upstream' && d.argValues[0] === name);
  }
  if ((m = /zero size shared memory zone "([^"]+)"|"\w+" zone "([^"]+)" is unknown/.exec(output))) {
    const name = m[1] ?? m[2];
    const zone = new RegExp(`^(keys_)?zone=${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:`);
    return copy(`zone ${name}`, (d) => /_zone$|_cache_path$/.test(d.name) && d.argValues.some((a) => zone.test(a)));
  }
  if (cert && /no "ssl_certificate" is defined/.test(output)) {
    return { label: 'ssl_certificate', text: `ssl_certificate ${cert.cert}; ssl_certificate_key ${cert.key};` };
  }
  return undefined;
}

/** The main file's text with the stubs first in its http block (or unchanged without one). */
function withStubs(mainText: string, stubs: readonly Stub[]): string {
  if (stubs.length === 0) return mainText;
  const http = /(^|[\s;{}])http\s*\{/m.exec(mainText);
  if (!http) return mainText;
  const at = http.index + http[0].length;
  return `${mainText.slice(0, at)}\n${stubs.map((s) => `${s.text}\n`).join('')}${mainText.slice(at)}`;
}

/** At most this many stubs per config: each is one more nginx -t. */
const MAX_STUBS = 12;

async function nginxT(tree: string, mainRel: string): Promise<{ ok: boolean; output: string }> {
  const prefix = path.join(tree, '.prefix');
  fs.mkdirSync(path.join(prefix, 'logs'), { recursive: true });
  return nginxTest(path.join(tree, mainRel), prefix);
}

async function inPool<T, R>(items: readonly T[], size: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: size }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await fn(items[i]);
      }
    }),
  );
  return results;
}

function runCli(args: string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', NODE_OPTIONS: undefined },
    maxBuffer: 256 * 1024 * 1024,
    timeout: 240_000,
  });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function readTree(dir: string): Map<string, string> {
  return new Map(walkFiles(dir).map((f) => [path.relative(dir, f), fs.readFileSync(f).toString('base64')]));
}

test('--fix never makes nginx -t reject a config it accepted, and a second --fix changes nothing', async () => {
  findNginx(); // a clear error when nginx is missing
  const cases = buildCases();
  const cert = makeCertificate(work);

  // Fix every case's copy with the real CLI: one run over all of them, then a second one. The
  // copies' absolute paths (rewritten layouts, wrappers) are moved along: orig/ → fixd/.
  const ORIG = `${work}/orig/`;
  const FIXD = `${work}/fixd/`;
  fs.cpSync(path.join(work, 'orig'), path.join(work, 'fixd'), { recursive: true, verbatimSymlinks: true });
  for (const f of walkFiles(path.join(work, 'fixd'))) {
    const text = fs.readFileSync(f, 'latin1');
    if (text.includes(ORIG)) fs.writeFileSync(f, text.split(ORIG).join(FIXD), 'latin1');
  }
  const fixedDir = (c: Case) => path.join(work, 'fixd', path.basename(c.dir));
  const mains = cases.map((c) => path.relative(work, path.join(fixedDir(c), c.main)));
  const first = runCli(['--fix', '--format', 'compact', ...mains], work);
  expect(first.stderr).not.toMatch(/internal error|changed on disk|^\s+at /m);
  const afterFirst = readTree(path.join(work, 'fixd'));
  const second = runCli(['--fix', '--format', 'compact', ...mains], work);
  expect(second.stderr).not.toMatch(/internal error|^\s+at /m);
  const afterSecond = readTree(path.join(work, 'fixd'));
  const changedBySecond = [...afterSecond.keys()].filter((k) => afterSecond.get(k) !== afterFirst.get(k));
  expect(changedBySecond).toEqual([]);

  // nginx -t before and after, on stubbed copies.
  const results = await inPool(cases, 4, async (c) => {
    const all = walkFiles(c.dir).map((f) => fs.readFileSync(f, 'latin1')).join('\n');
    if (!cert && needsCertificate(all)) return { c, skipped: true as const };
    const id = path.basename(c.dir);
    const beforeTree = path.join(work, 'stub-before', id);
    const afterTree = path.join(work, 'stub-after', id);
    const beforeMain = stubTree(c.dir, beforeTree, c.main, cert);
    const afterMain = stubTree(fixedDir(c), afterTree, c.main, cert);
    // Stubs learnt from the config before fixing, one nginx -t error at a time.
    const stubs: Stub[] = [];
    let definitions: Definition[] | undefined;
    let before = await nginxT(beforeTree, c.main);
    while (!before.ok && stubs.length < MAX_STUBS) {
      const stub = stubFor(before.output, () => (definitions ??= definitionsIn(beforeTree)), cert);
      if (!stub || stubs.some((s) => s.text === stub.text)) break;
      stubs.push(stub);
      fs.writeFileSync(path.join(beforeTree, c.main), withStubs(beforeMain, stubs), 'latin1');
      before = await nginxT(beforeTree, c.main);
    }
    const afterStubs = stubs.map((s) => ({ ...s, text: s.text.split(beforeTree).join(afterTree) }));
    fs.writeFileSync(path.join(afterTree, c.main), withStubs(afterMain, afterStubs), 'latin1');
    const after = await nginxT(afterTree, c.main);
    const changed = walkFiles(c.dir).some((f) => {
      const other = path.join(fixedDir(c), path.relative(c.dir, f));
      return !fs.existsSync(other) || fs.readFileSync(f, 'latin1').split(ORIG).join(FIXD) !== fs.readFileSync(other, 'latin1');
    });
    return { c, skipped: false as const, before, after, changed, stubs };
  });

  const checked = results.filter((r) => !r.skipped);
  const skipped = results.filter((r) => r.skipped);
  const accepted = checked.filter((r) => r.before.ok);
  const broken = accepted.filter((r) => !r.after.ok);
  const changed = checked.filter((r) => r.changed);
  // A change by --fix is verified when nginx -t accepts the fixed config: it either kept a config
  // nginx accepted, or turned one it rejected into one it accepts.
  const verified = changed.filter((r) => r.after.ok);
  const unverified = changed.filter((r) => !r.after.ok);
  const lines = results.map((r) =>
    r.skipped
      ? `  skip  ${r.c.name} (needs a certificate; no openssl)`
      : `  ${r.before.ok ? 'ok  ' : 'rej '}→ ${r.after.ok ? 'ok  ' : 'rej '} ${r.changed ? 'fixed' : '     '} ${r.c.name}` +
        (r.stubs.length > 0 ? `  [stubs: ${r.stubs.map((s) => s.label).join(', ')}]` : ''),
  );
  console.log(
    [
      `fix-never-breaks: ${cases.length} configs; nginx -t accepted ${accepted.length} before` +
        ` (${accepted.filter((r) => r.stubs.length > 0).length} of them with stubs), rejected ${checked.length - accepted.length}, skipped ${skipped.length}`,
      `  changed by --fix: ${changed.length}; verified by nginx -t after the fix: ${verified.length}` +
        ` (${verified.filter((r) => r.before.ok).length} accepted before and after, ${verified.filter((r) => !r.before.ok).length} rejected before, accepted after);` +
        ` unverified: ${unverified.length}; broken by --fix: ${broken.length}`,
      '  before → after',
      ...lines,
      ...unverified.map((r) => `unverified: ${r.c.name}: nginx -t rejects it before and after the fix:\n${r.after.output}`),
    ].join('\n'),
  );

  for (const r of broken) throw new Error(`--fix broke ${r.c.name}: nginx -t accepted it before, and now says:\n${r.after.output}`);
  expect(accepted.length).toBeGreaterThanOrEqual(MIN_ACCEPTED_BEFORE);
  // Every config of samples/ and of the layouts that --fix changes is one nginx -t accepts after
  // the fix (the stubs stand in for what a wrapped site's main config defines): a change nginx
  // could not check would prove nothing.
  expect(unverified.filter((r) => /^(samples|layouts)\//.test(r.c.name)).map((r) => `${r.c.name}: ${r.after.output}`)).toEqual([]);
  expect(verified.length).toBeGreaterThanOrEqual(MIN_VERIFIED_CHANGES);
});
