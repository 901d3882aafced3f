// The newsletter's subscribers: what the site's sign-up form and the CMS agree on.
import { isEmailAddress } from './inquiry.js';

export const SUBSCRIBER_UID = 'api::subscriber.subscriber';

/** A sign-up not confirmed within this many days is deleted (with all it held). */
export const UNCONFIRMED_DAYS = 7;

export type SubscriberEmailCheck = { ok: true; email: string } | { ok: false; error: string };

/**
 * The address as it is kept: trimmed and in lower case (one reader, one subscription, however
 * the address is typed), or the Danish message the form shows.
 */
export function checkSubscriberEmail(value: unknown): SubscriberEmailCheck {
  const email = typeof value === 'string' ? value.trim().toLowerCase() : '';
  if (!email) return { ok: false, error: 'Skriv din e-mailadresse.' };
  if (!isEmailAddress(email))
    return { ok: false, error: 'Skriv en gyldig e-mailadresse, fx navn@firma.dk.' };
  return { ok: true, email };
}

/** What the admin's newsletter panel is told about a post (GET /newsletter/posts/:documentId). */
export interface NewsletterStatus {
  /** Confirmed subscribers now. */
  subscribers: number;
  /** The post's mailing, once it is on the site. */
  issue: {
    recipients: number;
    sent: number;
    waiting: number;
    uncertain: number;
    failed: number;
    startedAt: string;
    finishedAt: string | null;
  } | null;
}
