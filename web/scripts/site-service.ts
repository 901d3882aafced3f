import type http from 'node:http';
import path from 'node:path';
import type { CmsConnection } from '../src/lib/cms-client';
import { requireSharedSetting } from './local-config';
import { webDir } from './paths';
import { SiteBuilder } from './site-builder';
import { createSiteServer } from './site-server';
import { siteSettings } from '../src/settings';

export interface SiteService {
  builder: SiteBuilder;
  server: http.Server;
  url: string;
  stop(): Promise<void>;
}

/**
 * The live site: builds it once from the CMS, then serves it and rebuilds on the CMS's webhook.
 * Drafts are previewed through the live build's on-demand routes.
 */
export async function startSiteService(options: {
  cms: CmsConnection;
  port: number;
  host?: string;
  force?: boolean;
  log?: (line: string) => void;
}): Promise<SiteService> {
  const log = options.log ?? console.log;
  // The preview routes read these at request time.
  process.env.PREVIEW_SECRET = requireSharedSetting('PREVIEW_SECRET');
  const settings = siteSettings();
  const builder = new SiteBuilder({
    cms: options.cms,
    buildsDir: settings.buildsDir ?? path.join(webDir, '.builds'),
    preview: true,
    scheduledRetryMs: settings.scheduleRetrySeconds * 1000,
    log,
  });
  const mediaOrigin = new URL(settings.cmsMediaUrl ?? options.cms.url).origin;
  const server = createSiteServer({
    builder,
    webhookSecret: requireSharedSetting('SITE_WEBHOOK_SECRET'),
    mediaOrigin,
    log,
  });
  const host = options.host ?? 'localhost';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, resolve);
  });
  const url = `http://${host === '0.0.0.0' ? 'localhost' : host}:${options.port}`;
  await builder.buildNow({ force: options.force });
  return {
    builder,
    server,
    url,
    async stop() {
      builder.stop();
      await builder.whenIdle();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
