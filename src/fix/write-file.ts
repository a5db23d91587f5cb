/**
 * Writing a fixed file safely: the new text goes to a temporary file in the same folder, is flushed
 * to disk, and is renamed over the original — a reader (or a crash) sees the old file or the new
 * one, never a half-written one. The file's mode is kept; a symlink's target is written, not the
 * link. A file that changed on disk since it was read is not written.
 */
import * as fs from 'fs';
import * as path from 'path';

export class FileChangedError extends Error {}

export function encodeText(text: string, encoding: 'utf8' | 'latin1'): Buffer {
  return Buffer.from(text, encoding === 'latin1' ? 'latin1' : 'utf8');
}

/**
 * Replaces `file` with `text`, provided its current bytes are still `expectedOriginal`.
 * Throws FileChangedError when they are not, and leaves the file alone.
 */
export function writeFileAtomically(file: string, text: string, encoding: 'utf8' | 'latin1', expectedOriginal: string): void {
  const target = fs.realpathSync(file);
  const before = fs.readFileSync(target);
  if (!before.equals(encodeText(expectedOriginal, encoding))) {
    throw new FileChangedError(`${file}: changed on disk while ngxlint was fixing it; not written`);
  }
  const stat = fs.statSync(target);
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.ngxlint-${process.pid}-${Date.now().toString(36)}.tmp`);
  const fd = fs.openSync(temp, 'wx', stat.mode & 0o7777);
  try {
    fs.writeSync(fd, encodeText(text, encoding));
    fs.fsyncSync(fd);
  } catch (e) {
    fs.closeSync(fd);
    fs.rmSync(temp, { force: true });
    throw e;
  }
  fs.closeSync(fd);
  try {
    fs.chmodSync(temp, stat.mode & 0o7777);
    try {
      fs.chownSync(temp, stat.uid, stat.gid);
    } catch {
      // Only root may give a file away; a normal user's own files keep their owner anyway.
    }
    fs.renameSync(temp, target);
  } catch (e) {
    fs.rmSync(temp, { force: true });
    throw e;
  }
  // Make the rename itself durable.
  try {
    const dirFd = fs.openSync(path.dirname(target), 'r');
    fs.fsyncSync(dirFd);
    fs.closeSync(dirFd);
  } catch {
    // Some file systems cannot fsync a folder; the rename has happened either way.
  }
}
