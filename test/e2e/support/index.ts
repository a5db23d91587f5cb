/** Real-traffic end-to-end harness: real nginx, a Swoole-like WebSocket backend, a raw client. */
export * from './ws-backend';
export * from './ws-client';
export * from './nginx';
export * from './e2e';
export * from './samples';
