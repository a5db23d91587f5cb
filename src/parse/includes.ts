/**
 * Resolving `include` arguments the way crossplane does: relative to the folder of the main config
 * (not of the including file), glob patterns expanded with Python's `glob` rules and sorted, an
 * explicit file checked for readability with Python's error text. On top of that, `includeRoot`
 * maps absolute paths of a deployed server (`/etc/nginx/...`) into a folder of a repository.
 */
import * as fs from 'fs';
import * as path from 'path';

/** os.path.join(a, b) for POSIX paths. */
export function joinPath(dir: string, name: string): string {
  if (name.startsWith('/') || dir === '') return name;
  return dir.endsWith('/') ? dir + name : `${dir}/${name}`;
}

/** os.path.dirname. */
export function dirName(file: string): string {
  const slash = file.lastIndexOf('/');
  if (slash < 0) return '';
  const head = file.slice(0, slash + 1);
  // Python keeps a root of slashes as it is, and strips trailing slashes otherwise.
  return /^\/+$/.test(head) ? head : head.replace(/\/+$/, '');
}

const MAGIC = /[*?[]/;

/** glob.has_magic */
export function hasMagic(pattern: string): boolean {
  return MAGIC.test(pattern);
}

/** Python's repr() of a str, as in `No such file or directory: 'x'`. */
export function pythonRepr(value: string): string {
  const quote = value.includes("'") && !value.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === quote) out += `\\${quote}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out + quote;
}

/** The text Python prints for an OSError on `file` (`[Errno 2] No such file or directory: 'x'`). */
export function pythonOsErrorText(error: NodeJS.ErrnoException, file: string): string {
  const known: Record<string, [number, string]> = {
    ENOENT: [2, 'No such file or directory'],
    EACCES: [13, 'Permission denied'],
    EISDIR: [21, 'Is a directory'],
    ENOTDIR: [20, 'Not a directory'],
    ELOOP: [40, 'Too many levels of symbolic links'],
    EMFILE: [24, 'Too many open files'],
  };
  const entry = error.code ? known[error.code] : undefined;
  if (!entry) return `${error.code ?? 'Error'}: ${error.message}`;
  return `[Errno ${entry[0]}] ${entry[1]}: ${pythonRepr(file)}`;
}

/** fnmatch-style translation of one path segment to a RegExp. */
function segmentRegExp(segment: string): RegExp {
  let source = '^';
  for (let i = 0; i < segment.length; i++) {
    const ch = segment[i];
    if (ch === '*') source += '.*';
    else if (ch === '?') source += '.';
    else if (ch === '[') {
      const close = segment.indexOf(']', i + 2);
      if (close < 0) {
        source += '\\[';
        continue;
      }
      let body = segment.slice(i + 1, close);
      i = close;
      let negate = false;
      if (body.startsWith('!')) {
        negate = true;
        body = body.slice(1);
      }
      body = body.replace(/\\/g, '\\\\').replace(/\^/g, '\\^');
      source += negate ? `[^${body}]` : `[${body}]`;
    } else source += ch.replace(/[.+^${}()|\\/]/g, '\\$&');
  }
  return new RegExp(source + '$', 's');
}

/** Lists a folder, or nothing when it cannot be read. */
function listDir(dir: string): string[] {
  try {
    return fs.readdirSync(dir === '' ? '.' : dir);
  } catch {
    return [];
  }
}

function exists(file: string): boolean {
  try {
    fs.lstatSync(file);
    return true;
  } catch {
    return false;
  }
}

function isDir(file: string): boolean {
  try {
    return fs.statSync(file).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Python's glob.glob(pattern), sorted: `*` and `?` never match a leading `.` unless the pattern's
 * segment starts with `.`; the parts without magic are kept exactly as written.
 */
export function globSorted(pattern: string): string[] {
  const absolute = pattern.startsWith('/');
  const segments = pattern.split('/');
  let current: string[] = [absolute ? '/' : ''];
  const startIndex = absolute ? 1 : 0;
  for (let i = startIndex; i < segments.length; i++) {
    const segment = segments[i];
    const last = i === segments.length - 1;
    const next: string[] = [];
    if (segment === '') {
      // `a//b` or a trailing slash: keep the slash, only folders match a trailing one.
      for (const base of current) {
        const joined = base === '/' ? base : base + '/';
        if (last ? isDir(base) : true) next.push(joined);
      }
      current = next;
      continue;
    }
    if (!hasMagic(segment)) {
      for (const base of current) {
        const candidate = base === '' ? segment : base.endsWith('/') ? base + segment : `${base}/${segment}`;
        if (last ? exists(candidate) : isDir(candidate)) next.push(candidate);
      }
    } else {
      const matcher = segmentRegExp(segment);
      const allowHidden = segment.startsWith('.');
      for (const base of current) {
        const dir = base;
        for (const name of listDir(dir)) {
          if (!allowHidden && name.startsWith('.')) continue;
          if (!matcher.test(name)) continue;
          const candidate = dir === '' ? name : dir.endsWith('/') ? dir + name : `${dir}/${name}`;
          if (!last && !isDir(candidate)) continue;
          next.push(candidate);
        }
      }
    }
    current = next;
  }
  return current.filter((p) => p !== '' && p !== '/').sort(comparePython);
}

/** Python sorts str by code point; JavaScript's default sort compares UTF-16 units. */
function comparePython(a: string, b: string): number {
  const ai = Array.from(a);
  const bi = Array.from(b);
  const n = Math.min(ai.length, bi.length);
  for (let i = 0; i < n; i++) {
    const d = ai[i].codePointAt(0)! - bi[i].codePointAt(0)!;
    if (d !== 0) return d;
  }
  return ai.length - bi.length;
}

/** Where absolute include paths of a deployed server are found in a checkout. */
export interface IncludeRoot {
  /** The folder in the checkout. */
  dir: string;
  /** The deployed folder it stands for; absolute paths under it map to `dir` (default `/etc/nginx`). */
  prefix: string;
}

export const DEFAULT_INCLUDE_PREFIX = '/etc/nginx';

/** Parses `DIR` or `PREFIX=DIR`. */
export function parseIncludeRoot(spec: string): IncludeRoot {
  const eq = spec.indexOf('=');
  if (eq > 0 && spec.startsWith('/')) {
    return { prefix: spec.slice(0, eq).replace(/\/+$/, ''), dir: spec.slice(eq + 1) };
  }
  return { prefix: DEFAULT_INCLUDE_PREFIX, dir: spec };
}

/**
 * The pattern crossplane would open for an include argument, with includeRoot applied:
 * `/etc/nginx/snippets/*.conf` → `<dir>/snippets/*.conf`; another absolute path `/data/x.conf`
 * → `<dir>/data/x.conf` (the root folder stands for `/`) when the mapped folder exists there.
 */
export function includePattern(argument: string, configDir: string, includeRoot?: IncludeRoot): string {
  if (!argument.startsWith('/')) return joinPath(configDir, argument);
  if (!includeRoot) return argument;
  const { prefix, dir } = includeRoot;
  if (argument === prefix || argument.startsWith(prefix + '/')) {
    return joinPath(dir, argument.slice(prefix.length + 1));
  }
  const underRoot = joinPath(dir, argument.slice(1));
  const firstMagic = underRoot.search(MAGIC);
  const fixedPart = firstMagic < 0 ? underRoot : underRoot.slice(0, firstMagic);
  const probe = path.dirname(fixedPart + 'x');
  return exists(probe) ? underRoot : argument;
}
