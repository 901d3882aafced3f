// One form post (the contact form's, the newsletter's) through the site's defences, in the order a reader's answer needs: its size and
// type, then (with the fields read, so a refused form keeps what was typed) its origin, its signed
// stamp, the per-address limit and the honeypot. What the fields must hold is the form's own check.
import type { IncomingMessage } from 'node:http';
import { CONTACT_HONEYPOT, MAX_INQUIRY_BYTES, type TrustedProxies } from '@blog/shared';
import { checkStamp, fromSameOrigin, readerAddress, type RateLimit } from './form-guard.ts';
import { readBody } from '../http-body.ts';

/** What every site form's route is given (the contact form's, the newsletter's). */
export interface SiteFormOptions {
  /** Signs the form's stamps (the site server's webhook secret). */
  secret: string;
  /** SITE_URL's origin, what the reader's browser sends as Origin behind a proxy. */
  siteOrigin: string | null;
  /** Whose X-Forwarded-For names the reader (TRUSTED_PROXIES). */
  trustedProxies: TrustedProxies;
  /** The live build's client folder, where the form's pages are. */
  clientDir: () => string | null;
  log?: (line: string) => void;
}

/** Posts one address may send to one form within FORM_RATE_WINDOW_MS. */
export const FORM_RATE_LIMIT = 5;
export const FORM_RATE_WINDOW_MS = 10 * 60 * 1000;

export interface FormGuard {
  /** The form's name in the log ("contact", "newsletter"). */
  name: string;
  /** Signs the form's stamps (the site server's webhook secret). */
  secret: string;
  /** SITE_URL's origin, what the reader's browser sends as Origin behind a proxy. */
  siteOrigin: string | null;
  /** Whose X-Forwarded-For names the reader (TRUSTED_PROXIES). */
  trustedProxies: TrustedProxies;
  limit: RateLimit;
  log: (line: string) => void;
}

/** Why a post was refused; each form says it to its reader in its own words. */
export type RefusalReason =
  | 'too-large'
  | 'not-a-form'
  | 'other-site'
  /** No stamp at all: the form was on a static page and its script did not run. */
  | 'no-stamp'
  | 'stale-stamp'
  | 'too-fast'
  | 'rate-limit';

export type FormPost =
  /** A person's post: its fields are the form's to check. */
  | { kind: 'accepted'; fields: Record<string, string> }
  /** The honeypot was filled in: a bot, thanked like anyone, and nothing is kept. */
  | { kind: 'bot' }
  | {
      kind: 'refused';
      reason: RefusalReason;
      status: number;
      /** What was sent, when it could be read, for the form shown again. */
      fields: Record<string, string> | null;
      headers?: Record<string, string>;
    };

/** Beyond this a post is not read at all. */
const CUT_OFF_BYTES = 4 * MAX_INQUIRY_BYTES;

export async function readFormPost(req: IncomingMessage, guard: FormGuard): Promise<FormPost> {
  const refuse = (
    status: number,
    reason: RefusalReason,
    fields: Record<string, string> | null,
    headers?: Record<string, string>,
  ): FormPost => ({ kind: 'refused', status, reason, fields, headers });
  const log = (line: string) => guard.log(`[${guard.name}] ${line}`);
  // A body somewhat over the limit is read and answered in full (a browser shows the answer
  // only once it has sent everything); a far bigger one is cut off at once.
  if (Number(req.headers['content-length'] ?? 0) > CUT_OFF_BYTES)
    return refuse(413, 'too-large', null, { Connection: 'close' });
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') return refuse(415, 'not-a-form', null);
  const body = await readBody(req, CUT_OFF_BYTES).catch(() => null);
  if (body === null) return refuse(413, 'too-large', null, { Connection: 'close' });
  if (Buffer.byteLength(body) > MAX_INQUIRY_BYTES) return refuse(413, 'too-large', null);
  const fields = Object.fromEntries(new URLSearchParams(body).entries());

  if (!fromSameOrigin(req, guard.siteOrigin)) {
    log(`Refused a post from another site (Origin ${req.headers.origin ?? 'none'})`);
    return refuse(403, 'other-site', fields);
  }
  const address = readerAddress(req, guard.trustedProxies);
  const stamp = checkStamp(guard.secret, fields.stamp);
  if (stamp === 'invalid' && !fields.stamp) return refuse(400, 'no-stamp', fields);
  if (stamp === 'invalid' || stamp === 'expired') return refuse(400, 'stale-stamp', fields);
  if (stamp === 'too-fast') {
    log('Refused a post sent faster than a person writes');
    return refuse(400, 'too-fast', fields);
  }
  if (!guard.limit.take(address)) {
    log('Refused a post over the rate limit');
    return refuse(429, 'rate-limit', fields, {
      'Retry-After': String(guard.limit.retryAfterSeconds(address)),
    });
  }
  if (fields[CONTACT_HONEYPOT]) {
    log('Dropped a post with the hidden field filled in');
    return { kind: 'bot' };
  }
  return { kind: 'accepted', fields };
}
