import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import rule from '../../rules/websocket-upgrade-smuggling';
import { applyEdits } from '../../src/fix/fix-loop';
import { lintConfig } from '../../src/lint/engine';
import type { Finding } from '../../src/lint/types';
import { runRuleTests } from '../support/rule-tester';

const HEAD =
  'proxy_set_header Upgrade $http_upgrade forwards any upgrade the client asks for, not only websocket: with "Upgrade: h2c" a client can tunnel requests';
const TAIL = '(nginx/nginx#1472); pass only "websocket" through a map';
const unrouted = (backend: string, path: string, value = '$http_upgrade') =>
  `${HEAD.replace('$http_upgrade', value)} for any path to ${backend}, not only the ones location ${path} passes there ${TAIL}`;

const CONNECTION_MAP = `    map $http_upgrade $connection_upgrade {
        default upgrade;
        '' close;
    }
`;

const WHITELIST = `    map $http_upgrade $ws_upgrade {
        default "";
        ~*^websocket$ websocket;
    }
`;

runRuleTests(rule, {
  valid: [
    {
      name: 'Upgrade through a map that passes only websocket',
      code: `events {}
http {
${WHITELIST}    server {
        listen 80;
        location /ws/ {
            proxy_pass http://127.0.0.1:3000;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $ws_upgrade;
            proxy_set_header Connection "upgrade";
        }
    }
}
`,
    },
    {
      name: 'a constant Upgrade value',
      code: `events {}
http {
    server {
        listen 80;
        location /ws/ {
            proxy_pass http://127.0.0.1:3000;
            proxy_http_version 1.1;
            proxy_set_header Upgrade websocket;
            proxy_set_header Connection "upgrade";
        }
    }
}
`,
    },
    {
      name: 'a line that no proxying location uses (the location sets its own list)',
      code: `events {}
http {
    server {
        listen 80;
        proxy_set_header Upgrade $http_upgrade;
        location /api/ {
            proxy_pass http://127.0.0.1:3000;
            proxy_set_header Host $host;
        }
    }
}
`,
    },
    {
      name: 'another variable that merely starts with http_upgrade',
      code: `events {}
http {
    server {
        listen 80;
        set $http_upgrade_allowed "";
        location /ws/ {
            proxy_pass http://127.0.0.1:3000;
            proxy_set_header Upgrade $http_upgrade_allowed;
        }
    }
}
`,
    },
    {
      name: 'nginx already proxies every path of the backend (location /), and no access rule guards it',
      code: `events {}
http {
${CONNECTION_MAP}    upstream chat_backend { server 127.0.0.1:3000; }
    server {
        listen 80;
        location / {
            proxy_pass http://chat_backend;
        }
        location /ws/ {
            proxy_pass http://chat_backend;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
        }
    }
}
`,
    },
    {
      name: 'the location maps the whole backend (proxy_pass with "/"); an access rule guards another backend only',
      code: `events {}
http {
    server {
        listen 80;
        location /admin/ {
            deny all;
            proxy_pass http://127.0.0.1:4000;
        }
        location /ws/ {
            proxy_pass http://127.0.0.1:3000/;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection upgrade;
        }
    }
}
`,
    },
    {
      name: 'a snippet checked on its own, nothing known about the backend (without always)',
      snippet: true,
      code: `proxy_http_version 1.1;
proxy_set_header Upgrade $http_upgrade;
proxy_set_header Connection "upgrade";
`,
    },
  ],
  invalid: [
    {
      name: 'the canonical WebSocket lines',
      code: `events {}
http {
${CONNECTION_MAP}    server {
        listen 80;
        location /ws/ {
            proxy_pass http://127.0.0.1:3000;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
        }
    }
}
`,
      errors: [{ line: 12, column: 38, endLine: 12, endColumn: 51, severity: 'warning', message: unrouted('127.0.0.1:3000', '/ws/') }],
      output: null,
    },
    {
      name: 'once per line: a server-level line inherited by two locations',
      code: `events {}
http {
    server {
        listen 80;
        proxy_http_version 1.1;
        proxy_set_header Upgrade $http_upgrade;
        proxy_set_header Connection "upgrade";
        location /ws/ {
            proxy_pass http://127.0.0.1:3000;
        }
        location /live/ {
            proxy_pass http://127.0.0.1:3001;
        }
    }
}
`,
      errors: [{ line: 6, column: 34, endLine: 6, endColumn: 47, message: unrouted('127.0.0.1:3000', '/ws/') }],
      output: null,
    },
    {
      name: 'once per line: a snippet included in two locations, quoted and braced',
      files: { 'snippets/ws.conf': 'proxy_http_version 1.1;\nproxy_set_header Upgrade "${http_upgrade}";\nproxy_set_header Connection upgrade;\n' },
      code: `events {}
http {
    server {
        listen 80;
        location /a/ {
            proxy_pass http://127.0.0.1:3000;
            include snippets/ws.conf;
        }
        location /b/ {
            proxy_pass http://127.0.0.1:3001;
            include snippets/ws.conf;
        }
    }
}
`,
      errors: [
        {
          line: 2,
          column: 26,
          endLine: 2,
          endColumn: 43,
          message: unrouted('127.0.0.1:3000', '/a/', '${http_upgrade}'),
        },
      ],
      output: null,
    },
    {
      name: 'each server looked at on its own: its locations, their access rules and backends (three servers, two lines each)',
      code: `events {}
http {
    server {
        listen 80;
        location / { proxy_pass http://app; }
        location /admin/ { deny all; proxy_pass http://app; }
        location /ws/ { proxy_pass http://app; proxy_set_header Upgrade $http_upgrade; }
        location /ws2/ { proxy_pass http://app; proxy_set_header Upgrade $http_upgrade; }
    }
    server {
        listen 81;
        location / { proxy_pass http://app; }
        location /ws/ { proxy_pass http://app; proxy_set_header Upgrade $http_upgrade; }
        location /ws2/ { proxy_pass http://other; proxy_set_header Upgrade $http_upgrade; }
    }
    server {
        listen 82;
        location /admin/ { return 403; proxy_pass http://other; }
        location /ws/ { proxy_pass http://app; proxy_set_header Upgrade $http_upgrade; }
        location /ws2/ { proxy_pass http://other; proxy_set_header Upgrade $http_upgrade; }
    }
}
`,
      errors: [
        { line: 7, column: 73, endLine: 7, endColumn: 86, message: `${HEAD} to app past nginx's access rules, such as "deny all" in location /admin/ (line 6) ${TAIL}` },
        { line: 8, column: 74, endLine: 8, endColumn: 87, message: `${HEAD} to app past nginx's access rules, such as "deny all" in location /admin/ (line 6) ${TAIL}` },
        // Server 2: `location /` passes the whole of app; nothing does for other.
        { line: 14, column: 76, endLine: 14, endColumn: 89, message: unrouted('other', '/ws2/') },
        // Server 3: the access rule guards other, not app; app has no catch-all here.
        { line: 19, column: 73, endLine: 19, endColumn: 86, message: unrouted('app', '/ws/') },
        { line: 20, column: 76, endLine: 20, endColumn: 89, message: `${HEAD} to other past nginx's access rules, such as "return 403" in location /admin/ (line 18) ${TAIL}` },
      ],
      output: null,
    },
    {
      name: 'an access rule in front of the same backend: named in the message',
      code: `events {}
http {
    server {
        listen 80;
        location / {
            proxy_pass http://app;
        }
        location /admin/ {
            allow 10.0.0.0/8;
            deny all;
            proxy_pass http://app;
        }
        location /ws/ {
            proxy_pass http://app;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection upgrade;
        }
    }
}
`,
      errors: [
        {
          line: 16,
          column: 38,
          endLine: 16,
          endColumn: 51,
          severity: 'warning',
          message: `${HEAD} to app past nginx's access rules, such as "allow 10.0.0.0/8" in location /admin/ (line 9) ${TAIL}`,
        },
      ],
      output: null,
    },
    {
      name: 'a location that hides a path (return 403) counts, and auth_request "off" does not',
      code: `events {}
http {
    server {
        listen 80;
        location / {
            auth_request off;
            proxy_pass http://127.0.0.1:3000;
        }
        location /metrics {
            return 403;
        }
        location /ws/ {
            proxy_pass http://127.0.0.1:3000;
            proxy_set_header Upgrade $http_upgrade;
        }
    }
}
`,
      errors: [{ line: 14, column: 38, endLine: 14, endColumn: 51, message: `${HEAD} to 127.0.0.1:3000 past nginx's access rules, such as "return 403" in location /metrics (line 10) ${TAIL}` }],
      output: null,
    },
    {
      name: 'always: a snippet checked on its own, where nothing is known about the backend',
      snippet: true,
      options: { always: true },
      code: `proxy_http_version 1.1;
proxy_set_header Upgrade $http_upgrade;
proxy_set_header Connection "upgrade";
`,
      errors: [{ line: 2, column: 26, endLine: 2, endColumn: 39, message: `${HEAD} to the backend that nginx no longer inspects ${TAIL}` }],
      output: null,
    },
  ],
});

