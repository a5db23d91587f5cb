import rule from '../../rules/websocket-http-version';
import { runRuleTests, withDir } from '../support/rule-tester';

const MAP = `    map $http_upgrade $connection_upgrade {
        default upgrade;
        '' close;
    }
`;

const OLD = 'nginx before 1.29.7 (no nginxVersion set; distributions ship older versions)';
const UNMAPPED = 'a WebSocket variable by its conventional name alone (no map $http_upgrade $connection_upgrade defines it here)';

runRuleTests(rule, {
  valid: [
    {
      name: 'proxy_http_version 1.1 in the location',
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
      name: 'proxy_http_version 1.1 at http level, inherited',
      code: `events {}
http {
    proxy_http_version 1.1;
${MAP}    server {
        listen 80;
        location /ws/ {
            proxy_pass http://127.0.0.1:3000;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
        }
    }
}
`,
    },
    {
      name: 'target nginx 1.29.7 speaks HTTP/1.1 by default',
      nginxVersion: '1.29.7',
      code: `events {}
http {
${MAP}    server {
        listen 80;
        location /ws/ {
            proxy_pass http://127.0.0.1:3000;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
        }
    }
}
`,
    },
    {
      name: 'proxy_pass inside an if of the location: the location\'s 1.1 applies to it',
      code: `events {}
http {
    server {
        listen 80;
        location /chat/ {
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection "upgrade";
            if ($http_x_canary) {
                proxy_pass http://127.0.0.1:3001;
            }
        }
    }
}
`,
    },
    {
      name: 'proxy_pass inside limit_except: 1.1 inherited from server level applies to it',
      code: `events {}
http {
    server {
        listen 80;
        proxy_http_version 1.1;
        location /ws/ {
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection "upgrade";
            # OPTIONS is answered here; every other method, the GET handshake included, is proxied
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
        location /api/ {
            proxy_pass http://127.0.0.1:3000;
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
  ],
  invalid: [
    {
      name: 'missing, WebSocket intent from the Upgrade header',
      code: `events {}
http {
${MAP}    server {
        listen 80;
        location /chat/ {
            proxy_pass http://127.0.0.1:3000;
            proxy_set_header Upgrade $http_upgrade;
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
          message:
            'WebSocket location /chat/ proxies with HTTP/1.0: proxy_http_version is not set and nginx before 1.29.7 (no nginxVersion set; distributions ship older versions) defaults to 1.0, so the Upgrade handshake fails; add "proxy_http_version 1.1;" (WebSocket because it sets proxy_set_header Upgrade at this location (line 11))',
        },
      ],
      output: `events {}
http {
${MAP}    server {
        listen 80;
        location /chat/ {
            proxy_pass http://127.0.0.1:3000;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            proxy_http_version 1.1;
        }
    }
}
`,
    },
    {
      // Found by the parse-fix property test: the fix used to crash on the missing argument.
      name: 'proxy_http_version without a version (an argument count error) gets one',
      parseErrors: ['9: invalid number of arguments in "proxy_http_version" directive'],
      code: `events {}
http {
    server {
        listen 80;
        location /ws/ {
            proxy_pass http://127.0.0.1:3000;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection "upgrade";
            proxy_http_version;
        }
    }
}
`,
      errors: [
        {
          line: 9,
          column: 13,
          endLine: 9,
          endColumn: 32,
          severity: 'error',
          message:
            'WebSocket location /ws/ has a proxy_http_version without a version (line 9), which nginx rejects; use "proxy_http_version 1.1;" (WebSocket because it sets proxy_set_header Upgrade at this location (line 7))',
        },
      ],
      // --fix never edits a file with parse errors; the fix is what editors offer.
      output: null,
      suggestedOutput: `events {}
http {
    server {
        listen 80;
        location /ws/ {
            proxy_pass http://127.0.0.1:3000;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection "upgrade";
            proxy_http_version 1.1;
        }
    }
}
`,
    },
    {
      name: 'explicit 1.0 is replaced',
      code: `events {}
http {
    server {
        listen 80;
        location /socket.io/ {
            proxy_http_version 1.0;
            proxy_pass http://127.0.0.1:3000;
        }
    }
}
`,
      errors: [
        {
          line: 6,
          column: 32,
          endLine: 6,
          endColumn: 35,
          severity: 'error',
          message:
            'WebSocket location /socket.io/ proxies with HTTP/1.0 (line 6): the Upgrade handshake needs HTTP/1.1; use "proxy_http_version 1.1;" (WebSocket because its path /socket.io/ looks like a WebSocket endpoint)',
        },
      ],
      output: `events {}
http {
    server {
        listen 80;
        location /socket.io/ {
            proxy_http_version 1.1;
            proxy_pass http://127.0.0.1:3000;
        }
    }
}
`,
    },
    {
      name: 'HTTP/2 inherited from server level: overridden in the location only',
      code: `events {}
http {
    server {
        listen 80;
        proxy_http_version 2;
        # ngxlint websocket
        location /live {
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
          endColumn: 25,
          severity: 'error',
          message:
            'WebSocket location /live proxies with HTTP/2 (inherited from server level, line 5): HTTP/2 upstream connections cannot carry an Upgrade; use "proxy_http_version 1.1;" (WebSocket because it is marked "# ngxlint websocket")',
        },
      ],
      output: `events {}
http {
    server {
        listen 80;
        proxy_http_version 2;
        # ngxlint websocket
        location /live {
            proxy_pass http://127.0.0.1:3000;
            proxy_http_version 1.1;
        }
    }
}
`,
    },
    {
      // "line 4" alone would read as line 4 of nginx.conf (the `server {` line).
      name: '1.0 inherited from http level in an included file: the message names that file',
      code: `events {}
http {
    include conf.d/*.conf;
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
      files: {
        'conf.d/proxy.conf': `# proxy defaults for every site
proxy_buffering off;
proxy_read_timeout 300s;
proxy_http_version 1.0;
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
            'WebSocket location /ws/ proxies with HTTP/1.0 (inherited from http level, line 4 of <dir>/conf.d/proxy.conf): the Upgrade handshake needs HTTP/1.1; use "proxy_http_version 1.1;" (WebSocket because it sets proxy_set_header Upgrade at this location (line 8))',
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
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection "upgrade";
            proxy_http_version 1.1;
        }
    }
}
`,
    },
    {
      name: 'CRLF file, tabs, one-line neighbour, websocket.paths',
      websocket: { paths: ['/realtime*'] },
      code: 'events {}\r\nhttp {\r\n\tserver {\r\n\t\tlisten 80;\r\n\t\tlocation /realtime/feed {\r\n\t\t\tproxy_pass http://app;\r\n\t\t}\r\n\t}\r\n}\r\n',
      errors: [
        {
          line: 5,
          column: 3,
          endLine: 5,
          endColumn: 28,
          severity: 'error',
          message:
            `WebSocket location /realtime/feed proxies with HTTP/1.0: proxy_http_version is not set and ${OLD} defaults to 1.0, so the Upgrade handshake fails; add "proxy_http_version 1.1;" (WebSocket because its path /realtime/feed is listed in websocket.paths)`,
        },
      ],
      output: 'events {}\r\nhttp {\r\n\tserver {\r\n\t\tlisten 80;\r\n\t\tlocation /realtime/feed {\r\n\t\t\tproxy_pass http://app;\r\n\t\t\tproxy_http_version 1.1;\r\n\t\t}\r\n\t}\r\n}\r\n',
    },
    {
      // The map lives in the includer: only the variable's conventional name says WebSocket.
      name: 'a snippet with Connection $connection_upgrade and no map: WebSocket by the variable\'s name',
      snippet: true,
      code: `location /app/ {
    proxy_pass http://127.0.0.1:3000;
    proxy_set_header Connection $connection_upgrade;
}
`,
      errors: [
        {
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 17,
          severity: 'error',
          message: `WebSocket location /app/ proxies with HTTP/1.0: proxy_http_version is not set and ${OLD} defaults to 1.0, so the Upgrade handshake fails; add "proxy_http_version 1.1;" (WebSocket because it sets proxy_set_header Connection $connection_upgrade at this location (line 3), ${UNMAPPED})`,
        },
      ],
      output: `location /app/ {
    proxy_pass http://127.0.0.1:3000;
    proxy_set_header Connection $connection_upgrade;
    proxy_http_version 1.1;
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
          message: `WebSocket location /app/ proxies with HTTP/1.0: proxy_http_version is not set and ${OLD} defaults to 1.0, so the Upgrade handshake fails; add "proxy_http_version 1.1;" (WebSocket because it sets proxy_set_header Connection $connection_upgrade at this location (line 7), ${UNMAPPED})`,
        },
      ],
      output: `events {}
http {
    server {
        listen 80;
        location /app/ {
            proxy_pass http://127.0.0.1:3000;
            proxy_set_header Connection $connection_upgrade;
            proxy_http_version 1.1;
        }
    }
}
`,
    },
    {
      name: 'proxy_pass inside an if: the version is missing in the location, inserted into the location',
      code: `events {}
http {
    server {
        listen 80;
        location /chat/ {
            proxy_set_header Upgrade $http_upgrade;
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
          message: `WebSocket location /chat/ proxies with HTTP/1.0: proxy_http_version is not set and ${OLD} defaults to 1.0, so the Upgrade handshake fails; add "proxy_http_version 1.1;" (WebSocket because it sets proxy_set_header Upgrade at this location (line 6))`,
        },
      ],
      // proxy_http_version is not allowed in if: the location's value is what the if inherits.
      output: `events {}
http {
    server {
        listen 80;
        location /chat/ {
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection "upgrade";
            proxy_http_version 1.1;
            if ($http_x_canary) {
                proxy_pass http://127.0.0.1:3001;
            }
        }
    }
}
`,
    },
    {
      name: 'proxy_pass inside limit_except: 1.0 in the location is replaced',
      code: `events {}
http {
    server {
        listen 80;
        location /ws/ {
            proxy_http_version 1.0;
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
          column: 32,
          endLine: 6,
          endColumn: 35,
          severity: 'error',
          message:
            'WebSocket location /ws/ proxies with HTTP/1.0 (line 6): the Upgrade handshake needs HTTP/1.1; use "proxy_http_version 1.1;" (WebSocket because its path /ws/ looks like a WebSocket endpoint)',
        },
      ],
      output: `events {}
http {
    server {
        listen 80;
        location /ws/ {
            proxy_http_version 1.1;
            limit_except OPTIONS {
                proxy_pass http://127.0.0.1:3000;
            }
        }
    }
}
`,
    },
    {
      name: 'a one-line location stays on one line',
      code: `events {}
http {
    server {
        listen 80;
        location /ws { proxy_pass http://127.0.0.1:3000; }
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
            `WebSocket location /ws proxies with HTTP/1.0: proxy_http_version is not set and ${OLD} defaults to 1.0, so the Upgrade handshake fails; add "proxy_http_version 1.1;" (WebSocket because its path /ws looks like a WebSocket endpoint)`,
        },
      ],
      output: `events {}
http {
    server {
        listen 80;
        location /ws { proxy_pass http://127.0.0.1:3000; proxy_http_version 1.1; }
    }
}
`,
    },
  ],
});
