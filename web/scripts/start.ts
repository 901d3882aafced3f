// `npm start`: the whole system on this machine. Starts the CMS on the embedded SQLite database
// (created and seeded on first run), builds the site from it, serves it, and says where things are.
import { preview } from 'astro';
import { startEmbeddedCms } from './embedded-cms';
import { defaultOutDir, webDir } from './paths';
import { buildSite } from './site-build';

const SITE_PORT = Number(process.env.SITE_PORT || 4321);
const log = (line: string) => console.log(line);

log('Starting the CMS (Strapi) …');
const cms = await startEmbeddedCms({ echo: process.env.CMS_LOG === '1', log });
log(`CMS ready at ${cms.url}`);

let buildError: Error | undefined;
try {
  await buildSite(cms, defaultOutDir, log);
} catch (error) {
  buildError = error as Error;
  console.error(`\nThe site build failed; serving the previous build if there is one.\n${buildError.message}\n`);
}

process.env.ASTRO_TELEMETRY_DISABLED = '1';
const server = await preview({ root: webDir, logLevel: 'warn', server: { port: SITE_PORT, host: 'localhost' } });

log(`
  ┌───────────────────────────────────────────────────────────────────────┐
    Site         http://localhost:${server.port}/
    CMS admin    ${cms.url}/admin
    RSS          http://localhost:${server.port}/rss.xml

    First time? Open the admin and create the first administrator there
    (name, e-mail, password); it is the account you edit content with.
    After editing, rebuild the site in another terminal with:
      CMS_URL=${cms.url} npm run build
    Stop with Ctrl+C.
  └───────────────────────────────────────────────────────────────────────┘${buildError ? '\n  (The site build failed: see the error above.)' : ''}
`);

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  log(`\n${signal}: stopping the site and the CMS …`);
  await server.stop();
  await cms.stop();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
