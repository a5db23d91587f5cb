/**
 * Preloaded into the CLI by the kill test (`node --require slow-writes.js dist/src/cli/main.js …`):
 * writing a file takes real time, so that a `kill -9` can land in the middle of a write. A real
 * write of a config takes microseconds; a kill test whose kills never land there passes for a
 * writer that truncates the file and writes it in place just as well as for a safe one.
 *
 * fs.writeSync and fs.writeFileSync — what a synchronous writer ends up calling, the safe writer
 * and a naive in-place one alike — write in chunks of $NGXLINT_SLOW_WRITE_CHUNK bytes and sleep
 * $NGXLINT_SLOW_WRITE_PAUSE_MS after each chunk. The bytes written and the results returned are
 * those of the real functions; only the time changes. After each chunk, a line `DONE/TOTAL` goes
 * to file descriptor $NGXLINT_SLOW_WRITE_REPORT_FD (when set), so the test can kill the process
 * right inside a write instead of guessing when one happens. Standard output and error are not
 * slowed.
 */
'use strict';
const fs = require('fs');

const CHUNK = Number(process.env.NGXLINT_SLOW_WRITE_CHUNK) || 4096;
const PAUSE_MS = Number(process.env.NGXLINT_SLOW_WRITE_PAUSE_MS) || 10;
const REPORT_FD = process.env.NGXLINT_SLOW_WRITE_REPORT_FD ? Number(process.env.NGXLINT_SLOW_WRITE_REPORT_FD) : -1;

const writeSync = fs.writeSync;
const writeFileSync = fs.writeFileSync;
const sleeper = new Int32Array(new SharedArrayBuffer(4));

/** writeSync's three forms (buffer + offset/length/position, buffer + options, string) as one. */
function normalize(data, rest) {
  if (typeof data === 'string') {
    const bytes = Buffer.from(data, typeof rest[1] === 'string' ? rest[1] : 'utf8');
    return { bytes, offset: 0, length: bytes.length, position: rest[0] };
  }
  const options = rest[0] !== null && typeof rest[0] === 'object' ? rest[0] : { offset: rest[0], length: rest[1], position: rest[2] };
  const offset = options.offset ?? 0;
  return { bytes: data, offset, length: options.length ?? data.byteLength - offset, position: options.position };
}

fs.writeSync = function slowWriteSync(fd, data, ...rest) {
  if (fd <= 2 || fd === REPORT_FD || (typeof data !== 'string' && !ArrayBuffer.isView(data))) {
    return writeSync.call(this, fd, data, ...rest);
  }
  const { bytes, offset, length, position } = normalize(data, rest);
  let done = 0;
  do {
    const at = typeof position === 'number' ? position + done : null;
    done += writeSync(fd, bytes, offset + done, Math.min(CHUNK, length - done), at);
    if (REPORT_FD >= 0) writeSync(REPORT_FD, `${done}/${length}\n`);
    Atomics.wait(sleeper, 0, 0, PAUSE_MS);
  } while (done < length);
  return done;
};

fs.writeFileSync = function slowWriteFileSync(file, data, options) {
  const opts = typeof options === 'string' ? { encoding: options } : options ?? {};
  const bytes = typeof data === 'string' ? Buffer.from(data, opts.encoding ?? 'utf8') : data;
  if ((typeof file === 'number' && file <= 2) || !ArrayBuffer.isView(bytes)) return writeFileSync.call(this, file, data, options);
  const fd = typeof file === 'number' ? file : fs.openSync(file, opts.flag ?? 'w', opts.mode ?? 0o666);
  try {
    fs.writeSync(fd, bytes);
  } finally {
    if (typeof file !== 'number') fs.closeSync(fd);
  }
};
