// The mail the consultant gets for each new inquiry: plain text (what a reader wrote never becomes
// markup), the reader as Reply-To, sent through SMTP when SMTP_HOST is set, otherwise written as an
// .eml file to MAIL_DIR (the embedded default of `npm start`). Header values are encoded by
// nodemailer; the fields reaching here have been checked to hold no line breaks.
import fs from 'node:fs';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { formatDanishDateTime, INQUIRY_LABELS, INQUIRY_UID } from '@blog/shared';
import { cmsSettings } from './settings';

export interface InquiryForMail {
  documentId: string;
  name: string;
  email: string;
  company: string | null;
  phone: string | null;
  message: string;
  page: string | null;
  receivedAt: string | Date;
}

export interface InquiryMailer {
  /** Where the mails go, for the log: "smtp.example.dk:587 → ejer@example.dk" or the folder. */
  readonly destination: string;
  send(inquiry: InquiryForMail): Promise<void>;
}

/** The mailer the settings describe; a clear error when SMTP is half configured. */
export function createInquiryMailer(appRoot: string, adminUrl: string): InquiryMailer {
  const settings = cmsSettings();
  const compose = (inquiry: InquiryForMail) => ({
    from: settings.mailFrom,
    to: settings.mailTo ?? 'konsulent@localhost',
    replyTo: { name: inquiry.name, address: inquiry.email },
    subject: `Ny henvendelse fra ${inquiry.name}${inquiry.company ? `, ${inquiry.company}` : ''}`,
    text: mailText(
      inquiry,
      `${adminUrl}/content-manager/collection-types/${INQUIRY_UID}/${inquiry.documentId}`,
    ),
  });

  if (settings.smtpHost) {
    if (!settings.mailTo)
      throw new Error('MAIL_TO must be set with SMTP_HOST: who gets the inquiry mails?');
    const transport = nodemailer.createTransport({
      host: settings.smtpHost,
      port: settings.smtpPort,
      secure: settings.smtpSecure,
      auth: settings.smtpUser
        ? { user: settings.smtpUser, pass: settings.smtpPassword ?? '' }
        : undefined,
      connectionTimeout: 15_000,
      greetingTimeout: 15_000,
      socketTimeout: 30_000,
    });
    return {
      destination: `${settings.smtpHost}:${settings.smtpPort} → ${settings.mailTo}`,
      async send(inquiry) {
        await transport.sendMail(compose(inquiry));
      },
    };
  }

  const dir = path.resolve(appRoot, settings.mailDir);
  const transport = nodemailer.createTransport({
    streamTransport: true,
    buffer: true,
    newline: 'unix',
  });
  return {
    destination: dir,
    async send(inquiry) {
      const { message } = (await transport.sendMail(compose(inquiry))) as { message: Buffer };
      fs.mkdirSync(dir, { recursive: true });
      const stamp = new Date(inquiry.receivedAt).toISOString().replace(/[:.]/g, '-');
      const file = path.join(dir, `${stamp}-${inquiry.documentId}.eml`);
      // Whole or not at all: a mail reader never sees half a file.
      fs.writeFileSync(`${file}.part`, message, { mode: 0o600 });
      fs.renameSync(`${file}.part`, file);
    },
  };
}

function mailText(inquiry: InquiryForMail, adminLink: string): string {
  const line = (label: string, value: string | null) => (value ? `${label}: ${value}\n` : '');
  return [
    `Ny henvendelse fra kontaktformularen, modtaget ${formatDanishDateTime(inquiry.receivedAt)}.`,
    '',
    line(INQUIRY_LABELS.name, inquiry.name) +
      line(INQUIRY_LABELS.email, inquiry.email) +
      line(INQUIRY_LABELS.company, inquiry.company) +
      line(INQUIRY_LABELS.phone, inquiry.phone) +
      line('Sendt fra', inquiry.page),
    `${INQUIRY_LABELS.message}:`,
    inquiry.message,
    '',
    '-- ',
    'Svar direkte på denne mail for at skrive til afsenderen.',
    `Henvendelsen i CMS'et: ${adminLink}`,
    '',
  ].join('\n');
}
