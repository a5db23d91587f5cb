/**
 * The end-to-end checks, reusable by any test that produces an nginx config (the reference fixes in
 * test/e2e/fixed/, the shipped samples, and later the output of `ngxlint --fix`):
 *
 * - `expectWebSocketWorks(confText)`: `nginx -t` passes, and through real nginx a WebSocket client
 *   gets both of its messages (sent 1.5 s apart) echoed by the Swoole-like backend.
 * - `expectBroken(confText, 'nginx-t-fails' | 'ws-fails')`: nginx rejects the config, or accepts it
 *   and the WebSocket through it fails.
 *
 * Each call starts its own backend and its own nginx on its own ports and stops both before it
 * returns or throws, so calls can run concurrently. They throw an Error that explains what happened
 * (nginx -t output, the client session, what the backend received, nginx's error log) and otherwise
 * resolve with an `E2EReport` for further assertions.
 */
import { startWsBackend, BackendRequest, describeRequests } from './ws-backend';
import { runWebSocketSession, WsSessionResult } from './ws-client';
import { nginxTestText, startNginx, NginxTestResult } from './nginx';

export type Breakage = 'nginx-t-fails' | 'ws-fails';

/** Header name (lower case) → exact value, a pattern, or `true` for "present with any value". */
export type HeaderExpectations = Record<string, string | RegExp | true>;

export interface E2EOptions {
  /** Path of the WebSocket request, default `/ws/echo` (all samples serve WebSocket under /ws/). */
  path?: string;
  /** Host header of the client, default `chat.example.com` (the samples' server_name). */
  hostHeader?: string;
  /** Headers the backend must receive with the WebSocket handshake (e.g. X-Real-IP, Host). */
  mustReachBackend?: HeaderExpectations;
  /** Pause between the two messages, default 1500 ms. */
  intervalMs?: number;
}

export interface E2EReport {
  nginxT: NginxTestResult & { prepared: string };
  /** Absent when nginx -t failed (nginx was not started). */
  session?: WsSessionResult;
  /** What the backend received, in order. */
  backendRequests: BackendRequest[];
  /** nginx stderr + error log of the run. */
  nginxLogs?: string;
}

export class E2EAssertionError extends Error {
  constructor(
    message: string,
    readonly report: E2EReport,
  ) {
    super(`${message}\n\n${describeReport(report)}`);
    this.name = 'E2EAssertionError';
  }
}

export function describeReport(r: E2EReport): string {
  const parts = [`nginx -t: ${r.nginxT.ok ? 'ok' : 'FAILED'}\n${indent(r.nginxT.output)}`];
  if (r.session) parts.push(r.session.detail);
  parts.push(`backend:\n${describeRequests(r.backendRequests)}`);
  if (r.nginxLogs) parts.push(`nginx logs:\n${indent(tail(r.nginxLogs, 40))}`);
  return parts.join('\n\n');
}

const indent = (s: string): string =>
  s
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');
const tail = (s: string, n: number): string => s.split('\n').slice(-n).join('\n');

/**
 * nginx -t, then (if it passed) backend + nginx + one WebSocket session. Never throws for a broken
 * config; always stops what it started.
 */
export async function runEndToEnd(confText: string, opts: E2EOptions = {}): Promise<E2EReport> {
  const nginxT = await nginxTestText(confText);
  if (!nginxT.ok) return { nginxT, backendRequests: [] };
  const backend = await startWsBackend();
  try {
    const nginx = await startNginx(confText, { backendPort: backend.port });
    try {
      const session = await runWebSocketSession({
        port: nginx.port,
        path: opts.path,
        hostHeader: opts.hostHeader,
        intervalMs: opts.intervalMs,
      });
      return { nginxT, session, backendRequests: [...backend.requests], nginxLogs: nginx.logs() };
    } finally {
      await nginx.stop();
    }
  } finally {
    await backend.close();
  }
}

function headerProblems(req: BackendRequest | undefined, expected: HeaderExpectations): string[] {
  if (!req) return ['the backend received no WebSocket handshake'];
  const problems: string[] = [];
  for (const [name, want] of Object.entries(expected)) {
    const got = req.headers[name.toLowerCase()];
    if (got === undefined) problems.push(`header ${name} did not reach the backend`);
    else if (typeof want === 'string' && got !== want) problems.push(`header ${name} is "${got}", expected "${want}"`);
    else if (want instanceof RegExp && !want.test(got)) problems.push(`header ${name} is "${got}", expected ${want}`);
  }
  return problems;
}

/**
 * Assert that the config works for WebSocket through real nginx: `nginx -t` passes, the handshake
 * gets a 101, and both messages (1.5 s apart) come back; optionally that headers reached the backend.
 */
export async function expectWebSocketWorks(confText: string, opts: E2EOptions = {}): Promise<E2EReport> {
  const report = await runEndToEnd(confText, opts);
  if (!report.nginxT.ok) throw new E2EAssertionError('expected a working WebSocket, but nginx -t rejects the config', report);
  if (!report.session?.ok) throw new E2EAssertionError('expected a working WebSocket, but the session failed', report);
  const handshake = report.backendRequests.find((r) => r.status === 101);
  const problems = headerProblems(handshake, opts.mustReachBackend ?? {});
  if (problems.length > 0) throw new E2EAssertionError(`the WebSocket works, but ${problems.join('; ')}`, report);
  return report;
}

export interface BrokenOptions extends E2EOptions {
  /** For `nginx-t-fails`: what nginx -t must say, e.g. /unknown "connection_upgrade" variable/. */
  nginxError?: RegExp;
}

/**
 * Assert that the config is broken in the given way: `nginx-t-fails` (nginx -t rejects it, with
 * `nginxError` in its output if given) or `ws-fails` (nginx -t accepts it, but the WebSocket session
 * through real nginx does not get both echoes back).
 */
export async function expectBroken(confText: string, how: Breakage, opts: BrokenOptions = {}): Promise<E2EReport> {
  const report = await runEndToEnd(confText, opts);
  if (how === 'nginx-t-fails') {
    if (report.nginxT.ok) throw new E2EAssertionError('expected nginx -t to reject the config, but it passed', report);
    if (opts.nginxError && !opts.nginxError.test(report.nginxT.output)) {
      throw new E2EAssertionError(`nginx -t failed, but its output does not match ${opts.nginxError}`, report);
    }
    return report;
  }
  if (!report.nginxT.ok) throw new E2EAssertionError('expected the WebSocket to fail, but nginx -t already rejects the config', report);
  if (report.session?.ok) throw new E2EAssertionError('expected the WebSocket to fail, but it worked', report);
  return report;
}
