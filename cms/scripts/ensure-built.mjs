// Builds the CMS (its TypeScript types from the schemas, the server code and the admin panel, about
// a minute) when it has not been built, or its code, config or Strapi changed since; with
// --force always. `npm run build`, `npm start` and `npm test` call it, so an installed copy never
// runs an admin older than its code, and an up-to-date one starts without waiting.
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { cmsDir, strapiBin } from './cms-paths.mjs';

const strapiVersion = JSON.parse(
  fs.readFileSync(path.join(path.dirname(strapiBin), '..', 'package.json'), 'utf8'),
).version;

const stampFile = path.join(cmsDir, 'dist', 'build-source.json');

/**
 * A digest of what the CMS is built from: its code and config, its package.json and the Strapi
 * that is installed (a new Strapi means a new admin). Contents, not dates: a copy, a checkout or
 * `npm prune` leaves it as it was.
 */
function sourceDigest() {
  const hash = crypto.createHash('sha256');
  const files = ['src', 'config'].flatMap((dir) =>
    fs
      .readdirSync(path.join(cmsDir, dir), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => path.join(entry.parentPath, entry.name)),
  );
  for (const file of [...files.sort(), path.join(cmsDir, 'package.json')]) {
    hash.update(path.relative(cmsDir, file)).update('\0').update(fs.readFileSync(file));
  }
  hash.update(strapiVersion);
  return hash.digest('hex');
}

/** Why the CMS must be built ('not built yet', 'its code changed'), or null when it is current. */
export function whyBuildCms() {
  if (!fs.existsSync(path.join(cmsDir, 'dist', 'build', 'index.html'))) return 'not built yet';
  let built = null;
  try {
    built = JSON.parse(fs.readFileSync(stampFile, 'utf8')).digest;
  } catch {
    // built before builds were stamped
  }
  return built === sourceDigest() ? null : 'its code changed';
}

/** Builds the CMS when it is stale (or `force`); throws when the build fails. */
export function ensureCmsBuilt({ log = console.log, force = false, env = process.env } = {}) {
  const why = force ? 'asked for' : whyBuildCms();
  if (!why) return false;
  log(`[cms] Building the CMS and its admin panel (${why}; about a minute) …`);
  const run = (args) => {
    const result = spawnSync(process.execPath, [strapiBin, ...args], {
      cwd: cmsDir,
      stdio: 'inherit',
      env: { ...env, STRAPI_TELEMETRY_DISABLED: 'true' },
    });
    if (result.status !== 0)
      throw new Error(`Building the CMS failed (strapi ${args[0]}); see the output above.`);
  };
  run(['ts:generate-types', '--silent']);
  const digest = sourceDigest(); // of the code the build read
  run(['build']);
  fs.writeFileSync(stampFile, `${JSON.stringify({ digest, builtAt: new Date().toISOString() })}\n`);
  return true;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  try {
    if (!ensureCmsBuilt({ force: process.argv.includes('--force') }))
      console.log('[cms] The CMS and its admin panel are built and up to date.');
  } catch (error) {
    console.error(`[cms] ${error.message}`);
    process.exit(1);
  }
}
