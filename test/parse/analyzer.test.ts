/**
 * The directive checks (crossplane's analyzer) and the generated directive table.
 */
import { spawnSync } from 'child_process';
import * as path from 'path';
import {
  CONTEXTS,
  NGX_CONF_1MORE,
  NGX_CONF_2MORE,
  NGX_CONF_ARGS_MASK,
  NGX_CONF_BLOCK,
  NGX_CONF_FLAG,
  NGX_CONF_NOARGS,
  NGX_CONF_TAKE1,
  NGX_CONF_TAKE12,
  NGX_CONF_TAKE2,
  NGX_CONF_TAKE23,
  NGX_EVENT_CONF,
  NGX_HTTP_LIF_CONF,
  NGX_HTTP_LMT_CONF,
  NGX_HTTP_LOC_CONF,
  NGX_HTTP_MAIN_CONF,
  NGX_HTTP_SIF_CONF,
  NGX_HTTP_SRV_CONF,
  NGX_HTTP_UPS_CONF,
  NGX_MAIL_MAIN_CONF,
  NGX_MAIL_SRV_CONF,
  NGX_MAIN_CONF,
  NGX_STREAM_MAIN_CONF,
  NGX_STREAM_SRV_CONF,
  NGX_STREAM_UPS_CONF,
  ROOT_CONTEXT,
  checkDirective,
  contextMask,
  directiveMasks,
  enterBlockContext,
  isDataBlock,
  isDataContext,
  isFatalReason,
  isKnownDirective,
  knownDirectives,
  pythonPercentFormat,
  type Context,
  type DirectiveCheckInput,
} from '../../src/parse/analyzer';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const generator = require('../../scripts/generate-directives.js') as {
  CTX: Record<string, number>;
  loadCrossplane(): Map<string, number[]>;
};

const REPO_ROOT = path.resolve(__dirname, '..', '..');

const MAIN: Context = [];
const EVENTS: Context = ['events'];
const HTTP: Context = ['http'];
const SRV: Context = ['http', 'server'];
const LOC: Context = ['http', 'location'];
const UPS: Context = ['http', 'upstream'];
const SIF: Context = ['http', 'server', 'if'];
const LIF: Context = ['http', 'location', 'if'];
const LMT: Context = ['http', 'location', 'limit_except'];
const STREAM: Context = ['stream'];
const STREAM_SRV: Context = ['stream', 'server'];
const STREAM_UPS: Context = ['stream', 'upstream'];
const MAIL: Context = ['mail'];
const MAIL_SRV: Context = ['mail', 'server'];

type Case = [name: string, args: string[], terminator: DirectiveCheckInput['terminator'], context: Context, expected: string | undefined];

function check(name: string, args: string[], terminator: DirectiveCheckInput['terminator'], context: Context, strict = false): string | undefined {
  return checkDirective({ name, args, terminator, context, strict });
}

function runTable(cases: Case[], strict = false): void {
  test.each(cases)('%s %j %s in %j', (name, args, terminator, context, expected) => {
    expect(check(name, args, terminator, context, strict)).toBe(expected);
  });
}

