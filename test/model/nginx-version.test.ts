/**
 * The target nginx version (src/model/nginx-version.ts): what `nginxVersion` accepts, and where
 * the proxy module's defaults change (1.29.7: HTTP/1.1 upstream, no `Connection: close`).
 */
import { compareVersions, describeTarget, parseNginxVersion, proxiesHttp11ByDefault } from '../../src/model/nginx-version';

test.each([
  ['1.24.0', [1, 24, 0]],
  ['1.29', [1, 29, 0]],
  [' 1.29.7 ', [1, 29, 7]],
  ['1.29.7-r1', undefined],
  ['v1.24.0', undefined],
  ['1', undefined],
  ['', undefined],
])('parseNginxVersion(%j)', (text, want) => {
  expect(parseNginxVersion(text)).toEqual(want);
});

test.each([
  [[1, 29, 6], [1, 29, 7], -1],
  [[1, 29, 7], [1, 29, 7], 0],
  [[1, 30, 0], [1, 29, 7], 1],
  [[1, 9, 0], [1, 10, 0], -1], // numbers, not strings
  [[2, 0], [2, 0, 0], 0],
])('compareVersions(%j, %j) has the sign of %d', (a, b, sign) => {
  expect(Math.sign(compareVersions(a, b))).toBe(sign);
});

test.each([
  [undefined, false],
  ['1.22.1', false],
  ['1.29.6', false],
  ['1.29.7', true],
  ['1.30.0', true],
  ['2.0.0', true],
])('target %s proxies with HTTP/1.1 by default: %s', (version, want) => {
  expect(proxiesHttp11ByDefault({ version: version === undefined ? undefined : parseNginxVersion(version) })).toBe(want);
});

test('messages say which target they assume', () => {
  expect(describeTarget({ version: [1, 24, 0] })).toBe('nginx 1.24.0');
  expect(describeTarget({})).toBe('nginx before 1.29.7 (no nginxVersion set; distributions ship older versions)');
});
