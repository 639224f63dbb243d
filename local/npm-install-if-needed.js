// Installs the emulators pinned by package-lock.json (npm ci), unless node_modules already
// holds exactly that lock. Run by the Maven build; needs only Node and npm.
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');

const major = Number(process.versions.node.split('.')[0]);
if (major < 18) {
  console.error(`Node ${process.versions.node} is too old: the Kinesis emulators need Node 18 or newer.`);
  process.exit(1);
}
const lock = fs.readFileSync(path.join(__dirname, 'package-lock.json'));
const hash = crypto.createHash('sha256').update(lock).digest('hex');
const stamp = path.join(__dirname, 'node_modules', '.pgflink-lock-sha256');
if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === hash) {
  process.exit(0);
}
console.log('Installing the Kinesis emulators from package-lock.json (npm ci)…');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
execFileSync(npm, ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: __dirname, stdio: 'inherit' });
fs.writeFileSync(stamp, hash);