describe('valid statements', () => {
  runTable(
    [
      ['user', ['nginx'], ';', MAIN, undefined],
      ['user', ['nginx', 'nginx'], ';', MAIN, undefined],
      ['worker_processes', ['auto'], ';', MAIN, undefined],
      ['events', [], '{', MAIN, undefined],
      ['worker_connections', ['1024'], ';', EVENTS, undefined],
      ['http', [], '{', MAIN, undefined],
      ['server', [], '{', HTTP, undefined],
      ['listen', ['80'], ';', SRV, undefined],
      ['listen', ['443', 'ssl', 'default_server', 'reuseport', 'backlog=1024', 'rcvbuf=1m', 'sndbuf=1m', 'deferred', 'bind'], ';', SRV, undefined],
      ['server_name', ['a', 'b', 'c'], ';', SRV, undefined],
      ['location', ['/'], '{', SRV, undefined],
      ['location', ['~*', '\\.php$'], '{', LOC, undefined],
      ['if', ['$request_method', '=', 'POST'], '{', SRV, undefined],
      ['if', ['-f', '$request_filename'], '{', LOC, undefined],
      ['return', ['405'], ';', SIF, undefined],
      ['return', ['301', 'https://example.com$request_uri'], ';', SIF, undefined],
      ['break', [], ';', LIF, undefined],
      ['set', ['$dbg', '1'], ';', LIF, undefined],
      ['proxy_pass', ['http://127.0.0.1'], ';', LOC, undefined],
      ['proxy_pass', ['http://127.0.0.1'], ';', LIF, undefined],
      ['proxy_pass', ['http://127.0.0.1'], ';', LMT, undefined],
      ['proxy_set_header', ['Upgrade', '$http_upgrade'], ';', LOC, undefined],
      ['proxy_http_version', ['1.1'], ';', LOC, undefined],
      ['add_header', ['X-Frame-Options', 'DENY'], ';', SRV, undefined],
      ['add_header', ['X-Frame-Options', 'DENY', 'always'], ';', LIF, undefined],
      ['map', ['$http_upgrade', '$connection_upgrade'], '{', HTTP, undefined],
      ['types', [], '{', HTTP, undefined],
      ['upstream', ['backend'], '{', HTTP, undefined],
      ['server', ['127.0.0.1:8080', 'weight=5', 'max_fails=3'], ';', UPS, undefined],
      ['keepalive', ['32'], ';', UPS, undefined],
      ['limit_except', ['GET', 'HEAD'], '{', LOC, undefined],
      ['allow', ['127.0.0.1'], ';', LMT, undefined],
      ['deny', ['all'], ';', LMT, undefined],
      ['error_page', ['500', '502', '/50x.html'], ';', SRV, undefined],
      ['try_files', ['$uri', '$uri/', '=404'], ';', LOC, undefined],
      ['include', ['mime.types'], ';', HTTP, undefined],
      ['include', ['snippets/*.conf'], ';', LOC, undefined],
      ['include', ['x.conf'], ';', UPS, undefined],
      // stream and mail
      ['stream', [], '{', MAIN, undefined],
      ['upstream', ['db'], '{', STREAM, undefined],
      ['server', ['127.0.0.1:5432'], ';', STREAM_UPS, undefined],
      ['server', [], '{', STREAM, undefined],
      ['listen', ['15432'], ';', STREAM_SRV, undefined],
      ['proxy_pass', ['db'], ';', STREAM_SRV, undefined],
      ['proxy_timeout', ['10m'], ';', STREAM_SRV, undefined],
      ['return', ['$remote_addr'], ';', STREAM_SRV, undefined],
      ['mail', [], '{', MAIN, undefined],
      ['server_name', ['mail.example.com'], ';', MAIL, undefined],
      ['auth_http', ['127.0.0.1:9000/auth'], ';', MAIL, undefined],
      ['server', [], '{', MAIL, undefined],
      ['listen', ['143'], ';', MAIL_SRV, undefined],
      ['protocol', ['imap'], ';', MAIL_SRV, undefined],
      // newer than crossplane's table, from the reference
      ['http2', ['on'], ';', SRV, undefined],
      ['ssl_reject_handshake', ['on'], ';', SRV, undefined],
      ['keepalive_time', ['1h'], ';', UPS, undefined],
      ['js_import', ['main', 'from', 'http.js'], ';', HTTP, undefined],
      ['quic_retry', ['on'], ';', SRV, undefined],
      // removed from nginx but accepted, because crossplane accepts them
      ['ssl', ['on'], ';', SRV, undefined],
      ['spdy_chunk_size', ['8k'], ';', LOC, undefined],
      ['stub_status', ['on'], ';', LOC, undefined],
      ['limit_conn_dry_run', ['yes'], ';', LOC, undefined],
    ],
    true,
  );
});

