import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import rule from '../../rules/undefined-variable';
import { lintConfig } from '../../src/lint/engine';
import { runRuleTests, withDir } from '../support/rule-tester';

const DEFINERS = '(map, set, geo, split_clients, perl_set, js_set, a named regex capture)';
const MAP_TEXT = "map $http_upgrade $connection_upgrade { default upgrade; '' close; }";
const LEFT_BEHIND = 'and this config has no such map (it is often left behind in the conf.d of the server the location was copied from), so "nginx -t" fails with: unknown "connection_upgrade" variable; add the map';

runRuleTests(rule, {
  valid: [
    {
      name: 'built-in variables, prefix families and names in any case',
      code: `events {}
http {
    log_format main '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent '
                    '"$http_referer" "$http_user_agent" $request_time $upstream_response_time $HTTP_X_Request_ID';
    server {
        listen 80;
        location / {
            proxy_pass http://127.0.0.1:3000;
            proxy_set_header Host $Host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            add_header X-Cookie "$cookie_session $arg_page $sent_http_content_type $upstream_http_x_cache";
            return 301 $scheme://$host$request_uri;
        }
    }
}
`,
    },
    {
      name: 'built-ins the generated table lacks: browser, geoip, tcpinfo, upstream cache',
      code: `events {}
http {
    log_format diag '$msie $modern_browser $ancient_browser $geoip_country_code $geoip_city '
                    '$tcpinfo_rtt $tcpinfo_rttvar $tcpinfo_snd_cwnd $upstream_cache_last_modified $upstream_cache_etag';
    server { listen 80; }
}
`,
    },
    {
      name: 'defined by map, geo, set, split_clients, perl_set, js_set, auth_request_set, ${braces}',
      code: `events {}
http {
    map $http_upgrade $connection_upgrade { default upgrade; '' close; }
    geo $remote_addr $internal { default 0; 10.0.0.0/8 1; }
    geo $trusted { default 0; }
    split_clients "\${remote_addr}AAA" $variant { 50% one; * two; }
    perl_set $perl_uri 'sub { my $r = shift; return $r->uri; }';
    js_set $js_token main.token;
    server {
        listen 80;
        set $backend "127.0.0.1:3000";
        location / {
            auth_request /auth;
            auth_request_set $user $upstream_http_x_user;
            proxy_pass http://$backend;
            proxy_set_header Connection $connection_upgrade;
            add_header X-Info "\${internal}-$trusted-$variant-$perl_uri-$js_token-$user";
        }
        location = /auth { internal; proxy_pass http://127.0.0.1:4000; }
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
      name: 'named captures: location, server_name, if, and map keys in all three PCRE spellings',
      code: `events {}
http {
    map $uri $new_uri {
        ~^/old/(?<rest>.*)$ /new/$rest;
        ~^/o2/(?P<py>.*)$ /new/$py;
        "~^/o3/(?'quoted'.*)$" /new/$quoted;
    }
    server {
        listen 80;
        server_name ~^(?<sub>.+)\\.example\\.com$;
        location ~ ^/files/(?<file>[^/]+)$ { alias /srv/$sub/$file; }
        if ($http_user_agent ~* "(?<bot>googlebot|bingbot)") { return 403 $bot; }
        location / { return 301 $new_uri; }
    }
}
`,
    },
    {
      name: 'regexes are not variables: location, rewrite, if with spaced parentheses, proxy_redirect, valid_referers',
      code: `events {}
http {
    server {
        listen 80;
        location ~ \\$metadata { return 200; }
        location = /a$b { return 204; }
        if ( $request_uri ~ ^/foo$bar ) { return 404; }
        if ($args ~ "^id=$x") { return 404; }
        location /img/ {
            rewrite ^/img/(.*)$top /images/$1 last;
            proxy_pass http://127.0.0.1:3000;
            proxy_redirect ~^http://[^/]+/\\$(\\w+)$ /$1;
            valid_referers none example.com ~\\$foo;
        }
        location /fcgi {
            fastcgi_split_path_info ^(.+\\.php)(/.+)$path;
            fastcgi_pass unix:/run/php.sock;
        }
    }
}
`,
    },
    {
      name: 'captures are one digit: $1_thumb is $1 and "_thumb"',
      code: `events {}
http {
    server {
        listen 80;
        location /img/ {
            rewrite ^/img/(.*)\\.jpg$ /images/$1_thumb.jpg last;
            rewrite ^/x/(\\d+)/(\\d+)$ /y/$1$2 last;
        }
    }
}
`,
    },
    {
      name: 'literal text, paths and code: error_log, lua_package_path, Lua blocks, Perl code, mail',
      code: `events {}
http {
    lua_package_path "$prefix/lua/?.lua;;";
    perl_set $perl_var 'sub { my $r = shift; return $r->header_in("X-$name"); }';
    server {
        listen 80;
        error_log /var/log/nginx/$literal.log;
        location /lua {
            content_by_lua_block { ngx.say("$not_a_variable \${either}") }
            set_by_lua $res 'return ngx.var.arg_a .. "$text"';
            return 200 "$res$perl_var";
        }
    }
}
mail {
    server {
        listen 25;
        protocol smtp;
        auth_http_header X-Secret "a$b";
    }
}
`,
    },
    {
      name: 'a lone $ and ${ without a name are not variables of this rule',
      code: `events {}
http {
    server {
        listen 80;
        location / { add_header X-Price "5 $"; add_header X-Other "$-"; }
    }
}
`,
    },
    {
      name: 'geoip2 blocks define their $names',
      code: `events {}
http {
    geoip2 /etc/GeoLite2-Country.mmdb {
        $geoip2_country_code default=US country iso_code;
    }
    server {
        listen 80;
        location / { add_header X-Country $geoip2_country_code; }
    }
}
`,
    },
    {
      name: 'a snippet checked alone may use what its includer defines',
      snippet: true,
      code: `server {
    listen 80;
    location /ws/ {
        proxy_pass http://127.0.0.1:3000;
        proxy_set_header Upgrade $http_upgrade;
        proxy_set_header Connection $connection_upgrade;
        add_header X-Variant $variant;
    }
}
`,
    },
    {
      name: 'stream variables and maps',
      code: `events {}
stream {
    log_format basic '$remote_addr [$time_local] $protocol $status $bytes_sent $bytes_received $session_time';
    map $ssl_preread_server_name $upstream_name { default backend; }
    server {
        listen 443;
        ssl_preread on;
        proxy_pass $upstream_name;
    }
}
`,
    },
  ],
  invalid: [
    {
      name: '$connection_upgrade without its map: the map is added to http',
      code: `events {}
http {
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
      errors: [
        {
          line: 9,
          column: 41,
          endLine: 9,
          endColumn: 60,
          severity: 'error',
          message: `unknown variable "$connection_upgrade" in proxy_set_header (line 9): WebSocket proxying takes it from "${MAP_TEXT}" in http, ${LEFT_BEHIND} (used by WebSocket location /ws/, WebSocket because it sets proxy_set_header Upgrade at this location (line 8))`,
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
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
        }
    }
}
`,
    },
    {
      name: 'used at server level, in two servers: one map',
      code: `events {}
http {
    server {
        listen 80;
        proxy_set_header Connection $connection_upgrade;
        location / { proxy_pass http://127.0.0.1:3000; }
    }
    server {
        listen 81;
        proxy_set_header Connection $Connection_Upgrade;
        location / { proxy_pass http://127.0.0.1:3001; }
    }
}
`,
      errors: [
        { line: 5, column: 37, endLine: 5, endColumn: 56, message: `unknown variable "$connection_upgrade" in proxy_set_header (line 5): WebSocket proxying takes it from "${MAP_TEXT}" in http, ${LEFT_BEHIND}` },
        { line: 10, column: 37, endLine: 10, endColumn: 56, message: `unknown variable "$Connection_Upgrade" in proxy_set_header (line 10): WebSocket proxying takes it from "${MAP_TEXT}" in http, ${LEFT_BEHIND}` },
      ],
      output: `events {}
http {
    map $http_upgrade $connection_upgrade {
        default upgrade;
        '' close;
    }

    server {
        listen 80;
        proxy_set_header Connection $connection_upgrade;
        location / { proxy_pass http://127.0.0.1:3000; }
    }
    server {
        listen 81;
        proxy_set_header Connection $Connection_Upgrade;
        location / { proxy_pass http://127.0.0.1:3001; }
    }
}
`,
    },
    {
      name: 'used in an included site: the finding is there, the map goes to the file with http',
      code: `events {}
http {
    include sites-enabled/*;
}
`,
      files: {
        'sites-enabled/chat': `server {
    listen 80;
    location /ws/ {
        proxy_pass http://127.0.0.1:3000;
        proxy_set_header Upgrade $http_upgrade;
        proxy_set_header Connection "$connection_upgrade";
    }
}
`,
      },
      errors: [
        {
          line: 6,
          column: 38,
          endLine: 6,
          endColumn: 57,
          message: `unknown variable "$connection_upgrade" in proxy_set_header (line 6): WebSocket proxying takes it from "${MAP_TEXT}" in http, ${LEFT_BEHIND} (used by WebSocket location /ws/, WebSocket because it sets proxy_set_header Upgrade at this location (line 5))`,
        },
      ],
      output: `events {}
http {
    include sites-enabled/*;
    map $http_upgrade $connection_upgrade {
        default upgrade;
        '' close;
    }
}
`,
    },
    {
      name: 'CRLF line endings and tab indentation are kept',
      code: 'events {}\r\nhttp {\r\n\tserver {\r\n\t\tlisten 80;\r\n\t\tlocation /ws/ {\r\n\t\t\tproxy_pass http://app;\r\n\t\t\tproxy_set_header Connection $connection_upgrade;\r\n\t\t}\r\n\t}\r\n}\r\n',
      errors: [{ line: 7, column: 32, endLine: 7, endColumn: 51, message: `unknown variable "$connection_upgrade" in proxy_set_header (line 7): WebSocket proxying takes it from "${MAP_TEXT}" in http, ${LEFT_BEHIND} (used by WebSocket location /ws/, WebSocket because it sets proxy_set_header Connection $connection_upgrade at this location (line 7), a WebSocket variable by its conventional name alone (no map $http_upgrade $connection_upgrade defines it here))` }],
      output:
        "events {}\r\nhttp {\r\n\tmap $http_upgrade $connection_upgrade {\r\n\t\tdefault upgrade;\r\n\t\t'' close;\r\n\t}\r\n\r\n\tserver {\r\n\t\tlisten 80;\r\n\t\tlocation /ws/ {\r\n\t\t\tproxy_pass http://app;\r\n\t\t\tproxy_set_header Connection $connection_upgrade;\r\n\t\t}\r\n\t}\r\n}\r\n",
    },
    {
      name: 'a one-line config: the map stays on the line',
      code: `events {}
http { server { listen 80; location /ws { proxy_pass http://127.0.0.1:3000; proxy_set_header Connection $connection_upgrade; } } }
`,
      errors: [{ line: 2, column: 105, endLine: 2, endColumn: 124, message: `unknown variable "$connection_upgrade" in proxy_set_header (line 2): WebSocket proxying takes it from "${MAP_TEXT}" in http, ${LEFT_BEHIND} (used by WebSocket location /ws, WebSocket because it sets proxy_set_header Connection $connection_upgrade at this location (line 2), a WebSocket variable by its conventional name alone (no map $http_upgrade $connection_upgrade defines it here))` }],
      output: `events {}
http { server { listen 80; location /ws { proxy_pass http://127.0.0.1:3000; proxy_set_header Connection $connection_upgrade; } } map $http_upgrade $connection_upgrade { default upgrade; '' close; } }
`,
    },
    {
      name: 'a typo: did you mean, with a suggestion and no fix',
      code: `events {}
http {
    server {
        listen 80;
        location / {
            proxy_pass http://127.0.0.1:3000;
            proxy_set_header X-Real-IP $remote_adr;
        }
    }
}
`,
      errors: [
        {
          line: 7,
          column: 40,
          endLine: 7,
          endColumn: 51,
          severity: 'error',
          message: `unknown variable "$remote_adr" in proxy_set_header (line 7): nothing in this config defines it ${DEFINERS} and nginx has no such built-in variable, so "nginx -t" fails with: unknown "remote_adr" variable; did you mean "$remote_addr"?`,
        },
      ],
      output: null,
    },
    {
      name: 'the same variable twice in one argument, and ${braces}: exact columns',
      code: `events {}
http {
    server {
        listen 80;
        location / {
            add_header X-Pair "$tenant-\${tenant}-$tenant";
            return 200;
        }
    }
}
`,
      errors: [
        { line: 6, column: 32, endLine: 6, endColumn: 39, message: `unknown variable "$tenant" in add_header (line 6): nothing in this config defines it ${DEFINERS} and nginx has no such built-in variable, so "nginx -t" fails with: unknown "tenant" variable` },
        { line: 6, column: 40, endLine: 6, endColumn: 49, message: `unknown variable "$tenant" in add_header (line 6): nothing in this config defines it ${DEFINERS} and nginx has no such built-in variable, so "nginx -t" fails with: unknown "tenant" variable` },
        { line: 6, column: 50, endLine: 6, endColumn: 57, message: `unknown variable "$tenant" in add_header (line 6): nothing in this config defines it ${DEFINERS} and nginx has no such built-in variable, so "nginx -t" fails with: unknown "tenant" variable` },
      ],
      output: null,
    },
    {
      name: 'escaped quotes before the variable, and a multi-line string',
      code: `events {}
http {
    log_format json escape=json '{"ip":"$remote_addr",
        "user":"$user_name"}';
    server {
        listen 80;
        location / { return 200 "say \\"hi\\" to $who"; }
    }
}
`,
      errors: [
        { line: 4, column: 17, endLine: 4, endColumn: 27, message: `unknown variable "$user_name" in log_format (line 3): nothing in this config defines it ${DEFINERS} and nginx has no such built-in variable, so "nginx -t" fails with: unknown "user_name" variable` },
        { line: 7, column: 48, endLine: 7, endColumn: 52, message: `unknown variable "$who" in return (line 7): nothing in this config defines it ${DEFINERS} and nginx has no such built-in variable, so "nginx -t" fails with: unknown "who" variable` },
      ],
      output: null,
    },
    {
      name: 'a map value, an if comparison operand and $0',
      code: `events {}
http {
    map $uri $target {
        default $fallback_target;
        /a /b;
    }
    server {
        listen 80;
        if ($request_method != $allowed_method) { return 405; }
        location / { rewrite ^/(.*)$ /x/$0 last; }
    }
}
`,
      errors: [
        { line: 4, column: 17, endLine: 4, endColumn: 33, message: `unknown variable "$fallback_target" in the map entry "default" (line 4): nothing in this config defines it ${DEFINERS} and nginx has no such built-in variable, so "nginx -t" fails with: unknown "fallback_target" variable` },
        { line: 9, column: 32, endLine: 9, endColumn: 47, message: `unknown variable "$allowed_method" in if (line 9): nothing in this config defines it ${DEFINERS} and nginx has no such built-in variable, so "nginx -t" fails with: unknown "allowed_method" variable` },
        { line: 10, column: 41, endLine: 10, endColumn: 43, message: `unknown variable "$0" in rewrite (line 10): nothing in this config defines it ${DEFINERS} and nginx has no such built-in variable, so "nginx -t" fails with: unknown "0" variable` },
      ],
      output: null,
    },
    {
      name: 'a third-party module is loaded: a warning that says it may provide the variable',
      code: `load_module modules/ngx_http_vts_module.so;
events {}
http {
    server {
        listen 80;
        location / { add_header X-Vts $vts_thing; }
    }
}
`,
      errors: [
        {
          line: 6,
          column: 39,
          endLine: 6,
          endColumn: 49,
          severity: 'warning',
          message:
            'unknown variable "$vts_thing" in add_header (line 6): nothing in this config defines it and nginx has no such built-in variable, so "nginx -t" fails with: unknown "vts_thing" variable, unless the third-party module loaded at line 1 (ngx_http_vts_module) provides it',
        },
      ],
      output: null,
    },
    {
      name: 'a third-party module loaded in nginx.conf, the variable used in an included file: the module\'s line names its file',
      code: `load_module modules/ngx_http_vts_module.so;
events {}
http {
    include conf.d/*.conf;
}
`,
      files: {
        'conf.d/site.conf': `server {
    listen 80;
    location / { add_header X-Vts $vts_thing; }
}
`,
      },
      errors: [
        {
          line: 3,
          column: 35,
          endLine: 3,
          endColumn: 45,
          severity: 'warning',
          message: withDir(
            'unknown variable "$vts_thing" in add_header (line 3): nothing in this config defines it and nginx has no such built-in variable, so "nginx -t" fails with: unknown "vts_thing" variable, unless the third-party module loaded at line 1 of <dir>/nginx.conf (ngx_http_vts_module) provides it',
          ),
        },
      ],
      output: null,
    },
  ],
});

describe('undefined-variable: suggestions', () => {
  test('a typo is offered as an unsafe suggestion that replaces exactly the variable', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ngxlint-undef-'));
    const main = path.join(dir, 'nginx.conf');
    const code = 'events {}\nhttp {\n    server {\n        location / { return 200 "${request_urii}!"; }\n    }\n}\n';
    fs.writeFileSync(main, code);
    try {
      const [finding] = lintConfig(main, {}, { rules: [rule], settings: { target: {}, websocket: { paths: [], heuristics: true } } }).findings;
      expect(finding.message).toMatch(/did you mean "\$request_uri"\?$/);
      expect(finding.fix).toBeUndefined();
      expect(finding.suggestions).toHaveLength(1);
      const [suggestion] = finding.suggestions!;
      expect(suggestion.applicability).toBe('unsafe');
      expect(suggestion.description).toBe('replace "$request_urii" with "$request_uri"');
      const [edit] = suggestion.edits;
      expect(code.slice(edit.start, edit.end)).toBe('${request_urii}');
      expect(edit.text).toBe('$request_uri');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