function lint(files: Record<string, string>): { dir: string; findings: Finding[]; read: (name: string) => string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ngxlint-rule-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  const result = lintConfig(
    path.join(dir, 'nginx.conf'),
    {},
    { rules: [rule], settings: { target: {}, websocket: { paths: [], heuristics: true } } },
  );
  return { dir, findings: result.findings.filter((f) => f.ruleId === rule.meta.id), read: (name) => fs.readFileSync(path.join(dir, name), 'utf8') };
}

/** Applies a suggestion's edits to the files they touch. */
function applySuggestion(suggestion: NonNullable<Finding['suggestions']>[number]): Map<string, string> {
  const out = new Map<string, string>();
  for (const file of new Set(suggestion.edits.map((e) => e.file))) {
    out.set(file, applyEdits(fs.readFileSync(file, 'utf8'), suggestion.edits.filter((e) => e.file === file)));
  }
  return out;
}

describe('websocket-upgrade-smuggling suggestions', () => {
  // The file quotes only with single quotes ('' in the $connection_upgrade map): so does the new map.
  test('adds the whitelist map before the first server and uses it, in the file\'s quotes; never a fix', () => {
    const { dir, findings } = lint({
      'nginx.conf': `events {}
http {
${CONNECTION_MAP}
    server {
        listen 80;
        location /ws/ {
            proxy_pass http://127.0.0.1:3000;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
        }
    }
}
`,
    });
    try {
      expect(findings).toHaveLength(1);
      expect(findings[0].fix).toBeUndefined();
      expect(findings[0].suggestions).toHaveLength(1);
      const suggestion = findings[0].suggestions![0];
      expect(suggestion).toMatchObject({
        applicability: 'unsafe',
        description: 'add "map $http_upgrade $ws_upgrade" passing only "websocket" to the http block, and use $ws_upgrade',
      });
      expect(applySuggestion(suggestion).get(path.join(dir, 'nginx.conf'))).toBe(`events {}
http {
${CONNECTION_MAP}
    map $http_upgrade $ws_upgrade {
        default '';
        ~*^websocket$ websocket;
    }

    server {
        listen 80;
        location /ws/ {
            proxy_pass http://127.0.0.1:3000;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $ws_upgrade;
            proxy_set_header Connection $connection_upgrade;
        }
    }
}
`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('reuses an existing map of $http_upgrade named ws_upgrade; keeps quotes and braces; edits the snippet', () => {
    const { dir, findings } = lint({
      'nginx.conf': `events {}\r\nhttp {\r\n${WHITELIST.replace(/\n/g, '\r\n')}\tinclude sites/*.conf;\r\n}\r\n`,
      'sites/app.conf': 'server {\r\n\tlisten 80;\r\n\tlocation /ws/ {\r\n\t\tproxy_pass http://app;\r\n\t\tproxy_set_header Upgrade "${http_upgrade}";\r\n\t}\r\n}\r\n',
    });
    try {
      const suggestion = findings[0].suggestions![0];
      expect(suggestion.description).toBe('use $ws_upgrade (the existing map of $http_upgrade)');
      const changed = applySuggestion(suggestion);
      expect([...changed.keys()]).toEqual([path.join(dir, 'sites/app.conf')]);
      expect(changed.get(path.join(dir, 'sites/app.conf'))).toBe(
        'server {\r\n\tlisten 80;\r\n\tlocation /ws/ {\r\n\t\tproxy_pass http://app;\r\n\t\tproxy_set_header Upgrade "${ws_upgrade}";\r\n\t}\r\n}\r\n',
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('picks another name when $ws_upgrade means something else; tabs and CRLF in the map', () => {
    const { dir, findings } = lint({
      'nginx.conf':
        'events {}\r\nhttp {\r\n\tserver {\r\n\t\tlisten 80;\r\n\t\tset $ws_upgrade 1;\r\n\t\tlocation /ws/ {\r\n\t\t\tproxy_pass http://app;\r\n\t\t\tproxy_set_header Upgrade $http_upgrade;\r\n\t\t}\r\n\t}\r\n}\r\n',
    });
    try {
      const changed = applySuggestion(findings[0].suggestions![0]);
      expect(changed.get(path.join(dir, 'nginx.conf'))).toBe(
        'events {}\r\nhttp {\r\n\tmap $http_upgrade $websocket_upgrade {\r\n\t\tdefault "";\r\n\t\t~*^websocket$ websocket;\r\n\t}\r\n\r\n\tserver {\r\n\t\tlisten 80;\r\n\t\tset $ws_upgrade 1;\r\n\t\tlocation /ws/ {\r\n\t\t\tproxy_pass http://app;\r\n\t\t\tproxy_set_header Upgrade $websocket_upgrade;\r\n\t\t}\r\n\t}\r\n}\r\n',
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('an access rule is a related location; the always option is validated', () => {
    const { dir, findings } = lint({
      'nginx.conf': `events {}
http {
    server {
        location /private/ { internal; proxy_pass http://app/private/; }
        location /ws/ { proxy_pass http://app; proxy_set_header Upgrade $http_upgrade; }
    }
}
`,
    });
    try {
      expect(findings).toHaveLength(1);
      expect(findings[0].message).toContain('such as "internal" in location /private/ (line 4)');
      expect(findings[0].related).toEqual([
        { file: path.join(dir, 'nginx.conf'), line: 4, column: 30, message: 'a rule the tunnel bypasses' },
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    expect(rule.meta.options!.parse({})).toEqual({ always: false });
    expect(rule.meta.options!.safeParse({ always: 'yes' }).success).toBe(false);
  });
});
