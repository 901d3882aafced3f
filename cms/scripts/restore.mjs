// `npm run restore -- FILE`: restores a backup made by `npm run backup` (Strapi's import). Meant
// for an empty database; Strapi asks before it replaces existing content (--force does not ask).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { cmsDir, strapiBin } from './cms-paths.mjs';
import { ensureEnv } from './ensure-env.mjs';

const { values, positionals } = parseArgs({
  options: { force: { type: 'boolean', default: false } },
  allowPositionals: true,
});
if (positionals.length !== 1) {
  console.error('Usage: npm run restore -- <backup file .tar.gz> [--force]');
  process.exit(2);
}
const file = path.resolve(process.env.INIT_CWD || process.cwd(), positionals[0]);
if (!fs.existsSync(file)) {
  console.error(`No backup at ${file}`);
  process.exit(2);
}

ensureEnv();
console.log(`Restoring ${file} …`);
const result = spawnSync(
  process.execPath,
  [strapiBin, 'import', '--file', file, ...(values.force ? ['--force'] : [])],
  { cwd: cmsDir, stdio: 'inherit' },
);
if (result.status !== 0) {
  console.error('The restore failed; see the output above.');
  process.exit(result.status ?? 1);
}
console.log('Restored. Start the CMS (npm start) and rebuild the site.');
