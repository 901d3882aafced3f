// `npm run serve -w web`: the live site against a CMS that runs elsewhere (CMS_URL, CMS_TOKEN):
// serves it, rebuilds on the CMS's webhook, previews drafts. `npm start` runs the same with the
// embedded CMS.
import { connectionFromEnv } from '../src/lib/cms-client.ts';
import { configuredCms } from '../local-cms/embedded-cms.ts';
import { startSiteService } from '../server/site-service.ts';
import { siteSettings } from '../src/site-settings.ts';

const settings = siteSettings();
const cms = configuredCms() ?? connectionFromEnv(); // the latter says that CMS_URL is missing
const site = await startSiteService({
  cms,
  port: settings.port,
  host: settings.host,
  force: process.argv.includes('--force'),
});
console.log(`Site live at ${site.url}/ (status: ${site.url}/_builder/status)`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: finishing requests and any running build, then stopping …`);
    void site.stop().then(() => process.exit(0));
  });
}
