// Astro's generated types (.astro/types.d.ts, which types what `astro:content` returns; a fresh clone
// has none until a build), for `npm run typecheck -w web` to check against. They come from the
// collection schemas, not the content, so they are generated through the local-file loaders (see
// src/content.config.ts) from empty files, in a throwaway cache: no CMS is needed, and the site's own
// sync cache is left alone.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { webDir } from '../build/paths.ts';

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'blog-types-'));
try {
  const content = path.join(scratch, 'content');
  for (const dir of ['posts', 'opinions'])
    fs.mkdirSync(path.join(content, dir), { recursive: true });
  for (const file of ['authors', 'tags', 'pages', 'site'])
    fs.writeFileSync(path.join(content, `${file}.json`), '[]');
  Object.assign(process.env, {
    SITE_CONTENT_DIR: content,
    SITE_CACHE_DIR: path.join(scratch, 'cache'),
    ASTRO_TELEMETRY_DISABLED: '1',
  });
  const { sync } = await import('astro');
  await sync({ root: webDir, logLevel: 'error' });
} finally {
  fs.rmSync(scratch, { recursive: true, force: true });
}
