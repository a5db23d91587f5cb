/**
 * Preloaded into a CLI process (`node --require record-loads.js dist/src/cli/main.js …`): at exit,
 * writes to $NGXLINT_RECORD_FILE, as JSON, every module the process loaded and every file it read
 * with fs.readFileSync. The cold-start test asserts what a plain lint does not load.
 */
'use strict';
const fs = require('fs');

const out = process.env.NGXLINT_RECORD_FILE;
const reads = [];
const readFileSync = fs.readFileSync;
const writeFileSync = fs.writeFileSync;
fs.readFileSync = function recordedReadFileSync(file, ...rest) {
  if (typeof file === 'string') reads.push(file);
  return readFileSync.call(this, file, ...rest);
};
process.on('exit', () => {
  if (out) writeFileSync(out, JSON.stringify({ modules: Object.keys(require.cache), reads }));
});
