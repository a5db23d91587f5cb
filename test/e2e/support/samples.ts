/**
 * The catalog of shipped samples (samples/*.conf) and how each one behaves under real nginx, shared
 * by the e2e test of the samples and reference fixes and by any later test of `ngxlint --fix` output.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Breakage, HeaderExpectations } from './e2e';
import type { RejectReason } from './ws-backend';
import type { SessionFailure } from './ws-client';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const SAMPLES_DIR = path.join(REPO_ROOT, 'samples');
/** Reference fixes: test/e2e/fixed/<sample file>, as a careful human would write them. */
export const FIXED_DIR = path.join(REPO_ROOT, 'test', 'e2e', 'fixed');

export interface BrokenSample {
  file: string;
  /** One line: what is wrong. */
  problem: string;
  expect: Breakage;
  /** nginx-t-fails: what nginx -t says. */
  nginxError?: RegExp;
  /** nginx-t-fails: text on the sample line nginx's message points at (when it names a line). */
  nginxErrorLineHas?: string;
  /** ws-fails: what the WebSocket client sees through nginx. */
  clientSees?: { status: number; failure: SessionFailure };
  /** ws-fails: what the backend received and did. */
  backendSees?: { httpVersion: string; status: 101 | 426; rejectReason?: RejectReason; closedAfterHandshake?: boolean };
  /** Headers that must still reach the backend once the sample is fixed (by a human or by --fix). */
  mustReachBackend?: HeaderExpectations;
}

export interface CorrectSample {
  file: string;
  /** One line: what the sample shows. */
  shows: string;
  mustReachBackend?: HeaderExpectations;
}

export const BROKEN_SAMPLES: BrokenSample[] = [
  {
    file: 'ws-missing-http-version.conf',
    problem: 'no proxy_http_version 1.1: nginx talks HTTP/1.0 to the backend',
    expect: 'ws-fails',
    clientSees: { status: 101, failure: 'closed-early' },
    backendSees: { httpVersion: '1.0', status: 101, closedAfterHandshake: true },
  },
  {
    file: 'ws-missing-upgrade-header.conf',
    problem: 'no proxy_set_header Upgrade: nginx drops the hop-by-hop Upgrade header',
    expect: 'ws-fails',
    clientSees: { status: 426, failure: 'handshake-status' },
    backendSees: { httpVersion: '1.1', status: 426, rejectReason: 'no-upgrade-header' },
  },
  {
    file: 'ws-missing-connection-header.conf',
    problem: 'no proxy_set_header Connection: nginx sends its default "Connection: close"',
    expect: 'ws-fails',
    clientSees: { status: 426, failure: 'handshake-status' },
    backendSees: { httpVersion: '1.1', status: 426, rejectReason: 'no-connection-upgrade' },
  },
  {
    file: 'ws-connection-upgrade-without-map.conf',
    problem: '$connection_upgrade used without its map',
    expect: 'nginx-t-fails',
    // nginx names no file or line for this one.
    nginxError: /unknown "connection_upgrade" variable/,
  },
  {
    file: 'ws-headers-lost-by-inheritance.conf',
    problem: 'the /ws/ location sets its own proxy_set_header and so inherits none of the server-level ones',
    expect: 'ws-fails',
    clientSees: { status: 426, failure: 'handshake-status' },
    backendSees: { httpVersion: '1.1', status: 426, rejectReason: 'no-upgrade-header' },
    // The location's own header must survive the fix.
    mustReachBackend: { 'x-request-id': /^[0-9a-f]{32}$/ },
  },
  {
    file: 'ws-proxy-pass-ws-scheme.conf',
    problem: 'proxy_pass ws://',
    expect: 'nginx-t-fails',
    nginxError: /invalid URL prefix/,
    nginxErrorLineHas: 'proxy_pass ws://',
  },
  {
    file: 'ws-bare-location-under-server-headers.conf',
    problem: 'bare WebSocket location under server-level X-Real-IP/Host; a fix must keep them',
    expect: 'ws-fails',
    clientSees: { status: 426, failure: 'handshake-status' },
    backendSees: { httpVersion: '1.0', status: 426, rejectReason: 'no-upgrade-header' },
    mustReachBackend: { 'x-real-ip': '127.0.0.1', host: 'chat.example.com' },
  },
];

export const CORRECT_SAMPLES: CorrectSample[] = [
  {
    file: 'ws-correct-map-upgrade.conf',
    shows: 'canonical: HTTP/1.1, Upgrade $http_upgrade, Connection $connection_upgrade + map, upstream group',
    mustReachBackend: { host: 'chat.example.com' },
  },
  {
    file: 'ws-correct-constant-connection.conf',
    shows: 'Connection "upgrade" as a constant, no map',
  },
  {
    file: 'ws-correct-server-level-inherited.conf',
    shows: 'everything at server level, inherited by a location without proxy_set_header',
    mustReachBackend: { host: 'chat.example.com', 'x-real-ip': '127.0.0.1' },
  },
];

export function readSample(file: string): string {
  return fs.readFileSync(path.join(SAMPLES_DIR, file), 'utf8');
}

export function readFixed(file: string): string {
  return fs.readFileSync(path.join(FIXED_DIR, file), 'utf8');
}

/** The .conf files actually present in samples/, sorted. */
export function listSampleFiles(): string[] {
  return fs
    .readdirSync(SAMPLES_DIR)
    .filter((f) => f.endsWith('.conf'))
    .sort();
}
