// The newsletter's subscribers in the real CMS (issue 30, the CMS's part): the site's forms token
// signs a reader up, the confirm mail goes through a real SMTP server (smtp-server) with a signed
// link to the site, the link confirms (the time of consent is kept), an unsubscribe link deletes,
// sign-ups never confirmed are deleted after seven days, and no other token reads subscribers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUBSCRIBER_UID, UNCONFIRMED_DAYS } from '@blog/shared';
import type { SubscriberService } from '../../cms/src/api/subscriber/services/subscriber';
import { ensureApiTokens } from '../../cms/src/api-tokens';
import { SUBSCRIBER_JOBS } from '../../cms/src/subscriber-jobs';
import { waitFor } from '../helpers/site-server';
import {
  startSmtpServer,
  useMailFolder,
  useSmtp,
  type ReceivedMail,
  type TestSmtpServer,
} from '../helpers/smtp';
import { found, randomSecret, startTestCms, type TestCms } from '../helpers/test-cms';

const SITE_URL = 'https://blog.example.test';
let cms: TestCms;
let smtp: TestSmtpServer;
const received: ReceivedMail[] = [];

const subscribers = () => cms.strapi.db.query(SUBSCRIBER_UID);
const service = () => cms.strapi.service(SUBSCRIBER_UID) as unknown as SubscriberService;

function post(path: string, data: unknown, token: string | null = cms.inquiryToken) {
  return fetch(`${cms.url}/api/subscribers${path}`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ data }),
  });
}

/** The next mail to `address` after the first `seen` mails, and the link in it. */
async function confirmMail(address: string, seen: number) {
  const next = () => received.slice(seen).find((each) => each.to.includes(address));
  await waitFor(`the confirm mail to ${address}`, async () => Boolean(next()), 15_000);
  const mail = next()!;
  const link = /https:\/\/\S+/.exec(mail.mail.text ?? '')?.[0];
  return { mail, link: found(link, 'a link in the mail') };
}

const tokenOf = (link: string) => new URL(link).searchParams.get('t')!;

beforeAll(async () => {
  process.env.SUBSCRIBER_SECRET = randomSecret();
  process.env.SITE_URL = SITE_URL;
  smtp = await startSmtpServer(0, received);
  useSmtp(smtp.port);
  cms = await startTestCms();
});

afterAll(async () => {
  await smtp?.stop();
  await cms?.destroy();
  useMailFolder();
  delete process.env.SUBSCRIBER_SECRET;
  delete process.env.SITE_URL;
});

