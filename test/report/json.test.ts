import json, { type JsonMessage, type JsonResult } from '../../src/report/json';
import { context, fixtureResults, NGINX_CONF, ODD_MESSAGE, offsetOf } from './fixtures';

const ESLINT_RESULT_KEYS = [
  'filePath',
  'messages',
  'suppressedMessages',
  'errorCount',
  'fatalErrorCount',
  'warningCount',
  'fixableErrorCount',
  'fixableWarningCount',
  'usedDeprecatedRules',
];
const ESLINT_MESSAGE_KEYS = ['ruleId', 'severity', 'message', 'line', 'column', 'endLine', 'endColumn'];
const NGXLINT_MESSAGE_KEYS = ['fatal', 'fix', 'suggestions', 'fixApplicability', 'fixDescription', 'ngxlintFix', 'related'];

function render(): JsonResult[] {
  const output = json(fixtureResults(), context());
  expect(output.endsWith('\n')).toBe(true);
  return JSON.parse(output) as JsonResult[];
}

function byRule(results: JsonResult[], ruleId: string | null): JsonMessage {
  const found = results.flatMap((r) => r.messages).find((m) => m.ruleId === ruleId);
  if (found === undefined) throw new Error(`no message for ${ruleId}`);
  return found;
}

describe('json (ESLint format)', () => {
  test('one ESLint-shaped result per linted file, absolute paths, clean files included', () => {
    const results = render();
    expect(results.map((r) => r.filePath)).toEqual([
      '/work/proj/conf/nginx.conf',
      '/work/proj/sites/default.conf',
      '/work/proj/conf/clean.conf',
      '/work/outside/extra.conf',
    ]);
    for (const result of results) {
      const keys = Object.keys(result).filter((k) => k !== 'source');
      expect(keys.sort()).toEqual([...ESLINT_RESULT_KEYS].sort());
      expect(result.suppressedMessages).toEqual([]);
      expect(result.usedDeprecatedRules).toEqual([]);
      for (const message of result.messages) {
        for (const key of ESLINT_MESSAGE_KEYS) expect(message).toHaveProperty(key);
        for (const key of Object.keys(message)) expect([...ESLINT_MESSAGE_KEYS, ...NGXLINT_MESSAGE_KEYS]).toContain(key);
        expect([1, 2]).toContain(message.severity);
      }
    }
  });

  test.each([
    // file, errorCount, fatalErrorCount, warningCount, fixableErrorCount, fixableWarningCount
    ['/work/proj/conf/nginx.conf', 2, 0, 2, 1, 0],
    ['/work/proj/sites/default.conf', 1, 1, 0, 0, 0],
    ['/work/proj/conf/clean.conf', 0, 0, 0, 0, 0],
    ['/work/outside/extra.conf', 0, 0, 1, 0, 0],
  ])('counts for %s', (filePath, errors, fatal, warnings, fixableErrors, fixableWarnings) => {
    const result = render().find((r) => r.filePath === filePath);
    expect(result).toMatchObject({
      errorCount: errors,
      fatalErrorCount: fatal,
      warningCount: warnings,
      fixableErrorCount: fixableErrors,
      fixableWarningCount: fixableWarnings,
    });
    expect(result?.messages.filter((m) => m.severity === 2)).toHaveLength(errors);
    expect(result?.messages.filter((m) => m.severity === 1)).toHaveLength(warnings);
  });

  test('messages sorted by position; severity 2 for errors, 1 for warnings; message kept verbatim', () => {
    const [nginx] = render();
    expect(nginx.messages.map((m) => [m.ruleId, m.severity, m.line, m.column, m.endLine, m.endColumn])).toEqual([
      ['listen-default', 1, 3, 9, 3, 19],
      ['websocket-http-version', 2, 6, 13, 6, 39],
      ['proxy-pass-trailing-slash', 2, 6, 24, 6, 38],
      ['proxy-header-inheritance', 1, 7, 13, 7, 52],
    ]);
    expect(nginx.messages[0].message).toBe(ODD_MESSAGE);
  });

  test('a parse error is ESLint-fatal: ruleId null, fatal true, severity 2', () => {
    const [, broken] = render();
    expect(broken.messages).toEqual([
      { ruleId: null, fatal: true, severity: 2, message: 'unexpected "}"', line: 3, column: 1, endLine: 3, endColumn: 2 },
    ]);
  });

  test('ESLint `fix` only for a safe fix that is one edit in the same file; everything in ngxlintFix', () => {
    const results = render();
    const at = offsetOf(NGINX_CONF, 6, 13);
    const safe = byRule(results, 'websocket-http-version');
    expect(safe.fix).toEqual({ range: [at, at], text: 'proxy_http_version 1.1;\n            ' });
    expect(safe.fixApplicability).toBe('safe');
    expect(safe.fixDescription).toBe('insert "proxy_http_version 1.1;"');
    expect(safe.ngxlintFix).toEqual({
      applicability: 'safe',
      description: 'insert "proxy_http_version 1.1;"',
      edits: [{ filePath: '/work/proj/conf/nginx.conf', range: [at, at], text: 'proxy_http_version 1.1;\n            ' }],
    });

    const unsafe = byRule(results, 'proxy-pass-trailing-slash');
    expect(unsafe.fix).toBeUndefined();
    expect(unsafe.fixApplicability).toBe('unsafe');
    expect(unsafe.ngxlintFix?.edits).toHaveLength(1);

    const multiFile = byRule(results, 'proxy-header-inheritance');
    expect(multiFile.fix).toBeUndefined();
    expect(multiFile.fixApplicability).toBe('unsafe');
    expect(multiFile.ngxlintFix?.edits.map((e) => e.filePath)).toEqual([
      '/work/proj/conf/nginx.conf',
      '/work/proj/conf/nginx.conf',
      '/work/proj/conf/snippets/proxy.conf',
    ]);
    expect(multiFile.ngxlintFix?.edits[2]).toEqual({
      filePath: '/work/proj/conf/snippets/proxy.conf',
      range: [0, 0],
      text: 'proxy_set_header Host $host;\n',
    });

    expect(byRule(results, 'listen-default')).not.toHaveProperty('fixApplicability');
  });

  test('suggestions in ESLint shape (desc, fix) plus ngxlintFix; related with absolute paths', () => {
    const results = render();
    const listen = byRule(results, 'listen-default');
    const range: [number, number] = [offsetOf(NGINX_CONF, 3, 16), offsetOf(NGINX_CONF, 3, 18)];
    expect(listen.suggestions).toEqual([
      {
        desc: 'listen on 443 with TLS',
        fix: { range, text: '443 ssl' },
        ngxlintFix: {
          applicability: 'unsafe',
          description: 'listen on 443 with TLS',
          edits: [{ filePath: '/work/proj/conf/nginx.conf', range, text: '443 ssl' }],
        },
      },
    ]);
    expect(byRule(results, 'proxy-header-inheritance').related).toEqual([
      { filePath: '/work/proj/conf/nginx.conf', line: 4, column: 9, message: 'set at server level here' },
    ]);
  });

  test('source only for files with findings whose text the linter kept', () => {
    const [nginx, broken, clean, outside] = render();
    expect(nginx.source).toBe(NGINX_CONF);
    expect(broken).not.toHaveProperty('source');
    expect(clean).not.toHaveProperty('source');
    expect(outside).not.toHaveProperty('source');
  });

  test('totals over all files match the findings', () => {
    const results = render();
    const sum = (key: keyof JsonResult) => results.reduce((n, r) => n + (r[key] as number), 0);
    expect([sum('errorCount'), sum('warningCount'), sum('fatalErrorCount')]).toEqual([3, 3, 1]);
    expect(results.flatMap((r) => r.messages)).toHaveLength(6);
  });
});
