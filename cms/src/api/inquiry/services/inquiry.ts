import { factories } from '@strapi/strapi';
import { INQUIRY_UID, type InquiryFields } from '@blog/shared';
import { inquiryMail, type InquiryForMail } from '../../../inquiry-mail';
import { describeMailError, mailDestination } from '../../../mail';
import { cmsSettings } from '../../../cms-settings';

/** What the site server hands in besides the fields. */
export interface Submission {
  /** When the reader sent it (the site server may deliver it later, after the CMS was down). */
  receivedAt: Date;
  /** The site server's id for it: delivered twice, it is kept once. */
  submissionId: string | null;
  /** The page the form was sent from. */
  page: string | null;
}

// A type, not an interface: Strapi's service factory wants an index signature.
export type InquiryService = {
  mailDestination(): string;
  receive(
    fields: InquiryFields,
    submission: Submission,
  ): Promise<{ documentId: string; duplicate: boolean }>;
  sendPendingMails(): Promise<number>;
  deleteExpired(now?: Date): Promise<number>;
};

/** Longest wait between two attempts to send a mail that failed. */
const MAX_RETRY_WAIT_MS = 6 * 60 * 60 * 1000;

type Row = InquiryForMail & { id: number; mailAttempts: number | null };

export default factories.createCoreService(INQUIRY_UID, ({ strapi }) => {
  const send = (row: Row) =>
    strapi
      .plugin('email')
      .service('email')
      .send(inquiryMail(row, cmsSettings(), `${adminBaseUrl()}/admin`));
  const rows = () => strapi.db.query(INQUIRY_UID);
  /** Mails being sent by this process now: the retry round leaves them alone. */
  const sending = new Set<string>();

  function adminBaseUrl(): string {
    const settings = cmsSettings();
    return (
      settings.publicUrl?.replace(/\/$/, '') ??
      `http://${settings.host === '0.0.0.0' ? 'localhost' : settings.host}:${settings.port}`
    );
  }

  /** Sends the mail for one inquiry; a failure is recorded and tried again later, never thrown. */
  async function notify(row: Row): Promise<boolean> {
    if (sending.has(row.documentId)) return false;
    sending.add(row.documentId);
    try {
      await send(row);
      await rows().update({
        where: { id: row.id },
        data: { notifiedAt: new Date(), mailError: null, mailNextAttemptAt: null },
      });
      return true;
    } catch (error) {
      const attempts = (row.mailAttempts ?? 0) + 1;
      const wait = Math.min(
        cmsSettings().mailRetrySeconds * 1000 * 2 ** (attempts - 1),
        MAX_RETRY_WAIT_MS,
      );
      const message = describeMailError(error, cmsSettings());
      await rows().update({
        where: { id: row.id },
        data: {
          mailAttempts: attempts,
          mailNextAttemptAt: new Date(Date.now() + wait),
          mailError: message.slice(0, 500),
        },
      });
      strapi.log.warn(
        `[inquiries] The mail about inquiry ${row.documentId} could not be sent (attempt ${attempts}; next in ${Math.round(wait / 1000)} s): ${message}`,
      );
      return false;
    } finally {
      sending.delete(row.documentId);
    }
  }

  const service: InquiryService = {
    /** Where the mails go, for the log: the SMTP server and MAIL_TO, or the folder. */
    mailDestination(): string {
      const settings = cmsSettings();
      const destination = mailDestination(settings, strapi.dirs.app.root);
      return settings.smtpHost ? `${destination} → ${settings.mailTo}` : destination;
    },

    /**
     * Keeps a checked inquiry (once per submission id) as "ny" and sends its mail in the
     * background: the inquiry is kept whether or not the mail goes.
     */
    async receive(
      fields: InquiryFields,
      submission: Submission,
    ): Promise<{ documentId: string; duplicate: boolean }> {
      if (submission.submissionId) {
        const known = await rows().findOne({
          where: { submissionId: submission.submissionId },
          select: ['documentId'],
        });
        if (known) return { documentId: known.documentId as string, duplicate: true };
      }
      const created = await strapi.documents(INQUIRY_UID).create({
        data: {
          ...fields,
          company: fields.company || null,
          phone: fields.phone || null,
          state: 'ny',
          receivedAt: submission.receivedAt,
          page: submission.page,
          submissionId: submission.submissionId,
          mailAttempts: 0,
          // The retry round leaves it to the send below unless that never finishes (a crash).
          mailNextAttemptAt: new Date(Date.now() + cmsSettings().mailRetrySeconds * 1000),
        } as never,
      });
      // The created entry has all the mail needs (the code API returns private fields too).
      void notify(created as unknown as Row);
      return { documentId: created.documentId, duplicate: false };
    },

    /** Tries again the mails that are due; how many went out. */
    async sendPendingMails(): Promise<number> {
      const due = (await rows().findMany({
        where: {
          notifiedAt: { $null: true },
          $or: [
            { mailNextAttemptAt: { $null: true } },
            { mailNextAttemptAt: { $lte: new Date() } },
          ],
        },
        orderBy: { id: 'asc' },
        limit: 20,
      })) as Row[];
      let sent = 0;
      for (const row of due) if (await notify(row)) sent++;
      return sent;
    },

    /** Deletes the inquiries older than the site settings say to keep (default 12 months). */
    async deleteExpired(now = new Date()): Promise<number> {
      const site = await strapi
        .documents('api::site.site')
        .findFirst({ fields: ['inquiryRetentionMonths'] as never });
      const months =
        (site as { inquiryRetentionMonths?: number | null } | null)?.inquiryRetentionMonths ?? 12;
      const cutoff = new Date(now);
      cutoff.setMonth(cutoff.getMonth() - months);
      const { count } = await rows().deleteMany({
        where: {
          $or: [
            { receivedAt: { $lt: cutoff } },
            { receivedAt: { $null: true }, createdAt: { $lt: cutoff } },
          ],
        },
      });
      if (count > 0)
        strapi.log.info(
          `[inquiries] Deleted ${count} inquiry(ies) received before ${cutoff.toISOString()} (kept ${months} months)`,
        );
      return count;
    },
  };
  return service;
});
