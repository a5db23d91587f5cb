/**
 * The rule tester's own tests: a table passes only when every field it pins matches, so each field
 * changed by a little, on a case that passes as written, makes the case fail.
 */
import rule from '../../rules/websocket-proxy-pass-scheme';
import { checkInvalidCase, checkValidCase, type ExpectedFinding, type InvalidCase } from './rule-tester';

const CODE = `events {}
http {
    server {
        listen 80;
        location /ws/ {
            proxy_pass ws://127.0.0.1:3000;
        }
    }
}
`;

const MESSAGE =
  'proxy_pass ws://127.0.0.1:3000 uses the ws:// scheme, which nginx rejects ("invalid URL prefix"): nginx reaches a WebSocket backend over http:// and upgrades the connection; use http://';

const FINDING: ExpectedFinding = { line: 6, column: 24, endLine: 6, endColumn: 43, severity: 'error', message: MESSAGE };

const CASE: InvalidCase = { code: CODE, errors: [FINDING], output: CODE.replace('ws://', 'http://') };

test('the case as written passes, so each failure below comes from its one change', () => {
  expect(() => checkInvalidCase(rule, CASE)).not.toThrow();
  expect(() => checkInvalidCase(rule, { ...CASE, errors: [{ ...FINDING, message: /^proxy_pass ws:\/\/127\.0\.0\.1:3000 uses .* use http:\/\/$/ }] })).not.toThrow();
});

test.each<[string, Partial<ExpectedFinding>]>([
  ['the message one word off', { message: MESSAGE.replace('use http://', 'use https://') }],
  ['only the start of the message', { message: MESSAGE.slice(0, 54) }],
  ['more after the message', { message: `${MESSAGE}.` }],
  ['an anchored regex that does not match', { message: /^proxy_pass wss:.*$/ }],
  ['another line', { line: 5 }],
  ['another column', { column: 23 }],
  ['another endLine', { endLine: 7 }],
  ['endColumn one short', { endColumn: 42 }],
  ['endColumn one past', { endColumn: 44 }],
  ['another severity', { severity: 'warning' }],
])('a finding with %s fails', (_name, change) => {
  expect(() => checkInvalidCase(rule, { ...CASE, errors: [{ ...FINDING, ...change }] })).toThrow('toEqual');
});

test('a message regex that could match a part of the message is refused, even when it matches', () => {
  for (const message of [/uses the ws:\/\/ scheme/, /^proxy_pass ws:/, /use http:\/\/$/]) {
    expect(() => checkInvalidCase(rule, { ...CASE, errors: [{ ...FINDING, message }] })).toThrow('anchored');
  }
});

test('a finding too many or too few fails', () => {
  expect(() => checkInvalidCase(rule, { ...CASE, errors: [] })).toThrow('toEqual');
  expect(() => checkInvalidCase(rule, { ...CASE, errors: [FINDING, FINDING] })).toThrow('toEqual');
});

test('an output that differs, null while the rule fixes, or left out fails', () => {
  expect(() => checkInvalidCase(rule, { ...CASE, output: CODE })).toThrow('toBe');
  expect(() => checkInvalidCase(rule, { ...CASE, output: null })).toThrow('toBe');
  expect(() => checkInvalidCase(rule, { ...CASE, output: undefined } as unknown as InvalidCase)).toThrow('pin the fixed text');
});

test('another file the fixes change must be pinned in outputs', () => {
  const snippet = CODE.split('\n').slice(2, 8).join('\n') + '\n';
  const included: InvalidCase = {
    code: 'events {}\nhttp {\n    include sites/*.conf;\n}\n',
    files: { 'sites/ws.conf': snippet },
    errors: [{ ...FINDING, line: 4, endLine: 4 }],
    output: null,
  };
  expect(() => checkInvalidCase(rule, included)).toThrow('toEqual');
  expect(() => checkInvalidCase(rule, { ...included, outputs: { 'sites/ws.conf': snippet } })).toThrow('toBe');
  expect(() => checkInvalidCase(rule, { ...included, outputs: { 'sites/ws.conf': snippet.replace('ws://', 'http://') } })).not.toThrow();
});

test('a valid case fails when the rule reports anything', () => {
  expect(() => checkValidCase(rule, { code: CODE })).toThrow('toEqual');
  expect(() => checkValidCase(rule, { code: CODE.replace('ws://', 'http://') })).not.toThrow();
});

test('message, endLine, endColumn and output are required by the types', () => {
  // @ts-expect-error endLine and endColumn are missing
  const noEnd: ExpectedFinding = { line: 6, column: 24, message: MESSAGE };
  // @ts-expect-error message is missing
  const noMessage: ExpectedFinding = { line: 6, column: 24, endLine: 6, endColumn: 43 };
  // @ts-expect-error output is missing
  const noOutput: InvalidCase = { code: CODE, errors: [FINDING] };
  expect([noEnd, noMessage, noOutput]).toHaveLength(3);
});
