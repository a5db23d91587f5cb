/**
 * Inline comments that switch rules off, and --report-unused-disable-directives, through the CLI.
 * Every location below is a WebSocket location without proxy_http_version (an error each).
 */
import { onlyRules, removeTempDirs, runCli, tempDir } from '../support/cli';
import { findings, mainConfig, RULE } from './fixtures';

afterAll(removeTempDirs);

const only = () => onlyRules(RULE);

function ws(path: string, indent = '    '): string {
  return [`location ${path} {`, '    proxy_pass http://backend;', '    proxy_set_header Upgrade $http_upgrade;', '}'].map((l) => indent + l).join('\n');
}

function server(...parts: string[]): string {
  return ['server {', '    listen 80;', ...parts, '}', ''].join('\n');
}

function lint(text: string, ...args: string[]) {
  const dir = tempDir({ 'app.conf': text });
  const run = runCli([...only(), '-f', 'json', ...args, 'app.conf'], { cwd: dir });
  return { run, found: findings(run, dir) };
}

test('without comments every location is reported', () => {
  const { found, run } = lint(server(ws('/a'), ws('/b')));
  expect(found).toEqual([`app.conf:3:5 ${RULE}`, `app.conf:7:5 ${RULE}`]);
  expect(run.status).toBe(1);
});

describe('# ngxlint-disable-next-line', () => {
  test('with a list of rules and a reason after --', () => {
    const { found } = lint(server('    # ngxlint-disable-next-line other-rule, websocket-http-version -- the backend speaks HTTP/1.0', ws('/a'), ws('/b')));
    expect(found).toEqual([`app.conf:8:5 ${RULE}`]);
  });

  test('without rules it covers every rule; it covers the next line only', () => {
    const { found, run } = lint(server('    # ngxlint-disable-next-line', ws('/a'), '', ws('/b')));
    expect(found).toEqual([`app.conf:9:5 ${RULE}`]);
    expect(run.status).toBe(1);
  });

  test('for another rule it does not cover this one', () => {
    const { found } = lint(server('    # ngxlint-disable-next-line some-other-rule', ws('/a')));
    expect(found).toEqual([`app.conf:4:5 ${RULE}`]);
  });

  test('all findings disabled: exit 0', () => {
    const { run } = lint(server('    # ngxlint-disable-next-line websocket-http-version -- reviewed', ws('/a')));
    expect(run.status).toBe(0);
  });
});

describe('# ngxlint-disable … # ngxlint-enable', () => {
  test('a rule is off between the two comments', () => {
    const text = server('    # ngxlint-disable websocket-http-version', ws('/a'), ws('/b'), '    # ngxlint-enable websocket-http-version', ws('/c'));
    expect(lint(text).found).toEqual([`app.conf:13:5 ${RULE}`]);
  });

  test('without an enable it lasts to the end of the file', () => {
    const text = server(ws('/a'), '    # ngxlint-disable', ws('/b'), ws('/c'));
    expect(lint(text).found).toEqual([`app.conf:3:5 ${RULE}`]);
  });
});

test('every form takes a reason after --, which names no rule', () => {
  const reason = ' -- reviewed: the backend, a legacy one, speaks HTTP/1.0';
  const between = server(`    # ngxlint-disable websocket-http-version${reason}`, ws('/a'), `    # ngxlint-enable websocket-http-version${reason}`, ws('/b'));
  expect(lint(between).found).toEqual([`app.conf:9:5 ${RULE}`]);
  const line = server(ws('/a').replace('location /a {', `location /a { # ngxlint-disable-line websocket-http-version${reason}`), ws('/b'));
  expect(lint(line).found).toEqual([`app.conf:7:5 ${RULE}`]);
  expect(lint(`# ngxlint-disable-file websocket-http-version${reason}\n` + server(ws('/a'))).found).toEqual([]);
  // Without rule ids, a reason alone still covers every rule.
  expect(lint(server(`    # ngxlint-disable-next-line${reason}`, ws('/a'))).found).toEqual([]);
});