describe('error texts', () => {
  runTable([
    // not allowed here
    ['listen', ['80'], ';', HTTP, '"listen" directive is not allowed here'],
    ['server_name', ['nope'], ';', LOC, '"server_name" directive is not allowed here'],
    ['proxy_pass', ['http://x'], ';', SRV, '"proxy_pass" directive is not allowed here'],
    ['proxy_pass', ['http://x'], ';', SIF, '"proxy_pass" directive is not allowed here'],
    ['proxy_pass', ['db'], ';', STREAM, '"proxy_pass" directive is not allowed here'],
    ['root', ['/srv'], ';', LMT, '"root" directive is not allowed here'],
    ['worker_connections', ['1024'], ';', MAIN, '"worker_connections" directive is not allowed here'],
    ['user', ['nginx'], ';', HTTP, '"user" directive is not allowed here'],
    ['events', [], '{', HTTP, '"events" directive is not allowed here'],
    ['if', ['$a'], '{', HTTP, '"if" directive is not allowed here'],
    ['if', ['$a'], '{', LIF, '"if" directive is not allowed here'],
    ['location', ['/'], '{', HTTP, '"location" directive is not allowed here'],
    ['map', ['$a', '$b'], '{', SRV, '"map" directive is not allowed here'],
    // has no opening "{"
    ['http', [], ';', MAIN, 'directive "http" has no opening "{"'],
    ['location', ['/'], ';', SRV, 'directive "location" has no opening "{"'],
    ['server', [], ';', HTTP, 'directive "server" has no opening "{"'],
    ['events', [], '}', MAIN, 'directive "events" has no opening "{"'],
    // is not terminated by ";" (a `}` ends it too)
    ['listen', ['80'], '}', SRV, 'directive "listen" is not terminated by ";"'],
    ['listen', ['80'], '{', SRV, 'directive "listen" is not terminated by ";"'],
    ['server', ['127.0.0.1'], '{', UPS, 'directive "server" is not terminated by ";"'],
    ['proxy_pass', ['http://x'], '}', LOC, 'directive "proxy_pass" is not terminated by ";"'],
    // invalid number of arguments
    ['user', ['a', 'b', 'c'], ';', MAIN, 'invalid number of arguments in "user" directive'],
    ['proxy_pass', [], ';', LOC, 'invalid number of arguments in "proxy_pass" directive'],
    ['proxy_pass', ['a', 'b'], ';', STREAM_SRV, 'invalid number of arguments in "proxy_pass" directive'],
    ['events', ['x'], '{', MAIN, 'invalid number of arguments in "events" directive'],
    ['location', [], '{', SRV, 'invalid number of arguments in "location" directive'],
    ['location', ['=', '/a', 'b'], '{', SRV, 'invalid number of arguments in "location" directive'],
    ['if', [], '{', SRV, 'invalid number of arguments in "if" directive'],
    ['map', ['$a'], '{', HTTP, 'invalid number of arguments in "map" directive'],
    ['proxy_set_header', ['Host'], ';', LOC, 'invalid number of arguments in "proxy_set_header" directive'],
    ['proxy_http_version', [], ';', LOC, 'invalid number of arguments in "proxy_http_version" directive'],
    ['add_header', ['X'], ';', LOC, 'invalid number of arguments in "add_header" directive'],
    ['worker_connections', ['1', '2'], ';', EVENTS, 'invalid number of arguments in "worker_connections" directive'],
    ['return', [], ';', LOC, 'invalid number of arguments in "return" directive'],
    ['return', ['301', 'x'], ';', STREAM_SRV, 'invalid number of arguments in "return" directive'],
    ['try_files', ['$uri'], ';', LOC, 'invalid number of arguments in "try_files" directive'],
    ['include', [], ';', HTTP, 'invalid number of arguments in "include" directive'],
    ['listen', [], ';', SRV, 'invalid number of arguments in "listen" directive'],
    ['break', ['x'], ';', LIF, 'invalid number of arguments in "break" directive'],
    ['listen', ['1', '2', '3', '4', '5', '6', '7', '8', '9'], ';', SRV, undefined],
    ['user', ['1', '2', '3', '4', '5', '6', '7', '8'], ';', MAIN, 'invalid number of arguments in "user" directive'],
  ]);

  test('the error is the one of the first mask that allows the context', () => {
    // server: [http BLOCK|NOARGS, upstream 1MORE, …]: in http the block mask speaks
    expect(check('server', ['x'], ';', HTTP)).toBe('directive "server" has no opening "{"');
    expect(check('server', [], ';', UPS)).toBe('invalid number of arguments in "server" directive');
    // return in a stream server: only the stream mask (TAKE1) applies
    expect(check('return', [], '{', STREAM_SRV)).toBe('directive "return" is not terminated by ";"');
  });
});

