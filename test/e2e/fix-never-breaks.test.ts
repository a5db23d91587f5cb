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
 * (logs, caches, temp folders) move into a scratch prefix. The stubbing is the same before and
 * after, so it cannot hide what the fix did. A minimum number of configs must pass nginx -t
 * before (so the test cannot pass vacuously); a summary is printed.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CLI, REPO_ROOT, SHARED_CORPUS } from '../support/cli';
import { findNginx, nginxTest } from './support';

jest.setTimeout(300_000);

/** Configs nginx -t must accept before fixing, at least (there are more; this guards against a vacuous pass). */
const MIN_ACCEPTED_BEFORE = 40;

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
function stubTree(from: string, to: string, mainRel: string, cert: Certificate | undefined): void {
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
  const mainText = fs.readFileSync(main, 'latin1');
  if (!/(^|[\s;{}])events\s*\{/.test(mainText)) fs.writeFileSync(main, `${mainText}\nevents {}\n`, 'latin1');
  for (const f of walkFiles(to)) {
    for (const m of fs.readFileSync(f, 'latin1').matchAll(/(^|[\s;{}])include\s+["']?([^\s;"'*?[]+)["']?\s*;/gm)) {
      const target = path.isAbsolute(m[2]) ? m[2] : path.join(path.dirname(main), m[2]);
      if (target.startsWith(to) && !fs.existsSync(target)) {
        fs.mkdirSync(path.dirname(target), { recursive: true });
        fs.writeFileSync(target, '');
      }
    }
  }
}

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
    stubTree(c.dir, path.join(work, 'stub-before', id), c.main, cert);
    stubTree(fixedDir(c), path.join(work, 'stub-after', id), c.main, cert);
    const before = await nginxT(path.join(work, 'stub-before', id), c.main);
    const after = await nginxT(path.join(work, 'stub-after', id), c.main);
    const changed = walkFiles(c.dir).some((f) => {
      const other = path.join(fixedDir(c), path.relative(c.dir, f));
      return !fs.existsSync(other) || fs.readFileSync(f, 'latin1').split(ORIG).join(FIXD) !== fs.readFileSync(other, 'latin1');
    });
    return { c, skipped: false as const, before, after, changed };
  });

  const accepted = results.filter((r) => !r.skipped && r.before.ok);
  const broken = results.filter((r) => !r.skipped && r.before.ok && !r.after.ok);
  const skipped = results.filter((r) => r.skipped);
  const lines = results.map((r) =>
    r.skipped
      ? `  skip  ${r.c.name} (needs a certificate; no openssl)`
      : `  ${r.before.ok ? 'ok  ' : 'rej '}→ ${r.after.ok ? 'ok  ' : 'rej '} ${r.changed ? 'fixed' : '     '} ${r.c.name}`,
  );
  console.log(
    [
      `fix-never-breaks: ${cases.length} configs; nginx -t accepted ${accepted.length} before` +
        ` (${accepted.filter((r) => !r.skipped && r.changed).length} of them changed by --fix), rejected ${results.length - accepted.length - skipped.length}` +
        ` (not a question for --fix), skipped ${skipped.length}; broken by --fix: ${broken.length}`,
      '  before → after',
      ...lines,
    ].join('\n'),
  );

  for (const r of broken) {
    if (r.skipped) continue;
    throw new Error(`--fix broke ${r.c.name}: nginx -t accepted it before, and now says:\n${r.after.output}`);
  }
  expect(accepted.length).toBeGreaterThanOrEqual(MIN_ACCEPTED_BEFORE);
  // --fix did change some of the accepted configs (otherwise the comparison proves little).
  expect(accepted.filter((r) => !r.skipped && r.changed).length).toBeGreaterThanOrEqual(5);
});
