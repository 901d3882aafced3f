// The newsletter's subscribers (double opt-in): a sign-up is kept as "afventer" and gets a mail
// with a signed confirm link; confirming makes it "tilmeldt" with the time of consent; an
// unsubscribe link deletes it; a sign-up not confirmed within UNCONFIRMED_DAYS is deleted.
// Links are `<documentId>.<HMAC of purpose, id and address>` (SUBSCRIBER_SECRET): nothing to store,
// and a link stops working when its subscriber is gone.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import {
  SUBSCRIBER_UID,
  UNCONFIRMED_DAYS,
  newsletterPage,
  type NewsletterPurpose,
} from '@blog/shared';
import { cmsSettings } from '../../../cms-settings';
import { confirmationMail } from '../../../subscriber-mail';

interface Row {
  id: number;
  documentId: string;
  email: string;
  state: 'afventer' | 'tilmeldt';
}

// A type, not an interface: Strapi's service factory wants an index signature.
export type SubscriberService = {
  signUp(email: string, source: string | null): Promise<'mailed' | 'already'>;
  confirm(token: string): Promise<'confirmed' | 'unknown'>;
  unsubscribe(token: string): Promise<'removed' | 'unknown'>;
  link(row: { documentId: string; email: string }, purpose: NewsletterPurpose): string;
  deleteUnconfirmed(now?: Date): Promise<number>;
};

export default ({ strapi }: { strapi: Core.Strapi }): SubscriberService => {
  const rows = () => strapi.db.query(SUBSCRIBER_UID);

  function secret(): string {
    const value = cmsSettings().subscriberSecret;
    if (!value)
      throw new Error('SUBSCRIBER_SECRET is not set: the newsletter cannot sign its links');
    return value;
  }
  const sign = (purpose: NewsletterPurpose, documentId: string, email: string) =>
    createHmac('sha256', `subscriber:${secret()}`)
      .update(`${purpose}:${documentId}:${email}`)
      .digest('base64url');
  const tokenOf = (row: { documentId: string; email: string }, purpose: NewsletterPurpose) =>
    `${row.documentId}.${sign(purpose, row.documentId, row.email)}`;

  /** The subscriber a token names, if its signature is right for that purpose. */
  async function byToken(token: string, purpose: NewsletterPurpose): Promise<Row | null> {
    const match = /^([a-z0-9]{10,40})\.([\w-]{43})$/.exec(token);
    if (!match) return null;
    const row = (await rows().findOne({ where: { documentId: match[1] } })) as Row | null;
    if (!row) return null;
    const expected = Buffer.from(sign(purpose, row.documentId, row.email));
    const given = Buffer.from(match[2]!);
    return expected.length === given.length && timingSafeEqual(expected, given) ? row : null;
  }

  async function siteTitle(): Promise<string> {
    const site = await strapi.documents('api::site.site').findFirst({ status: 'published' });
    return (site?.siteTitle as string | undefined) ?? 'bloggen';
  }

  const service: SubscriberService = {
    link(row, purpose) {
      const settings = cmsSettings();
      const base = settings.siteUrl ?? settings.siteServerUrl ?? 'http://localhost:4321';
      return new URL(`${newsletterPage(purpose)}?t=${tokenOf(row, purpose)}`, base).href;
    },

    /**
     * Keeps a sign-up (again: a new confirm mail, a new time) and mails its confirm link; an
     * address that is already subscribed gets nothing. The caller answers the reader the same
     * either way, so the form never tells whether an address is on the list.
     */
    async signUp(email, source) {
      const now = new Date();
      let row = (await rows().findOne({ where: { email } })) as Row | null;
      if (row?.state === 'tilmeldt') return 'already';
      if (row) await rows().update({ where: { id: row.id }, data: { signedUpAt: now, source } });
      else
        row = (await strapi.documents(SUBSCRIBER_UID).create({
          data: { email, state: 'afventer', signedUpAt: now, source } as never,
        })) as unknown as Row;
      await strapi
        .plugin('email')
        .service('email')
        .send(confirmationMail(email, await siteTitle(), service.link(row, 'confirm')));
      strapi.log.info(
        `[subscribers] Sent a confirm link for a sign-up from ${source ?? 'the site'}`,
      );
      return 'mailed';
    },

    async confirm(token) {
      const row = await byToken(token, 'confirm');
      if (!row) return 'unknown';
      if (row.state !== 'tilmeldt')
        await rows().update({
          where: { id: row.id },
          data: { state: 'tilmeldt', consentAt: new Date() },
        });
      return 'confirmed';
    },

    async unsubscribe(token) {
      const row = await byToken(token, 'unsubscribe');
      if (!row) return 'unknown';
      await strapi.documents(SUBSCRIBER_UID).delete({ documentId: row.documentId });
      strapi.log.info('[subscribers] A subscriber unsubscribed and was deleted');
      return 'removed';
    },

    async deleteUnconfirmed(now = new Date()) {
      const before = new Date(now.getTime() - UNCONFIRMED_DAYS * 86_400_000);
      const { count } = await rows().deleteMany({
        where: { state: 'afventer', signedUpAt: { $lt: before } },
      });
      if (count) strapi.log.info(`[subscribers] Deleted ${count} sign-up(s) never confirmed`);
      return count;
    },
  };
  return service;
};
