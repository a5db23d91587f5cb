/**
 * The globs of `ignore`, `overrides[].files` (gitignore-like) and of command-line patterns
 * (anchored, as a shell reads them). In-process: these are pure functions.
 */
import { globToRegExp, matchesAny } from '../../src/settings/glob-match';

const matches = (glob: string, file: string, anchored = false) => globToRegExp(glob, { anchored }).test(file);

test.each([
  // [glob, path, matches]
  ['*.conf', 'a.conf', true],
  ['*.conf', 'conf.d/a.conf', true], // no slash: the name at any depth
  ['*.conf', 'a.conf.bak', false],
  ['conf.d/*.conf', 'conf.d/a.conf', true],
  ['conf.d/*.conf', 'x/conf.d/a.conf', false], // a slash anchors it
  ['conf.d/*.conf', 'conf.d/sub/a.conf', false], // * stays in its segment
  ['conf.d/**', 'conf.d/sub/a.conf', true],
  ['**/generated-*.conf', 'generated-a.conf', true],
  ['**/generated-*.conf', 'a/b/generated-a.conf', true],
  ['vendor/', 'vendor/x.conf', true], // a folder and everything below it
  ['vendor/', 'src/vendor/x.conf', true],
  ['vendor', 'vendor/x.conf', true],
  ['./sites-enabled/*', 'sites-enabled/app', true],
  ['site?.conf', 'site1.conf', true],
  ['site?.conf', 'site/.conf', false],
  ['{a,b}.conf', 'b.conf', true],
  ['{a,b}.conf', 'c.conf', false],
  ['site[0-9].conf', 'site7.conf', true],
  ['site[!0-9].conf', 'site7.conf', false],
  ['site[!0-9].conf', 'sitex.conf', true],
  ['a+b(1).conf', 'a+b(1).conf', true], // regex characters are literal
  ['a.conf', 'abconf', false],
] as const)('%s ~ %s: %s', (glob, file, expected) => {
  expect(matches(glob, file)).toBe(expected);
});

test('anchored (command-line) globs without a slash match in the base folder only', () => {
  expect(matches('*.conf', 'a.conf', true)).toBe(true);
  expect(matches('*.conf', 'conf.d/a.conf', true)).toBe(false);
});

test('matchesAny', () => {
  const globs = ['vendor/', '*.bak'].map((g) => globToRegExp(g));
  expect(matchesAny('vendor/a.conf', globs)).toBe(true);
  expect(matchesAny('sites/x.bak', globs)).toBe(true);
  expect(matchesAny('sites/x', globs)).toBe(false);
});
