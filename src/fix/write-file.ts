/**
 * Writing a fixed file safely: the new text goes to a temporary file in the same folder, is flushed
 * to disk, and is renamed over the original — a reader (or a crash, or `kill -9`) sees the old file
 * or the new one, never a half-written one.
 *
 * - The file's mode is kept (and its owner, when ngxlint runs as root).
 * - A symlink's target is written, not the link (`sites-enabled/x → ../sites-available/x`).
 * - A file that changed on disk since it was read is not written (FileChangedError). The check
 *   runs after the new text is on disk, right before the rename, so the window in which a
 *   concurrent write could be lost is as small as the file system allows.
 * - A file with several hard links is not written: a rename would give the path a new file and
 *   leave the other links holding the old text, silently splitting one file into two.
 * - A file the user may not write is not written, even though the folder would allow a rename.
 * - Nothing is written when the text is unchanged (the file's mtime stays as it was).
 *
 * Every failure is a WriteFileError (FileChangedError is one) with a one-line message that names
 * the file; the temporary file is removed. After `kill -9` between creating and renaming it, a
 * hidden `.NAME.ngxlint-PID-….tmp` file may remain next to the original: its name ends in `.tmp`
 * and starts with a dot, so neither nginx's `include *.conf` nor ngxlint's folder walk reads it,
 * and the next write of NAME removes it (once process PID is gone).
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

/** A fixed file that was not written; the message says why, in one line, with the file's name. */
export class WriteFileError extends Error {}

/** The file's bytes on disk are not the ones the fix was computed from. */
export class FileChangedError extends WriteFileError {}

export function encodeText(text: string, encoding: 'utf8' | 'latin1'): Buffer {
  return Buffer.from(text, encoding === 'latin1' ? 'latin1' : 'utf8');
}

/** Temporary files are `.NAME.ngxlint-PID-RANDOM.tmp` beside the file. */
export const TEMP_FILE_PATTERN = /^\..*\.ngxlint-\d+-[0-9a-f]+\.tmp$/;

/** Removes temporary files a killed ngxlint left for `target` (their process is gone). */
function removeStaleTempFiles(target: string): void {
  const dir = path.dirname(target);
  const prefix = `.${path.basename(target)}.ngxlint-`;
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((n) => n.startsWith(prefix) && TEMP_FILE_PATTERN.test(n));
  } catch {
    return;
  }
  for (const name of names) {
    const pid = Number(/\.ngxlint-(\d+)-[0-9a-f]+\.tmp$/.exec(name)?.[1]);
    if (!Number.isSafeInteger(pid) || pid === process.pid || isRunning(pid)) continue;
    try {
      fs.unlinkSync(path.join(dir, name));
    } catch {
      // Not ours to remove after all (another user's folder rights): leave it.
    }
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // alive, but another user's
  }
}

function tempNameFor(target: string): string {
  const random = crypto.randomBytes(6).toString('hex');
  return path.join(path.dirname(target), `.${path.basename(target)}.ngxlint-${process.pid}-${random}.tmp`);
}

const REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  ENOENT: 'no such file or directory',
  EISDIR: 'is a directory',
  ELOOP: 'too many levels of symbolic links',
  EIO: 'input/output error',
  EMFILE: 'too many open files',
};

/** `file: what went wrong; not written` from a file system error. */
function failure(file: string, doing: string, error: unknown): WriteFileError {
  const code = (error as NodeJS.ErrnoException)?.code;
  const reason = (code && REASONS[code]) || (error instanceof Error ? error.message : String(error));
  return new WriteFileError(`${file}: cannot ${doing} (${reason}); not written`);
}

/** Writes the whole buffer (write(2) may write less than asked). */
function writeAll(fd: number, bytes: Buffer): void {
  let offset = 0;
  while (offset < bytes.length) offset += fs.writeSync(fd, bytes, offset, bytes.length - offset);
}

/**
 * Replaces `file` with `text`, provided its current bytes are still `expectedOriginal`.
 * Throws FileChangedError when they are not, WriteFileError for any other reason not to write,
 * and leaves the file alone in both cases.
 */
export function writeFileAtomically(file: string, text: string, encoding: 'utf8' | 'latin1', expectedOriginal: string): void {
  const expected = encodeText(expectedOriginal, encoding);
  const bytes = encodeText(text, encoding);
  if (bytes.equals(expected)) return; // nothing to change: keep the file, and its mtime, as it is

  let target: string;
  let stat: fs.Stats;
  try {
    target = fs.realpathSync(file);
    stat = fs.statSync(target);
  } catch (e) {
    throw failure(file, 'read it again', e);
  }
  if (!stat.isFile()) throw new WriteFileError(`${file}: is no longer a regular file; not written`);
  if (stat.nlink > 1) {
    throw new WriteFileError(
      `${file}: has ${stat.nlink} hard links, which a safe write would split into separate files; not written (use --fix-dry-run and apply the diff by hand)`,
    );
  }
  try {
    fs.accessSync(target, fs.constants.W_OK);
  } catch (e) {
    throw failure(file, 'write it', e);
  }
  const unchanged = (): boolean => {
    try {
      return fs.readFileSync(target).equals(expected);
    } catch {
      return false;
    }
  };
  if (!unchanged()) throw new FileChangedError(`${file}: changed on disk while ngxlint was fixing it; not written`);

  removeStaleTempFiles(target);
  const temp = tempNameFor(target);
  let fd: number;
  try {
    fd = fs.openSync(temp, 'wx', stat.mode & 0o777);
  } catch (e) {
    throw failure(file, `create a temporary file in ${path.dirname(target)}`, e);
  }
  try {
    try {
      writeAll(fd, bytes);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    try {
      // Only root may give a file away; a normal user's own files keep their owner anyway.
      // (chown first: it clears set-user-ID bits, which the chmod then restores.)
      if (process.getuid?.() === 0) fs.chownSync(temp, stat.uid, stat.gid);
    } catch {
      // e.g. a file system without owners: the new file keeps ours.
    }
    fs.chmodSync(temp, stat.mode & 0o7777);
  } catch (e) {
    fs.rmSync(temp, { force: true });
    throw failure(file, 'write a temporary file', e);
  }
  // The last look before the rename: whatever wrote the file while we were busy wins.
  if (!unchanged()) {
    fs.rmSync(temp, { force: true });
    throw new FileChangedError(`${file}: changed on disk while ngxlint was fixing it; not written`);
  }
  try {
    fs.renameSync(temp, target);
  } catch (e) {
    fs.rmSync(temp, { force: true });
    throw failure(file, 'replace it', e);
  }
  // Make the rename itself durable.
  try {
    const dirFd = fs.openSync(path.dirname(target), 'r');
    try {
      fs.fsyncSync(dirFd);
    } finally {
      fs.closeSync(dirFd);
    }
  } catch {
    // Some file systems cannot fsync a folder; the rename has happened either way.
  }
}
