/**
 * Real traffic through real nginx: the shipped samples break WebSocket the way their header comments
 * say, the reference fixes in test/e2e/fixed/ work, and the correct samples work as shipped.
 *
 * Every case starts its own Swoole-like backend and its own nginx on its own ports (see
 * ./support), so the cases run concurrently; each stops what it started even when it fails.
 */
import * as fs from 'fs';
import {
  BROKEN_SAMPLES,
  CORRECT_SAMPLES,
  FIXED_DIR,
  expectBroken,
  expectWebSocketWorks,
  findNginx,
  listSampleFiles,
  nginxTestText,
  prepareForTest,
  readFixed,
  readSample,
  runWebSocketSession,
  sendRawRequest,
  startWsBackend,
  stopAllNginx,
  websocketAccept,
} from './support';

afterAll(() => stopAllNginx());

describe('harness', () => {
  test('real nginx is installed (CI installs nginx-light; set NGINX_BIN otherwise)', () => {
    expect(findNginx()).toMatch(/nginx$/);
  });

  test('every sample has an expectation, and every broken sample a reference fix', () => {
    const cataloged = [...BROKEN_SAMPLES.map((s) => s.file), ...CORRECT_SAMPLES.map((s) => s.file)].sort();
    expect(listSampleFiles()).toEqual(cataloged);
    const fixed = fs.readdirSync(FIXED_DIR).filter((f) => f.endsWith('.conf')).sort();
    expect(fixed).toEqual(BROKEN_SAMPLES.map((s) => s.file).sort());
  });

  test('prepareForTest rewrites ports, backends, logs and pid, keeping line numbers', () => {
    const conf = [
      'user www-data;',
      'pid /run/nginx.pid;',
      'error_log /var/log/nginx/error.log warn;',
      'events {}',
      'http {',
      '    access_log /var/log/nginx/chat.access.log main;',
      '    upstream app { server localhost:3000; }',
      '    server {',
      '        listen 80 default_server;',
      '        listen [::]:80 default_server;',
      '        location / { proxy_pass http://127.0.0.1:3000; } # not 127.0.0.1:9',
      '        location /ws/ { proxy_pass ws://127.0.0.1:3000/; }',
      '        location /status { allow 127.0.0.1; deny all; }',
      '        server_name localhost;',
      '    }',
      '}',
    ].join('\n');
    const out = prepareForTest(conf, { listenPort: 18080, backendPort: 13000 }).split('\n');
    expect(out).toHaveLength(16);
    expect(out[0]).toBe('daemon off; master_process on; worker_processes 1; pid nginx.pid; error_log logs/error.log info; # [e2e] user www-data;');
    expect(out[1]).toBe('# [e2e] pid /run/nginx.pid;');
    expect(out[2]).toBe('error_log logs/error.log warn;');
    expect(out[4]).toMatch(/^http \{ client_body_temp_path temp\/client_body; proxy_temp_path temp\/proxy;.* access_log logs\/access.log;$/);
    expect(out[5]).toBe('    access_log logs/chat.access.log main;');
    expect(out[6]).toBe('    upstream app { server 127.0.0.1:13000; }');
    expect(out[8]).toBe('        listen 127.0.0.1:18080 default_server;');
    expect(out[9]).toBe('        # [e2e] listen [::]:80 default_server;');
    expect(out[10]).toBe('        location / { proxy_pass http://127.0.0.1:13000; } # not 127.0.0.1:9');
    expect(out[11]).toBe('        location /ws/ { proxy_pass ws://127.0.0.1:13000/; }');
    expect(out[12]).toBe('        location /status { allow 127.0.0.1; deny all; }');
    expect(out[13]).toBe('        server_name localhost;');
  });

  test('NGINX_BIN pointing nowhere is a clear error, not a skip', () => {
    const saved = process.env['NGINX_BIN'];
    process.env['NGINX_BIN'] = '/nonexistent/sbin/nginx';
    try {
      expect(() => findNginx()).toThrow('NGINX_BIN=/nonexistent/sbin/nginx is not an executable file');
    } finally {
      if (saved === undefined) delete process.env['NGINX_BIN'];
      else process.env['NGINX_BIN'] = saved;
    }
  });

  test('a prepared sample passes nginx -t without touching /var/log or /run', async () => {
    const result = await nginxTestText(readSample('ws-correct-map-upgrade.conf'));
    expect(result.output).toMatch(/test is successful/);
    expect(result.ok).toBe(true);
  });
});

describe('the Swoole-like backend on its own', () => {
  test.concurrent('an HTTP/1.1 WebSocket client gets both echoes, 1.5 s apart', async () => {
    const backend = await startWsBackend();
    try {
      const session = await runWebSocketSession({ port: backend.port });
      expect(session.ok).toBe(true);
      expect(session.echoes).toEqual(session.sent);
      expect(session.elapsedMs).toBeGreaterThanOrEqual(1500);
      expect(backend.handshakes()).toHaveLength(1);
      expect(backend.requests[0]!.messages).toEqual(session.sent);
      expect(backend.requests[0]!.clientCloseCode).toBe(1000);
    } finally {
      await backend.close();
    }
  });

  test.concurrent('an HTTP/1.0 handshake without keep-alive gets 101 and then the socket is closed', async () => {
    const backend = await startWsBackend();
    try {
      const key = 'dGhlIHNhbXBsZSBub25jZQ==';
      const res = await sendRawRequest(
        backend.port,
        'GET /ws/echo HTTP/1.0\r\nHost: chat.example.com\r\nUpgrade: websocket\r\nConnection: upgrade\r\n' +
          `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
        2000,
      );
      expect(res.status).toBe(101);
      expect(res.headers['sec-websocket-accept']).toBe('s3pPLMBiTxaQ9kYGzzhZRbK+xOo='); // RFC 6455 §1.3
      expect(res.headers['sec-websocket-accept']).toBe(websocketAccept(key));
      expect(res.closed).toBe(true);
      expect(res.closedAfterHeadMs).toBeLessThan(500);
      expect(backend.requests[0]).toMatchObject({ httpVersion: '1.0', status: 101, closedAfterHandshake: true });
    } finally {
      await backend.close();
    }
  });

  test.concurrent('an HTTP/1.0 handshake with keep-alive stays open', async () => {
    const backend = await startWsBackend();
    try {
      const res = await sendRawRequest(
        backend.port,
        'GET /ws/echo HTTP/1.0\r\nUpgrade: websocket\r\nConnection: keep-alive, Upgrade\r\n' +
          'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
        500,
      );
      expect(res.status).toBe(101);
      expect(res.closed).toBe(false);
    } finally {
      await backend.close();
    }
  });

  test.concurrent('a plain GET gets 426 Upgrade Required', async () => {
    const backend = await startWsBackend();
    try {
      const res = await sendRawRequest(backend.port, 'GET /ws/echo HTTP/1.1\r\nHost: chat.example.com\r\n\r\n');
      expect(res.status).toBe(426);
      expect(res.headers['upgrade']).toBe('websocket');
      expect(backend.rejected()).toEqual([expect.objectContaining({ status: 426, rejectReason: 'no-upgrade-header' })]);
    } finally {
      await backend.close();
    }
  });

  test.concurrent('Upgrade with "Connection: close" (nginx default) gets 426', async () => {
    const backend = await startWsBackend();
    try {
      const res = await sendRawRequest(
        backend.port,
        'GET /ws/echo HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: close\r\n' +
          'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
      );
      expect(res.status).toBe(426);
      expect(backend.requests[0]!.rejectReason).toBe('no-connection-upgrade');
    } finally {
      await backend.close();
    }
  });
});

describe('broken samples, as shipped', () => {
  test.concurrent.each(BROKEN_SAMPLES.map((s) => [s.file, s.expect, s] as const))('%s: %s', async (file, how, sample) => {
    const text = readSample(file);
    const report = await expectBroken(text, how, { nginxError: sample.nginxError });
    if (how === 'nginx-t-fails') {
      if (sample.nginxErrorLineHas) {
        // prepareForTest keeps line numbers, so nginx's line is the sample's line.
        const line = /nginx\.conf:(\d+)/.exec(report.nginxT.output)?.[1];
        expect(line).toBeDefined();
        expect(text.split('\n')[Number(line) - 1]).toContain(sample.nginxErrorLineHas);
      }
      return;
    }
    // The exact symptom, as documented in samples/README.md.
    expect(report.session).toMatchObject(sample.clientSees!);
    expect(report.backendRequests).toHaveLength(1);
    expect(report.backendRequests[0]).toMatchObject(sample.backendSees!);
    if (file === 'ws-bare-location-under-server-headers.conf') {
      // Before the fix the location inherits the server-level headers; a fix must not lose them.
      expect(report.backendRequests[0]!.headers).toMatchObject({ 'x-real-ip': '127.0.0.1', host: 'chat.example.com' });
    }
  });
});

describe('reference fixes (test/e2e/fixed/)', () => {
  /** What the careful human's fix delivers on top of what any fix must deliver. */
  const extra: Record<string, Record<string, string>> = {
    'ws-headers-lost-by-inheritance.conf': { host: 'chat.example.com', 'x-real-ip': '127.0.0.1' },
  };
  test.concurrent.each(BROKEN_SAMPLES.map((s) => [s.file, s] as const))('%s works', async (file, sample) => {
    const fixed = readFixed(file);
    expect(fixed).not.toBe(readSample(file));
    const report = await expectWebSocketWorks(fixed, { mustReachBackend: { ...sample.mustReachBackend, ...extra[file] } });
    expect(report.session!.echoes).toHaveLength(2);
    expect(report.backendRequests[0]).toMatchObject({ httpVersion: '1.1', status: 101, closedAfterHandshake: false });
  });
});

describe('correct samples, as shipped', () => {
  test.concurrent.each(CORRECT_SAMPLES.map((s) => [s.file, s] as const))('%s works', async (file, sample) => {
    const report = await expectWebSocketWorks(readSample(file), { mustReachBackend: sample.mustReachBackend });
    expect(report.session!.echoes).toHaveLength(2);
  });
});

describe('the checks themselves fail when they should', () => {
  test.concurrent('expectWebSocketWorks rejects the HTTP/1.0 sample: 101, then closed', async () => {
    await expect(expectWebSocketWorks(readSample('ws-missing-http-version.conf'))).rejects.toThrow(
      /session failed[\s\S]*closed-early[\s\S]*101 then closed \(HTTP\/1\.0 without keep-alive\)/,
    );
  });

  test.concurrent('expectBroken rejects a working config', async () => {
    await expect(expectBroken(readSample('ws-correct-constant-connection.conf'), 'ws-fails')).rejects.toThrow(
      'expected the WebSocket to fail, but it worked',
    );
    await expect(expectBroken(readSample('ws-correct-constant-connection.conf'), 'nginx-t-fails')).rejects.toThrow(
      'expected nginx -t to reject the config, but it passed',
    );
  });

  test.concurrent('a naive fix of the bare location works but loses X-Real-IP and Host', async () => {
    // What a fixer that does not copy inherited headers would produce.
    const naive = readSample('ws-bare-location-under-server-headers.conf').replace(
      '            proxy_read_timeout 3600s;',
      '            proxy_http_version 1.1;\n' +
        '            proxy_set_header Upgrade $http_upgrade;\n' +
        '            proxy_set_header Connection "upgrade";\n' +
        '            proxy_read_timeout 3600s;',
    );
    const sample = BROKEN_SAMPLES.find((s) => s.file === 'ws-bare-location-under-server-headers.conf')!;
    await expect(expectWebSocketWorks(naive, { mustReachBackend: sample.mustReachBackend })).rejects.toThrow(
      /the WebSocket works, but header x-real-ip did not reach the backend; header host is "127\.0\.0\.1:\d+", expected "chat\.example\.com"/,
    );
  });
});
