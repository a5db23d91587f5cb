/**
 * A loopback WebSocket echo backend that behaves like Swoole — the backend of the outage ngxlint
 * exists for.
 *
 * - A valid upgrade request (`Upgrade: websocket`, a `Connection` header with the `upgrade` token,
 *   `Sec-WebSocket-Key`, version 13) gets `101 Switching Protocols` with the RFC 6455 accept key,
 *   whatever HTTP version it arrived with.
 * - If that request was HTTP/1.0 without keep-alive (what nginx sends without
 *   `proxy_http_version 1.1`), the socket is closed right after the 101, exactly like Swoole: the
 *   handshake "succeeds" and the connection drops at once.
 * - Otherwise it echoes text and binary frames, answers pings with pongs and close with close.
 * - A request that is not a WebSocket upgrade (no `Upgrade: websocket`, or no `Connection: upgrade`,
 *   e.g. nginx did not pass the hop-by-hop headers) gets `426 Upgrade Required`.
 *
 * Every request is recorded (request line, headers, what the backend answered and why) so a test can
 * check what nginx actually forwarded, e.g. that `X-Real-IP` and `Host` set at server level arrived.
 */
import * as crypto from 'crypto';
import * as net from 'net';

export const WEBSOCKET_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/** `Sec-WebSocket-Accept` for a `Sec-WebSocket-Key` (RFC 6455 §4.2.2). */
export function websocketAccept(key: string): string {
  return crypto.createHash('sha1').update(key + WEBSOCKET_GUID).digest('base64');
}

/** Why the backend refused to upgrade a request (`undefined` when it answered 101). */
export type RejectReason =
  | 'no-upgrade-header' // no `Upgrade: websocket`: nginx did not pass Upgrade
  | 'no-connection-upgrade' // `Connection` lacks the `upgrade` token (nginx's default is `close`)
  | 'no-websocket-key'
  | 'bad-websocket-version'
  | 'bad-request';

export interface BackendRequest {
  /** Arrival order on this backend, from 0. */
  index: number;
  /** e.g. `GET /ws/echo HTTP/1.0` */
  requestLine: string;
  method: string;
  target: string;
  /** `1.0`, `1.1`, … as in the request line. */
  httpVersion: string;
  /** Header names lower-cased; repeated headers joined with `, `. */
  headers: Record<string, string>;
  /** Headers as received, in order, original case. */
  rawHeaders: Array<[string, string]>;
  /** What the backend answered. */
  status: 101 | 400 | 426;
  rejectReason?: RejectReason;
  /** Swoole behaviour: 101 sent to an HTTP/1.0 request without keep-alive, then the socket closed. */
  closedAfterHandshake: boolean;
  /** Text messages received (and echoed) on this connection after the handshake. */
  messages: string[];
  /** Close code the client sent, if it sent a close frame. */
  clientCloseCode?: number;
}

export interface WsBackend {
  port: number;
  /** Every request received, in order. */
  readonly requests: BackendRequest[];
  /** The requests answered with 101. */
  handshakes(): BackendRequest[];
  /** The requests refused (426/400), e.g. because nginx did not pass `Upgrade`. */
  rejected(): BackendRequest[];
  /** Short human-readable summary of all requests, for assertion messages. */
  describe(): string;
  close(): Promise<void>;
}

const MAX_HEAD = 64 * 1024;

function tokens(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((t) => t.trim().toLowerCase())
    .filter((t) => t !== '');
}

interface ParsedHead {
  requestLine: string;
  method: string;
  target: string;
  httpVersion: string;
  headers: Record<string, string>;
  rawHeaders: Array<[string, string]>;
}

function parseHead(head: string): ParsedHead | undefined {
  const lines = head.split('\r\n');
  const requestLine = lines[0] ?? '';
  const m = /^(\S+) (\S+) HTTP\/(\d+\.\d+)$/.exec(requestLine);
  if (!m) return undefined;
  const headers: Record<string, string> = {};
  const rawHeaders: Array<[string, string]> = [];
  for (const line of lines.slice(1)) {
    if (line === '') continue;
    const colon = line.indexOf(':');
    if (colon <= 0) return undefined;
    const name = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    rawHeaders.push([name, value]);
    const key = name.toLowerCase();
    headers[key] = key in headers ? `${headers[key]}, ${value}` : value;
  }
  return { requestLine, method: m[1]!, target: m[2]!, httpVersion: m[3]!, headers, rawHeaders };
}

