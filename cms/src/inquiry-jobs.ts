import type { Core } from '@strapi/strapi';
import { INQUIRY_UID } from '@blog/shared';
import type { InquiryService } from './api/inquiry/services/inquiry';
import { cmsSettings } from './settings';

/** How often inquiries past their keeping time are looked for (and once at every start). */
const RETENTION_CHECK_MS = 6 * 60 * 60 * 1000;

let timers: NodeJS.Timeout[] = [];

/**
 * The inquiries' background work while the CMS runs: mails that could not be sent are tried again
 * (MAIL_RETRY_SECONDS, longer after each failure), and inquiries older than the site settings'
 * keeping time are deleted. Says who gets the mails.
 */
export async function startInquiryJobs(strapi: Core.Strapi): Promise<void> {
  const inquiries = strapi.service(INQUIRY_UID) as unknown as InquiryService;
  if (cmsSettings().smtpHost)
    strapi.log.info(`[inquiries] Mails about new inquiries go to ${inquiries.mailDestination()}`);
  const guarded = (what: string, task: () => Promise<unknown>) => () =>
    void task().catch((error: Error) => strapi.log.error(`[inquiries] ${what}: ${error.message}`));
  const retry = guarded('Sending pending mails failed', () => inquiries.sendPendingMails());
  const expire = guarded('Deleting old inquiries failed', () => inquiries.deleteExpired());
  await inquiries.deleteExpired();
  timers = [
    setInterval(retry, cmsSettings().mailRetrySeconds * 1000),
    setInterval(expire, RETENTION_CHECK_MS),
  ];
  for (const timer of timers) timer.unref();
}

export function stopInquiryJobs(): void {
  for (const timer of timers) clearInterval(timer);
  timers = [];
}
