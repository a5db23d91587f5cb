/**
 * Synthetic rules for tests of the engine, the fixer and the fix loop: a rule made of the visitors
 * a test gives, with safe fixes and one message ("{{what}}"), run on real files.
 */
import type { EngineOptions } from '../../src/lint/engine';
import type { RuleContext, RuleModule, RuleVisitors } from '../../src/lint/rule';

/** A rule with the given visitors; its fixes are safe, its one message is "{{what}}". */
export function syntheticRule(id: string, create: (context: RuleContext<Record<string, never>>) => RuleVisitors): RuleModule {
  return {
    meta: {
      id,
      defaultSeverity: 'error',
      fixable: 'safe',
      description: `synthetic rule ${id}`,
      rationale: 'for tests of the engine, the fixer and the fix loop',
      docsUrl: 'https://example.invalid',
      messages: { report: '{{what}}' },
    },
    create,
  };
}

/** Engine options that run just these rules, with no target version and default WebSocket settings. */
export function engineWith(...rules: RuleModule[]): EngineOptions {
  return { rules, settings: { target: {}, websocket: { paths: [], heuristics: true } } };
}

/**
 * A config whose directives come from several places: an included conf.d file at http level, a
 * snippet included in a location, an `if` inside it, and a map entry named like a directive
 * (`proxy_pass x`, which is data).
 */
export const MAIN_WITH_INCLUDES = `events {}
http {
    upstream u { server 127.0.0.1:1; }
    map $http_upgrade $m { default ''; proxy_pass x; }
    include conf.d/*.conf;
    server {
        listen 80;
        proxy_set_header Host $host;
        location / {
            proxy_pass http://u;
            include snippets/headers.conf;
            if ($x) { proxy_pass http://u/if; }
        }
    }
}
`;

export const FILES_WITH_INCLUDES: Record<string, string> = {
  'nginx.conf': MAIN_WITH_INCLUDES,
  'conf.d/a.conf': 'server { listen 81; location /a { proxy_pass http://u/a; proxy_set_header X 1; } }\n',
  'snippets/headers.conf': 'proxy_set_header Y 2;\nproxy_pass http://u/snippet;\n',
};