describe('FLAG arguments', () => {
  runTable([
    ['gzip', ['on'], ';', HTTP, undefined],
    ['gzip', ['off'], ';', LIF, undefined],
    ['gzip', ['ON'], ';', SRV, undefined],
    ['gzip', ['Off'], ';', LOC, undefined],
    ['gzip', ['oFF'], ';', LOC, undefined],
    ['sendfile', ['yes'], ';', HTTP, 'invalid value "yes" in "sendfile" directive, it must be "on" or "off"'],
    ['gzip', [''], ';', HTTP, 'invalid value "" in "gzip" directive, it must be "on" or "off"'],
    ['gzip', ['onn'], ';', HTTP, 'invalid value "onn" in "gzip" directive, it must be "on" or "off"'],
    ['gzip', ['$enabled'], ';', HTTP, 'invalid value "$enabled" in "gzip" directive, it must be "on" or "off"'],
    ['gzip', [], ';', HTTP, 'invalid number of arguments in "gzip" directive'],
    ['gzip', ['on', 'off'], ';', HTTP, 'invalid number of arguments in "gzip" directive'],
    ['gzip', ['on'], '{', HTTP, 'directive "gzip" is not terminated by ";"'],
    ['accept_mutex', ['maybe'], ';', EVENTS, 'invalid value "maybe" in "accept_mutex" directive, it must be "on" or "off"'],
    ['daemon', ['off'], ';', MAIN, undefined],
    ['proxy_next_upstream', ['error'], ';', STREAM_SRV, 'invalid value "error" in "proxy_next_upstream" directive, it must be "on" or "off"'],
    ['proxy_next_upstream', ['error', 'timeout'], ';', LOC, undefined],
    // `%` in the value: crossplane formats the text twice (see checkDirective)
    ['gzip', ['100%%'], ';', HTTP, 'invalid value "100%" in "gzip" directive, it must be "on" or "off"'],
    ['gzip', ['50%'], ';', HTTP, 'unsupported format character \'"\' (0x22) at index 18'],
    ['gzip', ['%s'], ';', HTTP, 'not enough arguments for format string'],
    ['gzip', ['%d'], ';', HTTP, '%d format: a real number is required, not str'],
  ]);

  test('Python exception texts are told apart from ordinary errors', () => {
    expect(isFatalReason('not enough arguments for format string')).toBe(true);
    expect(isFatalReason('unsupported format character \'"\' (0x22) at index 18')).toBe(true);
    for (const ordinary of [
      'unknown directive "x"',
      '"x" directive is not allowed here',
      'directive "x" has no opening "{"',
      'directive "x" is not terminated by ";"',
      'invalid number of arguments in "x" directive',
      'invalid value "100%" in "gzip" directive, it must be "on" or "off"',
    ]) {
      expect(isFatalReason(ordinary)).toBe(false);
    }
  });

  // Each expected value printed by CPython 3.11 for `template % directive`.
  test.each([
    ['invalid value "%5s" in "%s" directive', 'gzip', 'not enough arguments for format string'],
    ['a %5s|', 'gzip', 'a  gzip|'],
    ['a %-6s|', 'gzip', 'a gzip  |'],
    ['a %.2s|', 'gzip', 'a gz|'],
    ['a %r', "it's", 'a "it\'s"'],
    ['a %a', 'é', "a '\\xe9'"],
    ['a %c', 'x', 'a x'],
    ['a %c', 'xy', '%c requires int or char'],
    ['a %(k)s', 'x', 'format requires a mapping'],
    ['a %*s', 'x', '* wants int'],
    ['a %5% b %s', 'x', "unsupported format character '%' (0x25) at index 4"],
    ['a %f', 'x', 'must be real number, not str'],
    ['a %x', 'x', '%x format: an integer is required, not str'],
    ['a %ls', 'x', 'a x'],
    ['☃%y', 'x', "unsupported format character 'y' (0x79) at index 2"],
    ['a', 'x', 'not all arguments converted during string formatting'],
    ['a %', 'x', 'incomplete format'],
  ])('python %j %% %j', (format, arg, expected) => {
    expect(pythonPercentFormat(format, arg)).toBe(expected);
  });
});