describe('a newsletter sign-up through the site forms token', () => {
  it('is kept waiting, and mails a signed confirm link to the site, in Danish', async () => {
    const seen = received.length;
    const response = await post('', {
      email: '  Mette@Firma.Example ',
      source: '/blog/et-indlaeg/',
    });
    expect(response.status).toBe(202);
    const row = found(
      await subscribers().findOne({ where: { email: 'mette@firma.example' } }),
      'the sign-up',
    );
    expect(row).toMatchObject({ state: 'afventer', source: '/blog/et-indlaeg/', consentAt: null });
    expect(Date.now() - new Date(row.signedUpAt).getTime()).toBeLessThan(60_000);
    const { mail, link } = await confirmMail('mette@firma.example', seen);
    expect(mail.mail.subject).toBe('Bekræft din tilmelding til Salg med holdning');
    expect(link).toMatch(
      /^https:\/\/blog\.example\.test\/nyhedsbrev\/bekraeft\/\?t=[a-z0-9]+\.[\w-]{43}$/,
    );
    expect(mail.mail.text).toContain(`slettes efter ${UNCONFIRMED_DAYS} dage`);
    expect(mail.mail.html).toContain(`href="${link}"`);
  });

  it('is confirmed by its link, once, with the time of consent; a changed or other link confirms nothing', async () => {
    const seen = received.length;
    await post('', { email: 'jens@firma.example' });
    const token = tokenOf((await confirmMail('jens@firma.example', seen)).link);
    const tampered = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    expect((await post('/confirm', { token: tampered })).status).toBe(404);
    const row = found(
      await subscribers().findOne({ where: { email: 'jens@firma.example' } }),
      'jens',
    );
    const unsubscribeToken = tokenOf(service().link(row, 'unsubscribe'));
    expect((await post('/confirm', { token: unsubscribeToken })).status).toBe(404);
    expect((await subscribers().findOne({ where: { id: row.id } }))!.state).toBe('afventer');

    expect((await post('/confirm', { token })).status).toBe(200);
    const confirmed = found(await subscribers().findOne({ where: { id: row.id } }), 'jens');
    expect(confirmed.state).toBe('tilmeldt');
    expect(Date.now() - new Date(confirmed.consentAt).getTime()).toBeLessThan(60_000);
    // A second click (a mail scanner, a reload) changes nothing.
    expect((await post('/confirm', { token })).status).toBe(200);
    expect((await subscribers().findOne({ where: { id: row.id } }))!.consentAt).toEqual(
      confirmed.consentAt,
    );
  });

  it('never tells whether an address is on the list: a subscribed address gets the same answer and no mail', async () => {
    const seen = received.length;
    expect((await post('', { email: 'JENS@firma.example' })).status).toBe(202);
    // A waiting sign-up gets its link again; the subscribed one nothing.
    expect((await post('', { email: 'mette@firma.example' })).status).toBe(202);
    await confirmMail('mette@firma.example', seen);
    expect(received.slice(seen).filter((mail) => mail.to.includes('jens@firma.example'))).toEqual(
      [],
    );
    expect(await subscribers().count({ where: { email: 'jens@firma.example' } })).toBe(1);
  });

  it('is deleted by its unsubscribe link, after which the link does nothing', async () => {
    const row = found(
      await subscribers().findOne({ where: { email: 'jens@firma.example' } }),
      'jens',
    );
    const link = service().link(row, 'unsubscribe');
    expect(link.startsWith(`${SITE_URL}/nyhedsbrev/afmeld/?t=`)).toBe(true);
    expect((await post('/unsubscribe', { token: tokenOf(link) })).status).toBe(200);
    expect(await subscribers().findOne({ where: { id: row.id } })).toBeNull();
    expect((await post('/unsubscribe', { token: tokenOf(link) })).status).toBe(404);
  });

  it(`is deleted when not confirmed within ${UNCONFIRMED_DAYS} days, by a job that runs every hour`, async () => {
    const day = 86_400_000;
    const make = async (email: string, state: string, daysAgo: number) =>
      (
        await cms.strapi.documents(SUBSCRIBER_UID).create({
          data: { email, state, signedUpAt: new Date(Date.now() - daysAgo * day) } as never,
        })
      ).documentId;
    const old = await make('gammel@firma.example', 'afventer', UNCONFIRMED_DAYS + 1);
    const recent = await make('ny@firma.example', 'afventer', UNCONFIRMED_DAYS - 1);
    const loyal = await make('trofast@firma.example', 'tilmeldt', 400);
    expect(await service().deleteUnconfirmed()).toBe(1);
    const left = await subscribers().findMany({
      where: { documentId: { $in: [old, recent, loyal] } },
    });
    expect(left.map((row) => row.email).sort()).toEqual([
      'ny@firma.example',
      'trofast@firma.example',
    ]);
    // (Strapi only logs a rule it cannot read: the job must be in its list.)
    expect(cms.strapi.cron.jobs.map((job) => job.name)).toContain(SUBSCRIBER_JOBS.unconfirmed);
  });

  it('refuses a bad address with a Danish message', async () => {
    const response = await post('', { email: 'ikke en adresse' });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { message: string } };
    expect(body.error.message).toBe('Skriv en gyldig e-mailadresse, fx navn@firma.dk.');
  });

  it('answers 503 when the confirm mail cannot be sent, so the reader can try again', async () => {
    await smtp.stop();
    try {
      expect((await post('', { email: 'uheldig@firma.example' })).status).toBe(503);
    } finally {
      smtp = await startSmtpServer(smtp.port, received);
    }
    const seen = received.length;
    expect((await post('', { email: 'uheldig@firma.example' })).status).toBe(202);
    await confirmMail('uheldig@firma.example', seen);
  });
});

describe('subscribers', () => {
  it('are read by no token: not the site forms token, not the site read token, not without one', async () => {
    for (const token of [cms.inquiryToken, cms.token, cms.importToken, null]) {
      const list = await fetch(`${cms.url}/api/subscribers`, {
        headers: token ? { Authorization: `Bearer ${token}` } : {},
      });
      expect([401, 403, 404, 405]).toContain(list.status);
    }
    for (const token of [cms.token, cms.importToken, null])
      expect([401, 403]).toContain((await post('', { email: 'x@firma.example' }, token)).status);
  });

  it("replace the contact form's older token: a CMS from before newsletters revokes it on start", async () => {
    const tokens = cms.strapi.service('admin::api-token-content-api') as unknown as {
      create(attributes: Record<string, unknown>): Promise<{ accessKey: string }>;
      getByName(name: string): Promise<unknown>;
    };
    const old = await tokens.create({
      name: 'Contact form (create inquiries only)',
      type: 'custom',
      permissions: ['api::inquiry.inquiry.create'],
      lifespan: null,
    });
    await ensureApiTokens(cms.strapi);
    expect(await tokens.getByName('Contact form (create inquiries only)')).toBeNull();
    expect((await post('', { email: 'x@firma.example' }, old.accessKey)).status).toBe(401);
    // The site's forms token (its file unchanged) goes on working.
    expect((await post('', { email: 'x@firma.example' })).status).toBe(202);
  });
});
