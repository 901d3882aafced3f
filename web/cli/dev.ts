// `npm run dev`: Astro's dev server with hot reload, for work on pages, layouts and styles, showing
// the CMS's content. The CMS is CMS_URL (+ CMS_TOKEN) when set, else the local one of `npm start`
// when it runs, else the embedded CMS, started for the session. Content published in the admin
// shows within seconds (src/dev/content-refresh.ts).
import { dev } from 'astro';
import type { CmsConnection } from '../src/lib/cms-client.ts';
import {
  cmsAnswers,
  configuredCms,
  embeddedCmsUrl,
  readSiteToken,
  startEmbeddedCms,
  type EmbeddedCms,
} from '../local-cms/embedded-cms.ts';
import { webDir } from '../build/paths.ts';
import { devContentRefresh } from '../src/dev/content-refresh.ts';
import { siteSettings } from '../src/site-settings.ts';
import { syncSessionIntegration } from '../src/sync/loaders.ts';
import { SyncSession } from '../src/sync/session.ts';

const log = (line: string) => console.log(line);
const settings = siteSettings(); // checked before anything starts
let embedded: EmbeddedCms | null = null;
let cms: CmsConnection | null = configuredCms();

if (cms) {
  log(`Content from the CMS at ${cms.url}`);
} else if (await cmsAnswers(embeddedCmsUrl())) {
  cms = { url: embeddedCmsUrl(), token: readSiteToken() };
  log(`Content from the local CMS at ${cms.url} (already running)`);
} else {
  log('No CMS is running: starting the embedded CMS for this session …');
  cms = embedded = await startEmbeddedCms({ log });
  log(`CMS ready at ${cms.url} (admin: ${cms.url}/admin)`);
}
// The pages (media addresses) read the CMS from the site's settings; the loaders get the session.
Object.assign(process.env, { CMS_URL: cms.url, CMS_TOKEN: cms.token });
const session = new SyncSession({ cms, buildId: null, force: false });

const server = await dev({
  root: webDir,
  server: { port: settings.devPort },
  integrations: [syncSessionIntegration(session), devContentRefresh(session)],
});

let stopping = false;
async function shutdown() {
  if (stopping) return;
  stopping = true;
  await server.stop();
  await embedded?.stop();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());
