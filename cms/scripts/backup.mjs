// `npm run backup`: a dated archive of all content, media and settings (Strapi's export), in
// cms/backups/ or --dir DIR. Safe while the CMS runs (SQLite in WAL mode).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { cmsDir, strapiBin } from './cms-paths.mjs';
import { ensureEnv } from './ensure-env.mjs';

const { values } = parseArgs({ options: { dir: { type: 'string' } } });
const userDir = process.env.INIT_CWD || process.cwd();
const dir = values.dir ? path.resolve(userDir, values.dir) : path.join(cmsDir, 'backups');

ensureEnv();
fs.mkdirSync(dir, { recursive: true });
const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
const file = path.join(dir, `blog-${stamp}`);
console.log(`Backing up content, media and settings to ${file}.tar.gz …`);
const result = spawnSync(process.execPath, [strapiBin, 'export', '--no-encrypt', '--file', file], {
  cwd: cmsDir,
  stdio: 'inherit',
});
if (result.status !== 0) {
  console.error('The backup failed; see the output above.');
  process.exit(result.status ?? 1);
}
console.log(
  `Backup written: ${file}.tar.gz\nRestore it into an empty database with: npm run restore -- ${path.relative(userDir, `${file}.tar.gz`)}`,
);
