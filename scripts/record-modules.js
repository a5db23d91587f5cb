/**
 * Preloaded by scripts/build-cli-bundle.js into a CLI run: at exit, writes the files of every
 * module the process loaded, in load order, as JSON to $NGXLINT_RECORD_MODULES.
 */
'use strict';
const out = process.env.NGXLINT_RECORD_MODULES;
if (out) process.on('exit', () => require('fs').writeFileSync(out, JSON.stringify(Object.keys(require.cache))));
