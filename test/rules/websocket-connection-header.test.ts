import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import rule from '../../rules/websocket-connection-header';
import upgradeRule from '../../rules/websocket-upgrade-header';
import httpVersionRule from '../../rules/websocket-http-version';
import { lintConfig } from '../../src/lint/engine';
import { fixConfig } from '../../src/fix/fix-loop';
import { runRuleTests } from '../support/rule-tester';

const MAP = `    map $http_upgrade $connection_upgrade {
        default upgrade;
        '' close;
    }
`;

const OLD = 'nginx before 1.29.7 (no nginxVersion set; distributions ship older versions)';
const NOT_FORWARDED = "(nginx never forwards the client's hop-by-hop Connection header)";
/** Why a fix writes the constant "upgrade": said in the message, not only in the fix description. */
const SNIPPET_CONSTANT = '(a constant: the file is checked as a snippet, with no http block in reach to hold map $http_upgrade $connection_upgrade)';
const OTHERWISE_CONSTANT = '(a constant: $connection_upgrade is defined here by something other than map $http_upgrade)';

runRuleTests(rule, {
  valid: [
    {
      name: 'the canonical map and $connection_upgrade',
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
      name: 'Connection "upgrade" as a constant, without a map',
      code: `events {}
http {
    server {
        listen 80;
        location /ws/ {
            proxy_pass http://127.0.0.1:3000;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection "upgrade";
        }
    }
}
`,
    },
    {
      name: 'Connection "keep-alive, Upgrade" (what Firefox sends) and a bare Upgrade',
      code: `events {}
http {
    server {
        listen 80;
        location /ws/ {
            proxy_pass http://127.0.0.1:3000;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection "keep-alive, Upgrade";
        }
        location /ws2/ {
            proxy_pass http://127.0.0.1:3000;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection Upgrade;
        }
    }
}
`,
    },
    {
      name: 'set at server level and inherited',
      code: `events {}
http {
${MAP}    server {
        listen 80;
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
      name: 'the map in an included file',
      code: `events {}
http {
    include conf.d/*.conf;
    server {
        listen 80;
        location /ws/ {
            proxy_pass http://127.0.0.1:3000;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
        }
    }
}
`,
      files: {
        'conf.d/map.conf': `map $http_upgrade $connection_upgrade {
    default upgrade;
    '' close;
}
`,
      },
    },
    {
      name: 'any variable mapped from $http_upgrade',
      code: `events {}
http {
    map $http_upgrade $conn_hdr {
        websocket upgrade;
        default close;
    }
    server {
        listen 80;
        location /ws/ {
            proxy_pass http://127.0.0.1:3000;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $conn_hdr;
        }
    }
}
`,
    },
    {
      name: '$connection_upgrade without its map is undefined-variable\'s finding, not this rule\'s',
      code: `events {}
http {
    server {
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
      name: 'a snippet may use the map its includer defines',
      snippet: true,
      code: `server {
    listen 80;
    location /ws/ {
        proxy_pass http://127.0.0.1:3000;
        proxy_set_header Upgrade $http_upgrade;
        proxy_set_header Connection $connection_upgrade;
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
      name: 'plain HTTP locations, keepalive Connection "" included, are not WebSocket locations',
      code: `events {}
http {
    upstream app { server 127.0.0.1:3000; keepalive 16; }
    server {
        listen 80;
        location / {
            proxy_pass http://app;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
        }
        location /api/ {
            proxy_pass http://app;
        }
    }
}
`,
    },
  ],
  invalid: [
    {
      name: 'missing: nginx sends Connection: close; the fix adds the line and the map',
      code: `events {}
http {
    server {
        listen 80;
        location /chat/ {
            proxy_pass http://127.0.0.1:3000;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
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
          message: `WebSocket location /chat/ sends "Connection: close": no proxy_set_header Connection applies and ${OLD} sends it by default ${NOT_FORWARDED}, so the backend refuses the Upgrade; add "proxy_set_header Connection $connection_upgrade;" (WebSocket because it sets proxy_set_header Upgrade at this location (line 8))`,
        },
      ],
      output: `events {}
http {
    map $http_upgrade $connection_upgrade {
        default upgrade;
        '' close;
    }

    server {
        listen 80;
        location /chat/ {
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
      name: 'missing with the map already there: only the line is added',
      code: `events {}
http {
${MAP}    server {
        listen 80;
        location /ws/ {
            proxy_pass http://127.0.0.1:3000;
            proxy_set_header Upgrade $http_upgrade;
        }
    }
}
`,
      errors: [
        {
          line: 9,
          column: 9,
          endLine: 9,
          endColumn: 24,
          severity: 'error',
          message:
            `WebSocket location /ws/ sends "Connection: close": no proxy_set_header Connection applies and ${OLD} sends it by default ${NOT_FORWARDED}, so the backend refuses the Upgrade; add "proxy_set_header Connection $connection_upgrade;" (WebSocket because it sets proxy_set_header Upgrade at this location (line 11))`,
        },
      ],
      output: `events {}
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
      name: 'missing, target nginx 1.29.7: no Connection header is sent at all',
      nginxVersion: '1.29.7',
      code: `events {}
http {
${MAP}    server {
        listen 80;
        location /ws/ {
            proxy_pass http://127.0.0.1:3000;
            proxy_set_header Upgrade $http_upgrade;
        }
    }
}
`,
      errors: [
        {
          line: 9,
          column: 9,
          endLine: 9,
          endColumn: 24,
          severity: 'error',
          message:
            `WebSocket location /ws/ sends no Connection header: no proxy_set_header Connection applies and nginx 1.29.7 sends none by default ${NOT_FORWARDED}, so the backend refuses the Upgrade; add "proxy_set_header Connection $connection_upgrade;" (WebSocket because it sets proxy_set_header Upgrade at this location (line 11))`,
        },
      ],
      output: `events {}
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
      name: 'Connection close in the location: the value is replaced, and the map added',
      code: `events {}
http {
    server {
        listen 80;
        location /ws/ {
            proxy_pass http://127.0.0.1:3000;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection close;
        }
    }
}
`,
      errors: [
        {
          line: 8,
          column: 41,
          endLine: 8,
          endColumn: 46,
          severity: 'error',
          message:
            'WebSocket location /ws/ sends "Connection: close" (this location (line 8)): "close" asks to close the connection, not to upgrade it, so the backend refuses the Upgrade; use "proxy_set_header Connection $connection_upgrade;" (WebSocket because it sets proxy_set_header Upgrade at this location (line 7))',
        },
      ],
      output: `events {}
http {
    map $http_upgrade $connection_upgrade {
        default upgrade;
        '' close;
    }

    server {
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
      name: 'Connection keep-alive',
      code: `events {}
http {
${MAP}    server {
        listen 80;
        location /ws/ {
            proxy_pass http://127.0.0.1:3000;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection "keep-alive";
        }
    }
}
`,
      errors: [
        {
          line: 12,
          column: 41,
          endLine: 12,
          endColumn: 53,
          severity: 'error',
          message:
            'WebSocket location /ws/ sends "Connection: keep-alive" (this location (line 12)): "keep-alive" does not ask for an upgrade, so the backend refuses the Upgrade; use "proxy_set_header Connection $connection_upgrade;" (WebSocket because it sets proxy_set_header Upgrade at this location (line 11))',
        },
      ],
      output: `events {}
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
      name: 'Connection "" (the upstream keepalive setting) in a WebSocket location',
      code: `events {}
http {
${MAP}    server {
        listen 80;
        location /ws/ {
            proxy_pass http://127.0.0.1:3000;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection "";
        }
    }
}
`,
      errors: [
        {
          line: 12,
          column: 41,
          endLine: 12,
          endColumn: 43,
          severity: 'error',
          message:
            'WebSocket location /ws/ sends no Connection header: proxy_set_header Connection "" (this location (line 12)) removes it (that is the setting for upstream keepalive, not for WebSockets), so the backend refuses the Upgrade; use "proxy_set_header Connection $connection_upgrade;" (WebSocket because it sets proxy_set_header Upgrade at this location (line 11))',
        },
      ],
      output: `events {}
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
      name: 'Connection $http_upgrade (the wrong variable)',
      code: `events {}
http {
${MAP}    server {
        listen 80;
        location /ws/ {
            proxy_pass http://127.0.0.1:3000;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $http_upgrade;
        }
    }
}
`,
      errors: [
        {
          line: 12,
          column: 41,
          endLine: 12,
          endColumn: 54,
          severity: 'error',
          message:
            'WebSocket location /ws/ sends "Connection: $http_upgrade" (this location (line 12)): $http_upgrade holds the Upgrade value ("websocket"), not a Connection token, so the backend refuses the Upgrade; use "proxy_set_header Connection $connection_upgrade;" (WebSocket because it sets proxy_set_header Upgrade at this location (line 11))',
        },
      ],
      output: `events {}
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
      name: '$http_connection passes the client\'s hop-by-hop header through: an error, replaced, and the map added',
      code: `events {}
http {
    server {
        listen 80;
        location /ws/ {
            proxy_pass http://127.0.0.1:3000;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $http_connection;
        }
    }
}
`,
      errors: [
        {
          line: 8,
          column: 41,
          endLine: 8,
          endColumn: 57,
          severity: 'error',
          message:
            'WebSocket location /ws/ copies the client\'s own Connection header upstream ($http_connection, this location (line 8)): the handshake works only while clients list "upgrade" there, and plain requests forward tokens such as keep-alive that belong to the client\'s hop; use "proxy_set_header Connection $connection_upgrade;" (WebSocket because it sets proxy_set_header Upgrade at this location (line 7))',
        },
      ],
      output: `events {}
http {
    map $http_upgrade $connection_upgrade {
        default upgrade;
        '' close;
    }

    server {
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
      name: 'Connection close inherited from server level: the location gets its own lines',
      code: `events {}
http {
${MAP}    server {
        listen 80;
        proxy_set_header Host $host;
        proxy_set_header Connection close;
        location /socket.io/ {
            proxy_pass http://127.0.0.1:3000;
        }
    }
}
`,
      errors: [
        {
          line: 11,
          column: 9,
          endLine: 11,
          endColumn: 31,
          message:
            'WebSocket location /socket.io/ sends "Connection: close" (server level (line 10)): "close" asks to close the connection, not to upgrade it, so the backend refuses the Upgrade; use "proxy_set_header Connection $connection_upgrade;" (WebSocket because its path /socket.io/ looks like a WebSocket endpoint)',
        },
      ],
      output: `events {}
http {
${MAP}    server {
        listen 80;
        proxy_set_header Host $host;
        proxy_set_header Connection close;
        location /socket.io/ {
            proxy_pass http://127.0.0.1:3000;
            proxy_set_header Host $host;
            proxy_set_header Connection $connection_upgrade;
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
        proxy_set_header X-Real-IP $remote_addr;
        proxy_set_header Upgrade $http_upgrade;
        proxy_set_header Connection $connection_upgrade;

        location /ws/ {
            proxy_pass http://127.0.0.1:3000;
            proxy_set_header X-Request-Id $request_id;
            proxy_set_header Upgrade $http_upgrade;
        }
    }
}
`,
      errors: [
        {
          line: 15,
          column: 9,
          endLine: 15,
          endColumn: 24,
          severity: 'error',
          message:
            'WebSocket location /ws/ sends "Connection: close": Connection is set at server level (line 13) but not inherited: this location sets its own proxy_set_header (line 17), which drops every outer one; add "proxy_set_header Connection $connection_upgrade;" to this location (WebSocket because it sets proxy_set_header Upgrade at this location (line 18))',
        },
      ],
      output: `events {}
http {
${MAP}    server {
        listen 80;
        proxy_http_version 1.1;
        proxy_set_header Host $host;
        proxy_set_header X-Real-IP $remote_addr;
        proxy_set_header Upgrade $http_upgrade;
        proxy_set_header Connection $connection_upgrade;

        location /ws/ {
            proxy_pass http://127.0.0.1:3000;
            proxy_set_header X-Request-Id $request_id;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
        }
    }
}
`,
    },
    {
      name: 'bare location under server-level X-Real-IP and Host: both copied in, the map added',
      code: `events {}
http {
    sendfile on;

    server {
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
          line: 10,
          column: 9,
          endLine: 10,
          endColumn: 24,
          severity: 'error',
          message:
            `WebSocket location /ws/ sends "Connection: close": no proxy_set_header Connection applies and ${OLD} sends it by default ${NOT_FORWARDED}, so the backend refuses the Upgrade; add "proxy_set_header Connection $connection_upgrade;" (WebSocket because its path /ws/ looks like a WebSocket endpoint)`,
        },
      ],
      output: `events {}
http {
    sendfile on;

    map $http_upgrade $connection_upgrade {
        default upgrade;
        '' close;
    }

    server {
        listen 8080;
        proxy_set_header X-Real-IP $remote_addr;
        proxy_set_header Host $host;

        location /ws/ {
            proxy_pass http://127.0.0.1:3000;
            proxy_read_timeout 3600s;
            proxy_set_header X-Real-IP $remote_addr;
            proxy_set_header Host $host;
            proxy_set_header Connection $connection_upgrade;
        }
    }
}
`,
    },
    {
      name: 'a location in an included snippet: the line goes to the snippet, the map to the file with http',
      code: `events {}
http {
    include mime.types;

    server {
        listen 80;
        include snippets/ws.conf;
    }
}
`,
      files: {
        'mime.types': 'types { text/html html; }\n',
        'snippets/ws.conf': `location /ws/ {
    proxy_pass http://127.0.0.1:3000;
    proxy_set_header Upgrade $http_upgrade;
}
`,
      },
      errors: [
        {
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 16,
          severity: 'error',
          message:
            `WebSocket location /ws/ sends "Connection: close": no proxy_set_header Connection applies and ${OLD} sends it by default ${NOT_FORWARDED}, so the backend refuses the Upgrade; add "proxy_set_header Connection $connection_upgrade;" (WebSocket because it sets proxy_set_header Upgrade at this location (line 3))`,
        },
      ],
      output: `events {}
http {
    include mime.types;

    map $http_upgrade $connection_upgrade {
        default upgrade;
        '' close;
    }

    server {
        listen 80;
        include snippets/ws.conf;
    }
}
`,
      outputs: {
        'snippets/ws.conf': `location /ws/ {
    proxy_pass http://127.0.0.1:3000;
    proxy_set_header Upgrade $http_upgrade;
    proxy_set_header Connection $connection_upgrade;
}
`,
      },
    },
    {
      name: 'servers in conf.d, http in nginx.conf: the map goes to nginx.conf after the include',
      code: `events {}
http {
    sendfile on;
    include conf.d/*.conf;
}
`,
      files: {
        'conf.d/chat.conf': `server {
    listen 80;
    location /ws/ {
        proxy_pass http://127.0.0.1:3000;
        proxy_set_header Upgrade $http_upgrade;
        proxy_set_header Connection close;
    }
}
`,
      },
      errors: [
        {
          line: 6,
          column: 37,
          endLine: 6,
          endColumn: 42,
          severity: 'error',
          message:
            'WebSocket location /ws/ sends "Connection: close" (this location (line 6)): "close" asks to close the connection, not to upgrade it, so the backend refuses the Upgrade; use "proxy_set_header Connection $connection_upgrade;" (WebSocket because it sets proxy_set_header Upgrade at this location (line 5))',
        },
      ],
      output: `events {}
http {
    sendfile on;
    include conf.d/*.conf;
    map $http_upgrade $connection_upgrade {
        default upgrade;
        '' close;
    }
}
`,
      outputs: {
        'conf.d/chat.conf': `server {
    listen 80;
    location /ws/ {
        proxy_pass http://127.0.0.1:3000;
        proxy_set_header Upgrade $http_upgrade;
        proxy_set_header Connection $connection_upgrade;
    }
}
`,
      },
    },
    {
      name: 'CRLF line endings and tab indentation are kept',
      code: 'events {}\r\nhttp {\r\n\tserver {\r\n\t\tlisten 80;\r\n\t\tlocation /ws/ {\r\n\t\t\tproxy_pass http://app;\r\n\t\t\tproxy_set_header Upgrade $http_upgrade;\r\n\t\t}\r\n\t}\r\n}\r\n',
      errors: [
        {
          line: 5,
          column: 3,
          endLine: 5,
          endColumn: 18,
          severity: 'error',
          message:
            `WebSocket location /ws/ sends "Connection: close": no proxy_set_header Connection applies and ${OLD} sends it by default ${NOT_FORWARDED}, so the backend refuses the Upgrade; add "proxy_set_header Connection $connection_upgrade;" (WebSocket because it sets proxy_set_header Upgrade at this location (line 7))`,
        },
      ],
      output:
        "events {}\r\nhttp {\r\n\tmap $http_upgrade $connection_upgrade {\r\n\t\tdefault upgrade;\r\n\t\t'' close;\r\n\t}\r\n\r\n\tserver {\r\n\t\tlisten 80;\r\n\t\tlocation /ws/ {\r\n\t\t\tproxy_pass http://app;\r\n\t\t\tproxy_set_header Upgrade $http_upgrade;\r\n\t\t\tproxy_set_header Connection $connection_upgrade;\r\n\t\t}\r\n\t}\r\n}\r\n",
    },
    {
      name: 'a one-line location stays on one line',
      code: `events {}
http {
${MAP}    server {
        listen 80;
        location /ws { proxy_pass http://127.0.0.1:3000; proxy_set_header Upgrade $http_upgrade; }
    }
}
`,
      errors: [
        {
          line: 9,
          column: 9,
          endLine: 9,
          endColumn: 23,
          severity: 'error',
          message:
            `WebSocket location /ws sends "Connection: close": no proxy_set_header Connection applies and ${OLD} sends it by default ${NOT_FORWARDED}, so the backend refuses the Upgrade; add "proxy_set_header Connection $connection_upgrade;" (WebSocket because it sets proxy_set_header Upgrade at this location (line 9))`,
        },
      ],
      output: `events {}
http {
${MAP}    server {
        listen 80;
        location /ws { proxy_pass http://127.0.0.1:3000; proxy_set_header Upgrade $http_upgrade; proxy_set_header Connection $connection_upgrade; }
    }
}
`,
    },
    {
      name: 'a snippet without http: the constant "upgrade" is inserted',
      snippet: true,
      code: `server {
    listen 80;
    location /ws/ {
        proxy_pass http://127.0.0.1:3000;
        proxy_http_version 1.1;
        proxy_set_header Upgrade $http_upgrade;
    }
}
`,
      errors: [
        {
          line: 3,
          column: 5,
          endLine: 3,
          endColumn: 20,
          message: `WebSocket location /ws/ sends "Connection: close": no proxy_set_header Connection applies and ${OLD} sends it by default ${NOT_FORWARDED}, so the backend refuses the Upgrade; add "proxy_set_header Connection "upgrade";" ${SNIPPET_CONSTANT} (WebSocket because it sets proxy_set_header Upgrade at this location (line 6))`,
        },
      ],
      output: `server {
    listen 80;
    location /ws/ {
        proxy_pass http://127.0.0.1:3000;
        proxy_http_version 1.1;
        proxy_set_header Upgrade $http_upgrade;
        proxy_set_header Connection "upgrade";
    }
}
`,
    },
    {
      name: 'a snippet without http, Connection close in it: replaced by the constant',
      snippet: true,
      code: `location /ws/ {
    proxy_pass http://127.0.0.1:3000;
    proxy_set_header Upgrade $http_upgrade;
    proxy_set_header Connection close;
}
`,
      errors: [
        {
          line: 4,
          column: 33,
          endLine: 4,
          endColumn: 38,
          severity: 'error',
          message:
            `WebSocket location /ws/ sends "Connection: close" (this location (line 4)): "close" asks to close the connection, not to upgrade it, so the backend refuses the Upgrade; use "proxy_set_header Connection "upgrade";" ${SNIPPET_CONSTANT} (WebSocket because it sets proxy_set_header Upgrade at this location (line 3))`,
        },
      ],
      output: `location /ws/ {
    proxy_pass http://127.0.0.1:3000;
    proxy_set_header Upgrade $http_upgrade;
    proxy_set_header Connection "upgrade";
}
`,
    },
    {
      name: 'a snippet without http, $http_connection in it: replaced by the constant, the message says why',
      snippet: true,
      code: `location /ws/ {
    proxy_pass http://127.0.0.1:3000;
    proxy_set_header Upgrade $http_upgrade;
    proxy_set_header Connection $http_connection;
}
`,
      errors: [
        {
          line: 4,
          column: 33,
          endLine: 4,
          endColumn: 49,
          severity: 'error',
          message: `WebSocket location /ws/ copies the client's own Connection header upstream ($http_connection, this location (line 4)): the handshake works only while clients list "upgrade" there, and plain requests forward tokens such as keep-alive that belong to the client's hop; use "proxy_set_header Connection "upgrade";" ${SNIPPET_CONSTANT} (WebSocket because it sets proxy_set_header Upgrade at this location (line 3))`,
        },
      ],
      output: `location /ws/ {
    proxy_pass http://127.0.0.1:3000;
    proxy_set_header Upgrade $http_upgrade;
    proxy_set_header Connection "upgrade";
}
`,
    },
    {
      name: 'a snippet that quotes with single quotes only: the constant is inserted as \'upgrade\'',
      snippet: true,
      code: `location /ws/ {
    proxy_pass http://127.0.0.1:3000;
    proxy_set_header Upgrade $http_upgrade;
    proxy_set_header X-Forwarded-Proto 'https';
}
`,
      errors: [
        {
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 16,
          severity: 'error',
          message: `WebSocket location /ws/ sends "Connection: close": no proxy_set_header Connection applies and ${OLD} sends it by default ${NOT_FORWARDED}, so the backend refuses the Upgrade; add "proxy_set_header Connection 'upgrade';" ${SNIPPET_CONSTANT} (WebSocket because it sets proxy_set_header Upgrade at this location (line 3))`,
        },
      ],
      output: `location /ws/ {
    proxy_pass http://127.0.0.1:3000;
    proxy_set_header Upgrade $http_upgrade;
    proxy_set_header X-Forwarded-Proto 'https';
    proxy_set_header Connection 'upgrade';
}
`,
    },
    {
      name: 'a snippet that quotes with single quotes only, Connection close in it: replaced by \'upgrade\'',
      snippet: true,
      code: `server {
    listen 80;
    server_name 'chat.example.com';
    location /ws/ {
        proxy_pass http://127.0.0.1:3000;
        proxy_set_header Upgrade $http_upgrade;
        proxy_set_header Connection close;
    }
}
`,
      errors: [
        {
          line: 7,
          column: 37,
          endLine: 7,
          endColumn: 42,
          severity: 'error',
          message: `WebSocket location /ws/ sends "Connection: close" (this location (line 7)): "close" asks to close the connection, not to upgrade it, so the backend refuses the Upgrade; use "proxy_set_header Connection 'upgrade';" ${SNIPPET_CONSTANT} (WebSocket because it sets proxy_set_header Upgrade at this location (line 6))`,
        },
      ],
      output: `server {
    listen 80;
    server_name 'chat.example.com';
    location /ws/ {
        proxy_pass http://127.0.0.1:3000;
        proxy_set_header Upgrade $http_upgrade;
        proxy_set_header Connection 'upgrade';
    }
}
`,
    },
    {
      name: 'a file that quotes with double quotes only: the map\'s empty string is written ""',
      code: `events {}
http {
    add_header X-Frame-Options "DENY";
    server {
        listen 80;
        location /ws/ {
            proxy_pass http://127.0.0.1:3000;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection "keep-alive";
        }
    }
}
`,
      errors: [
        {
          line: 9,
          column: 41,
          endLine: 9,
          endColumn: 53,
          severity: 'error',
          message:
            'WebSocket location /ws/ sends "Connection: keep-alive" (this location (line 9)): "keep-alive" does not ask for an upgrade, so the backend refuses the Upgrade; use "proxy_set_header Connection $connection_upgrade;" (WebSocket because it sets proxy_set_header Upgrade at this location (line 8))',
        },
      ],
      output: `events {}
http {
    add_header X-Frame-Options "DENY";
    map $http_upgrade $connection_upgrade {
        default upgrade;
        "" close;
    }

    server {
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
      name: '$connection_upgrade defined by something other than a map of $http_upgrade: the constant is used',
      code: `events {}
http {
    server {
        listen 80;
        set $connection_upgrade "close";
        location /ws/ {
            proxy_pass http://127.0.0.1:3000;
            proxy_set_header Upgrade $http_upgrade;
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
          message:
            `WebSocket location /ws/ sends "Connection: close": no proxy_set_header Connection applies and ${OLD} sends it by default ${NOT_FORWARDED}, so the backend refuses the Upgrade; add "proxy_set_header Connection "upgrade";" ${OTHERWISE_CONSTANT} (WebSocket because it sets proxy_set_header Upgrade at this location (line 8))`,
        },
      ],
      output: `events {}
http {
    server {
        listen 80;
        set $connection_upgrade "close";
        location /ws/ {
            proxy_pass http://127.0.0.1:3000;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection "upgrade";
        }
    }
}
`,
    },
  ],
});

describe('websocket-connection-header: fix descriptions', () => {
  function lint(files: Record<string, string>, options: { snippet?: boolean } = {}) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ngxlint-connection-'));
    for (const [name, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), text);
    }
    try {
      const findings = lintConfig(
        path.join(dir, 'nginx.conf'),
        { mainContext: options.snippet ? 'infer' : undefined },
        { rules: [rule], settings: { target: {}, websocket: { paths: [], heuristics: true } } },
      ).findings;
      return findings.map((f) => ({ ...f, fix: f.fix && { ...f.fix, description: f.fix.description.split(dir + '/').join('') } }));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  test('one fix, edits in two files, says where the map goes', () => {
    const [finding] = lint({
      'nginx.conf': 'events {}\nhttp {\n    server {\n        listen 80;\n        include ws.conf;\n    }\n}\n',
      'ws.conf': 'location /ws/ {\n    proxy_pass http://127.0.0.1:3000;\n}\n',
    });
    expect(finding.fix?.applicability).toBe('safe');
    expect(finding.fix?.description).toBe(
      `insert "proxy_set_header Connection $connection_upgrade;" and add "map $http_upgrade $connection_upgrade { default upgrade; '' close; }" to the http block (line 2 of nginx.conf)`,
    );
    expect(finding.fix?.edits.map((e) => path.basename(e.file))).toEqual(['ws.conf', 'nginx.conf']);
  });

  test('the constant path says why', () => {
    const [finding] = lint({ 'nginx.conf': 'location /ws/ {\n    proxy_pass http://127.0.0.1:3000;\n}\n' }, { snippet: true });
    expect(finding.fix?.description).toBe(
      `insert "proxy_set_header Connection "upgrade";" ${SNIPPET_CONSTANT}`,
    );
  });

  test('the map in the fix description is the one written: in the file\'s quotes', () => {
    const [finding] = lint({
      'nginx.conf': 'events {}\nhttp {\n    add_header X-Frame-Options "DENY";\n    server {\n        location /ws/ { proxy_pass http://127.0.0.1:3000; }\n    }\n}\n',
    });
    expect(finding.fix?.description).toBe(
      'insert "proxy_set_header Connection $connection_upgrade;" and add "map $http_upgrade $connection_upgrade { default upgrade; "" close; }" to the http block (line 2 of nginx.conf)',
    );
  });

  test('copies of inherited lines are announced', () => {
    const [finding] = lint({
      'nginx.conf': `events {}
http {
${MAP}    server {
        proxy_set_header Host $host;
        location /ws/ { proxy_pass http://127.0.0.1:3000; }
    }
}
`,
    });
    expect(finding.fix?.description).toBe(
      'insert "proxy_set_header Connection $connection_upgrade;", with copies of the inherited proxy_set_header lines it would otherwise lose',
    );
  });

  test('$http_connection gets the same safe fix as the other wrong values', () => {
    const [finding] = lint({
      'nginx.conf': `events {}
http {
${MAP}    server {
        location /ws/ { proxy_pass http://127.0.0.1:3000; proxy_set_header Connection $http_connection; }
    }
}
`,
    });
    expect(finding.severity).toBe('error');
    expect(finding.suggestions).toBeUndefined();
    expect(finding.fix).toMatchObject({ applicability: 'safe', description: 'replace "$http_connection" with $connection_upgrade in "proxy_set_header Connection"' });
  });
});

describe('websocket-connection-header with websocket-upgrade-header and websocket-http-version', () => {
  test('fixing all three in one run gives the complete canonical location', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ngxlint-ws-all-'));
    const main = path.join(dir, 'nginx.conf');
    fs.writeFileSync(
      main,
      `events {}
http {
    sendfile on;

    server {
        listen 8080;
        proxy_set_header X-Real-IP $remote_addr;
        proxy_set_header Host $host;

        location / {
            proxy_pass http://127.0.0.1:3000;
        }

        location /ws/ {
            proxy_pass http://127.0.0.1:3000;
            proxy_read_timeout 3600s;
        }
    }
}
`,
    );
    try {
      const options = {
        rules: [httpVersionRule, upgradeRule, rule],
        settings: { target: {}, websocket: { paths: [], heuristics: true } },
      };
      const result = fixConfig(main, {}, options);
      expect(result.abandoned).toBeUndefined();
      expect(result.result.findings).toEqual([]);
      expect(result.files.map((f) => f.fixed)).toEqual([
        `events {}
http {
    sendfile on;

    map $http_upgrade $connection_upgrade {
        default upgrade;
        '' close;
    }

    server {
        listen 8080;
        proxy_set_header X-Real-IP $remote_addr;
        proxy_set_header Host $host;

        location / {
            proxy_pass http://127.0.0.1:3000;
        }

        location /ws/ {
            proxy_pass http://127.0.0.1:3000;
            proxy_read_timeout 3600s;
            proxy_http_version 1.1;
            proxy_set_header X-Real-IP $remote_addr;
            proxy_set_header Host $host;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
        }
    }
}
`,
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
