// One form post through the site's defences, in the order a reader's answer needs: its size and
// type, then (with the fields read, so a refused form keeps what was typed) its origin, its signed
// stamp, the per-address limit and the honeypot. What the fields must hold is the form's own check.
import type { IncomingMessage } from 'node:http';
import { CONTACT_HONEYPOT, MAX_INQUIRY_BYTES, type TrustedProxies } from '@blog/shared';
import { checkStamp, fromSameOrigin, readerAddress, type RateLimit } from './contact-guard.ts';
import { readBody } from '../http-body.ts';

export interface FormGuard {
  /** Signs the form's stamps (the site server's webhook secret). */
  secret: string;
  /** SITE_URL's origin, what the reader's browser sends as Origin behind a proxy. */
  siteOrigin: string | null;
  /** Whose X-Forwarded-For names the reader (TRUSTED_PROXIES). */
  trustedProxies: TrustedProxies;
  limit: RateLimit;
  log: (line: string) => void;
}

export type FormPost =
  /** A person's post: its fields are the form's to check. */
  | { kind: 'accepted'; fields: Record<string, string> }
  /** The honeypot was filled in: a bot, thanked like anyone, and nothing is kept. */
  | { kind: 'bot' }
  | {
      kind: 'refused';
      status: number;
      formError: string;
      /** What was sent, when it could be read, for the form shown again. */
      fields: Record<string, string> | null;
      headers?: Record<string, string>;
    };

/** Beyond this a post is not read at all. */
const CUT_OFF_BYTES = 4 * MAX_INQUIRY_BYTES;

export async function readFormPost(req: IncomingMessage, guard: FormGuard): Promise<FormPost> {
  const refuse = (
    status: number,
    formError: string,
    fields: Record<string, string> | null,
    headers?: Record<string, string>,
  ): FormPost => ({ kind: 'refused', status, formError, fields, headers });
  // A body somewhat over the limit is read and answered in full (a browser shows the answer
  // only once it has sent everything); a far bigger one is cut off at once.
  if (Number(req.headers['content-length'] ?? 0) > CUT_OFF_BYTES)
    return refuse(413, tooLarge(), null, { Connection: 'close' });
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded')
    return refuse(415, 'Formularen kom ikke frem, som den skulle. Prøv at sende den igen.', null);
  const body = await readBody(req, CUT_OFF_BYTES).catch(() => null);
  if (body === null) return refuse(413, tooLarge(), null, { Connection: 'close' });
  if (Buffer.byteLength(body) > MAX_INQUIRY_BYTES) return refuse(413, tooLarge(), null);
  const fields = Object.fromEntries(new URLSearchParams(body).entries());

  if (!fromSameOrigin(req, guard.siteOrigin)) {
    guard.log(
      `[contact] Refused a message from another site (Origin ${req.headers.origin ?? 'none'})`,
    );
    return refuse(
      403,
      'Beskeden skal sendes fra formularen her på siden. Send den igen herfra.',
      fields,
    );
  }
  const address = readerAddress(req, guard.trustedProxies);
  const stamp = checkStamp(guard.secret, fields.stamp);
  if (stamp === 'invalid' || stamp === 'expired')
    return refuse(400, 'Siden var for gammel. Din tekst står her stadig: send den igen.', fields);
  if (stamp === 'too-fast') {
    guard.log('[contact] Refused a message sent faster than a person writes');
    return refuse(
      400,
      'Beskeden blev sendt meget hurtigt. Se den igennem, og send den igen.',
      fields,
    );
  }
  if (!guard.limit.take(address)) {
    guard.log('[contact] Refused a message over the rate limit');
    return refuse(
      429,
      'Du har sendt mange beskeder på kort tid. Vent lidt, og prøv igen – eller skriv eller ring direkte.',
      fields,
      { 'Retry-After': String(guard.limit.retryAfterSeconds(address)) },
    );
  }
  if (fields[CONTACT_HONEYPOT]) {
    guard.log('[contact] Dropped a message with the hidden field filled in');
    return { kind: 'bot' };
  }
  return { kind: 'accepted', fields };
}

function tooLarge(): string {
  return `Beskeden er for stor til at blive sendt (højst ${MAX_INQUIRY_BYTES / 1024} KB). Gør den kortere.`;
}
