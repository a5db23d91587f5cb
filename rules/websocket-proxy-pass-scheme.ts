/**
 * websocket-proxy-pass-scheme: `proxy_pass ws://…` / `wss://…` is not a URL nginx can proxy to.
 *
 * The browser says `ws://`, so authors write the upstream as `ws://` too. But nginx reaches a
 * WebSocket backend with an ordinary HTTP request and upgrades that connection; proxy_pass accepts
 * only `http://` and `https://`. A literal URL fails `nginx -t` ("invalid URL prefix"); a URL with
 * variables passes `nginx -t` and fails every request with 500 at run time.
 */
import type { RuleModule } from '../src/lint/rule';
import type { ModelDirective } from '../src/model/config-model';

const WS_SCHEME = /^(wss?):\/\//i;

const rule: RuleModule = {
  meta: {
    id: 'websocket-proxy-pass-scheme',
    defaultSeverity: 'error',
    fixable: 'safe',
    description: 'proxy_pass must use http:// or https://, never ws:// or wss://',
    rationale:
      'nginx proxies a WebSocket as an HTTP request that it upgrades; proxy_pass accepts only http:// and https:// URLs. "proxy_pass ws://…" makes nginx -t fail with "invalid URL prefix" (or, when the URL holds variables, makes every request fail with 500). ws:// maps to http://, wss:// to https://.',
    docsUrl: 'https://github.com/ngxlint/ngxlint/blob/main/rules/websocket-proxy-pass-scheme.md',
    messages: {
      invalidScheme:
        'proxy_pass {{url}} uses the {{scheme}}:// scheme, which nginx rejects ("invalid URL prefix"): nginx reaches a WebSocket backend over {{replacement}}:// and upgrades the connection; use {{replacement}}://',
      invalidSchemeAtRuntime:
        'proxy_pass {{url}} uses the {{scheme}}:// scheme: nginx -t accepts it because the URL holds variables, but every request then fails with 500 and nginx logs "invalid URL prefix"; nginx reaches a WebSocket backend over {{replacement}}:// and upgrades the connection; use {{replacement}}://',
    },
  },
  create(context) {
    return {
      namedDirective: { names: ['proxy_pass'], visit },
    };

    function visit(d: ModelDirective): void {
      if (d.args.length === 0) return;
      const url = d.args[0];
      const match = WS_SCHEME.exec(url);
      if (!match) return;
      const scheme = match[1];
      const replacement = scheme.toLowerCase() === 'wss' ? 'https' : 'http';
      const arg = d.node.args[0];
      context.report({
        at: { directive: d, argument: 0 },
        messageId: url.includes('$') ? 'invalidSchemeAtRuntime' : 'invalidScheme',
        data: { url, scheme: scheme.toLowerCase(), replacement },
        fix: (fixer) => {
          // Only the scheme changes; quotes and the rest of the URL stay as written.
          const offsetInRaw = arg.quote === 'single' || arg.quote === 'double' ? 1 : 0;
          if (arg.raw.slice(offsetInRaw, offsetInRaw + scheme.length) !== scheme) return undefined; // written with escapes
          const start = arg.range.start.offset + offsetInRaw;
          return {
            description: `replace "${scheme}://" with "${replacement}://"`,
            edits: [fixer.replaceRange(d.file, start, start + scheme.length, replacement)],
          };
        },
      });
    }
  },
};

export default rule;
