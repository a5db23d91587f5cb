/**
 * The Node API (src/index.ts) on real files with includes: `lint()` gives findings with ranges
 * and fixes; `fix()` gives the fixed texts and the fixes it applied, as edits that — applied pass
 * by pass to the original texts — give exactly those texts. Nothing is written.
 */
import * as fs from 'fs';
import * as path from 'path';
import { fix, lint, type AppliedFix, type Finding, type TextEdit } from '../../src/index';
import { applyEdits } from '../../src/fix/fix-loop';
import { removeTempDirs, tempDir } from '../support/cli';

afterAll(() => removeTempDirs());

const MAIN = `events {}
http {
    include conf.d/*.conf;
}
`;

/** A WebSocket location with nothing set, under a server that sets headers it must keep. */
const SITE = `server {
    listen 80;
    server_name chat.example.com;
    proxy_set_header Host $host;
    proxy_set_header X-Real-IP $remote_addr;

    location /ws/ {
        proxy_pass http://127.0.0.1:3000;
    }
}
`;

function layout(site = SITE): { dir: string; main: string; site: string } {
  const dir = tempDir({ 'nginx.conf': MAIN, 'conf.d/chat.conf': site });
  return { dir, main: path.join(dir, 'nginx.conf'), site: path.join(dir, 'conf.d', 'chat.conf') };
}

/** The offset of a 1-based line and column in a text. */
function offsetOf(text: string, { line, column }: { line: number; column: number }): number {
  let offset = 0;
  for (let l = 1; l < line; l++) offset = text.indexOf('\n', offset) + 1;
  return offset + column - 1;
}

function rangeText(finding: Finding): string {
  const text = fs.readFileSync(finding.file, 'utf8');
  return text.slice(offsetOf(text, finding.start), offsetOf(text, finding.end));
}

test('lint: one result per file of the config, findings with ranges and fixes as edits', () => {
  const { main, site } = layout();
  const results = lint(main);
  expect(results.map((r) => r.file)).toEqual([main, site]);
  expect(results[0].findings).toEqual([]);

  const findings = results[1].findings;
  expect(findings.map((f) => [f.ruleId, f.severity, f.fix?.applicability ?? null])).toEqual([
    ['websocket-http-version', 'error', 'safe'],
    ['websocket-upgrade-header', 'error', 'safe'],
    ['websocket-connection-header', 'error', 'safe'],
    ['websocket-read-timeout', 'warning', null],
  ]);
  for (const f of findings) {
    expect(f.file).toBe(site);
    expect({ start: f.start, end: f.end }).toEqual({ start: { line: 7, column: 5 }, end: { line: 7, column: 20 } });
    expect(rangeText(f)).toBe('location /ws/ {');
  }
  // The Connection fix edits two files: the location, and nginx.conf's http block for the map.
  const connection = findings.find((f) => f.ruleId === 'websocket-connection-header')!;
  expect(connection.fix!.edits.map((e) => path.relative(path.dirname(main), e.file))).toEqual(['conf.d/chat.conf', 'nginx.conf']);
  expect(connection.fix!.edits[1].text).toContain('map $http_upgrade $connection_upgrade {');
  // The read-timeout warning offers its change only as a suggestion.
  expect(findings[3].suggestions?.length).toBeGreaterThan(0);
});

/** Applies the edits of each pass in turn to the original texts. */
function replay(originals: Map<string, string>, applied: readonly AppliedFix[]): Map<string, string> {
  const texts = new Map(originals);
  const passes = [...new Set(applied.map((a) => a.pass))];
  expect(passes).toEqual(passes.map((_, i) => i + 1)); // 1, 2, 3 … in order
  for (const pass of passes) {
    const byFile = new Map<string, TextEdit[]>();
    for (const a of applied.filter((x) => x.pass === pass)) {
      for (const e of a.fix.edits) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
    }
    for (const [file, edits] of byFile) texts.set(file, applyEdits(texts.get(file)!, edits));
  }
  return texts;
}

