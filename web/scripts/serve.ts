// `npm run serve -w web`: the live site against a CMS that runs elsewhere (CMS_URL, CMS_TOKEN):
// serves it, rebuilds on the CMS's webhook, previews drafts. `npm start` runs the same with the
// embedded CMS.
import { connectionFromEnv } from '../src/lib/cms-client';
import { readSiteToken } from './embedded-cms';
import { startSiteService } from './site-service';

const port = Number(process.env.SITE_PORT || 4321);
const cms = connectionFromEnv({
  ...process.env,
  CMS_TOKEN: process.env.CMS_TOKEN || readSiteToken(),
});
const site = await startSiteService({
  cms,
  port,
  host: process.env.SITE_HOST || 'localhost',
  force: process.argv.includes('--force'),
});
console.log(`Site live at ${site.url}/ (status: ${site.url}/_builder/status)`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    void site.stop().then(() => process.exit(0));
  });
}
