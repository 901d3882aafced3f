import type { Core } from '@strapi/strapi';
import { cmsSettings } from './cms-settings';

export const SITE_WEBHOOK_NAME = 'Site builder';

/** Everything that can change what readers see; the builder ignores draft-only saves itself. */
const EVENTS = [
  'entry.create',
  'entry.update',
  'entry.delete',
  'entry.publish',
  'entry.unpublish',
  'media.create',
  'media.update',
  'media.delete',
];

interface Webhook {
  id: number;
  name: string;
  url: string;
  headers: Record<string, string>;
  events: string[];
  isEnabled: boolean;
}

/**
 * Points Strapi's webhook at the site builder (SITE_SERVER_URL + /_builder/webhook) with the shared
 * secret, so publishing rebuilds the site. Kept in step with .env on every start; without
 * SITE_SERVER_URL or SITE_WEBHOOK_SECRET there is no webhook.
 */
export async function ensureSiteWebhook(strapi: Core.Strapi): Promise<void> {
  const store = strapi.get('webhookStore');
  const runner = strapi.get('webhookRunner');
  const existing = ((await store.findWebhooks()) as Webhook[]).find(
    (webhook) => webhook.name === SITE_WEBHOOK_NAME,
  );
  const { siteServerUrl: serverUrl, siteWebhookSecret: secret } = cmsSettings();

  if (!serverUrl || !secret) {
    if (existing) {
      await store.deleteWebhook(existing.id);
      runner.remove(existing);
    }
    return;
  }
  const wanted = {
    name: SITE_WEBHOOK_NAME,
    url: `${serverUrl}/_builder/webhook`,
    headers: { Authorization: `Bearer ${secret}` },
    events: EVENTS,
    isEnabled: true,
  };
  if (!existing) {
    runner.add(await store.createWebhook(wanted));
    strapi.log.info(`[site-webhook] Publishing now rebuilds the site via ${wanted.url}`);
  } else if (
    existing.url !== wanted.url ||
    existing.headers?.Authorization !== wanted.headers.Authorization ||
    !existing.isEnabled ||
    existing.events.length !== EVENTS.length
  ) {
    runner.update(await store.updateWebhook(existing.id, wanted));
  }
}
