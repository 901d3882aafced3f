// Runs one site server build (web/scripts/incremental-site.ts) into a builds directory, as a build
// worker does, and prints its result as the last line (JSON). Spawned with plain node by
// runIncrementalBuild (site-build.ts): `node tests/helpers/build-incrementally.mjs BUILDS_DIR` (JavaScript: the test's
// type check does not reach into the site's Astro modules).
import path from 'node:path';
import { buildIncrementally } from '../../web/scripts/incremental-site.ts';

const buildsDir = path.resolve(process.argv[2]);
const result = await buildIncrementally(
  { url: process.env.CMS_URL, token: process.env.CMS_TOKEN },
  buildsDir,
  path.join(buildsDir, `build-${Date.now()}`),
  { preview: true, log: (line) => console.log(line) },
);
console.log(JSON.stringify(result));
