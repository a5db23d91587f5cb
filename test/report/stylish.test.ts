import stylish from '../../src/report/stylish';
import type { LintResult } from '../../src/lint/types';
import { context, fixtureResults, manyFindings } from './fixtures';

// eslint's stylish layout: path, then "  line:col  severity  message  rule" in aligned columns
// (line numbers right-aligned, one trailing period dropped), a blank line after each file.
const GOLDEN = `
conf/nginx.conf
  3:9   warning  listen 80: 100% of traffic, plain HTTP consider "listen 443 ssl"  listen-default
  6:13  error    WebSocket proxying needs HTTP/1.1                                 websocket-http-version
  6:24  error    proxy_pass without a URI keeps the /ws/ prefix                    proxy-pass-trailing-slash
  7:13  warning  proxy_set_header here drops the headers set at server level       proxy-header-inheritance

sites/default.conf
  3:1  error  unexpected "}"  parse-error

../outside/extra.conf
  1:1  warning  no listen directive; nginx listens on *:80  listen-default

\u2716 6 problems (3 errors, 3 warnings)
  1 error and 0 warnings potentially fixable with the \`--fix\` option.
  1 error and 1 warning potentially fixable with the \`--fix-unsafe\` option.
`;

const stripAnsi = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, '');

describe('stylish', () => {
  test('golden output without colors', () => {
    expect(stylish(fixtureResults(), context())).toBe(GOLDEN);
  });

  test('colors: same text once the ANSI codes are removed', () => {
    const colored = stylish(fixtureResults(), context({ color: true }));
    expect(colored).not.toBe(GOLDEN);
    expect(stripAnsi(colored)).toBe(GOLDEN);
  });

  test('colors: underlined files, red errors, yellow warnings, dim rule ids and positions, red bold summary', () => {
    const lines = stylish(fixtureResults(), context({ color: true })).split('\n');
    expect(lines[1]).toBe('\u001b[4mconf/nginx.conf\u001b[24m');
    expect(lines[2]).toBe(
      '  \u001b[2m3:9\u001b[22m   \u001b[33mwarning\u001b[39m  ' +
        'listen 80: 100% of traffic, plain HTTP consider "listen 443 ssl"  \u001b[2mlisten-default\u001b[22m',
    );
    expect(lines[3]).toContain('\u001b[31merror\u001b[39m');
    expect(lines[3]).toContain('\u001b[2mwebsocket-http-version\u001b[22m');
    expect(lines[13]).toBe('\u001b[31m\u001b[1m\u2716 6 problems (3 errors, 3 warnings)\u001b[22m\u001b[39m');
  });

  test('no color codes at all when color is false', () => {
    expect(stylish(fixtureResults(), context())).not.toMatch(/\u001b/);
  });

  test('nothing when there are no findings', () => {
    const clean: LintResult[] = [{ file: 'conf/clean.conf', findings: [] }];
    expect(stylish(clean, context())).toBe('');
    expect(stylish(clean, context({ color: true }))).toBe('');
    expect(stylish([], context())).toBe('');
  });

  test('warnings only: singular counts, yellow summary, no fix lines without fixes', () => {
    const results: LintResult[] = [{ file: 'conf/many.conf', findings: manyFindings('warning', 1) }];
    expect(stylish(results, context())).toBe(
      '\nconf/many.conf\n  1:1  warning  warning number 1  listen-default\n\n\u2716 1 problem (0 errors, 1 warning)\n',
    );
    expect(stylish(results, context({ color: true }))).toContain(
      '\u001b[33m\u001b[1m\u2716 1 problem (0 errors, 1 warning)\u001b[22m\u001b[39m',
    );
  });

  test('fixCommandHint: false leaves out the --fix lines', () => {
    const output = stylish(fixtureResults(), context({ fixCommandHint: false }));
    expect(output.endsWith('\u2716 6 problems (3 errors, 3 warnings)\n')).toBe(true);
    expect(output).not.toContain('--fix');
  });

  test('only safe fixes count for --fix; a lone unsafe fix gets only the --fix-unsafe line', () => {
    const [first] = fixtureResults();
    const unsafeOnly = first.findings.filter((f) => f.ruleId === 'proxy-pass-trailing-slash');
    const output = stylish([{ ...first, findings: unsafeOnly }], context());
    expect(output).not.toContain('`--fix` option');
    expect(output).toContain('  1 error and 0 warnings potentially fixable with the `--fix-unsafe` option.\n');
  });
});