/** Build one unmasked (server-to-client) frame. */
export function encodeFrame(opcode: number, payload: Buffer, mask?: Buffer): Buffer {
  const len = payload.length;
  let header: Buffer;
  if (len < 126) {
    header = Buffer.alloc(2);
    header[1] = len;
  } else if (len < 65536) {
    header = Buffer.alloc(4);
    header[1] = 126;
    header.writeUInt16BE(len, 2);
  } else {
    header = Buffer.alloc(10);
    header[1] = 127;
    header.writeBigUInt64BE(BigInt(len), 2);
  }
  header[0] = 0x80 | (opcode & 0x0f);
  if (!mask) return Buffer.concat([header, payload]);
  header[1] = header[1]! | 0x80;
  const masked = Buffer.alloc(len);
  for (let i = 0; i < len; i++) masked[i] = payload[i]! ^ mask[i % 4]!;
  return Buffer.concat([header, mask, masked]);
}

export interface Frame {
  fin: boolean;
  opcode: number;
  masked: boolean;
  payload: Buffer;
}

/**
 * Take one complete frame off the front of `buf`. Returns the frame and how many bytes it used,
 * or `undefined` when more bytes are needed. Masked payloads are unmasked.
 */
export function decodeFrame(buf: Buffer): { frame: Frame; used: number } | undefined {
  if (buf.length < 2) return undefined;
  const b0 = buf[0]!;
  const b1 = buf[1]!;
  const masked = (b1 & 0x80) !== 0;
  let len = b1 & 0x7f;
  let offset = 2;
  if (len === 126) {
    if (buf.length < 4) return undefined;
    len = buf.readUInt16BE(2);
    offset = 4;
  } else if (len === 127) {
    if (buf.length < 10) return undefined;
    len = Number(buf.readBigUInt64BE(2));
    offset = 10;
  }
  const maskLen = masked ? 4 : 0;
  if (buf.length < offset + maskLen + len) return undefined;
  const mask = masked ? buf.subarray(offset, offset + 4) : undefined;
  const payload = Buffer.from(buf.subarray(offset + maskLen, offset + maskLen + len));
  if (mask) for (let i = 0; i < payload.length; i++) payload[i] = payload[i]! ^ mask[i % 4]!;
  return { frame: { fin: (b0 & 0x80) !== 0, opcode: b0 & 0x0f, masked, payload }, used: offset + maskLen + len };
}

function closePayload(code: number, reason = ''): Buffer {
  const p = Buffer.alloc(2 + Buffer.byteLength(reason));
  p.writeUInt16BE(code, 0);
  p.write(reason, 2);
  return p;
}

