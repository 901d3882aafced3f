import type { Core } from '@strapi/strapi';
import { INQUIRY_UID } from '@blog/shared';
import type { InquiryService } from './api/inquiry/services/inquiry';
import { cmsSettings } from './cms-settings';
import { cronTask } from './cron-task';

/** The jobs' names in Strapi's cron (`strapi.cron.jobs`). */
export const INQUIRY_JOBS = { mail: 'inquiries-pending-mails', expiry: 'inquiries-expiry' };

/**
 * The inquiries' background work while the CMS runs, as Strapi cron jobs: mails that could not be
 * sent are tried again when due (each failed mail waits MAIL_RETRY_SECONDS, longer after each
 * failure; the job looks for due ones that often, at least every minute), and inquiries older than
 * the site settings' keeping time are deleted (at start and every 6 hours). Says who gets the mails.
 */
export async function startInquiryJobs(strapi: Core.Strapi): Promise<void> {
  const inquiries = strapi.service(INQUIRY_UID) as unknown as InquiryService;
  if (cmsSettings().smtpHost)
    strapi.log.info(`[inquiries] Mails about new inquiries go to ${inquiries.mailDestination()}`);
  const guarded = (what: string, task: () => Promise<unknown>) =>
    cronTask(strapi, `[inquiries] ${what}`, task);
  await inquiries.deleteExpired();
  strapi.cron.add({
    [INQUIRY_JOBS.mail]: {
      task: guarded('Sending pending mails failed', () => inquiries.sendPendingMails()),
      options: { rule: everySeconds(cmsSettings().mailRetrySeconds) },
    },
    [INQUIRY_JOBS.expiry]: {
      task: guarded('Deleting old inquiries failed', () => inquiries.deleteExpired()),
      options: { rule: '0 0 */6 * * *' },
    },
  });
}

/** A cron rule (with seconds) firing about every `seconds`, and at least once a minute. */
function everySeconds(seconds: number): string {
  const step = Math.max(1, Math.min(59, Math.round(seconds)));
  return step >= 59 ? '0 * * * * *' : `*/${step} * * * * *`;
}
