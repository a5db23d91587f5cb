import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import rule from '../../rules/websocket-upgrade-header';
import { lintConfig } from '../../src/lint/engine';
import { runRuleTests, withDir } from '../support/rule-tester';

const MAP = `    map $http_upgrade $connection_upgrade {
        default upgrade;
        '' close;
    }
`;

const ADD = 'add "proxy_set_header Upgrade $http_upgrade;"';

runRuleTests(rule, {
  valid: [
    {
      name: 'Upgrade $http_upgrade in the location',
      code: `events {}
http {
${MAP}    server {
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
    },
    {
      name: 'set at server level and inherited by a location with no proxy_set_header of its own',
      code: `events {}
http {
${MAP}    server {
        listen 80;
        proxy_http_version 1.1;
        proxy_set_header Host $host;
        proxy_set_header Upgrade $http_upgrade;
        proxy_set_header Connection $connection_upgrade;
        location /ws/ {
            proxy_pass http://127.0.0.1:3000;
        }
    }
}
`,
    },
    {
      name: 'set at http level in an included file, inherited through server and an enclosing location',
      code: `events {}
http {
    include conf.d/*.conf;
    server {
        listen 80;
        location /app/ {
            location /app/ws {
                proxy_pass http://127.0.0.1:3000;
            }
        }
    }
}
`,
      files: {
        'conf.d/proxy.conf': `proxy_http_version 1.1;
proxy_set_header Upgrade $http_upgrade;
proxy_set_header Connection "upgrade";
`,
      },
    },
    {
      name: 'a variable other than $http_upgrade is the user\'s choice',
      code: `events {}
http {
    map $http_upgrade $upgrade_to {
        websocket websocket;
        default "";
    }
    server {
        listen 80;
        location /ws/ {
            proxy_pass http://127.0.0.1:3000;
            proxy_set_header Upgrade $upgrade_to;
            proxy_set_header Connection "upgrade";
        }
    }
}
`,
    },
    {
      name: 'proxy_pass inside an if: Upgrade inherited from server level applies to it',
      code: `events {}
http {
    server {
        listen 80;
        proxy_http_version 1.1;
        proxy_set_header Upgrade $http_upgrade;
        proxy_set_header Connection "upgrade";
        location /ws/ {
            if ($http_x_canary) {
                proxy_pass http://127.0.0.1:3001;
            }
        }
    }
}
`,
    },
    {
      name: 'proxy_pass inside limit_except: the location\'s Upgrade line applies to it',
      code: `events {}
http {
    server {
        listen 80;
        location /live/ {
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection "upgrade";
            limit_except OPTIONS {
                proxy_pass http://127.0.0.1:3000;
            }
        }
    }
}
`,
    },
    {
      name: 'a plain HTTP location is not a WebSocket location',
      code: `events {}
http {
    server {
        listen 80;
        proxy_set_header Host $host;
        location /api/ {
            proxy_pass http://127.0.0.1:3000;
            proxy_set_header X-Request-Id $request_id;
        }
    }
}
`,
    },
    {
      name: 'heuristics switched off',
      websocket: { heuristics: false },
      code: `events {}
http {
    server {
        listen 80;
        location /ws/ {
            proxy_pass http://127.0.0.1:3000;
        }
    }
}
`,
    },
    {
      name: 'target nginx 1.29.7 with the canonical lines',
      nginxVersion: '1.29.7',
      code: `events {}
http {
${MAP}    server {
        listen 80;
        location /socket.io/ {
            proxy_pass http://127.0.0.1:3000;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
        }
    }
}
`,
    },
    {
      name: 'a snippet that is a location body: the includer\'s location is not known',
      snippet: true,
      code: `# ngxlint context: http location
# ngxlint websocket
proxy_pass http://chat_ws;
proxy_read_timeout 1h;
`,
    },
  ],
  invalid: [
    {
      name: 'missing in the location (Connection is set)',
      code: `events {}
http {
${MAP}    server {
        listen 80;
        location /chat/ {
            proxy_pass http://127.0.0.1:3000;
            proxy_http_version 1.1;
            proxy_set_header Connection $connection_upgrade;
        }
    }
}
`,
      errors: [
        {
          line: 9,
          column: 9,
          endLine: 9,
          endColumn: 26,
          severity: 'error',
          message: `WebSocket location /chat/ does not pass the Upgrade header: no proxy_set_header Upgrade applies and nginx never forwards the client's hop-by-hop Upgrade on its own, so the backend refuses the handshake; ${ADD} (WebSocket because it sets proxy_set_header Connection $connection_upgrade at this location (line 12))`,
        },
      ],
      output: `events {}
http {
${MAP}    server {
        listen 80;
        location /chat/ {
            proxy_pass http://127.0.0.1:3000;
            proxy_http_version 1.1;
            proxy_set_header Connection $connection_upgrade;
            proxy_set_header Upgrade $http_upgrade;
        }
    }
}
`,
    },
    {
      name: 'the map that makes Connection an upgrade is in an included file: still a WebSocket location',
      files: { 'conf.d/websocket-map.conf': MAP },
      code: `events {}
http {
    include conf.d/*.conf;
    server {
        listen 80;
        location /chat/ {
            proxy_pass http://127.0.0.1:3000;
            proxy_http_version 1.1;
            proxy_set_header Connection $connection_upgrade;
        }
    }
}
`,
      errors: [
        {
          line: 6,
          column: 9,
          endLine: 6,
          endColumn: 26,
          severity: 'error',
          message:
            `WebSocket location /chat/ does not pass the Upgrade header: no proxy_set_header Upgrade applies and nginx never forwards the client's hop-by-hop Upgrade on its own, so the backend refuses the handshake; ${ADD} (WebSocket because it sets proxy_set_header Connection $connection_upgrade at this location (line 9))`,
        },
      ],
      output: `events {}
http {
    include conf.d/*.conf;
    server {
        listen 80;
        location /chat/ {
            proxy_pass http://127.0.0.1:3000;
            proxy_http_version 1.1;
            proxy_set_header Connection $connection_upgrade;
            proxy_set_header Upgrade $http_upgrade;
        }
    }
}
`,
    },
    {
      name: 'bare location under server-level X-Real-IP and Host: both are copied in',
      code: `events {}
http {
${MAP}    server {
        listen 8080;
        proxy_set_header X-Real-IP $remote_addr;
        proxy_set_header Host $host;

        location /ws/ {
            proxy_pass http://127.0.0.1:3000;
            proxy_read_timeout 3600s;
        }
    }
}
`,
      errors: [
        {
          line: 12,
          column: 9,
          endLine: 12,
          endColumn: 24,
          severity: 'error',
          message: `WebSocket location /ws/ does not pass the Upgrade header: no proxy_set_header Upgrade applies and nginx never forwards the client's hop-by-hop Upgrade on its own, so the backend refuses the handshake; ${ADD} (WebSocket because its path /ws/ looks like a WebSocket endpoint)`,
        },
      ],
      output: `events {}
http {
${MAP}    server {
        listen 8080;
        proxy_set_header X-Real-IP $remote_addr;
        proxy_set_header Host $host;

        location /ws/ {
            proxy_pass http://127.0.0.1:3000;
            proxy_read_timeout 3600s;
            proxy_set_header X-Real-IP $remote_addr;
            proxy_set_header Host $host;
            proxy_set_header Upgrade $http_upgrade;
        }
    }
}
`,
    },
    {
      name: 'lost by inheritance: the location sets its own proxy_set_header',
      code: `events {}
http {
${MAP}    server {
        listen 80;
        proxy_http_version 1.1;
        proxy_set_header Host $host;
        proxy_set_header Upgrade $http_upgrade;
        proxy_set_header Connection $connection_upgrade;

        location /live/ {
            proxy_pass http://127.0.0.1:3000;
            proxy_set_header X-Request-Id $request_id;
        }
    }
}
`,
      errors: [
        {
          line: 14,
          column: 9,
          endLine: 14,
          endColumn: 26,
          message: `WebSocket location /live/ does not pass the Upgrade header: Upgrade is set at server level (line 11) but not inherited: this location sets its own proxy_set_header (line 16), which drops every outer one; add "proxy_set_header Upgrade $http_upgrade;" to this location (WebSocket because it sets proxy_set_header Upgrade at server level (line 11))`,
        },
      ],
      output: `events {}
http {
${MAP}    server {
        listen 80;
        proxy_http_version 1.1;
        proxy_set_header Host $host;
        proxy_set_header Upgrade $http_upgrade;
        proxy_set_header Connection $connection_upgrade;

        location /live/ {
            proxy_pass http://127.0.0.1:3000;
            proxy_set_header X-Request-Id $request_id;
            proxy_set_header Upgrade $http_upgrade;
        }
    }
}
`,
    },
    {
      name: 'lost through an enclosing location: its lines are copied into the nested one',
      code: `events {}
http {
    server {
        listen 80;
        proxy_set_header Upgrade $http_upgrade;
        proxy_set_header Connection "upgrade";
        location /app/ {
            proxy_set_header X-App app;
            location /app/ws {
                proxy_pass http://127.0.0.1:3000;
            }
        }
    }
}
`,
      errors: [
        {
          line: 9,
          column: 13,
          endLine: 9,
          endColumn: 31,
          message:
            'WebSocket location /app/ws does not pass the Upgrade header: Upgrade is set at server level (line 5) but not inherited: the enclosing location /app/ sets its own proxy_set_header (line 8), which drops every outer one; add "proxy_set_header Upgrade $http_upgrade;" to this location (WebSocket because it sets proxy_set_header Upgrade at server level (line 5))',
        },
      ],
      output: `events {}
http {
    server {
        listen 80;
        proxy_set_header Upgrade $http_upgrade;
        proxy_set_header Connection "upgrade";
        location /app/ {
            proxy_set_header X-App app;
            location /app/ws {
                proxy_pass http://127.0.0.1:3000;
                proxy_set_header X-App app;
                proxy_set_header Upgrade $http_upgrade;
            }
        }
    }
}
`,
    },
    {
      name: 'lost: the Upgrade line is in an included file (provenance names it)',
      code: `events {}
http {
    include conf.d/*.conf;
    server {
        listen 80;
        location /ws/ {
            proxy_pass http://127.0.0.1:3000;
            proxy_set_header Host $host;
        }
    }
}
`,
      files: {
        'conf.d/websocket.conf': `map $http_upgrade $connection_upgrade {
    default upgrade;
    '' close;
}
proxy_set_header Upgrade $http_upgrade;
proxy_set_header Connection $connection_upgrade;
`,
      },
      errors: [
        {
          line: 6,
          column: 9,
          endLine: 6,
          endColumn: 24,
          severity: 'error',
          message: withDir(
            'WebSocket location /ws/ does not pass the Upgrade header: Upgrade is set at http level (line 5 of <dir>/conf.d/websocket.conf) but not inherited: this location sets its own proxy_set_header (line 8), which drops every outer one; add "proxy_set_header Upgrade $http_upgrade;" to this location (WebSocket because it sets proxy_set_header Upgrade at http level (line 5 of <dir>/conf.d/websocket.conf))',
          ),
        },
      ],
      output: `events {}
http {
    include conf.d/*.conf;
    server {
        listen 80;
        location /ws/ {
            proxy_pass http://127.0.0.1:3000;
            proxy_set_header Host $host;
            proxy_set_header Upgrade $http_upgrade;
        }
    }
}
`,
    },
    {
      name: 'Upgrade "" in the location counts as missing: its value is replaced',
      code: `events {}
http {
    server {
        listen 80;
        location /ws/ {
            proxy_pass http://127.0.0.1:3000;
            proxy_set_header Upgrade "";
            proxy_set_header Connection "upgrade";
        }
    }
}
`,
      errors: [
        {
          line: 7,
          column: 38,
          endLine: 7,
          endColumn: 40,
          severity: 'error',
          message:
            'WebSocket location /ws/ sends no Upgrade header: proxy_set_header Upgrade "" (this location (line 7)) removes it, so the backend refuses the handshake; use "proxy_set_header Upgrade $http_upgrade;" (WebSocket because it sets proxy_set_header Connection upgrade at this location (line 8))',
        },
      ],
      output: `events {}
http {
    server {
        listen 80;
        location /ws/ {
            proxy_pass http://127.0.0.1:3000;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection "upgrade";
        }
    }
}
`,
    },
    {
      name: 'Upgrade "" inherited from server level: the location gets its own lines',
      code: `events {}
http {
    server {
        listen 80;
        proxy_set_header Host $host;
        proxy_set_header Upgrade '';
        location /ws/ {
            proxy_pass http://127.0.0.1:3000;
        }
    }
}
`,
      errors: [
        {
          line: 7,
          column: 9,
          endLine: 7,
          endColumn: 24,
          message:
            'WebSocket location /ws/ sends no Upgrade header: proxy_set_header Upgrade "" (server level (line 6)) removes it, so the backend refuses the handshake; use "proxy_set_header Upgrade $http_upgrade;" (WebSocket because its path /ws/ looks like a WebSocket endpoint)',
        },
      ],
      output: `events {}
http {
    server {
        listen 80;
        proxy_set_header Host $host;
        proxy_set_header Upgrade '';
        location /ws/ {
            proxy_pass http://127.0.0.1:3000;
            proxy_set_header Host $host;
            proxy_set_header Upgrade $http_upgrade;
        }
    }
}
`,
    },
    {
      name: 'a constant Upgrade is only a warning, with a suggestion and no automatic fix',
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
      errors: [
        {
          line: 8,
          column: 38,
          endLine: 8,
          endColumn: 47,
          severity: 'warning',
          message:
            'WebSocket location /ws/ sends "Upgrade: websocket" on every request, plain HTTP ones included (this location (line 8)); use "proxy_set_header Upgrade $http_upgrade;" so the backend sees an Upgrade only when the client asks for one (WebSocket because it sets proxy_set_header Upgrade at this location (line 8))',
        },
      ],
      output: null,
    },
    {
      name: 'a constant inherited from server level: a warning at the location, suggestions are never applied',
      fixApplicability: ['safe', 'unsafe'],
      code: `events {}
http {
    server {
        listen 80;
        proxy_set_header Upgrade "WebSocket";
        proxy_set_header Connection "Upgrade";
        location /ws/ {
            proxy_pass http://127.0.0.1:3000;
        }
    }
}
`,
      errors: [
        {
          line: 7,
          column: 9,
          endLine: 7,
          endColumn: 24,
          severity: 'warning',
          message:
            'WebSocket location /ws/ sends "Upgrade: WebSocket" on every request, plain HTTP ones included (server level (line 5)); use "proxy_set_header Upgrade $http_upgrade;" so the backend sees an Upgrade only when the client asks for one (WebSocket because it sets proxy_set_header Upgrade at server level (line 5))',
        },
      ],
      output: null,
    },
    {
      name: 'CRLF line endings and tab indentation are kept',
      code: 'events {}\r\nhttp {\r\n\tserver {\r\n\t\tlisten 80;\r\n\t\tproxy_set_header Host $host;\r\n\t\tlocation /ws/ {\r\n\t\t\tproxy_pass http://app;\r\n\t\t}\r\n\t}\r\n}\r\n',
      errors: [
        {
          line: 6,
          column: 3,
          endLine: 6,
          endColumn: 18,
          severity: 'error',
          message:
            `WebSocket location /ws/ does not pass the Upgrade header: no proxy_set_header Upgrade applies and nginx never forwards the client's hop-by-hop Upgrade on its own, so the backend refuses the handshake; ${ADD} (WebSocket because its path /ws/ looks like a WebSocket endpoint)`,
        },
      ],
      output:
        'events {}\r\nhttp {\r\n\tserver {\r\n\t\tlisten 80;\r\n\t\tproxy_set_header Host $host;\r\n\t\tlocation /ws/ {\r\n\t\t\tproxy_pass http://app;\r\n\t\t\tproxy_set_header Host $host;\r\n\t\t\tproxy_set_header Upgrade $http_upgrade;\r\n\t\t}\r\n\t}\r\n}\r\n',
    },
    {
      name: 'a one-line location stays on one line',
      code: `events {}
http {
    server {
        listen 80;
        location /ws { proxy_pass http://127.0.0.1:3000; proxy_set_header Connection "upgrade"; }
    }
}
`,
      errors: [
        {
          line: 5,
          column: 9,
          endLine: 5,
          endColumn: 23,
          severity: 'error',
          message:
            `WebSocket location /ws does not pass the Upgrade header: no proxy_set_header Upgrade applies and nginx never forwards the client's hop-by-hop Upgrade on its own, so the backend refuses the handshake; ${ADD} (WebSocket because it sets proxy_set_header Connection upgrade at this location (line 5))`,
        },
      ],
      output: `events {}
http {
    server {
        listen 80;
        location /ws { proxy_pass http://127.0.0.1:3000; proxy_set_header Connection "upgrade"; proxy_set_header Upgrade $http_upgrade; }
    }
}
`,
    },
    {
      name: 'a location in an included snippet: the edit goes to the snippet',
      code: `events {}
http {
    server {
        listen 80;
        proxy_set_header X-Real-IP $remote_addr;
        include snippets/websocket.conf;
    }
}
`,
      files: {
        'snippets/websocket.conf': `# ngxlint websocket
location /events {
    proxy_pass http://127.0.0.1:3000;
    proxy_http_version 1.1;
}
`,
      },
      errors: [
        {
          line: 2,
          column: 1,
          endLine: 2,
          endColumn: 19,
          message: `WebSocket location /events does not pass the Upgrade header: no proxy_set_header Upgrade applies and nginx never forwards the client's hop-by-hop Upgrade on its own, so the backend refuses the handshake; ${ADD} (WebSocket because it is marked "# ngxlint websocket")`,
        },
      ],
      output: null,
      outputs: {
        'snippets/websocket.conf': `# ngxlint websocket
location /events {
    proxy_pass http://127.0.0.1:3000;
    proxy_http_version 1.1;
    proxy_set_header X-Real-IP $remote_addr;
    proxy_set_header Upgrade $http_upgrade;
}
`,
      },
    },
    {
      name: 'a snippet checked alone (no http block)',
      snippet: true,
      code: `server {
    listen 80;
    location /ws/ {
        proxy_pass http://127.0.0.1:3000;
        proxy_http_version 1.1;
        proxy_set_header Connection "upgrade";
    }
}
`,
      errors: [
        {
          line: 3,
          column: 5,
          endLine: 3,
          endColumn: 20,
          severity: 'error',
          message:
            `WebSocket location /ws/ does not pass the Upgrade header: no proxy_set_header Upgrade applies and nginx never forwards the client's hop-by-hop Upgrade on its own, so the backend refuses the handshake; ${ADD} (WebSocket because it sets proxy_set_header Connection upgrade at this location (line 6))`,
        },
      ],
      output: `server {
    listen 80;
    location /ws/ {
        proxy_pass http://127.0.0.1:3000;
        proxy_http_version 1.1;
        proxy_set_header Connection "upgrade";
        proxy_set_header Upgrade $http_upgrade;
    }
}
`,
    },
    {
      // The map lives in the includer: only the variable's conventional name says WebSocket.
      name: 'a snippet with Connection $connection_upgrade and no map: WebSocket by the variable\'s name',
      snippet: true,
      code: `location /app/ {
    proxy_pass http://127.0.0.1:3000;
    proxy_set_header Connection $connection_upgrade;
    proxy_http_version 1.1;
}
`,
      errors: [
        {
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 17,
          severity: 'error',
          message: `WebSocket location /app/ does not pass the Upgrade header: no proxy_set_header Upgrade applies and nginx never forwards the client's hop-by-hop Upgrade on its own, so the backend refuses the handshake; ${ADD} (WebSocket because it sets proxy_set_header Connection $connection_upgrade at this location (line 3), a WebSocket variable by its conventional name alone (no map $http_upgrade $connection_upgrade defines it here))`,
        },
      ],
      output: `location /app/ {
    proxy_pass http://127.0.0.1:3000;
    proxy_set_header Connection $connection_upgrade;
    proxy_http_version 1.1;
    proxy_set_header Upgrade $http_upgrade;
}
`,
    },
    {
      // undefined-variable reports the missing map; this rule must not wait for its fix to speak.
      name: 'a full config using $connection_upgrade without its map: reported before the map exists',
      code: `events {}
http {
    server {
        listen 80;
        location /app/ {
            proxy_pass http://127.0.0.1:3000;
            proxy_http_version 1.1;
            proxy_set_header Connection $connection_upgrade;
        }
    }
}
`,
      errors: [
        {
          line: 5,
          column: 9,
          endLine: 5,
          endColumn: 25,
          severity: 'error',
          message: `WebSocket location /app/ does not pass the Upgrade header: no proxy_set_header Upgrade applies and nginx never forwards the client's hop-by-hop Upgrade on its own, so the backend refuses the handshake; ${ADD} (WebSocket because it sets proxy_set_header Connection $connection_upgrade at this location (line 8), a WebSocket variable by its conventional name alone (no map $http_upgrade $connection_upgrade defines it here))`,
        },
      ],
      output: `events {}
http {
    server {
        listen 80;
        location /app/ {
            proxy_pass http://127.0.0.1:3000;
            proxy_http_version 1.1;
            proxy_set_header Connection $connection_upgrade;
            proxy_set_header Upgrade $http_upgrade;
        }
    }
}
`,
    },
    {
      name: 'a regex location with an escaped dot (~* /socket\\.io) is a WebSocket endpoint',
      code: `events {}
http {
    server {
        listen 80;
        location ~* /socket\\.io {
            proxy_pass http://127.0.0.1:3000;
            proxy_http_version 1.1;
        }
    }
}
`,
      errors: [
        {
          line: 5,
          column: 9,
          endLine: 5,
          endColumn: 34,
          severity: 'error',
          message: `WebSocket location /socket\\.io does not pass the Upgrade header: no proxy_set_header Upgrade applies and nginx never forwards the client's hop-by-hop Upgrade on its own, so the backend refuses the handshake; ${ADD} (WebSocket because its path /socket\\.io looks like a WebSocket endpoint)`,
        },
      ],
      output: `events {}
http {
    server {
        listen 80;
        location ~* /socket\\.io {
            proxy_pass http://127.0.0.1:3000;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
        }
    }
}
`,
    },
    {
      name: 'proxy_pass inside an if: the Upgrade line goes into the location (proxy_set_header is not allowed in if)',
      code: `events {}
http {
    server {
        listen 80;
        location /chat/ {
            proxy_http_version 1.1;
            proxy_set_header Connection "upgrade";
            if ($http_x_canary) {
                proxy_pass http://127.0.0.1:3001;
            }
        }
    }
}
`,
      errors: [
        {
          line: 5,
          column: 9,
          endLine: 5,
          endColumn: 26,
          severity: 'error',
          message: `WebSocket location /chat/ does not pass the Upgrade header: no proxy_set_header Upgrade applies and nginx never forwards the client's hop-by-hop Upgrade on its own, so the backend refuses the handshake; ${ADD} (WebSocket because it sets proxy_set_header Connection upgrade at this location (line 7))`,
        },
      ],
      output: `events {}
http {
    server {
        listen 80;
        location /chat/ {
            proxy_http_version 1.1;
            proxy_set_header Connection "upgrade";
            proxy_set_header Upgrade $http_upgrade;
            if ($http_x_canary) {
                proxy_pass http://127.0.0.1:3001;
            }
        }
    }
}
`,
    },
    {
      name: 'proxy_pass inside limit_except, nothing in the location: Host is copied in, after the block',
      code: `events {}
http {
    server {
        listen 80;
        proxy_set_header Host $host;
        location /ws/ {
            limit_except OPTIONS {
                proxy_pass http://127.0.0.1:3000;
            }
        }
    }
}
`,
      errors: [
        {
          line: 6,
          column: 9,
          endLine: 6,
          endColumn: 24,
          severity: 'error',
          message: `WebSocket location /ws/ does not pass the Upgrade header: no proxy_set_header Upgrade applies and nginx never forwards the client's hop-by-hop Upgrade on its own, so the backend refuses the handshake; ${ADD} (WebSocket because its path /ws/ looks like a WebSocket endpoint)`,
        },
      ],
      output: `events {}
http {
    server {
        listen 80;
        proxy_set_header Host $host;
        location /ws/ {
            limit_except OPTIONS {
                proxy_pass http://127.0.0.1:3000;
            }
            proxy_set_header Host $host;
            proxy_set_header Upgrade $http_upgrade;
        }
    }
}
`,
    },
    {
      name: 'target nginx 1.29.7: still needed (Upgrade is hop-by-hop in every version)',
      nginxVersion: '1.29.7',
      code: `events {}
http {
    server {
        listen 80;
        location /cable {
            proxy_pass http://127.0.0.1:3000;
        }
    }
}
`,
      errors: [
        {
          line: 5,
          column: 9,
          endLine: 5,
          endColumn: 26,
          severity: 'error',
          message:
            `WebSocket location /cable does not pass the Upgrade header: no proxy_set_header Upgrade applies and nginx never forwards the client's hop-by-hop Upgrade on its own, so the backend refuses the handshake; ${ADD} (WebSocket because its path /cable looks like a WebSocket endpoint)`,
        },
      ],
      output: `events {}
http {
    server {
        listen 80;
        location /cable {
            proxy_pass http://127.0.0.1:3000;
            proxy_set_header Upgrade $http_upgrade;
        }
    }
}
`,
    },
  ],
});

describe('websocket-upgrade-header: related places and suggestions', () => {
  function lint(code: string) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ngxlint-upgrade-'));
    const main = path.join(dir, 'nginx.conf');
    fs.writeFileSync(main, code);
    try {
      return lintConfig(main, {}, { rules: [rule], settings: { target: {}, websocket: { paths: [], heuristics: true } } }).findings;
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  test('lost by inheritance points at the outer Upgrade line and at the line that stops inheritance', () => {
    const [finding] = lint(`http {
    server {
        proxy_set_header Upgrade $http_upgrade;
        location /ws/ {
            proxy_pass http://127.0.0.1:3000;
            proxy_set_header Host $host;
        }
    }
}
`);
    expect(finding.related?.map((r) => `${r.line}:${r.column} ${r.message}`)).toEqual([
      '3:9 Upgrade is set here but not inherited by location /ws/',
      '6:13 this proxy_set_header stops the inheritance of every outer proxy_set_header',
    ]);
    expect(finding.fix).toMatchObject({ applicability: 'safe', description: 'insert "proxy_set_header Upgrade $http_upgrade;"' });
  });

  test('a fix that copies inherited lines says so', () => {
    const [finding] = lint(`http {
    server {
        proxy_set_header Host $host;
        location /ws/ {
            proxy_pass http://127.0.0.1:3000;
        }
    }
}
`);
    expect(finding.fix?.description).toBe(
      'insert "proxy_set_header Upgrade $http_upgrade;", with copies of the inherited proxy_set_header lines it would otherwise lose',
    );
  });

  test('a constant gets a suggestion (unsafe), not a fix', () => {
    const [finding] = lint(`http {
    server {
        location /ws/ {
            proxy_pass http://127.0.0.1:3000;
            proxy_set_header Upgrade websocket;
        }
    }
}
`);
    expect(finding.fix).toBeUndefined();
    expect(finding.suggestions).toEqual([
      { applicability: 'unsafe', description: 'replace "websocket" with $http_upgrade in "proxy_set_header Upgrade"', edits: [expect.objectContaining({ text: '$http_upgrade' })] },
    ]);
  });
});
