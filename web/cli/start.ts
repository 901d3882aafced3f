// `npm start`: the whole system on this machine. Starts the CMS on the embedded SQLite database
// (created and seeded on first run), builds the site from it, serves it and keeps it live: every
// publish in the admin rebuilds the site within seconds, and drafts can be previewed.
import path from 'node:path';
import { startEmbeddedCms } from '../local-cms/embedded-cms.ts';
import { sharedSetting } from '../local-cms/local-config.ts';
import { cmsDir } from '@blog/cms/local';
import { startSiteService } from '../server/site-service.ts';
import { siteSettings } from '../src/site-settings.ts';

const settings = siteSettings(); // checked before anything starts
const SITE_PORT = settings.port;
const log = (line: string) => console.log(line);

log('Starting the CMS (Strapi) …');
const cms = await startEmbeddedCms({
  echo: settings.cmsLog,
  log,
  env: { SITE_SERVER_URL: `http://localhost:${SITE_PORT}` },
});
log(`CMS ready at ${cms.url}`);

const site = await startSiteService({
  cms,
  port: SITE_PORT,
  host: settings.host,
  log,
  force: process.argv.includes('--force'),
});
const failed = site.builder.status().lastError;
// Where the CMS's mails go (the one about each contact-form message, password resets); cms/.env says how.
const smtpHost = sharedSetting('SMTP_HOST');
const mails = smtpHost
  ? `by SMTP (${smtpHost}); contact-form mails to ${sharedSetting('MAIL_TO') ?? '– MAIL_TO is not set'}`
  : `${path.relative(path.dirname(cmsDir), path.resolve(cmsDir, sharedSetting('MAIL_DIR') ?? '.tmp/mail'))}/ as .eml files (set SMTP_HOST in cms/.env)`;

log(`
  ┌───────────────────────────────────────────────────────────────────────┐
    Site         ${site.url}/
    CMS admin    ${cms.url}/admin
    RSS          ${site.url}/rss.xml
    Build status ${site.url}/_builder/status
    Contact form ${site.url}/kontakt/
    CMS mails    ${mails}
    Guide        docs/redaktoer.md (the editor's guide, in Danish)

    First time? Open the admin and create the first administrator there
    (name, e-mail, password); it is the account you edit content with.
    Publishing in the admin updates the site within seconds; the admin's
    preview button shows drafts as the site will show them.
    Stop with Ctrl+C.
  └───────────────────────────────────────────────────────────────────────┘${failed ? `\n  The first site build failed: ${failed.message}` : ''}
`);

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  log(`\n${signal}: stopping the site and the CMS …`);
  await site.stop();
  await cms.stop();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