describe('strict mode', () => {
  test('unknown directives are reported in strict mode only', () => {
    expect(check('proxy_passs', ['http://127.0.0.1'], ';', LOC, true)).toBe('unknown directive "proxy_passs"');
    expect(check('my_module_thing', ['on'], ';', LOC, true)).toBe('unknown directive "my_module_thing"');
    expect(check('proxy_passs', ['http://127.0.0.1'], ';', LOC, false)).toBeUndefined();
  });

  test('unknown is reported even where crossplane checks nothing else', () => {
    expect(check('foo', [], ';', ['http', 'acme_issuer'], true)).toBe('unknown directive "foo"');
    expect(check('foo', [], ';', ['something', 'odd'], true)).toBe('unknown directive "foo"');
  });

  test('contexts crossplane has no bit for are not checked', () => {
    expect(contextMask(['http', 'server', 'location'])).toBe(0);
    expect(check('listen', [], '{', ['http', 'server', 'location'], true)).toBeUndefined();
    expect(check('uri', ['https://acme.example/dir'], ';', ['http', 'acme_issuer'], true)).toBeUndefined();
    expect(check('license_token', ['/etc/nginx/license.jwt'], ';', ['mgmt'], true)).toBeUndefined();
  });

  describe('third-party directives are known in their normal contexts', () => {
    runTable(
      [
        ['lua_package_path', ['/usr/lib/lua/?.lua;;'], ';', HTTP, undefined],
        ['lua_shared_dict', ['cache', '10m'], ';', HTTP, undefined],
        ['lua_code_cache', ['off'], ';', LOC, undefined],
        ['init_by_lua_block', ['cjson = require "cjson"'], ';', HTTP, undefined],
        ['init_worker_by_lua_file', ['/x.lua'], ';', HTTP, undefined],
        ['content_by_lua_block', ['ngx.say(1)'], ';', LOC, undefined],
        ['content_by_lua_block', ['ngx.say(1)'], ';', LIF, undefined],
        ['content_by_lua_file', ['/x.lua'], ';', LOC, undefined],
        ['content_by_lua', ['ngx.say(1)'], ';', LOC, undefined],
        ['access_by_lua_block', ['ngx.exit(ngx.OK)'], ';', LOC, undefined],
        ['rewrite_by_lua_block', ['x()'], ';', SRV, undefined],
        ['header_filter_by_lua_block', ['x()'], ';', HTTP, undefined],
        ['body_filter_by_lua_block', ['x()'], ';', LOC, undefined],
        ['log_by_lua_block', ['x()'], ';', LOC, undefined],
        ['set_by_lua_block', ['$res', 'return 32'], ';', LOC, undefined],
        ['set_by_lua', ['$res', 'return 1', '$arg'], ';', SRV, undefined],
        ['set_by_lua_file', ['$res', '/x.lua'], ';', SIF, undefined],
        ['balancer_by_lua_block', ['x()'], ';', UPS, undefined],
        ['ssl_certificate_by_lua_block', ['x()'], ';', SRV, undefined],
        ['ssl_session_fetch_by_lua_block', ['x()'], ';', HTTP, undefined],
        // a *_by_lua_block the Lua lexer does not know arrives as a plain block
        ['precontent_by_lua_block', [], '{', LOC, undefined],
        ['ssl_client_hello_by_lua_block', [], '{', SRV, undefined],
        ['server_rewrite_by_lua_block', ['x()'], ';', SRV, undefined],
        ['exit_worker_by_lua_block', ['x()'], ';', HTTP, undefined],
        // stream-lua-nginx-module
        ['content_by_lua_block', ['x()'], ';', STREAM_SRV, undefined],
        ['preread_by_lua_block', ['x()'], ';', STREAM_SRV, undefined],
        ['lua_shared_dict', ['x', '1m'], ';', STREAM, undefined],
        ['balancer_by_lua_block', ['x()'], ';', STREAM_UPS, undefined],
        // headers-more
        ['more_set_headers', ['Server: x'], ';', LOC, undefined],
        ['more_clear_headers', ['Server', 'X-Powered-By'], ';', HTTP, undefined],
        // njs and nginx-plus
        ['js_content', ['main.hello'], ';', LOC, undefined],
        ['js_set', ['$v', 'main.v'], ';', HTTP, undefined],
        ['zone', ['backend', '64k'], ';', UPS, undefined],
        ['health_check', [], ';', LOC, undefined],
        ['status_zone', ['s'], ';', SRV, undefined],
        ['sticky', ['cookie', 'srv_id', 'expires=1h'], ';', UPS, undefined],
      ],
      true,
    );
  });

  test('lua directives outside their contexts are still errors', () => {
    expect(check('content_by_lua_block', ['x()'], ';', HTTP, true)).toBe('"content_by_lua_block" directive is not allowed here');
    expect(check('lua_shared_dict', ['x'], ';', HTTP, true)).toBe('invalid number of arguments in "lua_shared_dict" directive');
    expect(check('init_by_lua_block', ['x()'], ';', LOC, true)).toBe('"init_by_lua_block" directive is not allowed here');
  });
});

