/**
 * Matching paths against the globs of `ignore` and `overrides[].files` (gitignore-like):
 * `*` and `?` stay within a path segment, `**` crosses segments, `{a,b}` alternates, `[a-z]` and
 * `[!a-z]` are character classes. A pattern without a slash matches the file name at any depth
 * (`*.conf`, `sites-enabled`).
 */
function toRegExpSource(glob: string): string {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i];
    if (ch === '*') {
      if (glob[i + 1] === '*') {
        i++;
        if (glob[i + 1] === '/') {
          i++;
          out += '(?:.*/)?';
        } else out += '.*';
      } else out += '[^/]*';
    } else if (ch === '?') out += '[^/]';
    else if (ch === '{') {
      const close = glob.indexOf('}', i);
      if (close < 0) out += '\\{';
      else {
        out += '(?:' + glob.slice(i + 1, close).split(',').map(toRegExpSource).join('|') + ')';
        i = close;
      }
    } else if (ch === '[' && glob.indexOf(']', i + 2) > 0) {
      // A character class: [abc], [a-z], [!abc] (gitignore's negation).
      const close = glob.indexOf(']', i + 2);
      let body = glob.slice(i + 1, close);
      const negate = body.startsWith('!') || body.startsWith('^');
      if (negate) body = body.slice(1);
      out += `[${negate ? '^/' : ''}${body.replace(/[\\\]^]/g, '\\$&')}]`;
      i = close;
    } else out += ch.replace(/[.+^$()|[\]\\]/g, '\\$&');
  }
  return out;
}

/**
 * A glob as a RegExp over relative paths with forward slashes. With `anchored: true` (command-line
 * globs, read as a shell reads them) a pattern without a slash matches in the base folder only;
 * otherwise (ignore and overrides globs) it matches the file name at any depth.
 */
export function globToRegExp(glob: string, options: { anchored?: boolean } = {}): RegExp {
  let pattern = glob.replace(/^\.\//, '');
  const anchored = options.anchored || (pattern.includes('/') && !pattern.endsWith('/') ? true : pattern.slice(0, -1).includes('/'));
  if (pattern.endsWith('/')) pattern = pattern.slice(0, -1);
  const body = toRegExpSource(pattern);
  // A folder pattern also matches everything below it.
  return new RegExp(`${anchored ? '^' : '(?:^|/)'}${body}(?:/.*)?$`);
}

/** True when `relativePath` (forward slashes, relative to the base folder) matches any glob. */
export function matchesAny(relativePath: string, globs: readonly RegExp[]): boolean {
  return globs.some((g) => g.test(relativePath));
}
