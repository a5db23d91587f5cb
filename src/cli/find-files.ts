/**
 * Turning command-line patterns into config files: files as given, folders searched for nginx
 * configs (`*.conf`, `nginx.conf`, and every file under `sites-available/`, `sites-enabled/`,
 * `conf.d/`, `snippets/`), and globs; minus the configured ignores.
 */
import * as fs from 'fs';
import * as path from 'path';
import { CliError } from './errors';
import { globToRegExp } from '../settings/glob-match';
import { realPath } from '../lint/config-roots';

const CONFIG_FOLDERS = new Set(['sites-available', 'sites-enabled', 'conf.d', 'snippets']);
const SKIPPED_FOLDERS = new Set(['node_modules', '.git', '.hg', '.svn']);

/**
 * Whether a file found in a folder walk is an nginx config. `relativePath` starts at the parent of
 * the folder given, so that the folder's own name counts (`ngxlint sites-enabled`).
 */
export function looksLikeNginxConfig(relativePath: string): boolean {
  const parts = relativePath.split(/[\\/]/);
  const name = parts[parts.length - 1];
  if (name.startsWith('.')) return false;
  // An editor's backup or swap file is never a config.
  if (name.endsWith('~') || /\.sw[a-p]$/.test(name) || (name.startsWith('#') && name.endsWith('#'))) return false;
  if (name.endsWith('.conf') || name === 'nginx.conf') return true;
  return parts.slice(0, -1).some((p) => CONFIG_FOLDERS.has(p));
}

function hasGlobMagic(pattern: string): boolean {
  return /[*?[{]/.test(pattern);
}

/** Walks a folder; symlinked folders are followed once (a symlink loop cannot trap it). */
function walk(dir: string, visit: (file: string) => void, seen = new Set<string>()): void {
  let real: string;
  try {
    real = fs.realpathSync.native(dir);
  } catch {
    return;
  }
  if (seen.has(real)) return;
  seen.add(real);
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    throw CliError.fromFs(e, dir);
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    let isDir = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      try {
        const stat = fs.statSync(full);
        isDir = stat.isDirectory();
        isFile = stat.isFile();
      } catch {
        continue; // a dangling link or a loop
      }
    }
    if (isDir && !SKIPPED_FOLDERS.has(entry.name)) walk(full, visit, seen);
    else if (isFile) visit(full);
  }
}

export interface FoundFiles {
  /** Files to lint, as paths relative to cwd when they are below it; one path per real file. */
  files: string[];
  /** Files named on the command line that an ignore pattern matches (skipped). */
  ignored: string[];
  /** How many files folders and globs matched that an ignore pattern skips. */
  ignoredInFolders: number;
}

/** Paths people read: relative to cwd when below it, else absolute. */
export function displayPath(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}

/** `isIgnored(absolutePath)`: whether the configured ignores skip a file. */
export function findFiles(patterns: readonly string[], cwd: string, isIgnored: (file: string) => boolean = () => false): FoundFiles {
  const out = new Map<string, string>(); // real path → path as found
  const ignored: string[] = [];
  let ignoredInFolders = 0;
  const addUnlessIgnored = (file: string) => {
    if (isIgnored(file)) ignoredInFolders++;
    else add(file);
  };
  const add = (file: string) => {
    const real = realPath(file);
    if (!out.has(real)) out.set(real, file);
  };
  for (const pattern of patterns) {
    const absolute = path.resolve(cwd, pattern);
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(absolute);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' || !hasGlobMagic(pattern)) throw CliError.fromFs(e, pattern);
    }
    if (stat?.isFile()) {
      // As ESLint does, an ignore pattern skips a file even when it is named (pre-commit hooks name
      // every changed file).
      if (isIgnored(absolute)) ignored.push(displayPath(absolute, cwd));
      else add(absolute);
    } else if (stat?.isDirectory()) {
      // Relative to the folder's parent, so that `ngxlint /etc/nginx/sites-enabled` finds the
      // sites (which have no .conf suffix) too.
      const parent = path.dirname(absolute);
      walk(absolute, (file) => {
        if (looksLikeNginxConfig(path.relative(parent, file))) addUnlessIgnored(file);
      });
    } else if (stat) {
      throw new CliError(`${pattern}: not a regular file or folder`);
    } else {
      // A glob: walk from its fixed prefix and match the rest.
      const firstMagic = pattern.search(/[*?[{]/);
      const base = path.resolve(cwd, pattern.slice(0, firstMagic).replace(/[^/]*$/, '') || '.');
      const matcher = globToRegExp(path.relative(cwd, path.resolve(cwd, pattern)).split(path.sep).join('/'), { anchored: true });
      // As in a shell, a wildcard does not match a leading dot; a pattern that names one does.
      const dotsAllowed = /(^|\/)\./.test(pattern.slice(firstMagic));
      let matched = 0;
      if (fs.existsSync(base)) {
        walk(base, (file) => {
          const rel = path.relative(cwd, file).split(path.sep).join('/');
          if (!matcher.test(rel)) return;
          if (!dotsAllowed && /(^|\/)\./.test(path.relative(base, file).split(path.sep).join('/'))) return;
          matched++;
          addUnlessIgnored(file);
        });
      }
      if (matched === 0) throw new CliError(`no files match the pattern "${pattern}"`);
    }
  }
  return { files: [...out.values()].map((f) => displayPath(f, cwd)), ignored, ignoredInFolders };
}
