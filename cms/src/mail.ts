// The one mail path: every mail the CMS sends (the inquiry mails, and Strapi's own: password resets,
// invitations) goes through Strapi's email plugin with the nodemailer provider, configured here once
// from the SMTP settings (config/plugins.ts). Without SMTP_HOST, the embedded default, the same
// provider writes each mail as an .eml file to MAIL_DIR instead of sending it.
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { Core } from '@strapi/strapi';
import type { CmsSettings } from './cms-settings';

/** What the email plugin is configured with: provider, its options and the default sender. */
export function emailPluginConfig(settings: CmsSettings, cmsRoot: string) {
  return {
    provider: 'nodemailer',
    providerOptions: settings.smtpHost
      ? {
          host: settings.smtpHost,
          port: settings.smtpPort,
          secure: settings.smtpSecure,
          auth: settings.smtpUser
            ? { user: settings.smtpUser, pass: settings.smtpPassword ?? '' }
            : undefined,
          connectionTimeout: 15_000,
          greetingTimeout: 15_000,
          socketTimeout: 30_000,
          // One connection kept open and reused: a newsletter is hundreds of mails in a row, and
          // a new connection (TLS, login) for each would be most of the time spent. Idle for
          // socketTimeout, it closes; the next mail logs in anew.
          pool: true,
          maxConnections: 1,
          // Over plain TCP (STARTTLS upgrades it), each mail's last lines go out at once:
          // otherwise Nagle's algorithm holds them for the server's delayed acknowledgement,
          // about 40 ms a mail (measured with smtp-server: 46.7 ms a mail, 3.9 ms with this).
          ...(settings.smtpSecure ? {} : { getSocket: connectWithoutDelay }),
        }
      : emlFolderTransport(mailFolder(settings, cmsRoot)),
    settings: { defaultFrom: settings.mailFrom, defaultReplyTo: settings.mailFrom },
  };
}

/**
 * nodemailer's getSocket: a TCP connection to the SMTP server with Nagle's algorithm off, handed
 * over at once. nodemailer's own handlers then see a refused or broken connection (given only
 * once connected, a refusal left its pool waiting for good).
 */
function connectWithoutDelay(
  options: { host?: string; port?: number },
  callback: (error: Error | null, socket: { connection: net.Socket }) => void,
): void {
  callback(null, {
    connection: net.connect({
      host: options.host ?? 'localhost',
      port: options.port ?? 587,
      noDelay: true,
    }),
  });
}

/** Where the .eml files go without SMTP_HOST. */
export function mailFolder(settings: CmsSettings, cmsRoot: string): string {
  return path.resolve(cmsRoot, settings.mailDir);
}

/** Where mails go, for the log: "smtp.example.dk:587" or the folder. */
export function mailDestination(settings: CmsSettings, cmsRoot: string): string {
  return settings.smtpHost
    ? `${settings.smtpHost}:${settings.smtpPort}`
    : mailFolder(settings, cmsRoot);
}

/** A sending failure in words that name the setting to look at. */
export function describeMailError(error: unknown, settings: CmsSettings): string {
  const { code, message } = error as { code?: string; message?: string };
  const server = `${settings.smtpHost}:${settings.smtpPort}`;
  switch (code) {
    case 'EAUTH':
    case 'ENOAUTH':
      return `The SMTP server ${server} refused the login: check SMTP_USER and SMTP_PASSWORD (${message})`;
    case 'ECONNECTION':
    case 'ETIMEDOUT':
    case 'ESOCKET':
    case 'EDNS':
      return `No connection to the SMTP server ${server}: check SMTP_HOST, SMTP_PORT and SMTP_SECURE (${message})`;
    case 'ETLS':
      return `TLS with the SMTP server ${server} failed: check SMTP_SECURE and SMTP_PORT (${message})`;
    case 'EENVELOPE':
      return `The SMTP server ${server} refused a sender or recipient: check MAIL_FROM and MAIL_TO (${message})`;
    default:
      return message ?? String(error);
  }
}

/** The part of a nodemailer message a transport sees. */
interface OutgoingMail {
  message: {
    build(callback: (error: Error | null, message: Buffer) => void): void;
    getEnvelope(): { from: string | false; to: string[] };
    messageId(): string;
  };
}

/**
 * A nodemailer transport that writes each message, whole, as an .eml file (readable only by the
 * CMS's user: it holds what readers wrote) instead of sending it.
 */
function emlFolderTransport(dir: string) {
  return {
    name: 'eml-folder',
    version: '1.0.0',
    send(
      mail: OutgoingMail,
      done: (error: Error | null, info?: { envelope: unknown; messageId: string }) => void,
    ) {
      mail.message.build((error, message) => {
        if (error) return done(error);
        try {
          fs.mkdirSync(dir, { recursive: true });
          const stamp = new Date().toISOString().replace(/[:.]/g, '-');
          const file = path.join(dir, `${stamp}-${crypto.randomBytes(4).toString('hex')}.eml`);
          // Whole or not at all: a mail reader never sees half a file.
          fs.writeFileSync(`${file}.part`, message, { mode: 0o600 });
          fs.renameSync(`${file}.part`, file);
          done(null, { envelope: mail.message.getEnvelope(), messageId: mail.message.messageId() });
        } catch (writeError) {
          done(writeError as Error);
        }
      });
    },
  };
}

/**
 * Says at start where the CMS's mails go and, with SMTP, whether the server takes the connection
 * and login; a wrong setting is named in the log at once, not first when a mail fails. Never
 * throws: the mails wait and are tried again while the server is away.
 */
export async function reportMailPath(strapi: Core.Strapi, settings: CmsSettings): Promise<void> {
  const destination = mailDestination(settings, strapi.dirs.app.root);
  if (!settings.smtpHost) {
    strapi.log.info(
      `[mail] No SMTP_HOST set: every mail of the CMS (inquiries, password resets) is written as an .eml file to ${destination}`,
    );
    return;
  }
  try {
    await (strapi.plugin('email').provider as { verify(): Promise<unknown> }).verify();
    strapi.log.info(`[mail] Mails go by SMTP through ${destination}`);
  } catch (error) {
    strapi.log.error(`[mail] ${describeMailError(error, settings)}`);
  }
}
