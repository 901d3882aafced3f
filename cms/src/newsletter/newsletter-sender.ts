// The newsletter: each post is mailed to the confirmed subscribers once, when it is first on the
// site (published, its date come: a scheduled post goes out at its time by itself), unless the
// editor turned "Send som nyhedsbrev" off. Posts dated before the newsletter existed (the old
// blog's, imported ones) are never mailed.
//
// The mails wait in a durable queue in the database (newsletter deliveries, one per subscriber,
// made in one transaction with the issue) and go out one at a time, at most
// NEWSLETTER_MAILS_PER_MINUTE, through the CMS's one mail path. Each is marked "sender" before it
// is handed to the mail server and "sendt" after: a CMS killed mid-send resumes with the next one,
// and the one it was handing over is marked "usikker" and never sent again, so no one gets two.
import type { Core, UID } from '@strapi/strapi';
import { CONTENT_UIDS, SUBSCRIBER_UID } from '@blog/shared';
import type { SubscriberService } from '../api/subscriber/services/subscriber';
import { cmsSettings } from '../cms-settings';
import { describeMailError } from '../mail';
import { newsletterMail, type NewsletterContext, type NewsletterPost } from './newsletter-mail';

export const ISSUE_UID = 'api::newsletter-issue.newsletter-issue' as UID.Schema;
export const DELIVERY_UID = 'api::newsletter-delivery.newsletter-delivery' as UID.Schema;
/** Where the time the newsletter began is kept: posts dated before it are never mailed. */
const BASELINE_KEY = 'newsletter-baseline';
/** A mail the server refused for now is tried again this many times in all. */
const MAX_ATTEMPTS = 5;
/** How often the due posts are looked for besides a publish and the next scheduled post's time. */
const POLL_MS = 60_000;
/** After a failing mail server, the queue waits this long. */
const RETRY_MS = 60_000;
/** Subscribers' deliveries are written this many to a statement. */
const BATCH = 200;

type DeliveryState = 'venter' | 'sender' | 'sendt' | 'usikker' | 'fejlet' | 'afmeldt';

interface Delivery {
  id: number;
  issue: string;
  subscriber: string;
  state: DeliveryState;
  attempts: number;
}

interface Subscriber {
  documentId: string;
  email: string;
  state: string;
}

export interface Newsletter {
  /** Makes the issues of posts that are due, and sends what waits. */
  check(): Promise<void>;
  /** Sends no more; resolves when the mail being handed over is done. */
  stop(): Promise<void>;
}

