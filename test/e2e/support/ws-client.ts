/**
 * A WebSocket client on a raw `net` socket, for talking to the backend through real nginx.
 *
 * `runWebSocketSession` does the RFC 6455 handshake, sends two text messages `intervalMs` (1.5 s)
 * apart — long enough that a connection nginx or the backend drops right after the handshake is
 * noticed — and resolves with everything it saw: both echoes, or the failure (status code of a
 * refused handshake, early close, timeout). It never rejects: a failure is data to assert on.
 *
 * `sendRawRequest` sends a hand-written HTTP request (e.g. an HTTP/1.0 handshake or a plain GET) and
 * reports the response status and whether/when the server closed the connection.
 */
import * as crypto from 'crypto';
import * as net from 'net';
import { decodeFrame, encodeFrame, websocketAccept } from './ws-backend';

export type SessionFailure =
  | 'connect-error' // TCP connect failed
  | 'handshake-status' // the server answered something other than 101 (see `status`)
  | 'bad-handshake' // 101, but wrong/missing Sec-WebSocket-Accept or Upgrade headers
  | 'closed-early' // the connection ended before both echoes came back
  | 'timeout';

export interface WsSessionOptions {
  port: number;
  host?: string;
  /** Request target, default `/ws/echo`. */
  path?: string;
  /** `Host` header, default `chat.example.com` (the server_name of the samples). */
  hostHeader?: string;
  /** Text messages to send, default two. */
  messages?: string[];
  /** Pause between messages, default 1500 ms. */
  intervalMs?: number;
  /** Give up this long after connecting, default intervalMs * (messages - 1) + 5000 ms. */
  timeoutMs?: number;
  /** Extra request headers. */
  headers?: Record<string, string>;
}

export interface WsSessionResult {
  /** The handshake succeeded and every message came back intact, in order. */
  ok: boolean;
  failure?: SessionFailure;
  /** Status code of the handshake response, if one arrived. */
  status?: number;
  statusLine?: string;
  /** Response headers, names lower-cased. */
  responseHeaders: Record<string, string>;
  /** Body bytes that came with a non-101 response (first 500 characters). */
  responseBody?: string;
  sent: string[];
  echoes: string[];
  /** Close code from a server close frame, if any. */
  serverCloseCode?: number;
  /** ms between the handshake response and the connection ending (for `closed-early`). */
  closedAfterHandshakeMs?: number;
  elapsedMs: number;
  /** One paragraph describing what happened, for assertion messages. */
  detail: string;
}

function parseResponseHead(head: string): { status?: number; statusLine: string; headers: Record<string, string> } {
  const lines = head.split('\r\n');
  const statusLine = lines[0] ?? '';
  const m = /^HTTP\/\d+\.\d+ (\d{3})/.exec(statusLine);
  const headers: Record<string, string> = {};
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const key = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[key] = key in headers ? `${headers[key]}, ${value}` : value;
  }
  return { status: m ? Number(m[1]) : undefined, statusLine, headers };
}