test('# ngxlint-disable-line at the end of the line it is about', () => {
  const text = server(ws('/a').replace('location /a {', 'location /a { # ngxlint-disable-line websocket-http-version'), ws('/b'));
  expect(lint(text).found).toEqual([`app.conf:7:5 ${RULE}`]);
});

describe('# ngxlint-disable-file', () => {
  test('anywhere in the file, it covers the whole file', () => {
    expect(lint(server(ws('/a'), ws('/b'), '    # ngxlint-disable-file')).found).toEqual([]);
    expect(lint('# ngxlint-disable-file websocket-http-version\n' + server(ws('/a'))).found).toEqual([]);
    expect(lint('# ngxlint-disable-file some-other-rule\n' + server(ws('/a'))).found).toEqual([`app.conf:4:5 ${RULE}`]);
  });

  test('in an included file it covers that file only', () => {
    const dir = tempDir({
      'nginx.conf': mainConfig('sites-enabled/*'),
      'sites-enabled/a': '# ngxlint-disable-file\n' + server(ws('/a')),
      'sites-enabled/b': server(ws('/b')),
    });
    const run = runCli([...only(), '-f', 'json', '.'], { cwd: dir });
    expect(findings(run, dir)).toEqual([`sites-enabled/b:3:5 ${RULE}`]);
  });
});

describe('--report-unused-disable-directives', () => {
  const text = server(
    '    # ngxlint-disable-next-line websocket-http-version, some-other-rule -- used for one rule only',
    ws('/a'),
    '    # ngxlint-disable-next-line websocket-http-version',
    '    listen 81;',
    '    # ngxlint-disable websocket-http-version',
    '    # ngxlint-enable websocket-http-version',
  );

  test('off by default', () => {
    const { found, run } = lint(text);
    expect(found).toEqual([]);
    expect(run.status).toBe(0);
  });

  test('reports every comment (or rule in one) that suppressed nothing, as errors', () => {
    const { run } = lint(text, '--report-unused-disable-directives');
    expect(run.status).toBe(1);
    const messages = JSON.parse(run.stdout)[0].messages as Array<{ ruleId: string; line: number; column: number; severity: number; message: string }>;
    expect(messages.map((m) => [m.ruleId, m.line, m.column, m.severity, m.message])).toEqual([
      ['unused-disable-directive', 3, 5, 2, "unused ngxlint-disable-next-line directive (no problems were reported from 'some-other-rule')"],
      ['unused-disable-directive', 8, 5, 2, "unused ngxlint-disable-next-line directive (no problems were reported from 'websocket-http-version')"],
      ['unused-disable-directive', 10, 5, 2, "unused ngxlint-disable directive (no problems were reported from 'websocket-http-version')"],
    ]);
  });

  test('a disable-file that suppresses something is used; the same comment in a clean file is not', () => {
    expect(lint('# ngxlint-disable-file\n' + server(ws('/a')), '--report-unused-disable-directives').run.status).toBe(0);
    const unused = lint('# ngxlint-disable-file\n' + server('    listen 81;'), '--report-unused-disable-directives');
    expect(unused.found).toEqual(['app.conf:1:1 unused-disable-directive']);
  });

  test('a file that does not parse ran no rules: its comments are not reported', () => {
    const { found } = lint('# ngxlint-disable-file\n' + server(ws('/a')).replace(/}\n$/, ''), '--report-unused-disable-directives');
    expect(found).toEqual(['app.conf:7:5 fatal']);
  });

  test('a snippet checked through two configs: a comment used in one of them is used', () => {
    const dir = tempDir({
      'sites-available/one': server('    include ../snippets/ws.conf;'),
      'sites-available/two': server('    proxy_http_version 1.1;', '    include ../snippets/ws.conf;'),
      'snippets/ws.conf': ['# ngxlint-disable-next-line websocket-http-version', ws('/ws', '')].join('\n') + '\n',
    });
    const run = runCli([...only(), '-f', 'json', '--report-unused-disable-directives', 'sites-available'], { cwd: dir });
    expect(findings(run, dir)).toEqual([]);
    expect(run.status).toBe(0);
  });
});
