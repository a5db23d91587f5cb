import compact from '../../src/report/compact';
import { context, fixtureResults } from './fixtures';

const GOLDEN = [
  'conf/nginx.conf:3:9: warning listen 80: 100% of traffic, plain HTTP consider "listen 443 ssl" [listen-default]',
  'conf/nginx.conf:6:13: error WebSocket proxying needs HTTP/1.1. [websocket-http-version]',
  'conf/nginx.conf:6:24: error proxy_pass without a URI keeps the /ws/ prefix. [proxy-pass-trailing-slash]',
  'conf/nginx.conf:7:13: warning proxy_set_header here drops the headers set at server level. [proxy-header-inheritance]',
  'sites/default.conf:3:1: error unexpected "}" [parse-error]',
  '../outside/extra.conf:1:1: warning no listen directive; nginx listens on *:80 [listen-default]',
  '',
].join('\n');

/** The problem-matcher regexp documented in compact.ts. */
const MATCHER = /^(.+?):(\d+):(\d+): (error|warning) (.*) \[([^\]]+)\]$/;

describe('compact', () => {
  test('golden output: file:line:col: severity message [rule-id], sorted per file', () => {
    expect(compact(fixtureResults(), context())).toBe(GOLDEN);
  });

  test('every line is one finding that the documented problem matcher reads back', () => {
    const lines = compact(fixtureResults(), context()).trimEnd().split('\n');
    expect(lines).toHaveLength(6);
    const parsed = lines.map((line) => MATCHER.exec(line)?.slice(1));
    expect(parsed[0]).toEqual([
      'conf/nginx.conf',
      '3',
      '9',
      'warning',
      'listen 80: 100% of traffic, plain HTTP consider "listen 443 ssl"',
      'listen-default',
    ]);
    expect(parsed.map((p) => p?.[5])).toEqual([
      'listen-default',
      'websocket-http-version',
      'proxy-pass-trailing-slash',
      'proxy-header-inheritance',
      'parse-error',
      'listen-default',
    ]);
  });

  test('nothing when there are no findings', () => {
    expect(compact([{ file: 'a.conf', findings: [] }], context())).toBe('');
  });
});
