/**
 * Config texts the CLI tests share. Each WebSocket location here lacks `proxy_http_version 1.1`,
 * so `websocket-http-version` (the one rule every test may count on) reports it.
 */
import type { CliRun } from '../support/cli';

/** A site (server block, as in sites-available/): one websocket-http-version error at 3:5. */
export const WS_SITE = `server {
    listen 80;
    location /ws {
        proxy_pass http://backend;
        proxy_set_header Upgrade $http_upgrade;
        proxy_set_header Connection "upgrade";
    }
}
`;

/** The same site fixed by --fix. */
export const WS_SITE_FIXED = `server {
    listen 80;
    location /ws {
        proxy_pass http://backend;
        proxy_set_header Upgrade $http_upgrade;
        proxy_set_header Connection "upgrade";
        proxy_http_version 1.1;
    }
}
`;

/** A site without problems. */
export const CLEAN_SITE = `server {
    listen 80;
    location / {
        root /srv/www;
    }
}
`;

/** A main config that includes `pattern` in http. `httpLines` go before the include. */
export function mainConfig(pattern: string, httpLines: string[] = []): string {
  return ['events {}', 'http {', ...httpLines.map((l) => `    ${l}`), `    include ${pattern};`, '}', ''].join('\n');
}

export const RULE = 'websocket-http-version';

export interface JsonMessage {
  ruleId: string | null;
  severity: number;
  message: string;
  line: number;
  column: number;
  fatal?: boolean;
}
export interface JsonFileResult {
  filePath: string;
  messages: JsonMessage[];
  errorCount: number;
  warningCount: number;
}

export function parseJson(run: CliRun): JsonFileResult[] {
  try {
    return JSON.parse(run.stdout) as JsonFileResult[];
  } catch {
    throw new Error(`not JSON (exit ${run.status}):\n${run.stdout}\n${run.stderr}`);
  }
}

/** `file:line:column ruleId` of every message (`fatal` for a parse error), files relative to `root`. */
export function findings(run: CliRun, root: string, ruleId?: string): string[] {
  return parseJson(run).flatMap((r) =>
    r.messages
      .filter((m) => ruleId === undefined || m.ruleId === ruleId)
      .map((m) => `${r.filePath.startsWith(root + '/') ? r.filePath.slice(root.length + 1) : r.filePath}:${m.line}:${m.column} ${m.fatal ? 'fatal' : m.ruleId}`),
  );
}

/** The files a JSON report lists, relative to `root`. */
export function reportedFiles(run: CliRun, root: string): string[] {
  return parseJson(run).map((r) => (r.filePath.startsWith(root + '/') ? r.filePath.slice(root.length + 1) : r.filePath));
}