/** Connect, handshake, send the messages `intervalMs` apart, wait for the echoes, close cleanly. */
export function runWebSocketSession(options: WsSessionOptions): Promise<WsSessionResult> {
  const host = options.host ?? '127.0.0.1';
  const path = options.path ?? '/ws/echo';
  const hostHeader = options.hostHeader ?? 'chat.example.com';
  const messages = options.messages ?? ['hello through nginx #1', 'hello through nginx #2'];
  const intervalMs = options.intervalMs ?? 1500;
  const timeoutMs = options.timeoutMs ?? intervalMs * Math.max(0, messages.length - 1) + 5000;
  const key = crypto.randomBytes(16).toString('base64');
  const started = Date.now();

  return new Promise<WsSessionResult>((resolve) => {
    const result: WsSessionResult = { ok: false, responseHeaders: {}, sent: [], echoes: [], elapsedMs: 0, detail: '' };
    let buf = Buffer.alloc(0);
    let handshakeAt: number | undefined;
    let done = false;
    let closing = false;
    const timers: NodeJS.Timeout[] = [];

    const socket = net.connect({ host, port: options.port });

    const finish = (failure?: SessionFailure, why?: string): void => {
      if (done) return;
      done = true;
      for (const t of timers) clearTimeout(t);
      result.elapsedMs = Date.now() - started;
      if (failure) result.failure = failure;
      result.ok = !failure;
      result.detail = describeSession(result, why, { path, hostHeader, port: options.port });
      socket.destroy();
      resolve(result);
    };

    const sendText = (text: string): void => {
      if (done || socket.destroyed || !socket.writable) return;
      result.sent.push(text);
      // Clients MUST mask every frame (RFC 6455 §5.3).
      socket.write(encodeFrame(0x1, Buffer.from(text, 'utf8'), crypto.randomBytes(4)));
    };

    const closeCleanly = (): void => {
      closing = true;
      if (socket.writable) socket.write(encodeFrame(0x8, Buffer.from([0x03, 0xe8]), crypto.randomBytes(4)));
      // Wait briefly for the server's close frame / FIN; success does not depend on it.
      timers.push(setTimeout(() => finish(), 1000));
    };

    timers.push(setTimeout(() => finish('timeout', `no result after ${timeoutMs} ms`), timeoutMs));

    let connected = false;
    socket.on('connect', () => {
      connected = true;
      const extra = Object.entries(options.headers ?? {})
        .map(([k, v]) => `${k}: ${v}\r\n`)
        .join('');
      socket.write(
        `GET ${path} HTTP/1.1\r\n` +
          `Host: ${hostHeader}\r\n` +
          'Upgrade: websocket\r\n' +
          'Connection: Upgrade\r\n' +
          `Sec-WebSocket-Key: ${key}\r\n` +
          'Sec-WebSocket-Version: 13\r\n' +
          extra +
          '\r\n',
      );
    });

    socket.on('error', (err: NodeJS.ErrnoException) => {
      if (!connected) finish('connect-error', `${err.code ?? ''} ${err.message}`);
      else onEnd(`socket error ${err.code ?? err.message}`);
    });

    const onEnd = (why: string): void => {
      if (done) return;
      if (closing) return finish();
      if (result.status === undefined) return finish('closed-early', `${why} before any response`);
      if (result.status !== 101) return finish('handshake-status', `HTTP ${result.status}`);
      result.closedAfterHandshakeMs = Date.now() - (handshakeAt ?? started);
      finish('closed-early', `${why} ${result.closedAfterHandshakeMs} ms after the 101`);
    };
    socket.on('end', () => onEnd('server closed the connection'));
    socket.on('close', () => onEnd('connection closed'));

    socket.on('data', (chunk: Buffer) => {
      if (done) return;
      buf = Buffer.concat([buf, chunk]);
      if (result.status === undefined) {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = parseResponseHead(buf.subarray(0, end).toString('latin1'));
        buf = buf.subarray(end + 4);
        result.statusLine = head.statusLine;
        result.status = head.status ?? -1;
        result.responseHeaders = head.headers;
        if (result.status !== 101) {
          // Collect the body until the server closes; a short grace period covers keep-alive.
          result.responseBody = buf.toString('utf8').slice(0, 500);
          timers.push(setTimeout(() => finish('handshake-status', `HTTP ${result.status}`), 300));
          return;
        }
        handshakeAt = Date.now();
        const h = head.headers;
        if (h['sec-websocket-accept'] !== websocketAccept(key) || (h['upgrade'] ?? '').toLowerCase() !== 'websocket') {
          return finish('bad-handshake', `Sec-WebSocket-Accept ${h['sec-websocket-accept']}, Upgrade ${h['upgrade']}`);
        }
        messages.forEach((m, i) => {
          if (i === 0) sendText(m);
          else timers.push(setTimeout(() => sendText(m), intervalMs * i));
        });
      } else if (result.status !== 101) {
        result.responseBody = ((result.responseBody ?? '') + chunk.toString('utf8')).slice(0, 500);
        return;
      }
      for (;;) {
        const decoded = decodeFrame(buf);
        if (!decoded) return;
        buf = buf.subarray(decoded.used);
        const { frame } = decoded;
        if (frame.opcode === 0x1) {
          result.echoes.push(frame.payload.toString('utf8'));
          if (result.echoes.length === messages.length && !closing) {
            const intact = result.echoes.every((e, i) => e === messages[i]);
            if (!intact) return finish('bad-handshake', 'echoes do not match what was sent');
            closeCleanly();
          }
        } else if (frame.opcode === 0x9) {
          socket.write(encodeFrame(0xa, frame.payload, crypto.randomBytes(4)));
        } else if (frame.opcode === 0x8) {
          if (frame.payload.length >= 2) result.serverCloseCode = frame.payload.readUInt16BE(0);
          if (closing) return finish();
          onEnd(`server sent close frame ${result.serverCloseCode ?? ''}`);
          return;
        }
      }
    });
  });
}

function describeSession(
  r: WsSessionResult,
  why: string | undefined,
  o: { path: string; hostHeader: string; port: number },
): string {
  const parts = [
    `WebSocket session to 127.0.0.1:${o.port}${o.path} (Host: ${o.hostHeader}): ${r.ok ? 'OK' : `FAILED (${r.failure}${why ? `: ${why}` : ''})`}`,
    `  response: ${r.statusLine ?? '(none)'}`,
    `  sent: ${JSON.stringify(r.sent)}`,
    `  echoes: ${JSON.stringify(r.echoes)}`,
  ];
  if (r.responseBody) parts.push(`  body: ${JSON.stringify(r.responseBody.slice(0, 200))}`);
  return parts.join('\n');
}

export interface RawResponse {
  /** Status code, if a status line arrived. */
  status?: number;
  statusLine?: string;
  headers: Record<string, string>;
  /** Everything after the head, as received before the close/timeout. */
  body: Buffer;
  /** The server closed the connection (FIN) within the wait. */
  closed: boolean;
  /** ms between the end of the response head and the close. */
  closedAfterHeadMs?: number;
}

/** Send `request` verbatim and collect the response until the server closes or `waitMs` passes. */
export function sendRawRequest(port: number, request: string, waitMs = 1000): Promise<RawResponse> {
  return new Promise<RawResponse>((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port }, () => socket.write(request));
    let buf = Buffer.alloc(0);
    let headAt: number | undefined;
    let settled = false;
    const finish = (closed: boolean): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      const end = buf.indexOf('\r\n\r\n');
      const head = end >= 0 ? parseResponseHead(buf.subarray(0, end).toString('latin1')) : undefined;
      resolve({
        status: head?.status,
        statusLine: head?.statusLine,
        headers: head?.headers ?? {},
        body: end >= 0 ? buf.subarray(end + 4) : Buffer.alloc(0),
        closed,
        closedAfterHeadMs: closed && headAt !== undefined ? Date.now() - headAt : undefined,
      });
    };
    const timer = setTimeout(() => finish(false), waitMs);
    socket.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      if (headAt === undefined && buf.indexOf('\r\n\r\n') >= 0) headAt = Date.now();
    });
    socket.on('end', () => finish(true));
    socket.on('close', () => finish(true));
    socket.on('error', (err) => {
      if (buf.length === 0 && !settled) {
        settled = true;
        clearTimeout(timer);
        reject(err);
      } else finish(true);
    });
  });
}
