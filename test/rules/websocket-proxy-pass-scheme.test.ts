import rule from '../../rules/websocket-proxy-pass-scheme';
import { runRuleTests } from '../support/rule-tester';

const REJECTED = 'which nginx rejects ("invalid URL prefix"): nginx reaches a WebSocket backend over';

runRuleTests(rule, {
  valid: [
    {
      name: 'http:// and https:// upstreams',
      code: `events {}
http {
    server {
        listen 80;
        location /ws/ {
            proxy_pass http://127.0.0.1:3000;
        }
        location /wss/ {
            proxy_pass https://backend.example.com;
        }
    }
}
`,
    },
    {
      name: 'an upstream group named ws, and a variable URL',
      code: `events {}
http {
    upstream ws { server 127.0.0.1:3000; }
    server {
        listen 80;
        location /ws/ {
            proxy_pass http://ws;
        }
        location /dyn/ {
            proxy_pass $scheme://127.0.0.1:3000;
        }
    }
}
`,
    },
    {
      name: 'other directives may mention ws:// (grpc_pass is not checked, nor headers)',
      code: `events {}
http {
    server {
        listen 80;
        location /ws/ {
            proxy_pass http://127.0.0.1:3000;
            proxy_set_header Origin ws://example.com;
        }
    }
}
`,
    },
  ],
  invalid: [
    {
      name: 'ws:// becomes http://',
      code: `events {}
http {
    server {
        listen 80;
        location /ws/ {
            proxy_pass ws://127.0.0.1:3000;
            proxy_http_version 1.1;
        }
    }
}
`,
      errors: [
        {
          line: 6,
          column: 24,
          endLine: 6,
          endColumn: 43,
          severity: 'error',
          message: `proxy_pass ws://127.0.0.1:3000 uses the ws:// scheme, ${REJECTED} http:// and upgrades the connection; use http://`,
        },
      ],
      output: `events {}
http {
    server {
        listen 80;
        location /ws/ {
            proxy_pass http://127.0.0.1:3000;
            proxy_http_version 1.1;
        }
    }
}
`,
    },
    {
      name: 'wss:// becomes https://, in any location (not only WebSocket ones)',
      websocket: { heuristics: false },
      code: `events {}
http {
    server {
        listen 80;
        location / {
            proxy_pass wss://backend.example.com/app/;
        }
    }
}
`,
      errors: [
        {
          line: 6,
          column: 24,
          endLine: 6,
          endColumn: 54,
          message: `proxy_pass wss://backend.example.com/app/ uses the wss:// scheme, ${REJECTED} https:// and upgrades the connection; use https://`,
        },
      ],
      output: `events {}
http {
    server {
        listen 80;
        location / {
            proxy_pass https://backend.example.com/app/;
        }
    }
}
`,
    },
    {
      name: 'quoted arguments keep their quotes; an upper-case scheme is rejected too',
      code: `events {}
http {
    server {
        listen 80;
        location /a/ {
            proxy_pass "ws://127.0.0.1:3000";
        }
        location /b/ {
            proxy_pass 'WSS://127.0.0.1:3443';
        }
    }
}
`,
      errors: [
        { line: 6, column: 24, endLine: 6, endColumn: 45, message: `proxy_pass ws://127.0.0.1:3000 uses the ws:// scheme, ${REJECTED} http:// and upgrades the connection; use http://` },
        { line: 9, column: 24, endLine: 9, endColumn: 46, message: `proxy_pass WSS://127.0.0.1:3443 uses the wss:// scheme, ${REJECTED} https:// and upgrades the connection; use https://` },
      ],
      output: `events {}
http {
    server {
        listen 80;
        location /a/ {
            proxy_pass "http://127.0.0.1:3000";
        }
        location /b/ {
            proxy_pass 'https://127.0.0.1:3443';
        }
    }
}
`,
    },
    {
      name: 'a URL with variables passes nginx -t and fails at run time',
      code: `events {}
http {
    server {
        listen 80;
        location ~ ^/ws/(?<room>\\w+)$ {
            proxy_pass ws://127.0.0.1:3000/rooms/$room;
        }
    }
}
`,
      errors: [
        {
          line: 6,
          column: 24,
          endLine: 6,
          endColumn: 55,
          message:
            'proxy_pass ws://127.0.0.1:3000/rooms/$room uses the ws:// scheme: nginx -t accepts it because the URL holds variables, but every request then fails with 500 and nginx logs "invalid URL prefix"; nginx reaches a WebSocket backend over http:// and upgrades the connection; use http://',
        },
      ],
      output: `events {}
http {
    server {
        listen 80;
        location ~ ^/ws/(?<room>\\w+)$ {
            proxy_pass http://127.0.0.1:3000/rooms/$room;
        }
    }
}
`,
    },
    {
      name: 'in an if block, in an included file, CRLF and tabs',
      files: {
        'sites/chat.conf': 'server {\r\n\tlisten 80;\r\n\tlocation /ws/ {\r\n\t\tif ($http_upgrade) {\r\n\t\t\tproxy_pass ws://chat_backend;\r\n\t\t}\r\n\t}\r\n}\r\n',
      },
      code: 'events {}\r\nhttp {\r\n\tinclude sites/*.conf;\r\n}\r\n',
      errors: [{ line: 5, column: 15, endLine: 5, endColumn: 32, message: `proxy_pass ws://chat_backend uses the ws:// scheme, ${REJECTED} http:// and upgrades the connection; use http://` }],
      outputs: {
        'sites/chat.conf': 'server {\r\n\tlisten 80;\r\n\tlocation /ws/ {\r\n\t\tif ($http_upgrade) {\r\n\t\t\tproxy_pass http://chat_backend;\r\n\t\t}\r\n\t}\r\n}\r\n',
      },
      output: null,
    },
  ],
});