test('fix: the fixed texts, and the applied edits that give them from the original texts', () => {
  const { main, site } = layout();
  const before = lint(main).flatMap((r) => r.findings);
  const originals = new Map([main, site].map((f) => [f, fs.readFileSync(f, 'utf8')]));

  const result = fix(main);
  expect(result.abandoned).toEqual([]);
  // Nothing written.
  for (const [file, text] of originals) expect(fs.readFileSync(file, 'utf8')).toBe(text);

  expect(result.files.map((f) => [f.path, f.encoding])).toEqual([
    [site, 'utf8'],
    [main, 'utf8'],
  ]);
  for (const f of result.files) expect(f.original).toBe(originals.get(f.path));
  // The three fixes insert at the same place, so each waits for its own pass.
  expect(result.applied.map((a) => [a.ruleId, a.pass, a.fix.applicability])).toEqual([
    ['websocket-http-version', 1, 'safe'],
    ['websocket-upgrade-header', 2, 'safe'],
    ['websocket-connection-header', 3, 'safe'],
  ]);
  // A pass-1 fix is the finding lint() reported, as it was reported.
  expect(result.applied[0]).toEqual({ ...before.find((f) => f.ruleId === 'websocket-http-version'), pass: 1 });
  // Every applied fix has the shape of a lint finding: rule, message, file, range, fix.
  for (const a of result.applied) {
    expect(a).toEqual(expect.objectContaining({ ruleId: expect.any(String), message: expect.any(String), file: site, start: expect.any(Object), end: expect.any(Object) }));
  }

  const replayed = replay(originals, result.applied);
  for (const f of result.files) expect(replayed.get(f.path)).toBe(f.fixed);
  expect(result.files.find((f) => f.path === site)!.fixed).toBe(`server {
    listen 80;
    server_name chat.example.com;
    proxy_set_header Host $host;
    proxy_set_header X-Real-IP $remote_addr;

    location /ws/ {
        proxy_pass http://127.0.0.1:3000;
        proxy_http_version 1.1;
        proxy_set_header Host $host;
        proxy_set_header X-Real-IP $remote_addr;
        proxy_set_header Upgrade $http_upgrade;
        proxy_set_header Connection $connection_upgrade;
    }
}
`);
  expect(result.remaining.filter((f) => f.severity === 'error')).toEqual([]);

  // The fixed texts, given as unsaved buffers, need no more fixing.
  const again = fix(main, { sources: Object.fromEntries(result.files.map((f) => [f.path, f.fixed])) });
  expect({ files: again.files, applied: again.applied }).toEqual({ files: [], applied: [] });
});

test('fix: unsafe fixes only when asked for, and marked unsafe', () => {
  // A location's own proxy_set_header drops the server's Host: copying it back changes what the
  // backend receives, so the fix is unsafe.
  const { main, site } = layout(`server {
    listen 80;
    proxy_set_header Host $host;
    location /api/ {
        proxy_set_header X-Request-Id $request_id;
        proxy_pass http://127.0.0.1:3000;
    }
}
`);
  const safe = fix(main);
  expect({ files: safe.files, applied: safe.applied }).toEqual({ files: [], applied: [] });
  expect(safe.remaining.map((f) => [f.ruleId, f.fix?.applicability])).toEqual([['proxy-set-header-inheritance', 'unsafe']]);

  const unsafe = fix(main, { unsafe: true });
  expect(unsafe.applied.map((a) => [a.ruleId, a.pass, a.fix.applicability, a.fix.edits.map((e) => e.file)])).toEqual([
    ['proxy-set-header-inheritance', 1, 'unsafe', [site]],
  ]);
  expect(replay(new Map([[site, fs.readFileSync(site, 'utf8')]]), unsafe.applied).get(site)).toBe(unsafe.files[0].fixed);
  expect(unsafe.files[0].fixed).toBe(`server {
    listen 80;
    proxy_set_header Host $host;
    location /api/ {
        proxy_set_header X-Request-Id $request_id;
        proxy_pass http://127.0.0.1:3000;
        proxy_set_header Host $host;
    }
}
`);
});

test('fix: a file with a parse error is not fixed, though lint offers fixes; its findings remain', () => {
  // A wrong argument count is an error nginx -t reports, but not one that stops the rules.
  const { main } = layout(SITE.replace('proxy_pass http://127.0.0.1:3000;', 'proxy_pass http://127.0.0.1:3000;\n        proxy_buffering;'));
  const findings = lint(main).flatMap((r) => r.findings);
  expect(findings.filter((f) => f.fix).map((f) => f.ruleId)).toEqual(['websocket-http-version', 'websocket-upgrade-header', 'websocket-connection-header']);
  const result = fix(main);
  expect({ files: result.files, applied: result.applied }).toEqual({ files: [], applied: [] });
  expect(result.remaining).toEqual(findings);
  expect(result.remaining.map((f) => f.ruleId)).toContain('parse-error');
});

test('options are checked like the configuration file', () => {
  const { main } = layout();
  expect(() => lint(main, { rules: { 'no-such-rule': 'off' } as never })).toThrow('ngxlint: unknown rule "no-such-rule"');
  expect(() => fix(main, { nginxVersion: 'latest' })).toThrow('ngxlint: nginxVersion "latest": expected a version such as "1.24.0"');
  // Target 1.29.7 proxies with HTTP/1.1 by default: no http-version fix to apply.
  expect(fix(main, { nginxVersion: '1.29.7' }).applied.map((a) => a.ruleId)).not.toContain('websocket-http-version');
});
