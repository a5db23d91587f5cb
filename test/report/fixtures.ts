/**
 * One fixed `LintResult[]` that every renderer test reads: several files (a relative path, an
 * absolute path inside cwd, a path outside cwd, a clean file), errors and warnings, a safe fix, an
 * unsafe fix, a fix that edits two files, a suggestion, related locations, a parse error, and a
 * message with `%`, `:`, `,` and a line break. Findings of a file are deliberately out of order.
 */

import type { Finding, LintResult, RuleMeta } from '../../src/lint/types';
import type { ReportContext } from '../../src/report/context';

export const CWD = '/work/proj';

export const NGINX_CONF = [
  'http {',
  '    server {',
  '        listen 80;',
  '        proxy_set_header Host $host;',
  '        location /ws/ {',
  '            proxy_pass http://backend;',
  '            proxy_set_header Upgrade $http_upgrade;',
  '        }',
  '    }',
  '}',
  '',
].join('\n');

/** 0-based offset of a 1-based line and column in `text`. */
export function offsetOf(text: string, line: number, column: number): number {
  const lines = text.split('\n');
  let offset = 0;
  for (let i = 0; i < line - 1; i++) offset += lines[i].length + 1;
  return offset + column - 1;
}

const A = 'conf/nginx.conf';
const SNIPPET = 'conf/snippets/proxy.conf';
const B = '/work/proj/sites/default.conf';
const OUTSIDE = '../outside/extra.conf';

export const ODD_MESSAGE = 'listen 80: 100% of traffic, plain HTTP\nconsider "listen 443 ssl"';

const proxyHeaderInheritance: Finding = {
  ruleId: 'proxy-header-inheritance',
  severity: 'warning',
  message: 'proxy_set_header here drops the headers set at server level.',
  file: A,
  start: { line: 7, column: 13 },
  end: { line: 7, column: 52 },
  related: [{ file: A, line: 4, column: 9, message: 'set at server level here' }],
  fix: {
    applicability: 'unsafe',
    description: 'move the server-level headers into snippets/proxy.conf and include it there',
    edits: [
      { file: A, start: offsetOf(NGINX_CONF, 4, 9), end: offsetOf(NGINX_CONF, 4, 37), text: 'include snippets/proxy.conf;' },
      {
        file: A,
        start: offsetOf(NGINX_CONF, 7, 13),
        end: offsetOf(NGINX_CONF, 7, 13),
        text: 'include snippets/proxy.conf;\n            ',
      },
      { file: SNIPPET, start: 0, end: 0, text: 'proxy_set_header Host $host;\n' },
    ],
  },
};

const websocketHttpVersion: Finding = {
  ruleId: 'websocket-http-version',
  severity: 'error',
  message: 'WebSocket proxying needs HTTP/1.1.',
  file: A,
  start: { line: 6, column: 13 },
  end: { line: 6, column: 39 },
  fix: {
    applicability: 'safe',
    description: 'insert "proxy_http_version 1.1;"',
    edits: [
      {
        file: A,
        start: offsetOf(NGINX_CONF, 6, 13),
        end: offsetOf(NGINX_CONF, 6, 13),
        text: 'proxy_http_version 1.1;\n            ',
      },
    ],
  },
};

const listenDefault: Finding = {
  ruleId: 'listen-default',
  severity: 'warning',
  message: ODD_MESSAGE,
  file: A,
  start: { line: 3, column: 9 },
  end: { line: 3, column: 19 },
  suggestions: [
    {
      applicability: 'unsafe',
      description: 'listen on 443 with TLS',
      edits: [{ file: A, start: offsetOf(NGINX_CONF, 3, 16), end: offsetOf(NGINX_CONF, 3, 18), text: '443 ssl' }],
    },
  ],
};

const proxyPassTrailingSlash: Finding = {
  ruleId: 'proxy-pass-trailing-slash',
  severity: 'error',
  message: 'proxy_pass without a URI keeps the /ws/ prefix.',
  file: A,
  start: { line: 6, column: 24 },
  end: { line: 6, column: 38 },
  fix: {
    applicability: 'unsafe',
    description: 'add "/" to the proxy_pass URL',
    edits: [{ file: A, start: offsetOf(NGINX_CONF, 6, 38), end: offsetOf(NGINX_CONF, 6, 38), text: '/' }],
  },
};

const parseError: Finding = {
  ruleId: 'parse-error',
  severity: 'error',
  message: 'unexpected "}"',
  file: B,
  start: { line: 3, column: 1 },
  end: { line: 3, column: 2 },
};

const outside: Finding = {
  ruleId: 'listen-default',
  severity: 'warning',
  message: 'no listen directive; nginx listens on *:80',
  file: OUTSIDE,
  start: { line: 1, column: 1 },
  end: { line: 1, column: 9 },
};

export function fixtureResults(): LintResult[] {
  return [
    {
      file: A,
      source: NGINX_CONF,
      // Out of order on purpose: renderers sort by position.
      findings: [proxyHeaderInheritance, websocketHttpVersion, listenDefault, proxyPassTrailingSlash],
    },
    { file: B, findings: [parseError] },
    { file: 'conf/clean.conf', source: 'events {}\n', findings: [] },
    { file: OUTSIDE, findings: [outside] },
  ];
}

export const RULES: RuleMeta[] = [
  {
    id: 'websocket-http-version',
    defaultSeverity: 'error',
    fixable: 'safe',
    description: 'WebSocket locations must proxy with HTTP/1.1.',
    rationale: 'nginx proxies with HTTP/1.0 by default, which cannot carry the Upgrade handshake.',
    docsUrl: 'https://ngxlint.example/rules/websocket-http-version',
  },
  {
    id: 'proxy-header-inheritance',
    defaultSeverity: 'warning',
    fixable: 'unsafe',
    description: 'A proxy_set_header in a block drops every inherited one.',
    rationale: 'proxy_set_header is inherited only when the block defines none of its own.',
    docsUrl: 'https://ngxlint.example/rules/proxy-header-inheritance',
  },
  {
    id: 'listen-default',
    defaultSeverity: 'warning',
    fixable: false,
    description: 'Servers should say what they listen on.',
    rationale: '',
    docsUrl: 'https://ngxlint.example/rules/listen-default',
  },
  {
    id: 'proxy-pass-trailing-slash',
    defaultSeverity: 'error',
    fixable: 'unsafe',
    description: 'proxy_pass URI handling.',
    rationale: 'Whether proxy_pass has a URI part decides how the request URI is rewritten.',
    docsUrl: 'https://ngxlint.example/rules/proxy-pass-trailing-slash',
  },
  {
    // Ran, but found nothing: still listed in SARIF's rules.
    id: 'ssl-protocols',
    defaultSeverity: 'warning',
    fixable: false,
    description: 'No obsolete TLS versions.',
    rationale: 'TLSv1 and TLSv1.1 are deprecated (RFC 8996).',
    docsUrl: 'https://ngxlint.example/rules/ssl-protocols',
  },
];

export function context(overrides: Partial<ReportContext> = {}): ReportContext {
  return { cwd: CWD, color: false, rules: RULES, toolVersion: '0.1.0', ...overrides };
}

/** `count` findings of one severity in one file, lines 1..count. */
export function manyFindings(severity: 'error' | 'warning', count: number, file = 'conf/many.conf'): Finding[] {
  return Array.from({ length: count }, (_, i) => ({
    ruleId: severity === 'error' ? 'websocket-http-version' : 'listen-default',
    severity,
    message: `${severity} number ${i + 1}`,
    file,
    start: { line: i + 1, column: 1 },
    end: { line: i + 1, column: 5 },
  }));
}
