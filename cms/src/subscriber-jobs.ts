import type { Core } from '@strapi/strapi';
import { SUBSCRIBER_UID } from '@blog/shared';
import type { SubscriberService } from './api/subscriber/services/subscriber';
import { cronTask } from './cron-task';

/** The job's name in Strapi's cron (`strapi.cron.jobs`). */
export const SUBSCRIBER_JOBS = { unconfirmed: 'subscribers-unconfirmed' };

/** Sign-ups never confirmed are deleted after UNCONFIRMED_DAYS: at start and every hour. */
export async function startSubscriberJobs(strapi: Core.Strapi): Promise<void> {
  const subscribers = strapi.service(SUBSCRIBER_UID) as unknown as SubscriberService;
  await subscribers.deleteUnconfirmed();
  strapi.cron.add({
    [SUBSCRIBER_JOBS.unconfirmed]: {
      task: cronTask(strapi, '[subscribers] Deleting unconfirmed sign-ups failed', () =>
        subscribers.deleteUnconfirmed(),
      ),
      options: { rule: '0 7 * * * *' },
    },
  });
}
