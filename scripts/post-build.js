// After tsc: make the CLI executable (npm links it as a bin).
const fs = require('fs');
const path = require('path');
const cli = path.join(__dirname, '..', 'dist', 'src', 'cli', 'main.js');
if (fs.existsSync(cli)) fs.chmodSync(cli, 0o755);
