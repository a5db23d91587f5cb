/**
 * Fatal errors of the command line: one line on stderr, exit code 2, never a stack trace (unless
 * --debug).
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
  }

  /** A file system error on `file`, worded for people: `nginx.conf: no such file`. */
  static fromFs(error: unknown, file: string): CliError {
    const code = (error as NodeJS.ErrnoException)?.code;
    const reasons: Record<string, string> = {
      ENOENT: 'no such file or directory',
      EACCES: 'permission denied',
      EISDIR: 'is a directory, expected a file',
      ENOTDIR: 'a part of the path is not a directory',
      ELOOP: 'too many levels of symbolic links (a symlink loop?)',
      EMFILE: 'too many open files',
      EEXIST: 'a part of the path is a file, not a folder',
      EROFS: 'read-only file system',
      EPERM: 'operation not permitted',
    };
    const reason = (code && reasons[code]) || (error instanceof Error ? error.message : String(error));
    return new CliError(`${file}: ${reason}`);
  }
}
