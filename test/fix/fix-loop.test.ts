/**
 * The fix loop (src/fix/fix-loop.ts) with synthetic rules, on real files: it applies the
 * non-overlapping fixes of a pass, lints again and repeats until nothing fixable is left — at most
 * 10 passes, so a rule whose fix never satisfies it cannot loop forever. A file with parse errors
 * is never edited, and fixes that would make the config parse worse are all dropped.
 */
import * as fs from 'fs';
import * as path from 'path';
import { fixConfig, MAX_FIX_PASSES } from '../../src/fix/fix-loop';
import { firstDirectiveNamed, type Level } from '../../src/model/config-model';
import { removeTempDirs, tempDir } from '../support/cli';
import { engineWith, syntheticRule } from '../support/synthetic-rules';

afterAll(() => removeTempDirs());

/** Never satisfied: every pass it asks for one more comment at the top of the file. */
const ALWAYS = syntheticRule('always-fixable', (context) => ({
  http(level: Level) {
    const opener = level.opener!;
    context.report({
      at: opener,
      messageId: 'report',
      data: { what: 'one more comment, please' },
      fix: (fixer) => ({ description: 'insert a comment', edits: [fixer.replaceRange(opener.file, 0, 0, '# again\n')] }),
    });
  },
}));

/**
 * Satisfied after two passes: a proxying location wants `proxy_buffering off;`, and once it has
 * that, `proxy_request_buffering off;` too.
 */
const TWO_STEPS = syntheticRule('two-steps', (context) => ({
  location(level: Level) {
    if (!firstDirectiveNamed(level, 'proxy_pass')) return;
    const missing = ['proxy_buffering', 'proxy_request_buffering'].find((name) => !firstDirectiveNamed(level, name));
    if (!missing) return;
    context.report({
      at: level.opener!,
      messageId: 'report',
      data: { what: `add ${missing}` },
      fix: (fixer) => ({ description: `insert "${missing} off;"`, edits: [fixer.insertInBlock(level, [`${missing} off;`])] }),
    });
  },
}));

const MAIN = `events {}
http {
    include conf.d/*.conf;
}
`;

const SITE = `server {
    listen 80;
    location /api/ {
        proxy_pass http://127.0.0.1:3000;
    }
}
`;

function layout(files: Record<string, string> = {}): { main: string; site: string } {
  const dir = tempDir({ 'nginx.conf': MAIN, 'conf.d/site.conf': SITE, ...files });
  return { main: path.join(dir, 'nginx.conf'), site: path.join(dir, 'conf.d', 'site.conf') };
}

test('a fix that never satisfies its rule stops after 10 passes', () => {
  const { main } = layout();
  const result = fixConfig(main, {}, engineWith(ALWAYS));
  expect(MAX_FIX_PASSES).toBe(10);
  expect(result.passes).toBe(10);
  expect(result.applied.map((a) => a.pass)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  expect(result.files.map((f) => [f.path, f.fixed])).toEqual([[main, '# again\n'.repeat(10) + MAIN]]);
  // The rule still asks: what is left says so.
  expect(result.result.findings.map((f) => f.ruleId)).toEqual(['always-fixable']);
  expect(fs.readFileSync(main, 'utf8')).toBe(MAIN); // the loop writes nothing
});

test('fixes that converge in 2 passes: 2 passes, and a second run finds nothing to fix', () => {
  const { main, site } = layout();
  const result = fixConfig(main, {}, engineWith(TWO_STEPS));
  expect(result.passes).toBe(2);
  expect(result.applied.map((a) => [a.pass, a.message])).toEqual([
    [1, 'add proxy_buffering'],
    [2, 'add proxy_request_buffering'],
  ]);
  const fixed = `server {
    listen 80;
    location /api/ {
        proxy_pass http://127.0.0.1:3000;
        proxy_buffering off;
        proxy_request_buffering off;
    }
}
`;
  expect(result.files.map((f) => [f.path, f.fixed])).toEqual([[site, fixed]]);
  expect(result.result.findings).toEqual([]);

  fs.writeFileSync(site, fixed);
  const again = fixConfig(main, {}, engineWith(TWO_STEPS));
  expect({ passes: again.passes, files: again.files, applied: again.applied }).toEqual({ passes: 0, files: [], applied: [] });
});

test('a file with parse errors is never fixed; the clean files of the config are', () => {
  // Each site has a fixable location; broken.conf also has a directive with a wrong argument
  // count (nginx -t rejects it; the rules still run and offer fixes there).
  const broken = SITE.replace('location /api/', 'location /broken/').replace('listen 80;', 'listen 81;\n    proxy_buffering;');
  const { main, site } = layout({ 'conf.d/z-broken.conf': broken });
  const brokenPath = path.join(path.dirname(site), 'z-broken.conf');

  const result = fixConfig(main, {}, engineWith(TWO_STEPS));
  expect(result.result.findings.map((f) => [f.ruleId, path.basename(f.file), f.fix?.edits.length ?? 0])).toEqual([
    ['parse-error', 'z-broken.conf', 0],
    ['two-steps', 'z-broken.conf', 1], // offered, not applied
  ]);
  expect(result.files.map((f) => f.path)).toEqual([site]);
  expect(result.applied.every((a) => a.file === site)).toBe(true);
  expect(fs.readFileSync(brokenPath, 'utf8')).toBe(broken);
});

test('a main file with parse errors is never edited, though a rule asks every pass', () => {
  const { main } = layout({ 'nginx.conf': MAIN.replace('events {}', 'events {}\nworker_processes;') });
  const result = fixConfig(main, {}, engineWith(TWO_STEPS, ALWAYS));
  // The fixes of the clean site are applied; the comment for nginx.conf never is.
  expect(result.files.map((f) => path.basename(f.path))).toEqual(['site.conf']);
  expect(result.applied.map((a) => a.ruleId)).toEqual(['two-steps', 'two-steps']);
  expect(result.result.findings.map((f) => [f.ruleId, path.basename(f.file), f.fix?.edits.length ?? 0])).toEqual([
    ['parse-error', 'nginx.conf', 0],
    ['always-fixable', 'nginx.conf', 1],
  ]);
});

test('fixes that would make the config parse worse are all dropped', () => {
  // A fix that deletes the `;` after the proxy_pass: the fixed text no longer parses.
  const breaking = syntheticRule('breaks-syntax', (context) => ({
    directive(d) {
      if (d.node.name !== 'proxy_pass') return;
      const end = d.node.range.end.offset;
      context.report({
        at: d,
        messageId: 'report',
        data: { what: 'drop the semicolon' },
        fix: (fixer) => ({ description: 'delete ";"', edits: [fixer.replaceRange(d.file, end - 1, end, '')] }),
      });
    },
  }));
  const { main, site } = layout();
  const result = fixConfig(main, {}, engineWith(TWO_STEPS, breaking));
  expect(result.files).toEqual([]);
  expect(result.applied).toEqual([]);
  expect(result.abandoned).toMatch(/^the fixed config would not parse cleanly \(.*site\.conf: .*\); no file was changed$/);
  // What is reported is the config as it is.
  expect(result.result.findings.map((f) => f.ruleId)).toEqual(['two-steps', 'breaks-syntax']);
  expect(fs.readFileSync(site, 'utf8')).toBe(SITE);
});