describe('data blocks', () => {
  test('isDataBlock', () => {
    for (const name of ['map', 'types', 'geo', 'split_clients', 'charset_map', 'match', 'num_map']) {
      expect(isDataBlock(name)).toBe(true);
    }
    for (const name of ['upstream', 'server', 'location', 'http', 'if', 'limit_except', 'events']) {
      expect(isDataBlock(name)).toBe(false);
    }
  });

  const blocks: Array<[string, Context]> = [
    ['map', enterBlockContext('map', HTTP)],
    ['stream map', enterBlockContext('map', STREAM)],
    ['types', enterBlockContext('types', HTTP)],
    ['types in a location', enterBlockContext('types', LOC)],
    ['geo', enterBlockContext('geo', HTTP)],
    ['split_clients', enterBlockContext('split_clients', HTTP)],
    ['charset_map', enterBlockContext('charset_map', HTTP)],
    ['match', enterBlockContext('match', HTTP)],
    ['stream match', enterBlockContext('match', STREAM)],
    ['map in a wrong place', ['http', 'server', 'map']],
    ['a block inside a map', ['http', 'map', 'x']],
  ];
  const entries: Array<[string, string[], DirectiveCheckInput['terminator']]> = [
    ['default', ['upgrade'], ';'],
    ["''", ['close'], ';'],
    ['hostnames', [], ';'],
    ['volatile', [], ';'],
    ['include', ['maps/*.map'], ';'],
    ['include', [], ';'],
    ['.example.com', ['127.0.0.1:2'], ';'],
    ['~^api\\.', ['127.0.0.1:3'], ';'],
    ['text/html', ['html', 'htm'], ';'],
    ['ranges', [], ';'],
    ['proxy', ['10.0.0.1'], ';'],
    ['proxy_recursive', [], ';'],
    ['delete', ['127.0.0.0/16'], ';'],
    ['50%', ['a'], ';'],
    ['*', ['b'], ';'],
    ['listen', ['80'], ';'],
    ['server_name', [], ';'],
    ['gzip', ['maybe'], ';'],
    ['proxy_pass', ['a', 'b', 'c'], ';'],
    ['location', ['/'], '{'],
    ['status', ['200'], ';'],
    ['header', ['Content-Type', '=', 'text/html'], ';'],
    ['body', ['~', 'Welcome'], ';'],
    ['send', ['"GET /"'], ';'],
    ['expect', ['~', '200'], ';'],
    ['C0', ['00'], ';'],
    ['unterminated', ['x'], '}'],
  ];
  for (const [label, context] of blocks) {
    test(`entries of ${label} are never reported`, () => {
      expect(isDataContext(context)).toBe(true);
      for (const [name, args, terminator] of entries) {
        for (const strict of [false, true]) {
          expect(checkDirective({ name, args, terminator, context, strict })).toBeUndefined();
        }
      }
    });
  }

  test('the data block statements themselves are checked', () => {
    expect(check('map', ['$a'], '{', HTTP)).toBe('invalid number of arguments in "map" directive');
    expect(check('types', [], ';', HTTP)).toBe('directive "types" has no opening "{"');
    expect(isDataContext(HTTP)).toBe(false);
    expect(isDataContext(SRV)).toBe(false);
  });
});

describe('contexts', () => {
  test('enterBlockContext collapses nested locations', () => {
    const srv = enterBlockContext('server', enterBlockContext('http', ROOT_CONTEXT));
    expect(srv).toEqual(['http', 'server']);
    const loc = enterBlockContext('location', srv);
    expect(loc).toEqual(['http', 'location']);
    expect(enterBlockContext('location', loc)).toBe(loc);
    expect(enterBlockContext('if', loc)).toEqual(['http', 'location', 'if']);
    expect(enterBlockContext('limit_except', loc)).toEqual(['http', 'location', 'limit_except']);
    expect(enterBlockContext('location', ['http', 'location', 'if'])).toEqual(['http', 'location']);
    // only under http
    expect(enterBlockContext('location', ['stream', 'server'])).toEqual(['stream', 'server', 'location']);
    expect(enterBlockContext('location', [])).toEqual(['location']);
  });

  test('block contexts are interned and frozen', () => {
    const http = enterBlockContext('http', ROOT_CONTEXT);
    expect(enterBlockContext('http', ROOT_CONTEXT)).toBe(http);
    expect(enterBlockContext('server', http)).toBe(enterBlockContext('server', http));
    expect(Object.isFrozen(enterBlockContext('server', http))).toBe(true);
  });

  test('context masks are crossplane CONTEXTS', () => {
    const expected: Array<[Context, number]> = [
      [MAIN, NGX_MAIN_CONF],
      [EVENTS, NGX_EVENT_CONF],
      [MAIL, NGX_MAIL_MAIN_CONF],
      [MAIL_SRV, NGX_MAIL_SRV_CONF],
      [STREAM, NGX_STREAM_MAIN_CONF],
      [STREAM_SRV, NGX_STREAM_SRV_CONF],
      [STREAM_UPS, NGX_STREAM_UPS_CONF],
      [HTTP, NGX_HTTP_MAIN_CONF],
      [SRV, NGX_HTTP_SRV_CONF],
      [LOC, NGX_HTTP_LOC_CONF],
      [UPS, NGX_HTTP_UPS_CONF],
      [SIF, NGX_HTTP_SIF_CONF],
      [LIF, NGX_HTTP_LIF_CONF],
      [LMT, NGX_HTTP_LMT_CONF],
    ];
    for (const [context, mask] of expected) expect(contextMask(context)).toBe(mask);
    expect(CONTEXTS.size).toBe(expected.length);
    expect(contextMask(['events', 'x'])).toBe(0);
    // a fresh array with the same names gets the same answer
    expect(contextMask(['http', 'location', 'if'].slice())).toBe(NGX_HTTP_LIF_CONF);
  });
});

