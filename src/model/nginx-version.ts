/**
 * The nginx version a config targets. Defaults changed over time: since 1.29.7 the proxy module
 * speaks HTTP/1.1 upstream by default and no longer sends `Connection: close`. Without a target we
 * assume an older version (what distributions ship) and say so in messages.
 */
export interface NginxTarget {
  /** [major, minor, patch], or undefined when no target was given. */
  version?: [number, number, number];
}

export const HTTP11_DEFAULT_SINCE: [number, number, number] = [1, 29, 7];

export function parseNginxVersion(text: string): [number, number, number] | undefined {
  const match = /^\s*(\d+)\.(\d+)(?:\.(\d+))?\s*$/.exec(text);
  if (!match) return undefined;
  return [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)];
}

export function compareVersions(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) - (b[i] ?? 0);
  return 0;
}

/** Whether the target proxies with HTTP/1.1 and without `Connection: close` by default. */
export function proxiesHttp11ByDefault(target: NginxTarget): boolean {
  return !!target.version && compareVersions(target.version, HTTP11_DEFAULT_SINCE) >= 0;
}

/** How messages name the target: "nginx 1.24.0", or the assumption we made. */
export function describeTarget(target: NginxTarget): string {
  return target.version
    ? `nginx ${target.version.join('.')}`
    : 'nginx before 1.29.7 (no nginxVersion set; distributions ship older versions)';
}
