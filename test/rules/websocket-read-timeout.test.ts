import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import rule, { parseNginxTime } from '../../rules/websocket-read-timeout';
import { applyEdits } from '../../src/fix/fix-loop';
import { lintConfig } from '../../src/lint/engine';
import { runRuleTests, withDir } from '../support/rule-tester';

const WS_LINES = `            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection "upgrade";
`;

runRuleTests(rule, {
  valid: [
    {
      name: 'a long timeout in the location',
      code: `events {}
http {
    server {
        listen 80;
        location /chat/ {
            proxy_pass http://127.0.0.1:3000;
${WS_LINES}            proxy_read_timeout 3600s;
        }
    }
}
`,
    },
    {
      name: 'a long timeout inherited from the server, written with several units',
      code: `events {}
http {
    server {
        listen 80;
        proxy_read_timeout "1h 30m";
        location /ws/ {
            proxy_pass http://127.0.0.1:3000;
        }
    }
}
`,
    },
    {
      name: 'a plain HTTP location keeps the default',
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
      name: 'minimumSeconds: 30 accepts an explicit 60s',
      options: { minimumSeconds: 30 },
      code: `events {}
http {
    server {
        listen 80;
        location /ws/ {
            proxy_pass http://127.0.0.1:3000;
            proxy_read_timeout 60s;
        }
    }
}
`,
    },
    {
      name: 'a value nginx rejects is left to nginx -t (1y does not fit a millisecond timeout)',
      code: `events {}
http {
    server {
        listen 80;
        location /ws/ {
            proxy_pass http://127.0.0.1:3000;
            proxy_read_timeout 1y;
        }
    }
}
`,
    },
    {
      name: 'server-level Upgrade lines alone do not make location / a WebSocket endpoint for this rule',
      code: `events {}
http {
    server {
        listen 80;
        proxy_http_version 1.1;
        proxy_set_header Upgrade $http_upgrade;
        proxy_set_header Connection "upgrade";
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
    },
  ],
  invalid: [
    {
      name: 'the default 60 s: reported at the location, suggestion only',
      code: `events {}
http {
    server {
        listen 80;
        location /chat/ {
            proxy_pass http://127.0.0.1:3000;
${WS_LINES}        }
    }
}
`,
      errors: [
        {
          line: 5,
          column: 9,
          endLine: 5,
          endColumn: 26,
          severity: 'warning',
          message:
            'WebSocket location /chat/ keeps the default proxy_read_timeout of 60s, so nginx closes a WebSocket that is idle for a minute unless the app pings more often; consider "proxy_read_timeout 3600s;" (WebSocket because it sets proxy_set_header Upgrade at this location (line 8))',
        },
      ],
      output: null,
    },
    {
      name: 'an explicit 60s in the location: reported at the value',
      code: `events {}
http {
    server {
        listen 80;
        location /ws/ {
            proxy_pass http://127.0.0.1:3000;
            proxy_read_timeout 60s;
        }
    }
}
`,
      errors: [
        {
          line: 7,
          column: 32,
          endLine: 7,
          endColumn: 35,
          message:
            'WebSocket location /ws/ has proxy_read_timeout 60s (line 7), so nginx closes a WebSocket that is idle for 60s unless the app pings more often; consider "proxy_read_timeout 3600s;" (WebSocket because its path /ws/ looks like a WebSocket endpoint)',
        },
      ],
      output: null,
    },
    {
      name: 'a short timeout inherited from the server: reported at the location',
      code: `events {}
http {
    server {
        listen 80;
        proxy_read_timeout 30;
        # ngxlint websocket
        location /events {
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
          endColumn: 27,
          message:
            'WebSocket location /events has proxy_read_timeout 30 (inherited from server level, line 5), so nginx closes a WebSocket that is idle for 30s unless the app pings more often; consider "proxy_read_timeout 3600s;" (WebSocket because it is marked "# ngxlint websocket")',
        },
      ],
      output: null,
    },
    {
      name: 'minimumSeconds as an nginx time ("2h"): 1h 30m is too short, the suggestion doubles the minimum when above an hour',
      options: { minimumSeconds: '2h' },
      code: `events {}
http {
    server {
        listen 80;
        location /ws/ {
            proxy_pass http://127.0.0.1:3000;
            proxy_read_timeout "1h 30m";
        }
    }
}
`,
      errors: [
        {
          line: 7,
          column: 32,
          endLine: 7,
          endColumn: 40,
          message:
            'WebSocket location /ws/ has proxy_read_timeout 1h 30m (line 7), so nginx closes a WebSocket that is idle for 90m unless the app pings more often; consider "proxy_read_timeout 4h;" (WebSocket because its path /ws/ looks like a WebSocket endpoint)',
        },
      ],
      output: null,
    },
    {
      name: 'a timeout from an included snippet names its file',
      files: { 'snippets/timeouts.conf': 'proxy_connect_timeout 5s;\nproxy_read_timeout 45s;\n' },
      code: `events {}
http {
    include snippets/timeouts.conf;
    server {
        listen 80;
        location /socket.io/ {
            proxy_pass http://127.0.0.1:3000;
        }
    }
}
`,
      errors: [
        {
          line: 6,
          column: 9,
          endLine: 6,
          endColumn: 31,
          message:
            withDir('WebSocket location /socket.io/ has proxy_read_timeout 45s (inherited from http level, line 2 of <dir>/snippets/timeouts.conf), so nginx closes a WebSocket that is idle for 45s unless the app pings more often; consider "proxy_read_timeout 3600s;" (WebSocket because its path /socket.io/ looks like a WebSocket endpoint)'),
        },
      ],
      output: null,
    },
  ],
});

describe('websocket-read-timeout suggestions', () => {
  function lintOne(text: string) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ngxlint-rule-'));
    const main = path.join(dir, 'nginx.conf');
    fs.writeFileSync(main, text);
    try {
      const result = lintConfig(main, {}, { rules: [rule], settings: { target: {}, websocket: { paths: [], heuristics: true } } });
      return result.findings.filter((f) => f.ruleId === rule.meta.id);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  test('inserts proxy_read_timeout into the location (CRLF, tabs), never as a fix', () => {
    const text = 'events {}\r\nhttp {\r\n\tserver {\r\n\t\tlisten 80;\r\n\t\tlocation /ws/ {\r\n\t\t\tproxy_pass http://app;\r\n\t\t}\r\n\t}\r\n}\r\n';
    const [finding] = lintOne(text);
    expect(finding.fix).toBeUndefined();
    expect(finding.suggestions).toHaveLength(1);
    expect(finding.suggestions![0].description).toBe('insert "proxy_read_timeout 3600s;"');
    expect(applyEdits(text, finding.suggestions![0].edits)).toBe(
      'events {}\r\nhttp {\r\n\tserver {\r\n\t\tlisten 80;\r\n\t\tlocation /ws/ {\r\n\t\t\tproxy_pass http://app;\r\n\t\t\tproxy_read_timeout 3600s;\r\n\t\t}\r\n\t}\r\n}\r\n',
    );
  });

  test('replaces a short value written in the location, keeping the rest', () => {
    const text = `events {}
http {
    server {
        location /ws/ { proxy_pass http://app; proxy_read_timeout 60; }
    }
}
`;
    const [finding] = lintOne(text);
    expect(finding.suggestions![0].description).toBe('replace "60" with "3600s"');
    expect(applyEdits(text, finding.suggestions![0].edits)).toContain('location /ws/ { proxy_pass http://app; proxy_read_timeout 3600s; }');
  });
});

describe('parseNginxTime', () => {
  test.each([
    ['60', 60],
    ['90s', 90],
    ['5m', 300],
    ['1h 30m', 5400],
    ['1h30m', 5400],
    ['1m30', 90],
    ['500ms', 0.5],
    ['1s 500ms', 1.5],
    ['2w', 1209600],
    ['24d', 2073600],
  ])('%s is %d s', (text, seconds) => {
    expect(parseNginxTime(text)).toBe(seconds);
  });

  test.each(['', 'abc', '$timeout', '1h 1d', '1m1m', '25d', '1y', '1M', '5x'])('%s is rejected in a millisecond slot', (text) => {
    expect(parseNginxTime(text)).toBeUndefined();
  });

  test('second slots take y and M, not ms', () => {
    expect(parseNginxTime('1y', 'sec')).toBe(365 * 24 * 3600);
    expect(parseNginxTime('1M', 'sec')).toBe(30 * 24 * 3600);
    expect(parseNginxTime('500ms', 'sec')).toBeUndefined();
  });

  test('the minimumSeconds option accepts seconds or an nginx time, and nothing else', () => {
    const schema = rule.meta.options!;
    expect(schema.parse({})).toEqual({ minimumSeconds: 60 });
    expect(schema.parse({ minimumSeconds: 120 })).toEqual({ minimumSeconds: 120 });
    expect(schema.parse({ minimumSeconds: '5m' })).toEqual({ minimumSeconds: 300 });
    expect(schema.parse({ minimumSeconds: '1y' })).toEqual({ minimumSeconds: 365 * 24 * 3600 });
    expect(schema.safeParse({ minimumSeconds: 'soon' }).success).toBe(false);
    expect(schema.safeParse({ minimumSeconds: -1 }).success).toBe(false);
    expect(schema.safeParse({ minimum: 60 }).success).toBe(false);
  });
});