describe('generated table', () => {
  /** Argument bits of the masks that allow a context, in order. */
  function argsIn(name: string, ctx: number): number[] {
    return (directiveMasks(name) ?? []).filter((m) => (m & ctx) !== 0).map((m) => m & NGX_CONF_ARGS_MASK);
  }

  test.each<[string, number, number[]]>([
    ['proxy_pass', NGX_HTTP_LOC_CONF, [NGX_CONF_TAKE1]],
    ['proxy_pass', NGX_HTTP_LIF_CONF, [NGX_CONF_TAKE1]],
    ['proxy_pass', NGX_HTTP_LMT_CONF, [NGX_CONF_TAKE1]],
    ['proxy_pass', NGX_STREAM_SRV_CONF, [NGX_CONF_TAKE1]],
    ['proxy_pass', NGX_HTTP_SRV_CONF, []],
    ['listen', NGX_HTTP_SRV_CONF, [NGX_CONF_1MORE]],
    ['listen', NGX_STREAM_SRV_CONF, [NGX_CONF_1MORE]],
    ['listen', NGX_MAIL_SRV_CONF, [NGX_CONF_1MORE]],
    ['listen', NGX_HTTP_MAIN_CONF, []],
    ['server', NGX_HTTP_MAIN_CONF, [NGX_CONF_BLOCK | NGX_CONF_NOARGS]],
    ['server', NGX_HTTP_UPS_CONF, [NGX_CONF_1MORE]],
    ['server', NGX_STREAM_MAIN_CONF, [NGX_CONF_BLOCK | NGX_CONF_NOARGS]],
    ['server', NGX_STREAM_UPS_CONF, [NGX_CONF_1MORE]],
    ['server', NGX_MAIL_MAIN_CONF, [NGX_CONF_BLOCK | NGX_CONF_NOARGS]],
    ['server', NGX_HTTP_SRV_CONF, []],
    ['user', NGX_MAIN_CONF, [NGX_CONF_TAKE12]],
    ['events', NGX_MAIN_CONF, [NGX_CONF_BLOCK | NGX_CONF_NOARGS]],
    ['if', NGX_HTTP_SRV_CONF, [NGX_CONF_BLOCK | NGX_CONF_1MORE]],
    ['if', NGX_HTTP_LOC_CONF, [NGX_CONF_BLOCK | NGX_CONF_1MORE]],
    ['if', NGX_HTTP_MAIN_CONF, []],
    ['location', NGX_HTTP_SRV_CONF, [NGX_CONF_BLOCK | NGX_CONF_TAKE12]],
    ['location', NGX_HTTP_LOC_CONF, [NGX_CONF_BLOCK | NGX_CONF_TAKE12]],
    ['map', NGX_HTTP_MAIN_CONF, [NGX_CONF_BLOCK | NGX_CONF_TAKE2]],
    ['map', NGX_STREAM_MAIN_CONF, [NGX_CONF_BLOCK | NGX_CONF_TAKE2]],
    ['worker_connections', NGX_EVENT_CONF, [NGX_CONF_TAKE1]],
    ['return', NGX_HTTP_SRV_CONF, [NGX_CONF_TAKE12]],
    ['return', NGX_HTTP_SIF_CONF, [NGX_CONF_TAKE12]],
    ['return', NGX_HTTP_LIF_CONF, [NGX_CONF_TAKE12]],
    ['return', NGX_STREAM_SRV_CONF, [NGX_CONF_TAKE1]],
    ['add_header', NGX_HTTP_LOC_CONF, [NGX_CONF_TAKE23]],
    ['add_header', NGX_HTTP_LIF_CONF, [NGX_CONF_TAKE23]],
    ['proxy_set_header', NGX_HTTP_LOC_CONF, [NGX_CONF_TAKE2]],
    ['proxy_http_version', NGX_HTTP_SRV_CONF, [NGX_CONF_TAKE1]],
    ['gzip', NGX_HTTP_LIF_CONF, [NGX_CONF_FLAG]],
    ['try_files', NGX_HTTP_LOC_CONF, [NGX_CONF_2MORE]],
  ])('%s in 0x%s', (name, ctx, expected) => {
    expect(argsIn(name, ctx)).toEqual(expected);
  });

  test('every crossplane directive keeps its error texts and accepts all crossplane accepts', () => {
    const crossplane = generator.loadCrossplane();
    expect(crossplane.size).toBeGreaterThan(600);
    for (const [name, xpMasks] of crossplane) {
      expect(isKnownDirective(name)).toBe(true);
      for (const ctx of Object.values(generator.CTX)) {
        const ours = argsIn(name, ctx);
        const theirs = xpMasks.filter((m) => (m & ctx) !== 0).map((m) => m & NGX_CONF_ARGS_MASK);
        // the first mask decides the error text; ours may accept more (a newer nginx) and in
        // more contexts
        if (theirs.length > 0) expect([name, ctx, ours[0]]).toEqual([name, ctx, theirs[0]]);
        for (const t of theirs) expect([name, ctx, ours.some((o) => (o & t) === t)]).toEqual([name, ctx, true]);
      }
    }
  });

  test('the table is big and every name looks like a directive', () => {
    const names = [...knownDirectives()];
    expect(names.length).toBeGreaterThan(850);
    for (const name of names) expect(name).toMatch(/^[a-z][a-z0-9_]*$/);
  });

  test('the committed table is what the generator writes', () => {
    const run = spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'generate-directives.js'), '--check'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });
});

