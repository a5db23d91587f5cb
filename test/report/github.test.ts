import github, { escapeData, escapeProperty, GITHUB_ANNOTATIONS_PER_KIND } from '../../src/report/github';
import type { LintResult } from '../../src/lint/types';
import { context, fixtureResults, manyFindings, ODD_MESSAGE } from './fixtures';

const GOLDEN = [
  '::error file=conf/nginx.conf,line=6,col=13,endLine=6,endColumn=39,title=websocket-http-version::WebSocket proxying needs HTTP/1.1.',
  '::error file=conf/nginx.conf,line=6,col=24,endLine=6,endColumn=38,title=proxy-pass-trailing-slash::proxy_pass without a URI keeps the /ws/ prefix.',
  '::error file=sites/default.conf,line=3,col=1,endLine=3,endColumn=2,title=parse-error::unexpected "}"',
  '::warning file=conf/nginx.conf,line=3,col=9,endLine=3,endColumn=19,title=listen-default::listen 80: 100%25 of traffic, plain HTTP%0Aconsider "listen 443 ssl"',
  '::warning file=conf/nginx.conf,line=7,col=13,endLine=7,endColumn=52,title=proxy-header-inheritance::proxy_set_header here drops the headers set at server level.',
  '::warning file=/work/outside/extra.conf,line=1,col=1,endLine=1,endColumn=9,title=listen-default::no listen directive; nginx listens on *:80',
  '',
].join('\n');

/**
 * Workflow-command syntax: `::command key=value,key=value::data`. Escaped property values hold no
 * `,` `:` or line break; the data holds no line break.
 */
const WORKFLOW_COMMAND = /^::([a-z][a-z-]*)(?: ([A-Za-z]+=[^,:\r\n]*(?:,[A-Za-z]+=[^,:\r\n]*)*))?::([^\r\n]*)$/;
const ANNOTATION =
  /^::(error|warning) file=[^,:\r\n]+,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=[^,:\r\n]+::[^\r\n]*$/;

/** The runner's parser (actions/runner ActionCommand.TryParseV2 and its unescaping), for round trips. */
function parseCommand(line: string): { command: string; properties: Record<string, string>; data: string } | undefined {
  if (!line.startsWith('::')) return undefined;
  const end = line.indexOf('::', 2);
  if (end < 0) return undefined;
  const info = line.slice(2, end);
  const space = info.indexOf(' ');
  const command = space < 0 ? info : info.slice(0, space);
  const properties: Record<string, string> = {};
  if (space > 0) {
    for (const pair of info.slice(space + 1).trim().split(',').filter(Boolean)) {
      const eq = pair.indexOf('=');
      if (eq > 0 && eq < pair.length - 1) {
        properties[pair.slice(0, eq)] = pair
          .slice(eq + 1)
          .split('%0D').join('\r')
          .split('%0A').join('\n')
          .split('%3A').join(':')
          .split('%2C').join(',')
          .split('%25').join('%');
      }
    }
  }
  const data = line
    .slice(end + 2)
    .split('%0D').join('\r')
    .split('%0A').join('\n')
    .split('%25').join('%');
  return { command, properties, data };
}

function lines(output: string): string[] {
  return output === '' ? [] : output.replace(/\n$/, '').split('\n');
}

describe('github', () => {
  test('golden output: errors first, then warnings', () => {
    expect(github(fixtureResults(), context())).toBe(GOLDEN);
  });

  test('every line is a workflow command with the annotation properties', () => {
    for (const line of lines(github(fixtureResults(), context()))) {
      expect(line).toMatch(WORKFLOW_COMMAND);
      expect(line).toMatch(ANNOTATION);
    }
  });

  test('the runner reads back exactly the message, the path and the position', () => {
    const parsed = lines(github(fixtureResults(), context())).map(parseCommand);
    expect(parsed[3]).toEqual({
      command: 'warning',
      properties: {
        file: 'conf/nginx.conf',
        line: '3',
        col: '9',
        endLine: '3',
        endColumn: '19',
        title: 'listen-default',
      },
      data: ODD_MESSAGE,
    });
  });

  test.each([
    ['plain', 'plain'],
    ['100%', '100%25'],
    ['a\r\nb', 'a%0D%0Ab'],
    ['%0A literal', '%250A literal'],
    ['a: b, c', 'a: b, c'],
  ])('escapeData(%j) is %j (as @actions/core)', (input, expected) => {
    expect(escapeData(input)).toBe(expected);
  });

  test.each([
    ['conf/nginx.conf', 'conf/nginx.conf'],
    ['a: b, c', 'a%3A b%2C c'],
    ['50%\n', '50%25%0A'],
    ['%3A', '%253A'],
  ])('escapeProperty(%j) is %j (as @actions/core)', (input, expected) => {
    expect(escapeProperty(input)).toBe(expected);
  });

  test('a path with ":" and "," is escaped in the file property and read back intact', () => {
    const file = 'conf/odd, name:1.conf';
    const results: LintResult[] = [{ file, findings: manyFindings('error', 1, file) }];
    const [line] = lines(github(results, context()));
    expect(line).toBe(
      '::error file=conf/odd%2C name%3A1.conf,line=1,col=1,endLine=1,endColumn=5,title=websocket-http-version::error number 1',
    );
    expect(line).toMatch(ANNOTATION);
    expect(parseCommand(line)?.properties.file).toBe(file);
  });

  test(`at most ${GITHUB_ANNOTATIONS_PER_KIND} annotations per kind, errors first, then one plain line per capped kind`, () => {
    const results: LintResult[] = [
      { file: 'conf/many.conf', findings: [...manyFindings('warning', 14), ...manyFindings('error', 12)] },
    ];
    const out = lines(github(results, context()));
    expect(out).toHaveLength(10 + 10 + 2);
    expect(out.slice(0, 10).every((l) => l.startsWith('::error '))).toBe(true);
    expect(out.slice(10, 20).every((l) => l.startsWith('::warning '))).toBe(true);
    for (const l of out.slice(0, 20)) expect(l).toMatch(ANNOTATION);
    expect(out.slice(0, 10).map((l) => parseCommand(l)?.data)).toEqual(
      Array.from({ length: 10 }, (_, i) => `error number ${i + 1}`),
    );
    expect(out[20]).toBe(
      'ngxlint: 2 more errors not shown as annotations (GitHub shows at most 10 per kind); run ngxlint with -f stylish to see them all',
    );
    expect(out[21]).toBe(
      'ngxlint: 4 more warnings not shown as annotations (GitHub shows at most 10 per kind); run ngxlint with -f stylish to see them all',
    );
    // The plain lines are not workflow commands.
    expect(parseCommand(out[20])).toBeUndefined();
    expect(parseCommand(out[21])).toBeUndefined();
  });

  test('exactly 10 of a kind: no plain line; 11: "1 more error"', () => {
    const ten: LintResult[] = [{ file: 'a.conf', findings: manyFindings('error', 10, 'a.conf') }];
    expect(lines(github(ten, context()))).toHaveLength(10);
    const eleven: LintResult[] = [{ file: 'a.conf', findings: manyFindings('error', 11, 'a.conf') }];
    expect(lines(github(eleven, context())).pop()).toBe(
      'ngxlint: 1 more error not shown as annotations (GitHub shows at most 10 per kind); run ngxlint with -f stylish to see them all',
    );
  });

  test('nothing when there are no findings', () => {
    expect(github([{ file: 'a.conf', findings: [] }], context())).toBe('');
  });
});