export function createNewsletter(strapi: Core.Strapi): Newsletter {
  const settings = cmsSettings();
  const intervalMs = 60_000 / settings.newsletterPerMinute;
  const deliveries = () => strapi.db.query(DELIVERY_UID);
  const issues = () => strapi.db.query(ISSUE_UID);
  const subscribers = () => strapi.service(SUBSCRIBER_UID) as unknown as SubscriberService;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let again = false;
  let baseline: Date | null = null;

  /** Deliveries a stopped process was handing over: never sent again (one may have gone out). */
  async function recover(): Promise<void> {
    const { count } = await deliveries().updateMany({
      where: { state: 'sender' },
      data: { state: 'usikker' },
    });
    if (count)
      strapi.log.warn(
        `[newsletter] ${count} mail(s) were being handed to the mail server when the CMS stopped; ` +
          'they may have gone out, so they are not sent again (no one gets two)',
      );
  }

  async function baselineTime(): Promise<Date> {
    if (baseline) return baseline;
    const store = strapi.store({ type: 'core', name: 'blog' });
    let value = (await store.get({ key: BASELINE_KEY })) as string | null;
    if (!value) {
      value = new Date().toISOString();
      await store.set({ key: BASELINE_KEY, value });
      strapi.log.info(`[newsletter] Posts dated from ${value} on are mailed to subscribers`);
    }
    return (baseline = new Date(value));
  }

  /** Published posts to be mailed, dated within `date`. */
  const wanted = (date: Record<string, string>) => ({
    publishedAt: { $notNull: true },
    date,
    $or: [{ newsletter: true }, { newsletter: { $null: true } }],
  });

  /** Posts on the site now, to be mailed, with no issue yet: an issue each, with its deliveries. */
  async function makeDueIssues(now: Date): Promise<void> {
    const posts = (await strapi.db.query(CONTENT_UIDS.post as UID.Schema).findMany({
      where: wanted({ $gte: (await baselineTime()).toISOString(), $lte: now.toISOString() }),
      select: ['documentId', 'title'],
    })) as Array<{ documentId: string; title: string }>;
    if (!posts.length) return;
    const made = new Set(
      (
        (await issues().findMany({
          where: { post: { $in: posts.map((post) => post.documentId) } },
          select: ['post'],
        })) as Array<{ post: string }>
      ).map((issue) => issue.post),
    );
    for (const post of posts) if (!made.has(post.documentId)) await makeIssue(post);
  }

  async function makeIssue(post: { documentId: string; title: string }): Promise<void> {
    const recipients = (await strapi.db.query(SUBSCRIBER_UID as UID.Schema).findMany({
      where: { state: 'tilmeldt' },
      select: ['documentId'],
      orderBy: { id: 'asc' },
    })) as Array<{ documentId: string }>;
    await strapi.db.transaction(async () => {
      // The post's documentId is unique among issues: a second maker fails here, whole.
      await issues().create({
        data: {
          post: post.documentId,
          subject: post.title,
          recipients: recipients.length,
          finishedAt: recipients.length ? null : new Date(),
        },
      });
      for (let i = 0; i < recipients.length; i += BATCH)
        await deliveries().createMany({
          data: recipients.slice(i, i + BATCH).map((recipient) => ({
            issue: post.documentId,
            subscriber: recipient.documentId,
            state: 'venter',
            attempts: 0,
          })),
        });
    });
    strapi.log.info(
      `[newsletter] "${post.title}" is on the site: ${recipients.length} mail(s) to send, at most ${settings.newsletterPerMinute} a minute`,
    );
  }

  /** The mail of an issue's post as it is now. */
  async function mailFor(postId: string) {
    const post = (await strapi.documents('api::post.post').findOne({
      documentId: postId,
      status: 'published',
      populate: { author: { fields: ['name'] } },
    })) as unknown as NewsletterPost | null;
    if (!post) return null; // taken off the site since
    return newsletterMail(post, await newsletterContext(strapi));
  }

  /** Sends what waits, one at a time at the set pace; stops when the mail server fails. */
  async function sendWaiting(): Promise<void> {
    const mails = new Map<string, Awaited<ReturnType<typeof mailFor>>>();
    const touched = new Set<string>();
    const email = strapi.plugin('email').service('email');
    while (!stopped) {
      const started = Date.now();
      const next = (await deliveries().findOne({
        where: { state: 'venter' },
        orderBy: { id: 'asc' },
      })) as Delivery | null;
      if (!next) break;
      touched.add(next.issue);
      const settle = (state: DeliveryState, extra: Record<string, unknown> = {}) =>
        deliveries().update({ where: { id: next.id }, data: { state, ...extra } });
      const subscriber = (await strapi.db.query(SUBSCRIBER_UID as UID.Schema).findOne({
        where: { documentId: next.subscriber },
      })) as Subscriber | null;
      if (!subscriber || subscriber.state !== 'tilmeldt') {
        await settle('afmeldt');
        continue;
      }
      if (!mails.has(next.issue)) mails.set(next.issue, await mailFor(next.issue));
      const mail = mails.get(next.issue);
      if (!mail) {
        await settle('fejlet', { error: 'the post is no longer on the site' });
        continue;
      }
      const copy = mail.to(subscribers().link(subscriber, 'unsubscribe'));
      // Claimed before the hand-over: a process that dies now leaves it "sender", never resent.
      await settle('sender', { attempts: next.attempts + 1 });
      try {
        await email.send({ to: subscriber.email, ...copy });
      } catch (error) {
        const refused = Number((error as { responseCode?: number }).responseCode) >= 500;
        const last = refused || next.attempts + 1 >= MAX_ATTEMPTS;
        await settle(last ? 'fejlet' : 'venter', {
          error: describeMailError(error, settings).slice(0, 500),
        });
        if (!refused) {
          strapi.log.error(
            `[newsletter] Sending paused for ${RETRY_MS / 1000} s: ${describeMailError(error, settings)}`,
          );
          schedule(RETRY_MS);
          break;
        }
        continue;
      }
      await settle('sendt', { sentAt: new Date(), error: null });
      await pause(intervalMs - (Date.now() - started));
    }
    for (const issue of touched) await finishIfDone(issue);
  }

  async function finishIfDone(post: string): Promise<void> {
    const open = await deliveries().count({
      where: { issue: post, state: { $in: ['venter', 'sender'] } },
    });
    if (open) return;
    const issue = (await issues().findOne({ where: { post } })) as {
      id: number;
      subject: string;
      finishedAt: string | null;
    } | null;
    if (!issue || issue.finishedAt) return;
    await issues().update({ where: { id: issue.id }, data: { finishedAt: new Date() } });
    const by = async (state: DeliveryState) =>
      deliveries().count({ where: { issue: post, state } });
    strapi.log.info(
      `[newsletter] "${issue.subject}" sent: ${await by('sendt')} mail(s); ${await by('usikker')} uncertain, ${await by('fejlet')} failed, ${await by('afmeldt')} unsubscribed meanwhile`,
    );
  }

  /** The next look: sooner when a scheduled post's time comes first. */
  async function scheduleNext(now: Date): Promise<void> {
    const next = (await strapi.db.query(CONTENT_UIDS.post as UID.Schema).findOne({
      where: wanted({ $gt: now.toISOString() }),
      select: ['date'],
      orderBy: { date: 'asc' },
    })) as { date: string } | null;
    const until = next ? new Date(next.date).getTime() - now.getTime() + 50 : POLL_MS;
    schedule(Math.min(POLL_MS, until));
  }

  function schedule(ms: number): void {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void newsletter.check(), Math.max(0, ms));
    timer.unref();
  }

  let recovered: Promise<void> | null = null;
  const newsletter: Newsletter = {
    check() {
      if (running) {
        again = true; // one more look when this one ends: a publish during a run is not missed
        return running;
      }
      running = (async () => {
        do {
          again = false;
          const now = new Date();
          await (recovered ??= recover());
          await makeDueIssues(now);
          await scheduleNext(now);
          await sendWaiting();
        } while (again && !stopped);
      })()
        .catch((error: Error) => {
          strapi.log.error(`[newsletter] ${error.message}`);
          schedule(RETRY_MS);
        })
        .finally(() => (running = null));
      return running;
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
  return newsletter;
}

const pause = (ms: number) =>
  ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();

/** What every newsletter mail is made with: the site's title and addresses. */
export async function newsletterContext(strapi: Core.Strapi): Promise<NewsletterContext> {
  const settings = cmsSettings();
  const site = (await strapi
    .documents('api::site.site')
    .findFirst({ status: 'published', fields: ['siteTitle'] })) as { siteTitle?: string } | null;
  return {
    siteTitle: site?.siteTitle ?? 'Bloggen',
    siteUrl: settings.siteUrl ?? settings.siteServerUrl ?? 'http://localhost:4321',
    mediaBaseUrl: settings.s3PublicUrl ?? settings.publicUrl ?? `http://localhost:${settings.port}`,
  };
}
