import type http from 'node:http';
import path from 'node:path';
import type { CmsConnection } from '../src/lib/cms-client.ts';
import { createContactRoute } from './contact/contact-route.ts';
import { createNewsletterRoute } from './newsletter/newsletter-route.ts';
import { readInquiryToken } from '../local-cms/embedded-cms.ts';
import { InquiryQueue } from './contact/inquiry-queue.ts';
import { requireSharedSetting } from '../local-cms/local-config.ts';
import { webDir } from '../build/paths.ts';
import { SiteBuilder } from './builder/site-builder.ts';
import { createSiteServer } from './site-server.ts';
import { siteSettings } from '../src/site-settings.ts';

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
  const webhookSecret = requireSharedSetting('SITE_WEBHOOK_SECRET');
  // Contact-form messages wait here until the CMS has them; delivery starts with what is left.
  const cms = () => ({ url: options.cms.url, token: readInquiryToken() });
  const queue = new InquiryQueue({
    dir: settings.inquiryQueueDir ?? path.join(webDir, '.inquiries'),
    target: cms,
    log,
  });
  queue.start();
  const forms = {
    secret: webhookSecret,
    siteOrigin: new URL(settings.siteUrl).origin,
    trustedProxies: settings.trustedProxies,
    clientDir: () => builder.live?.site.clientDir ?? null,
    log,
  };
  const server = createSiteServer({
    builder,
    webhookSecret,
    mediaOrigin,
    requestTimeoutMs: settings.requestTimeoutSeconds * 1000,
    forms: [createContactRoute({ ...forms, queue }), createNewsletterRoute({ ...forms, cms })],
    inquiries: () => queue.status(),
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
    stop: async () => {
      await stopGracefully(server, builder, settings.shutdownSeconds * 1000, log);
      queue.stop();
    },
  };
}

/**
 * Stops taking connections, lets the requests in flight and a running build finish (within
 * `graceMs`), then ends the build workers and the last connections. The live build stays whole on
 * disk, so the next start serves it at once.
 */
async function stopGracefully(
  server: http.Server,
  builder: SiteBuilder,
  graceMs: number,
  log: (line: string) => void,
): Promise<void> {
  const deadline = Date.now() + graceMs;
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  // A keep-alive connection that sends one more request gets its answer, then is closed.
  server.on('request', (_req, res: http.ServerResponse) => res.setHeader('Connection', 'close'));
  await builder.stop(graceMs);
  const drained = await Promise.race([
    closed.then(() => true),
    new Promise<false>((resolve) =>
      setTimeout(() => resolve(false), Math.max(0, deadline - Date.now())).unref(),
    ),
  ]);
  if (!drained)
    log('[site] Requests still open at the end of the shutdown grace period were cut off');
  server.closeAllConnections();
  await closed;
}
