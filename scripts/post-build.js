// After tsc: make the CLI executable (npm links it as a bin) and bundle what a plain lint loads
// (scripts/build-cli-bundle.js), so that the CLI starts fast.
const fs = require('fs');
const path = require('path');
const cli = path.join(__dirname, '..', 'dist', 'src', 'cli', 'main.js');
if (fs.existsSync(cli)) {
  fs.chmodSync(cli, 0o755);
  require('child_process').execFileSync(process.execPath, [path.join(__dirname, 'build-cli-bundle.js')], { stdio: 'inherit' });
}
