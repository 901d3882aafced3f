import {
  defineSettings,
  readSetting,
  readSettings,
  settingKinds as k,
  type SettingsOf,
} from '@blog/shared';

/**
 * Every environment variable the site reads (build, site server, dev server), with its default and
 * meaning; docs/operations.md's configuration table lists the same. Read with siteSettings(), which checks
 * them all and names the variable that is wrong.
 */
export const SITE_SETTINGS = defineSettings({
  cmsUrl: { env: 'CMS_URL', kind: k.url, meaning: 'the CMS to build from' },
  cmsToken: {
    env: 'CMS_TOKEN',
    kind: k.text,
    meaning: "the CMS's read-only API token for the site",
  },
  cmsMediaUrl: {
    env: 'CMS_MEDIA_URL',
    kind: k.url,
    meaning: 'where media from the CMS is served, if not at CMS_URL',
  },
  cmsTimeoutMs: {
    env: 'CMS_TIMEOUT_MS',
    kind: k.positiveNumber,
    default: '30000',
    meaning: 'how long one request to the CMS may take, in ms',
  },
  siteUrl: {
    env: 'SITE_URL',
    kind: k.url,
    default: 'http://localhost:4321',
    meaning: 'the public address of the site (canonical URLs, feed, sitemap)',
  },
  port: {
    env: 'SITE_PORT',
    kind: k.port,
    default: '4321',
    meaning: 'where npm start and npm run serve -w web serve the site',
  },
  host: {
    env: 'SITE_HOST',
    kind: k.text,
    default: 'localhost',
    meaning: 'the interface the site server listens on',
  },
  trustedProxies: {
    env: 'TRUSTED_PROXIES',
    kind: k.trustedProxies,
    default: 'loopback',
    meaning:
      "the reverse proxies whose X-Forwarded-For names the client (the contact form's limits count that address): loopback, none, or addresses and IPv4 ranges",
  },
  devPort: {
    env: 'SITE_DEV_PORT',
    kind: k.port,
    default: '4321',
    meaning: "npm run dev's port (the next free one when taken)",
  },
  buildsDir: {
    env: 'SITE_BUILDS_DIR',
    kind: k.text,
    meaning: 'where the site server keeps its builds (default web/.builds)',
  },
  requestTimeoutSeconds: {
    env: 'SITE_REQUEST_TIMEOUT_SECONDS',
    kind: k.positiveNumber,
    default: '15',
    meaning:
      'how long the site server waits for a request to arrive in full, and for an idle connection',
  },
  shutdownSeconds: {
    env: 'SITE_SHUTDOWN_SECONDS',
    kind: k.positiveNumber,
    default: '30',
    meaning:
      'on SIGTERM, how long the site server lets requests and a running build finish before it exits',
  },
  scheduleRetrySeconds: {
    env: 'SITE_SCHEDULE_RETRY_SECONDS',
    kind: k.positiveNumber,
    default: '30',
    meaning: 'how soon the site server retries a failed build for due scheduled content',
  },
  buildHeapMb: {
    env: 'SITE_BUILD_HEAP_MB',
    kind: k.wholeNumber,
    default: '640',
    meaning: "heap limit of npm run build:site's rendering process in MB; 0 for Node's default",
  },
  searchShardMb: {
    env: 'SITE_SEARCH_SHARD_MB',
    kind: k.positiveNumber,
    default: '32',
    meaning: 'HTML per search index shard, in MB',
  },
  buildLogLevel: {
    env: 'SITE_BUILD_LOG_LEVEL',
    kind: k.oneOf('info', 'debug'),
    default: 'info',
    meaning: "how much Astro's build logs",
  },
  cacheDir: {
    env: 'SITE_CACHE_DIR',
    kind: k.text,
    meaning: "Astro's cache (content store, images) when not web/node_modules/.astro",
  },
  contentDir: {
    env: 'SITE_CONTENT_DIR',
    kind: k.text,
    meaning: "build from local files instead of the CMS (the benchmark's floor)",
  },
  tokenFile: {
    env: 'SITE_TOKEN_FILE',
    kind: k.text,
    default: '.tmp/site-token.json',
    meaning: 'where the CMS writes the read-only token, relative to cms/ (shared with the CMS)',
  },
  inquiryToken: {
    env: 'CMS_INQUIRY_TOKEN',
    kind: k.text,
    meaning:
      "the site forms' API token (it may only hand in contact-form messages and newsletter sign-ups); read from the CMS's token file when unset",
  },
  inquiryTokenFile: {
    env: 'INQUIRY_TOKEN_FILE',
    kind: k.text,
    default: '.tmp/inquiry-token.json',
    meaning:
      "where the CMS writes the contact form's token, relative to cms/ (shared with the CMS)",
  },
  importToken: {
    env: 'CMS_IMPORT_TOKEN',
    kind: k.text,
    meaning: "the import's API token (`npm run import`); read from the CMS's token file when unset",
  },
  importTokenFile: {
    env: 'IMPORT_TOKEN_FILE',
    kind: k.text,
    default: '.tmp/import-token.json',
    meaning: "where the CMS writes the import's token, relative to cms/ (shared with the CMS)",
  },
  inquiryQueueDir: {
    env: 'SITE_INQUIRY_DIR',
    kind: k.text,
    meaning:
      'where the site server keeps contact-form messages until the CMS has them (default web/.inquiries)',
  },
  webhookSecret: {
    env: 'SITE_WEBHOOK_SECRET',
    kind: k.text,
    meaning: "the CMS webhook's shared secret (read from cms/.env when unset)",
  },
  previewSecret: {
    env: 'PREVIEW_SECRET',
    kind: k.text,
    meaning: "signs the admin's preview links, shared with the CMS (read from cms/.env when unset)",
  },
  cmsLog: {
    env: 'CMS_LOG',
    kind: k.flag,
    default: '0',
    meaning: "npm start also prints the CMS's log",
  },
});

export type SiteSettings = SettingsOf<typeof SITE_SETTINGS>;

/** The site's settings from the environment as it is now (scripts set some before Astro runs). */
export function siteSettings(env: Record<string, string | undefined> = process.env): SiteSettings {
  return readSettings(SITE_SETTINGS, env);
}

/** One of the site's settings, read now: for code that runs per request or per image. */
export function siteSetting<Key extends keyof SiteSettings>(
  key: Key,
  env: Record<string, string | undefined> = process.env,
): SiteSettings[Key] {
  return readSetting(SITE_SETTINGS, key, env);
}
