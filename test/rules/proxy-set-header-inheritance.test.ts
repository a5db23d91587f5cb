import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import rule from '../../rules/proxy-set-header-inheritance';
import { lintConfig } from '../../src/lint/engine';
import { runRuleTests, withDir } from '../support/rule-tester';

const MAP = `    map $http_upgrade $connection_upgrade {
        default upgrade;
        '' close;
    }
`;

const WHY = 'nginx inherits proxy_set_header only into a level that sets none';

runRuleTests(rule, {
  valid: [
    {
      name: 'the location sets no proxy_set_header: it inherits the server-level ones',
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
      name: 'the location sets every outer header again (nothing is lost)',
      code: `events {}
http {
    server {
        listen 80;
        proxy_set_header Host $host;
        proxy_set_header X-Real-IP $remote_addr;
        location /api/ {
            proxy_pass http://127.0.0.1:3000;
            proxy_set_header host $http_host;
            proxy_set_header X-Real-IP $remote_addr;
            proxy_set_header X-Request-Id $request_id;
        }
    }
}
`,
    },
    {
      name: 'a server-level list dropping http-level lines, with no location using it to proxy',
      code: `events {}
http {
    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
    server {
        listen 80;
        proxy_set_header Host $host;
        location / {
            root /srv/www;
        }
        location /api/ {
            proxy_pass http://127.0.0.1:3000;
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        }
    }
}
`,
    },
    {
      name: 'a location that does not proxy',
      code: `events {}
http {
    server {
        listen 80;
        proxy_set_header Host $host;
        location /static/ {
            proxy_set_header X-Unused 1;
            root /srv/www;
        }
    }
}
`,
    },
    {
      name: 'ignoreHeaders: the only lost header is ignored',
      options: { ignoreHeaders: ['x-request-start'] },
      code: `events {}
http {
    server {
        listen 80;
        proxy_set_header X-Request-Start "t=\${msec}";
        location /api/ {
            proxy_pass http://127.0.0.1:3000;
            proxy_set_header Host $host;
        }
    }
}
`,
    },
  ],
  invalid: [
    {
      name: 'WebSocket headers and others lost: error, unsafe fix copies every lost line',
      fixApplicability: ['safe', 'unsafe'],
      code: `events {}
http {
${MAP}    server {
        listen 80;
        proxy_http_version 1.1;
        proxy_set_header Host $host;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_set_header Upgrade $http_upgrade;
        proxy_set_header Connection $connection_upgrade;
        location /ws/ {
            proxy_pass http://127.0.0.1:3000;
            proxy_set_header X-Request-Id $request_id;
            proxy_read_timeout 3600s;
        }
    }
}
`,
      errors: [
        {
          line: 16,
          column: 13,
          endLine: 16,
          endColumn: 55,
          severity: 'error',
          message: `location /ws/ sets its own proxy_set_header (line 16), so the server-level headers Host (line 10), X-Forwarded-For (line 11), Upgrade (line 12), Connection (line 13) are not inherited, and without Upgrade and Connection the WebSocket handshake of this location fails: ${WHY}; copy them in (WebSocket because it sets proxy_set_header Upgrade at server level (line 12))`,
        },
      ],
      output: `events {}
http {
${MAP}    server {
        listen 80;
        proxy_http_version 1.1;
        proxy_set_header Host $host;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_set_header Upgrade $http_upgrade;
        proxy_set_header Connection $connection_upgrade;
        location /ws/ {
            proxy_pass http://127.0.0.1:3000;
            proxy_set_header X-Request-Id $request_id;
            proxy_read_timeout 3600s;
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
        }
    }
}
`,
    },
    {
      name: 'the same with safe fixes only: the mixed copy is unsafe, nothing changes',
      code: `events {}
http {
    server {
        listen 80;
        proxy_set_header Host $host;
        proxy_set_header Upgrade $http_upgrade;
        proxy_set_header Connection "upgrade";
        location /ws/ {
            proxy_pass http://127.0.0.1:3000;
            proxy_set_header X-Request-Id $request_id;
        }
    }
}
`,
      errors: [{ line: 10, column: 13, endLine: 10, endColumn: 55, severity: 'error', message: `location /ws/ sets its own proxy_set_header (line 10), so the server-level headers Host (line 5), Upgrade (line 6), Connection (line 7) are not inherited, and without Upgrade and Connection the WebSocket handshake of this location fails: ${WHY}; copy them in (WebSocket because it sets proxy_set_header Upgrade at server level (line 6))` }],
      output: null,
    },
    {
      name: 'exactly the WebSocket headers lost in a WebSocket location: safe fix',
      code: `events {}
http {
${MAP}    server {
        listen 80;
        proxy_set_header Upgrade $http_upgrade;
        proxy_set_header Connection $connection_upgrade;
        location /chat/ {
            proxy_pass http://127.0.0.1:3000;
            proxy_http_version 1.1;
            proxy_set_header Host $host;
        }
    }
}
`,
      errors: [
        {
          line: 14,
          column: 13,
          endLine: 14,
          endColumn: 41,
          severity: 'error',
          message: `location /chat/ sets its own proxy_set_header (line 14), so the server-level headers Upgrade (line 9), Connection (line 10) are not inherited, and without Upgrade and Connection the WebSocket handshake of this location fails: ${WHY}; copy them in (WebSocket because it sets proxy_set_header Upgrade at server level (line 9))`,
        },
      ],
      output: `events {}
http {
${MAP}    server {
        listen 80;
        proxy_set_header Upgrade $http_upgrade;
        proxy_set_header Connection $connection_upgrade;
        location /chat/ {
            proxy_pass http://127.0.0.1:3000;
            proxy_http_version 1.1;
            proxy_set_header Host $host;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
        }
    }
}
`,
    },
    {
      name: 'ordinary headers lost in a plain location: warning, unsafe fix',
      fixApplicability: ['safe', 'unsafe'],
      code: `events {}
http {
    server {
        listen 80;
        proxy_set_header Host $host;
        proxy_set_header X-Real-IP $remote_addr;
        location /api/ {
            proxy_set_header X-Request-Id $request_id;
            proxy_pass http://127.0.0.1:3000;
        }
    }
}
`,
      errors: [
        {
          line: 8,
          column: 13,
          endLine: 8,
          endColumn: 55,
          severity: 'warning',
          message:
            'location /api/ sets its own proxy_set_header (line 8), so the server-level headers Host (line 5), X-Real-IP (line 6) are not inherited: nginx inherits proxy_set_header only into a level that sets none; copy them in if the backend needs them',
        },
      ],
      output: `events {}
http {
    server {
        listen 80;
        proxy_set_header Host $host;
        proxy_set_header X-Real-IP $remote_addr;
        location /api/ {
            proxy_set_header X-Request-Id $request_id;
            proxy_pass http://127.0.0.1:3000;
            proxy_set_header Host $host;
            proxy_set_header X-Real-IP $remote_addr;
        }
    }
}
`,
    },
    {
      name: 'a lost keepalive "Connection" line is not a WebSocket header: warning',
      code: `events {}
http {
    upstream app { server 127.0.0.1:3000; keepalive 16; }
    server {
        listen 80;
        proxy_http_version 1.1;
        proxy_set_header Connection "";
        location /api/ {
            proxy_pass http://app;
            proxy_set_header X-Request-Id $request_id;
        }
    }
}
`,
      errors: [{ line: 10, column: 13, endLine: 10, endColumn: 55, severity: 'warning', message: `location /api/ sets its own proxy_set_header (line 10), so the server-level headers Connection (line 7) are not inherited: ${WHY}; copy them in if the backend needs them` }],
      output: null,
    },
    {
      name: 'a server-level list drops http-level lines for a location that inherits it and proxies',
      fixApplicability: ['safe', 'unsafe'],
      code: `events {}
http {
    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
    proxy_set_header X-Forwarded-Proto $scheme;
    server {
        listen 80;
        server_name app.example.com www.example.com;
        proxy_set_header Host $host;
        location / {
            proxy_pass http://127.0.0.1:3000;
        }
    }
}
`,
      errors: [
        {
          line: 8,
          column: 9,
          endLine: 8,
          endColumn: 37,
          severity: 'warning',
          message:
            'server app.example.com sets its own proxy_set_header (line 8), so the http-level headers X-Forwarded-For (line 3), X-Forwarded-Proto (line 4) are not inherited: nginx inherits proxy_set_header only into a level that sets none; copy them in if the backend needs them',
        },
      ],
      output: `events {}
http {
    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
    proxy_set_header X-Forwarded-Proto $scheme;
    server {
        listen 80;
        server_name app.example.com www.example.com;
        proxy_set_header Host $host;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_set_header X-Forwarded-Proto $scheme;
        location / {
            proxy_pass http://127.0.0.1:3000;
        }
    }
}
`,
    },
    {
      name: 'http-level WebSocket headers dropped by a server level: error at the server, unsafe fix',
      code: `events {}
http {
    proxy_set_header Upgrade $http_upgrade;
    proxy_set_header Connection "upgrade";
    server {
        listen 80;
        proxy_set_header Host $host;
        location /socket.io/ {
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
          endColumn: 37,
          severity: 'error',
          message: `this server sets its own proxy_set_header (line 7), so the http-level headers Upgrade (line 3), Connection (line 4) are not inherited, and without Upgrade and Connection the WebSocket handshake of location /socket.io/ fails: ${WHY}; copy them in (WebSocket because it sets proxy_set_header Upgrade at http level (line 3))`,
        },
      ],
      output: null,
    },
    {
      name: 'nested locations: the inner one drops the enclosing location\'s lines',
      code: `events {}
http {
    server {
        listen 80;
        location /app/ {
            proxy_set_header Host $host;
            proxy_pass http://127.0.0.1:3000;
            location /app/upload/ {
                proxy_set_header X-Upload 1;
                proxy_pass http://127.0.0.1:3001;
            }
        }
    }
}
`,
      errors: [
        {
          line: 9,
          column: 17,
          endLine: 9,
          endColumn: 45,
          severity: 'warning',
          message:
            "location /app/upload/ sets its own proxy_set_header (line 9), so the enclosing location /app/'s headers Host (line 6) are not inherited: nginx inherits proxy_set_header only into a level that sets none; copy them in if the backend needs them",
        },
      ],
      output: null,
    },
    {
      name: 'a location that does not proxy itself, but whose nested location inherits its list and proxies',
      code: `events {}
http {
    server {
        listen 80;
        proxy_set_header Host $host;
        location /app/ {
            proxy_set_header X-App 1;
            location /app/api/ {
                proxy_pass http://127.0.0.1:3000;
            }
        }
    }
}
`,
      errors: [{ line: 7, column: 13, endLine: 7, endColumn: 38, severity: 'warning', message: `location /app/ sets its own proxy_set_header (line 7), so the server-level headers Host (line 5) are not inherited: ${WHY}; copy them in if the backend needs them` }],
      output: null,
    },
    {
      name: 'grpc_set_header is inherited the same way',
      code: `events {}
http {
    server {
        listen 80 http2;
        grpc_set_header X-Real-IP $remote_addr;
        location /helloworld.Greeter/ {
            grpc_set_header X-Request-Id $request_id;
            grpc_pass grpc://127.0.0.1:50051;
        }
    }
}
`,
      errors: [
        {
          line: 7,
          column: 13,
          endLine: 7,
          endColumn: 54,
          severity: 'warning',
          message:
            'location /helloworld.Greeter/ sets its own grpc_set_header (line 7), so the server-level headers X-Real-IP (line 5) are not inherited: nginx inherits grpc_set_header only into a level that sets none; copy them in if the backend needs them',
        },
      ],
      output: null,
    },
    {
      name: 'lost lines from an included snippet that holds only them: the fix copies the include',
      fixApplicability: ['safe', 'unsafe'],
      files: {
        'snippets/proxy-headers.conf': 'proxy_set_header Host $host;\nproxy_set_header X-Real-IP $remote_addr;\n',
      },
      code: `events {}
http {
    server {
        listen 80;
        include snippets/proxy-headers.conf;
        location /api/ {
            proxy_pass http://127.0.0.1:3000;
            proxy_set_header X-Request-Id $request_id;
        }
    }
}
`,
      errors: [
        {
          line: 8,
          column: 13,
          endLine: 8,
          endColumn: 55,
          severity: 'warning',
          message:
            withDir(`location /api/ sets its own proxy_set_header (line 8), so the server-level headers Host (line 1 of <dir>/snippets/proxy-headers.conf), X-Real-IP (line 2 of <dir>/snippets/proxy-headers.conf) are not inherited: ${WHY}; copy them in if the backend needs them`),
        },
      ],
      output: `events {}
http {
    server {
        listen 80;
        include snippets/proxy-headers.conf;
        location /api/ {
            proxy_pass http://127.0.0.1:3000;
            proxy_set_header X-Request-Id $request_id;
            include snippets/proxy-headers.conf;
        }
    }
}
`,
    },
    {
      name: 'lost lines from a snippet that includes another one holding only them: the fix copies the outer include',
      fixApplicability: ['safe', 'unsafe'],
      files: {
        'snippets/proxy.conf': 'include snippets/proxy-headers.conf;\n',
        'snippets/proxy-headers.conf': 'proxy_set_header Host $host;\nproxy_set_header X-Real-IP $remote_addr;\n',
      },
      code: `events {}
http {
    server {
        listen 80;
        include snippets/proxy.conf;
        location /api/ {
            proxy_pass http://127.0.0.1:3000;
            proxy_set_header X-Request-Id $request_id;
        }
    }
}
`,
      errors: [{ line: 8, column: 13, endLine: 8, endColumn: 55, severity: 'warning', message: withDir(`location /api/ sets its own proxy_set_header (line 8), so the server-level headers Host (line 1 of <dir>/snippets/proxy-headers.conf), X-Real-IP (line 2 of <dir>/snippets/proxy-headers.conf) are not inherited: ${WHY}; copy them in if the backend needs them`) }],
      output: `events {}
http {
    server {
        listen 80;
        include snippets/proxy.conf;
        location /api/ {
            proxy_pass http://127.0.0.1:3000;
            proxy_set_header X-Request-Id $request_id;
            include snippets/proxy.conf;
        }
    }
}
`,
    },
    {
      name: 'one snippet included by two servers: each fix copies its own server\'s include, whose lines are all lost',
      fixApplicability: ['safe', 'unsafe'],
      files: {
        'snippets/proxy-headers.conf': 'proxy_set_header Host $host;\n',
      },
      code: `events {}
http {
    server {
        listen 80;
        include snippets/proxy-headers.conf;
        location /a/ {
            proxy_pass http://127.0.0.1:3000;
            proxy_set_header X-Request-Id $request_id;
        }
    }
    server {
        listen 81;
        include snippets/proxy-headers.conf;
        proxy_set_header X-Real-IP $remote_addr;
        location /b/ {
            proxy_pass http://127.0.0.1:3000;
            proxy_set_header X-Request-Id $request_id;
        }
    }
}
`,
      errors: [
        { line: 8, column: 13, endLine: 8, endColumn: 55, severity: 'warning', message: withDir(`location /a/ sets its own proxy_set_header (line 8), so the server-level headers Host (line 1 of <dir>/snippets/proxy-headers.conf) are not inherited: ${WHY}; copy them in if the backend needs them`) },
        { line: 17, column: 13, endLine: 17, endColumn: 55, severity: 'warning', message: withDir(`location /b/ sets its own proxy_set_header (line 17), so the server-level headers Host (line 1 of <dir>/snippets/proxy-headers.conf), X-Real-IP (line 14) are not inherited: ${WHY}; copy them in if the backend needs them`) },
      ],
      output: `events {}
http {
    server {
        listen 80;
        include snippets/proxy-headers.conf;
        location /a/ {
            proxy_pass http://127.0.0.1:3000;
            proxy_set_header X-Request-Id $request_id;
            include snippets/proxy-headers.conf;
        }
    }
    server {
        listen 81;
        include snippets/proxy-headers.conf;
        proxy_set_header X-Real-IP $remote_addr;
        location /b/ {
            proxy_pass http://127.0.0.1:3000;
            proxy_set_header X-Request-Id $request_id;
            include snippets/proxy-headers.conf;
            proxy_set_header X-Real-IP $remote_addr;
        }
    }
}
`,
    },
    {
      name: 'lost lines from a snippet that also opens a location: the lines are copied, not the include',
      fixApplicability: ['safe', 'unsafe'],
      files: {
        'snippets/proxy-and-health.conf': 'proxy_set_header Host $host;\nlocation = /health {\n    return 200;\n}\n',
      },
      code: `events {}
http {
    server {
        listen 80;
        include snippets/proxy-and-health.conf;
        location /api/ {
            proxy_pass http://127.0.0.1:3000;
            proxy_set_header X-Request-Id $request_id;
        }
    }
}
`,
      errors: [{ line: 8, column: 13, endLine: 8, endColumn: 55, severity: 'warning', message: withDir(`location /api/ sets its own proxy_set_header (line 8), so the server-level headers Host (line 1 of <dir>/snippets/proxy-and-health.conf) are not inherited: ${WHY}; copy them in if the backend needs them`) }],
      output: `events {}
http {
    server {
        listen 80;
        include snippets/proxy-and-health.conf;
        location /api/ {
            proxy_pass http://127.0.0.1:3000;
            proxy_set_header X-Request-Id $request_id;
            proxy_set_header Host $host;
        }
    }
}
`,
    },
    {
      name: 'lost WebSocket lines from a snippet that holds more than them: the lines are copied',
      files: {
        'snippets/websocket.conf': 'proxy_http_version 1.1;\nproxy_set_header Upgrade $http_upgrade;\nproxy_set_header Connection "upgrade";\n',
      },
      code: `events {}
http {
    server {
        listen 80;
        include snippets/websocket.conf;
        location /ws/ {
            proxy_pass http://127.0.0.1:3000;
            proxy_set_header Host $host;
        }
    }
}
`,
      errors: [
        {
          line: 8,
          column: 13,
          endLine: 8,
          endColumn: 41,
          severity: 'error',
          message:
            withDir(`location /ws/ sets its own proxy_set_header (line 8), so the server-level headers Upgrade (line 2 of <dir>/snippets/websocket.conf), Connection (line 3 of <dir>/snippets/websocket.conf) are not inherited, and without Upgrade and Connection the WebSocket handshake of this location fails: ${WHY}; copy them in (WebSocket because it sets proxy_set_header Upgrade at server level (line 2 of <dir>/snippets/websocket.conf))`),
        },
      ],
      output: `events {}
http {
    server {
        listen 80;
        include snippets/websocket.conf;
        location /ws/ {
            proxy_pass http://127.0.0.1:3000;
            proxy_set_header Host $host;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection "upgrade";
        }
    }
}
`,
    },
    {
      name: "the location's own header comes from a snippet: reported at its include",
      files: { 'snippets/request-id.conf': 'proxy_set_header X-Request-Id $request_id;\n' },
      code: `events {}
http {
    server {
        listen 80;
        proxy_set_header Host $host;
        location /api/ {
            proxy_pass http://127.0.0.1:3000;
            include snippets/request-id.conf;
        }
    }
}
`,
      errors: [
        {
          line: 8,
          column: 13,
          endLine: 8,
          endColumn: 46,
          severity: 'warning',
          message: withDir(`location /api/ sets its own proxy_set_header (line 1 of <dir>/snippets/request-id.conf), so the server-level headers Host (line 5) are not inherited: ${WHY}; copy them in if the backend needs them`),
        },
      ],
      output: null,
    },
    {
      name: 'CRLF and tabs: copied lines keep the file\'s line ending and indentation',
      code:
        'events {}\r\nhttp {\r\n\tserver {\r\n\t\tlisten 80;\r\n\t\tproxy_set_header Upgrade $http_upgrade;\r\n\t\tproxy_set_header Connection "Upgrade";\r\n\t\tlocation /ws {\r\n\t\t\tproxy_pass http://app;\r\n\t\t\tproxy_http_version 1.1;\r\n\t\t\tproxy_set_header Host $host;\r\n\t\t}\r\n\t}\r\n}\r\n',
      errors: [{ line: 10, column: 4, endLine: 10, endColumn: 32, severity: 'error', message: `location /ws sets its own proxy_set_header (line 10), so the server-level headers Upgrade (line 5), Connection (line 6) are not inherited, and without Upgrade and Connection the WebSocket handshake of this location fails: ${WHY}; copy them in (WebSocket because it sets proxy_set_header Upgrade at server level (line 5))` }],
      output:
        'events {}\r\nhttp {\r\n\tserver {\r\n\t\tlisten 80;\r\n\t\tproxy_set_header Upgrade $http_upgrade;\r\n\t\tproxy_set_header Connection "Upgrade";\r\n\t\tlocation /ws {\r\n\t\t\tproxy_pass http://app;\r\n\t\t\tproxy_http_version 1.1;\r\n\t\t\tproxy_set_header Host $host;\r\n\t\t\tproxy_set_header Upgrade $http_upgrade;\r\n\t\t\tproxy_set_header Connection "Upgrade";\r\n\t\t}\r\n\t}\r\n}\r\n',
    },
    {
      name: 'ignoreHeaders leaves the other lost headers reported',
      options: { ignoreHeaders: ['X-Real-IP'] },
      code: `events {}
http {
    server {
        listen 80;
        proxy_set_header Host $host;
        proxy_set_header X-Real-IP $remote_addr;
        location /api/ {
            proxy_pass http://127.0.0.1:3000;
            proxy_set_header X-Request-Id $request_id;
        }
    }
}
`,
      errors: [{ line: 9, column: 13, endLine: 9, endColumn: 55, message: `location /api/ sets its own proxy_set_header (line 9), so the server-level headers Host (line 5) are not inherited: ${WHY}; copy them in if the backend needs them` }],
      output: null,
    },
  ],
});

describe('proxy-set-header-inheritance: related locations and fix metadata', () => {
  test('each lost line is a related location; the fix says what it copies', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ngxlint-rule-'));
    try {
      const main = path.join(dir, 'nginx.conf');
      fs.writeFileSync(
        main,
        `events {}
http {
    server {
        listen 80;
        proxy_set_header Host $host;
        proxy_set_header Upgrade $http_upgrade;
        proxy_set_header Connection upgrade;
        location /ws/ {
            proxy_pass http://127.0.0.1:3000;
            proxy_set_header X-Request-Id $request_id;
        }
    }
}
`,
      );
      const result = lintConfig(
        main,
        {},
        { rules: [rule], settings: { target: {}, websocket: { paths: [], heuristics: true } } },
      );
      const [finding] = result.findings.filter((f) => f.ruleId === rule.meta.id);
      expect(finding.related).toEqual([
        { file: main, line: 5, column: 9, message: 'proxy_set_header Host is set here, at server level, and not inherited by location /ws/' },
        { file: main, line: 6, column: 9, message: 'proxy_set_header Upgrade is set here, at server level, and not inherited by location /ws/' },
        { file: main, line: 7, column: 9, message: 'proxy_set_header Connection is set here, at server level, and not inherited by location /ws/' },
      ]);
      expect(finding.fix).toMatchObject({
        applicability: 'unsafe',
        description: 'copy the server-level proxy_set_header lines Host, Upgrade, Connection into location /ws/',
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('options are validated by the schema', () => {
    expect(rule.meta.options!.safeParse({ ignoreHeaders: ['X-Real-IP'] }).success).toBe(true);
    expect(rule.meta.options!.safeParse({ ignoreHeaders: 'X-Real-IP' }).success).toBe(false);
    expect(rule.meta.options!.safeParse({ ignore: [] }).success).toBe(false);
  });
});