function reject(socket: net.Socket, status: 400 | 426, message: string): void {
  const body = `${message}\n`;
  const reason = status === 426 ? 'Upgrade Required' : 'Bad Request';
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\n` +
      (status === 426 ? 'Upgrade: websocket\r\n' : '') +
      'Content-Type: text/plain\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Connection: close\r\n\r\n' +
      body,
  );
}

/** Start the backend on 127.0.0.1 and a random port (or `port`). */
export async function startWsBackend(port = 0): Promise<WsBackend> {
  const requests: BackendRequest[] = [];
  const sockets = new Set<net.Socket>();

  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    let buf = Buffer.alloc(0);
    let record: BackendRequest | undefined;

    const onData = (chunk: Buffer): void => {
      buf = Buffer.concat([buf, chunk]);
      if (!record) {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) {
          if (buf.length > MAX_HEAD) reject(socket, 400, 'request head too large');
          return;
        }
        const head = parseHead(buf.subarray(0, end).toString('latin1'));
        buf = buf.subarray(end + 4);
        record = handleHead(socket, head);
        if (!record || record.status !== 101 || record.closedAfterHandshake) {
          socket.off('data', onData);
          return;
        }
      }
      // Echo mode.
      for (;;) {
        const decoded = decodeFrame(buf);
        if (!decoded) return;
        buf = buf.subarray(decoded.used);
        const { frame } = decoded;
        if (!frame.masked) {
          // RFC 6455 §5.1: a server MUST close the connection on an unmasked client frame.
          socket.end(encodeFrame(0x8, closePayload(1002, 'client frames must be masked')));
          socket.off('data', onData);
          return;
        }
        if (frame.opcode === 0x1) {
          record.messages.push(frame.payload.toString('utf8'));
          socket.write(encodeFrame(0x1, frame.payload));
        } else if (frame.opcode === 0x2) {
          socket.write(encodeFrame(0x2, frame.payload));
        } else if (frame.opcode === 0x9) {
          socket.write(encodeFrame(0xa, frame.payload));
        } else if (frame.opcode === 0x8) {
          if (frame.payload.length >= 2) record.clientCloseCode = frame.payload.readUInt16BE(0);
          socket.end(encodeFrame(0x8, frame.payload.subarray(0, 2)));
          socket.off('data', onData);
          return;
        }
        // pong (0xA) and continuation frames are ignored: fragmentation is not needed here.
      }
    };
    socket.on('data', onData);
  });

  function handleHead(socket: net.Socket, head: ParsedHead | undefined): BackendRequest | undefined {
    if (!head) {
      reject(socket, 400, 'malformed request');
      return undefined;
    }
    const record: BackendRequest = {
      index: requests.length,
      ...head,
      status: 101,
      closedAfterHandshake: false,
      messages: [],
    };
    requests.push(record);
    const h = head.headers;
    let why: RejectReason | undefined;
    if (!tokens(h['upgrade']).includes('websocket')) why = 'no-upgrade-header';
    else if (!tokens(h['connection']).includes('upgrade')) why = 'no-connection-upgrade';
    else if (!h['sec-websocket-key']) why = 'no-websocket-key';
    else if (h['sec-websocket-version'] !== '13') why = 'bad-websocket-version';
    if (why === 'no-upgrade-header' || why === 'no-connection-upgrade') {
      record.status = 426;
      record.rejectReason = why;
      reject(socket, 426, `this endpoint speaks WebSocket only (${why})`);
      return record;
    }
    if (why) {
      record.status = 400;
      record.rejectReason = why;
      reject(socket, 400, `bad WebSocket handshake (${why})`);
      return record;
    }
    const response =
      'HTTP/1.1 101 Switching Protocols\r\n' +
      'Upgrade: websocket\r\n' +
      'Connection: Upgrade\r\n' +
      `Sec-WebSocket-Accept: ${websocketAccept(h['sec-websocket-key']!)}\r\n\r\n`;
    // Swoole: an HTTP/1.0 request without keep-alive is answered and then the socket is closed —
    // even when the answer is a 101.
    if (head.httpVersion === '1.0' && !tokens(h['connection']).includes('keep-alive')) {
      record.closedAfterHandshake = true;
      socket.end(response);
      return record;
    }
    socket.write(response);
    return record;
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as net.AddressInfo;

  return {
    port: address.port,
    requests,
    handshakes: () => requests.filter((r) => r.status === 101),
    rejected: () => requests.filter((r) => r.status !== 101),
    describe: () => describeRequests(requests),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

export function describeRequests(requests: BackendRequest[]): string {
  if (requests.length === 0) return 'backend received no request';
  return requests
    .map((r) => {
      const headers = r.rawHeaders.map(([k, v]) => `    ${k}: ${v}`).join('\n');
      const answer =
        r.status === 101
          ? `101${r.closedAfterHandshake ? ' then closed (HTTP/1.0 without keep-alive)' : ''}`
          : `${r.status} (${r.rejectReason})`;
      return `  #${r.index} ${r.requestLine} -> ${answer}\n${headers}`;
    })
    .join('\n');
}
