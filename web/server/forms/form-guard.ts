// The site forms' defences (the contact form's, the newsletter's) against spam and abuse, without
// a third-party captcha: a signed stamp of when the form was shown (too quick or too old a post is
// refused), a per-address limit, and a same-origin check; form-post.ts applies them (and the
// honeypot) to a post.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { MIN_FILL_MS, clientAddress, type TrustedProxies } from '@blog/shared';

/** A form shown longer ago than this is shown again (with what was typed) for a fresh stamp. */
export const MAX_FORM_AGE_MS = 24 * 60 * 60 * 1000;

/** "<ms>.<signature>": when the form was shown, signed with the server's secret. */
export function issueStamp(secret: string, now = Date.now()): string {
  return `${now}.${sign(secret, String(now))}`;
}

export type StampCheck = 'ok' | 'too-fast' | 'expired' | 'invalid';

export function checkStamp(secret: string, stamp: unknown, now = Date.now()): StampCheck {
  if (typeof stamp !== 'string') return 'invalid';
  const match = /^(\d{13})\.([\w-]{43})$/.exec(stamp);
  if (!match) return 'invalid';
  const expected = Buffer.from(sign(secret, match[1]!));
  const given = Buffer.from(match[2]!);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'invalid';
  const age = now - Number(match[1]);
  if (age < -60_000 || age > MAX_FORM_AGE_MS) return 'expired';
  return age < MIN_FILL_MS ? 'too-fast' : 'ok';
}

function sign(secret: string, value: string): string {
  return createHmac('sha256', `contact-form:${secret}`).update(value).digest('base64url');
}

/**
 * At most `limit` messages per address within `windowMs`. Memory is bounded: addresses whose
 * window has passed are forgotten, and beyond `maxAddresses` the oldest go first.
 */
export class RateLimit {
  private readonly hits = new Map<string, number[]>();

  readonly limit: number;
  readonly windowMs: number;
  private readonly maxAddresses: number;

  constructor(limit: number, windowMs: number, maxAddresses = 10_000) {
    this.limit = limit;
    this.windowMs = windowMs;
    this.maxAddresses = maxAddresses;
  }

  /** Counts a message from `address`; false when it is over the limit (then it is not counted). */
  take(address: string, now = Date.now()): boolean {
    const recent = (this.hits.get(address) ?? []).filter((at) => now - at < this.windowMs);
    if (recent.length >= this.limit) return false;
    recent.push(now);
    this.hits.delete(address); // re-inserted last: the map stays in order of last use
    this.hits.set(address, recent);
    if (this.hits.size > this.maxAddresses) this.hits.delete(this.hits.keys().next().value!);
    return true;
  }

  /** Seconds until `address` may send again. */
  retryAfterSeconds(address: string, now = Date.now()): number {
    const oldest = this.hits.get(address)?.[0] ?? now;
    return Math.max(1, Math.ceil((oldest + this.windowMs - now) / 1000));
  }
}

/**
 * The reader's address: the connection's, or, when a trusted proxy (TRUSTED_PROXIES; by default
 * one on this machine, nginx or Caddy as in docs/operations.md) passes the request on, the address that
 * proxy added last to X-Forwarded-For.
 */
export function readerAddress(req: IncomingMessage, proxies: TrustedProxies): string {
  return clientAddress(req.socket.remoteAddress ?? '', req.headers['x-forwarded-for'], proxies);
}

/**
 * Whether a post comes from a page of this site: the browser's Origin (or, without it, the
 * Referer) must be the site's own address or the address the request was sent to, and a browser
 * that says where the request comes from (Sec-Fetch-Site) must say the same site.
 */
export function fromSameOrigin(req: IncomingMessage, siteOrigin: string | null): boolean {
  const fetchSite = req.headers['sec-fetch-site'];
  if (fetchSite !== undefined && fetchSite !== 'same-origin') return false;
  const claimed = req.headers.origin ?? originOf(req.headers.referer);
  if (!claimed || claimed === 'null') return false;
  const host = req.headers.host;
  const own = new Set([siteOrigin, host && `http://${host}`, host && `https://${host}`]);
  return own.has(claimed);
}

function originOf(url: string | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}
