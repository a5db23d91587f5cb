/**
 * Which configs to lint for a set of given files: each file is a main config of its own, unless
 * another given file includes it — then it is checked once, through that config, in the context
 * nginx really uses it in. Shared by the CLI and the Node API.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseConfig, type ParseOptions, type ParsedConfig } from '../parse/config';

export interface RootHooks {
  /** The error to throw when a given file cannot be read (the CLI makes it fatal). */
  unreadable?: (file: string, config: ParsedConfig) => Error;
  /** Receives one line per decision (`--debug`). */
  log?: (message: string) => void;
}

/**
 * The file a path stands for once symlinks are resolved (the path itself when that fails). The
 * native call is one system call, where fs.realpathSync makes one per path component.
 */
export function realPath(file: string): string {
  try {
    return fs.realpathSync.native(file);
  } catch {
    return file;
  }
}

/** realPath, each path looked up once (a snippet a thousand sites include is resolved once). */
function cachedRealPath(): (file: string) => string {
  const cache = new Map<string, string>();
  return (file) => {
    let real = cache.get(file);
    if (real === undefined) cache.set(file, (real = realPath(file)));
    return real;
  };
}

/** Given files named `nginx.conf` first (they include the others), then in the order given. */
function mainsFirst(files: string[]): string[] {
  const rank = (f: string) => (path.basename(f) === 'nginx.conf' ? 0 : 1);
  return files
    .map((file, i) => ({ file, i }))
    .sort((a, b) => rank(a.file) - rank(b.file) || a.i - b.i)
    .map((e) => e.file);
}

/**
 * Parses the given files into configs to lint: a file another given file includes is checked only
 * through it. Includes are resolved from the main file's folder (as nginx does), so a file that is
 * a root on its own may include other files than it does through its parent; the loop below runs
 * until every given file is a root or included by one.
 */
export function parseRoots(files: string[], parseOptions: ParseOptions, cwd: string, hooks: RootHooks = {}): ParsedConfig[] {
  const cache = new Map<string, { config: ParsedConfig; includes: Set<string> }>();
  const realPathOf = cachedRealPath();
  const roots = new Set<string>();
  const order = new Map<string, number>();
  files.forEach((f, i) => order.set(realPathOf(path.resolve(cwd, f)), i));
  const isIncluded = (real: string) => [...roots].some((r) => r !== real && cache.get(r)!.includes.has(real));
  for (let pass = 0; pass <= files.length; pass++) {
    let added = false;
    for (const file of mainsFirst(files)) {
      const real = realPathOf(path.resolve(cwd, file));
      if (roots.has(real) || isIncluded(real)) continue;
      let entry = cache.get(real);
      if (!entry) {
        const config = parseConfig(file, parseOptions);
        if (!config.files[0].ast && hooks.unreadable) throw hooks.unreadable(file, config);
        const includes = new Set<string>();
        for (const f of config.files.slice(1)) if (f.ast) includes.add(realPathOf(path.resolve(cwd, f.path)));
        includes.delete(real);
        entry = { config, includes };
        cache.set(real, entry);
        if (hooks.log) {
          const main = config.files[0];
          hooks.log(`${file}: context ${main.context.length > 0 ? main.context.join(' > ') : 'main'} (${main.contextSource}), ${config.files.length - 1} included file(s)`);
        }
      }
      roots.add(real);
      added = true;
      for (const r of [...roots]) {
        if (r !== real && entry.includes.has(r)) {
          roots.delete(r);
          hooks.log?.(`${path.relative(cwd, r) || r}: checked through ${file}, which includes it`);
        }
      }
    }
    if (!added) break;
  }
  return [...roots].sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0)).map((r) => cache.get(r)!.config);
}

