import { defineSettings, readSettings, settingKinds as k, type SettingsOf } from '@blog/shared';

/**
 * Every environment variable the CMS reads (config/*.ts and the site hooks in src/), with its
 * default and meaning; cms/.env.example documents the same names. `npm install` writes cms/.env
 * with fresh secrets (scripts/ensure-env.mjs); Strapi loads it before the config is read.
 */
export const CMS_SETTINGS = defineSettings({
  host: {
    env: 'HOST',
    kind: k.text,
    default: '0.0.0.0',
    meaning: 'the interface Strapi listens on',
  },
  port: { env: 'PORT', kind: k.port, default: '1337', meaning: 'the port Strapi listens on' },
  publicUrl: {
    env: 'PUBLIC_URL',
    kind: k.url,
    meaning: 'the public address of the CMS when it runs behind a proxy',
  },
  trustedProxies: {
    env: 'TRUSTED_PROXIES',
    kind: k.trustedProxies,
    default: 'loopback',
    meaning:
      "the reverse proxies whose X-Forwarded-For names the client (the admin's login limit counts that address): loopback, none, or addresses and IPv4 ranges",
  },
  appKeys: { env: 'APP_KEYS', kind: k.list, required: true, meaning: 'session and cookie keys' },
  apiTokenSalt: { env: 'API_TOKEN_SALT', kind: k.text, required: true, meaning: 'API token salt' },
  adminJwtSecret: {
    env: 'ADMIN_JWT_SECRET',
    kind: k.text,
    required: true,
    meaning: "signs the admin's sessions",
  },
  transferTokenSalt: {
    env: 'TRANSFER_TOKEN_SALT',
    kind: k.text,
    required: true,
    meaning: 'transfer token salt',
  },
  jwtSecret: {
    env: 'JWT_SECRET',
    kind: k.text,
    required: true,
    meaning: "signs the users-permissions plugin's tokens (the plugin reads it itself)",
  },
  encryptionKey: {
    env: 'ENCRYPTION_KEY',
    kind: k.text,
    required: true,
    meaning: 'encrypts API tokens at rest',
  },
  databaseFilename: {
    env: 'DATABASE_FILENAME',
    kind: k.text,
    default: '.tmp/data.db',
    meaning: 'the embedded SQLite database, relative to cms/ or absolute',
  },
  databaseUrl: {
    env: 'DATABASE_URL',
    kind: k.text,
    meaning: 'PostgreSQL instead of SQLite: postgres://user:password@host:5432/name',
  },
  databasePoolMin: {
    env: 'DATABASE_POOL_MIN',
    kind: k.wholeNumber,
    default: '2',
    meaning: 'fewest PostgreSQL connections kept open',
  },
  databasePoolMax: {
    env: 'DATABASE_POOL_MAX',
    kind: k.wholeNumber,
    default: '10',
    meaning: 'most PostgreSQL connections',
  },
  databaseConnectionTimeout: {
    env: 'DATABASE_CONNECTION_TIMEOUT',
    kind: k.wholeNumber,
    default: '60000',
    meaning: 'how long to wait for a free PostgreSQL connection, in ms',
  },
  databaseSsl: {
    env: 'DATABASE_SSL',
    kind: k.flag,
    default: 'false',
    meaning: 'connect to PostgreSQL over TLS',
  },
  databaseSslRejectUnauthorized: {
    env: 'DATABASE_SSL_REJECT_UNAUTHORIZED',
    kind: k.flag,
    default: 'true',
    meaning: 'with DATABASE_SSL, refuse a server certificate that is not trusted',
  },
  databaseSchema: {
    env: 'DATABASE_SCHEMA',
    kind: k.text,
    default: 'public',
    meaning: 'the PostgreSQL schema',
  },
  siteTokenFile: {
    env: 'SITE_TOKEN_FILE',
    kind: k.text,
    default: '.tmp/site-token.json',
    meaning: "where the CMS writes the site's read-only API token, relative to cms/ or absolute",
  },
  inquiryTokenFile: {
    env: 'INQUIRY_TOKEN_FILE',
    kind: k.text,
    default: '.tmp/inquiry-token.json',
    meaning:
      "where the CMS writes the site forms' token (contact-form messages and newsletter sign-ups only), relative to cms/ or absolute",
  },
  importTokenFile: {
    env: 'IMPORT_TOKEN_FILE',
    kind: k.text,
    default: '.tmp/import-token.json',
    meaning:
      "where the CMS writes the import's token (`npm run import`; it may only import), relative to cms/ or absolute",
  },
  siteServerUrl: {
    env: 'SITE_SERVER_URL',
    kind: k.url,
    meaning: 'the site server: its webhook is called on every publish, drafts are previewed there',
  },
  siteUrl: {
    env: 'SITE_URL',
    kind: k.url,
    meaning:
      "the site's public address, for links in mails to readers (without it: SITE_SERVER_URL)",
  },
  subscriberSecret: {
    env: 'SUBSCRIBER_SECRET',
    kind: k.text,
    meaning:
      "signs the newsletter's confirm and unsubscribe links (without it there is no sign-up)",
  },
  newsletterPerMinute: {
    env: 'NEWSLETTER_MAILS_PER_MINUTE',
    kind: k.positiveNumber,
    default: '60',
    meaning:
      "the most newsletter mails the CMS sends a minute (keep under your mail provider's limit)",
  },
  siteWebhookSecret: {
    env: 'SITE_WEBHOOK_SECRET',
    kind: k.text,
    meaning: "the webhook's shared secret (without it there is no webhook)",
  },
  previewSecret: {
    env: 'PREVIEW_SECRET',
    kind: k.text,
    meaning: "signs the admin's preview links (without it there is no preview)",
  },
  previewTtlSeconds: {
    env: 'PREVIEW_TTL_SECONDS',
    kind: k.positiveNumber,
    default: '3600',
    meaning: 'how long a preview link lives, in seconds',
  },
  smtpHost: {
    env: 'SMTP_HOST',
    kind: k.text,
    meaning:
      'the SMTP server for every mail the CMS sends (inquiry mails, password resets, invitations); unset, each mail is written as an .eml file to MAIL_DIR',
  },
  smtpPort: { env: 'SMTP_PORT', kind: k.port, default: '587', meaning: "the SMTP server's port" },
  smtpSecure: {
    env: 'SMTP_SECURE',
    kind: k.flag,
    default: 'false',
    meaning:
      'TLS from the first byte (port 465); otherwise STARTTLS is used when the server offers it',
  },
  smtpUser: { env: 'SMTP_USER', kind: k.text, meaning: 'the SMTP login (none: no login)' },
  smtpPassword: { env: 'SMTP_PASSWORD', kind: k.text, meaning: 'the SMTP password' },
  mailFrom: {
    env: 'MAIL_FROM',
    kind: k.text,
    default: 'Kontaktformular <kontakt@localhost>',
    meaning: 'the sender of every mail the CMS sends',
  },
  mailTo: {
    env: 'MAIL_TO',
    kind: k.text,
    meaning: 'who gets the inquiry mails (the consultant); needed with SMTP_HOST',
  },
  mailDir: {
    env: 'MAIL_DIR',
    kind: k.text,
    default: '.tmp/mail',
    meaning: 'without SMTP_HOST, where the mails are written as .eml files (relative to cms/)',
  },
  mailRetrySeconds: {
    env: 'MAIL_RETRY_SECONDS',
    kind: k.positiveNumber,
    default: '60',
    meaning:
      'how often the CMS tries again to send inquiry mails that failed (waiting longer after each failure)',
  },
  s3Bucket: {
    env: 'S3_BUCKET',
    kind: k.text,
    meaning:
      'media in this S3 bucket (AWS, or any S3-compatible storage with S3_ENDPOINT) instead of cms/public/uploads',
  },
  s3Region: {
    env: 'S3_REGION',
    kind: k.text,
    default: 'us-east-1',
    meaning: "the bucket's region",
  },
  s3Endpoint: {
    env: 'S3_ENDPOINT',
    kind: k.url,
    meaning: 'an S3-compatible server instead of AWS (MinIO, Hetzner, Cloudflare R2, …)',
  },
  s3AccessKeyId: {
    env: 'S3_ACCESS_KEY_ID',
    kind: k.text,
    meaning: 'the access key (unset: the AWS SDK finds credentials itself, e.g. an instance role)',
  },
  s3SecretAccessKey: {
    env: 'S3_SECRET_ACCESS_KEY',
    kind: k.text,
    meaning: "the access key's secret",
  },
  s3PublicUrl: {
    env: 'S3_PUBLIC_URL',
    kind: k.url,
    meaning:
      "where readers fetch the media: the bucket's public address or a CDN in front of it (the site's CMS_MEDIA_URL is the same)",
  },
  s3PathStyle: {
    env: 'S3_FORCE_PATH_STYLE',
    kind: k.flag,
    default: 'false',
    meaning:
      'address the bucket as ENDPOINT/BUCKET/key (MinIO and most self-hosted servers need it)',
  },
  s3Acl: {
    env: 'S3_ACL',
    kind: k.oneOf('public-read', 'none'),
    default: 'public-read',
    meaning:
      "the ACL each file is stored with; none for buckets without ACLs (AWS's default since 2023, R2) that are public by policy",
  },
  s3Prefix: {
    env: 'S3_PREFIX',
    kind: k.text,
    meaning: 'a folder in the bucket for the media (e.g. blog)',
  },
  telemetryDisabled: {
    env: 'STRAPI_TELEMETRY_DISABLED',
    kind: k.flag,
    default: 'true',
    meaning: 'no calls home (Strapi reads it itself)',
  },
});

export type CmsSettings = SettingsOf<typeof CMS_SETTINGS>;

/** The CMS's settings from the environment, checked; an error names the variable that is wrong. */
export function cmsSettings(env: Record<string, string | undefined> = process.env): CmsSettings {
  return readSettings(CMS_SETTINGS, env);
}