test('a quoted block name with a space is not mistaken for a context path', () => {
  expect(contextMask(['http server'])).toBe(0);
  expect(check('listen', [], ';', ['http server'])).toBeUndefined();
});

describe('matches a line-by-line port of crossplane analyze() (property)', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const fc = require('fast-check') as typeof import('fast-check');

  /** crossplane's analyze(), written as the Python is (masks filtered into a new list, …). */
  function crossplaneAnalyze(input: DirectiveCheckInput): string | undefined {
    const { name: directive, args, terminator: term, context: ctx, strict } = input;
    if (isDataContext(ctx)) return undefined; // ngxlint's one deliberate difference
    const all = directiveMasks(directive);
    if (strict && all === undefined) return `unknown directive "${directive}"`;
    const ctxMask = contextMask(ctx);
    if (ctxMask === 0 || all === undefined) return undefined;
    const masks = all.filter((m) => (m & ctxMask) !== 0);
    if (masks.length === 0) return `"${directive}" directive is not allowed here`;
    const validFlag = (x: string): boolean => ['on', 'off'].includes(x.toLowerCase());
    const n = args.length;
    let reason = '';
    for (const mask of [...masks].reverse()) {
      if (mask & NGX_CONF_BLOCK && term !== '{') {
        reason = `directive "${directive}" has no opening "{"`;
        continue;
      }
      if (!(mask & NGX_CONF_BLOCK) && term !== ';') {
        reason = `directive "${directive}" is not terminated by ";"`;
        continue;
      }
      if (
        (((mask >>> n) & 1) !== 0 && n <= 7) ||
        (mask & NGX_CONF_FLAG && n === 1 && validFlag(args[0])) ||
        mask & 0x400 ||
        (mask & NGX_CONF_1MORE && n >= 1) ||
        (mask & NGX_CONF_2MORE && n >= 2)
      ) {
        return undefined;
      } else if (mask & NGX_CONF_FLAG && n === 1 && !validFlag(args[0])) {
        reason = pythonPercentFormat(`invalid value "${args[0]}" in "%s" directive, it must be "on" or "off"`, directive);
      } else {
        reason = `invalid number of arguments in "${directive}" directive`;
      }
    }
    return reason;
  }

  const names = [...knownDirectives()];
  const contexts: Context[] = [
    MAIN, EVENTS, HTTP, SRV, LOC, UPS, SIF, LIF, LMT, STREAM, STREAM_SRV, STREAM_UPS, MAIL, MAIL_SRV,
    ['http', 'server', 'location'], ['http', 'map'], ['stream', 'map'], ['http', 'location', 'types'],
    ['mgmt'], ['http', 'acme_issuer'], ['odd'],
  ];
  const input = fc.record({
    name: fc.oneof(fc.constantFrom(...names), fc.constantFrom('proxy_passs', 'x', 'default', 'hostnames')),
    args: fc.array(fc.oneof(fc.constantFrom('on', 'OFF', 'x', '$v', '50%', '%s', '%%'), fc.string()), { maxLength: 10 }),
    terminator: fc.constantFrom<DirectiveCheckInput['terminator']>(';', '{', '}'),
    context: fc.constantFrom(...contexts),
    strict: fc.boolean(),
  });

  test('checkDirective agrees with the port on random statements', () => {
    fc.assert(
      fc.property(input, (i) => {
        expect(checkDirective(i)).toBe(crossplaneAnalyze(i));
      }),
      { numRuns: 20000 },
    );
  });
});
