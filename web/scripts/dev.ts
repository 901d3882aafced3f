// `npm run dev`: Astro's dev server with hot reload, for work on pages, layouts and styles, showing
// the CMS's content. The CMS is CMS_URL (+ CMS_TOKEN) when set, else the local one of `npm start`
// when it runs, else the embedded CMS, started for the session. Content published in the admin
// shows within seconds (src/dev/content-refresh.ts).
import { dev } from 'astro';
import { readSiteToken, startEmbeddedCms, type EmbeddedCms } from './embedded-cms';
import { sharedSetting } from './local-config';
import { webDir } from './paths';
import { siteSettings } from '../src/settings';

const log = (line: string) => console.log(line);
const settings = siteSettings(); // checked before anything starts
let embedded: EmbeddedCms | null = null;

if (settings.cmsUrl) {
  process.env.CMS_TOKEN = settings.cmsToken ?? readSiteToken();
  log(`Content from the CMS at ${settings.cmsUrl}`);
} else {
  const localUrl = `http://localhost:${Number(sharedSetting('PORT') ?? 1337)}`;
  if (await answers(`${localUrl}/_health`)) {
    log(`Content from the local CMS at ${localUrl} (already running)`);
    Object.assign(process.env, { CMS_URL: localUrl, CMS_TOKEN: readSiteToken() });
  } else {
    log('No CMS is running: starting the embedded CMS for this session …');
    embedded = await startEmbeddedCms({ log });
    log(`CMS ready at ${embedded.url} (admin: ${embedded.url}/admin)`);
    Object.assign(process.env, { CMS_URL: embedded.url, CMS_TOKEN: embedded.token });
  }
}

const server = await dev({
  root: webDir,
  server: { port: settings.devPort },
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

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(2000) })).ok;
  } catch {
    return false;
  }
}
