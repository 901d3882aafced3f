// The mail the consultant gets for each new inquiry: plain text only (what a reader wrote never
// becomes markup), the reader as Reply-To. It is sent through the email plugin like every mail of
// the CMS (src/mail.ts). Header values are encoded by nodemailer; the fields reaching here have
// been checked to hold no line breaks.
import { formatDanishDateTime, INQUIRY_LABELS, INQUIRY_UID } from '@blog/shared';
import type { CmsSettings } from './cms-settings';

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

/** The mail about one inquiry, as the email plugin's send() takes it; the sender is MAIL_FROM. */
export function inquiryMail(inquiry: InquiryForMail, settings: CmsSettings, adminUrl: string) {
  if (settings.smtpHost && !settings.mailTo)
    throw new Error('MAIL_TO must be set with SMTP_HOST: who gets the inquiry mails?');
  return {
    to: settings.mailTo ?? 'konsulent@localhost',
    replyTo: { name: inquiry.name, address: inquiry.email },
    subject: `Ny henvendelse fra ${inquiry.name}${inquiry.company ? `, ${inquiry.company}` : ''}`,
    text: mailText(
      inquiry,
      `${adminUrl}/content-manager/collection-types/${INQUIRY_UID}/${inquiry.documentId}`,
    ),
    // Empty, not left out: the nodemailer provider would otherwise send the text as HTML too.
    html: '',
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
