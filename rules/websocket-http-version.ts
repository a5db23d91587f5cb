/**
 * websocket-http-version: a WebSocket location must proxy with HTTP/1.1.
 *
 * The WebSocket handshake is an HTTP/1.1 Upgrade. nginx proxies with HTTP/1.0 unless
 * `proxy_http_version 1.1` is set (before 1.29.7), and some backends (Swoole among them) answer an
 * HTTP/1.0 handshake with a 101 and then close the socket: the connection drops at once.
 * `proxy_http_version 2` cannot carry an Upgrade at all.
 */
import type { RuleModule } from '../src/lint/rule';
import { lineRef } from '../src/model/config-model';
import { effectiveProxyHttpVersion } from '../src/model/inheritance';
import { describeTarget } from '../src/model/nginx-version';
import { asWebSocketLocation, describeSignals, levelLabel, locationPath } from '../src/model/websocket';

const rule: RuleModule = {
  meta: {
    id: 'websocket-http-version',
    defaultSeverity: 'error',
    fixable: 'safe',
    description: 'WebSocket locations must proxy with proxy_http_version 1.1',
    rationale:
      'nginx proxies with HTTP/1.0 unless proxy_http_version 1.1 is set (before nginx 1.29.7). A WebSocket handshake over HTTP/1.0 fails, or, with backends such as Swoole, returns 101 and then drops the connection at once. HTTP/2 upstreams cannot carry an Upgrade.',
    docsUrl: 'https://github.com/ngxlint/ngxlint/blob/main/rules/websocket-http-version.md',
    messages: {
      missing:
        'WebSocket location {{path}} proxies with HTTP/1.0: proxy_http_version is not set and {{target}} defaults to 1.0, so the Upgrade handshake fails; add "proxy_http_version 1.1;" (WebSocket because {{signal}})',
      wrongVersion:
        'WebSocket location {{path}} proxies with HTTP/{{version}} ({{where}}): {{why}}; use "proxy_http_version 1.1;" (WebSocket because {{signal}})',
      noVersion:
        'WebSocket location {{path}} has a proxy_http_version without a version ({{where}}), which nginx rejects; use "proxy_http_version 1.1;" (WebSocket because {{signal}})',
    },
  },
  create(context) {
    return {
      location(level) {
        const ws = asWebSocketLocation(context.model, level, context.settings.websocket);
        if (!ws) return;
        const { version, setting } = effectiveProxyHttpVersion(level, context.settings.target);
        if (version === '1.1') return;
        const path = locationPath(level);
        const signal = describeSignals(ws.signals);
        const opener = level.opener!;
        if (!setting.directive) {
          context.report({
            at: opener,
            messageId: 'missing',
            data: { path, target: describeTarget(context.settings.target), signal },
            fix: (fixer) => ({
              description: 'insert "proxy_http_version 1.1;"',
              edits: [fixer.insertInBlock(level, ['proxy_http_version 1.1;'])],
            }),
          });
          return;
        }
        const d = setting.directive;
        const why =
          version === '2'
            ? 'HTTP/2 upstream connections cannot carry an Upgrade'
            : version === '1.0'
              ? 'the Upgrade handshake needs HTTP/1.1'
              : `"${version}" is not a version nginx proxies with`;
        // The finding stands at this location: a line elsewhere is named with its file, or it reads
        // as a line of the location's own file.
        const line = lineRef(d, opener.file);
        const where = setting.inherited ? `inherited from ${levelLabel(setting.level!, level)}, ${line}` : line;
        context.report({
          at: setting.inherited ? opener : { directive: d, argument: 0 },
          // `proxy_http_version;` is an argument count error too; the fix adds the version.
          messageId: version === '' ? 'noVersion' : 'wrongVersion',
          data: { path, version, where, why, signal },
          related: setting.inherited ? [{ at: d, message: `proxy_http_version ${version} is set here` }] : undefined,
          // An inherited value may be right for the other locations: override it here only.
          fix: (fixer) =>
            setting.inherited
              ? { description: 'insert "proxy_http_version 1.1;"', edits: [fixer.insertInBlock(level, ['proxy_http_version 1.1;'])] }
              : { description: `replace "${version}" with "1.1"`, edits: [fixer.replaceArgument(d, 0, '1.1')] },
        });
      },
    };
  },
};

export default rule;
