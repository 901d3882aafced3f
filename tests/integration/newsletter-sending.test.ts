// Mailing a post to the newsletter's subscribers (issue 30, part 2), in the real CMS through a
// real SMTP server (smtp-server), the mails read back with a real parser (mailparser): a new post
// goes once to every confirmed subscriber, as HTML and plain text from the site's renderer, with a
// working one-click unsubscribe; edits and republishing send nothing; "Send som nyhedsbrev" off,
// the old blog's posts and unconfirmed sign-ups get nothing; a scheduled post goes out by itself.
// (Killing the CMS mid-send: newsletter-kill.test.ts.)
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUBSCRIBER_UID, type NewsletterStatus } from '@blog/shared';
import type { SubscriberService } from '../../cms/src/api/subscriber/services/subscriber';
import { DELIVERY_UID, ISSUE_UID } from '../../cms/src/newsletter/newsletter-sender';
import { waitFor } from '../helpers/site-server';
import {
  startSmtpServer,
  useMailFolder,
  useSmtp,
  type ReceivedMail,
  type TestSmtpServer,
} from '../helpers/smtp';
import {
  found,
  randomSecret,
  registerFirstAdmin,
  startTestCms,
  type TestCms,
} from '../helpers/test-cms';

const SITE_URL = 'https://blog.example.test';
const SUBSCRIBERS = 1_000;
let cms: TestCms;
let smtp: TestSmtpServer;
const received: ReceivedMail[] = [];

const posts = () => cms.strapi.documents('api::post.post');
const mailsAbout = (subject: string) => received.filter((each) => each.mail.subject === subject);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Subscribers written straight to the database, as many confirmed sign-ups would leave them. */
async function addSubscribers(count: number, state: 'tilmeldt' | 'afventer', prefix: string) {
  const now = new Date();
  const rows = Array.from({ length: count }, (_, i) => ({
    documentId: crypto.randomBytes(12).toString('hex'),
    email: `${prefix}${i}@kunde.example`,
    state,
    signedUpAt: now,
    consentAt: state === 'tilmeldt' ? now : null,
    publishedAt: now,
  }));
  for (let i = 0; i < rows.length; i += 200)
    await cms.strapi.db.query(SUBSCRIBER_UID).createMany({ data: rows.slice(i, i + 200) });
  return rows.map((row) => row.email);
}

const body = [
  { type: 'heading', level: 2, children: [{ type: 'text', text: 'Tre spørgsmål' }] },
  {
    type: 'paragraph',
    children: [
      { type: 'text', text: 'Spørg kunden om ' },
      {
        type: 'link',
        url: '/holdninger/',
        children: [
          { type: 'text', text: 'det, der ' },
          { type: 'text', text: 'betyder', bold: true },
        ],
      },
      { type: 'text', text: ' noget – før prisen & <tilbuddet>.' },
    ],
  },
  {
    type: 'list',
    format: 'ordered',
    children: [
      { type: 'list-item', children: [{ type: 'text', text: 'Hvorfor nu?' }] },
      { type: 'list-item', children: [{ type: 'text', text: 'Hvem bestemmer?' }] },
    ],
  },
];

beforeAll(async () => {
  Object.assign(process.env, {
    SUBSCRIBER_SECRET: randomSecret(),
    SITE_URL,
    NEWSLETTER_MAILS_PER_MINUTE: '100000',
  });
  smtp = await startSmtpServer(0, received);
  useSmtp(smtp.port);
  cms = await startTestCms();
}, 120_000);

afterAll(async () => {
  await cms?.destroy();
  await smtp?.stop();
  useMailFolder();
  for (const name of ['SUBSCRIBER_SECRET', 'SITE_URL', 'NEWSLETTER_MAILS_PER_MINUTE'])
    delete process.env[name];
});

describe('a new post', () => {
  let confirmed: string[];
  const title = 'Sælg mindre, spørg mere';

  it(`is mailed once to each of ${SUBSCRIBERS} confirmed subscribers and no one else`, async () => {
    confirmed = await addSubscribers(SUBSCRIBERS, 'tilmeldt', 'abonnent');
    const waiting = await addSubscribers(3, 'afventer', 'venter');
    const author = found(
      await cms.strapi.documents('api::author.author').findFirst({ status: 'published' }),
      'the seeded author',
    );
    await posts().create({
      data: { title, body, author: author.documentId } as never,
      status: 'published',
    });
    await waitFor(
      `${SUBSCRIBERS} mails`,
      async () => mailsAbout(title).length >= SUBSCRIBERS,
      120_000,
    );
    await pause(1_000); // any mail too many would come now
    const to = mailsAbout(title).flatMap((each) => each.to);
    expect(to).toHaveLength(SUBSCRIBERS);
    expect(new Set(to).size).toBe(SUBSCRIBERS);
    expect([...to].sort()).toEqual([...confirmed].sort());
    expect(to.filter((address) => waiting.includes(address))).toEqual([]);

    const issue = found(
      await cms.strapi.db.query(ISSUE_UID).findOne({ where: { subject: title } }),
      'the issue',
    );
    expect(issue.recipients).toBe(SUBSCRIBERS);
    await waitFor('the issue to be finished', async () =>
      Boolean(
        (await cms.strapi.db.query(ISSUE_UID).findOne({ where: { id: issue.id } }))?.finishedAt,
      ),
    );
    expect(
      await cms.strapi.db
        .query(DELIVERY_UID)
        .count({ where: { issue: issue.post, state: 'sendt' } }),
    ).toBe(SUBSCRIBERS);
  }, 180_000);

  it('is HTML and plain text from the site’s renderer, in Danish, with a one-click unsubscribe that works', async () => {
    const { mail, raw: wire } = found(mailsAbout(title)[0], 'a mail');
    const raw = wire.replace(/\r\n[ \t]+/g, ' '); // long header lines unfolded (RFC 5322)
    const html = String(mail.html);
    expect(html).toContain('<html lang="da">');
    expect(html).toContain('<h2>Tre spørgsmål</h2>');
    expect(html).toContain(
      `<a href="${SITE_URL}/holdninger/">det, der <strong>betyder</strong></a>`,
    );
    expect(html).toContain('før prisen &amp; &lt;tilbuddet&gt;.');
    expect(html).toContain(`href="${SITE_URL}/blog/saelg-mindre-spoerg-mere/"`);
    expect(mail.text).toContain('Tre spørgsmål\n\nSpørg kunden om det, der betyder');
    expect(mail.text).toContain(`(${SITE_URL}/holdninger/) noget – før prisen & <tilbuddet>.`);
    expect(mail.text).toContain('1. Hvorfor nu?\n2. Hvem bestemmer?');
    expect(mail.text).toContain(
      `Læs indlægget på sitet: ${SITE_URL}/blog/saelg-mindre-spoerg-mere/`,
    );

    // RFC 8058: the unsubscribe address, and that a POST to it unsubscribes with one click.
    expect(raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m);
    expect(raw).toMatch(
      /^List-Unsubscribe: <https:\/\/blog\.example\.test\/nyhedsbrev\/afmeld\/\?t=[\w.-]+>\r?$/m,
    );
    const link = /^List-Unsubscribe: <([^>]+)>/m.exec(raw)![1]!;
    expect(mail.text).toContain(`Afmeld nyhedsbrevet: ${link}`);
    expect(html).toContain(`href="${link}"`);
    // The link is this subscriber's: it unsubscribes them, and only them.
    const token = new URL(link).searchParams.get('t')!;
    const service = cms.strapi.service(SUBSCRIBER_UID) as unknown as SubscriberService;
    expect(await service.unsubscribe(token)).toBe('removed');
    expect(
      await cms.strapi.db
        .query(SUBSCRIBER_UID)
        .count({ where: { email: mailsAbout(title)[0]!.to[0] } }),
    ).toBe(0);
    expect(await cms.strapi.db.query(SUBSCRIBER_UID).count({ where: { state: 'tilmeldt' } })).toBe(
      SUBSCRIBERS - 1,
    );
  });

  it('tells the editor how it went, and sends a test of a draft to the editor’s own address only', async () => {
    const adminToken = await registerFirstAdmin(cms.url);
    const post = found(await posts().findFirst({ filters: { title } }), 'the post');
    const admin = (path: string, method = 'GET') =>
      fetch(`${cms.url}/newsletter/posts/${post.documentId}${path}`, {
        method,
        headers: { Authorization: `Bearer ${adminToken}` },
      });
    const status = (await (await admin('')).json()) as { data: NewsletterStatus };
    expect(status.data).toMatchObject({
      subscribers: SUBSCRIBERS - 1, // one unsubscribed above
      issue: { recipients: SUBSCRIBERS, sent: SUBSCRIBERS, waiting: 0, uncertain: 0, failed: 0 },
    });
    expect(status.data.issue!.finishedAt).toBeTruthy();
    // Not for anyone else: no token, or a reader's API token.
    const anonymous = await fetch(`${cms.url}/newsletter/posts/${post.documentId}`);
    expect(anonymous.status).toBe(401);
    const withSiteToken = await fetch(`${cms.url}/newsletter/posts/${post.documentId}/test`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${cms.token}` },
    });
    expect(withSiteToken.status).toBe(401);

    // The draft as it reads now, to the editor alone.
    await posts().update({
      documentId: post.documentId,
      data: {
        body: [{ type: 'paragraph', children: [{ type: 'text', text: 'Ny kladde.' }] }],
      } as never,
    });
    const before = received.length;
    const test = await admin('/test', 'POST');
    expect(test.status).toBe(200);
    expect(((await test.json()) as { data: { to: string } }).data.to).toBe('kim@example.dk');
    await waitFor('the test mail', async () => received.length > before);
    await pause(500);
    expect(received.slice(before)).toHaveLength(1);
    const { mail, to } = received.at(-1)!;
    expect(to).toEqual(['kim@example.dk']);
    expect(mail.subject).toBe(`[Prøve] ${title}`);
    expect(mail.text).toContain('Ny kladde.');
    await posts().discardDraft({ documentId: post.documentId });
  });

  it('is not mailed again when edited and republished', async () => {
    const before = received.length;
    const post = found(await posts().findFirst({ filters: { title } }), 'the post');
    await posts().update({
      documentId: post.documentId,
      data: { title: `${title} (rettet)` } as never,
    });
    await posts().publish({ documentId: post.documentId });
    await pause(2_000);
    expect(received.length).toBe(before);
  });
});

describe('posts that are not mailed, and one that is later', () => {
  it('sends nothing for a post with "Send som nyhedsbrev" off, or dated before the newsletter began', async () => {
    // Fewer subscribers from here: each post below would otherwise be a thousand mails.
    await cms.strapi.db
      .query(SUBSCRIBER_UID)
      .deleteMany({ where: { email: { $startsWith: 'abonnent' } } });
    await addSubscribers(2, 'tilmeldt', 'faa');
    const before = received.length;
    await posts().create({
      data: { title: 'Kun til sitet', newsletter: false } as never,
      status: 'published',
    });
    await posts().create({
      data: { title: 'Fra den gamle blog', date: '2014-06-18T08:00:00.000Z' } as never,
      status: 'published',
    });
    await pause(2_000);
    expect(received.length).toBe(before);
  });

  it('mails a scheduled post by itself when its time comes, not before', async () => {
    const title = 'Planlagt til om lidt';
    const at = new Date(Date.now() + 4_000);
    await posts().create({ data: { title, date: at.toISOString() } as never, status: 'published' });
    await pause(1_500);
    expect(mailsAbout(title)).toHaveLength(0);
    await waitFor('the scheduled post’s mails', async () => mailsAbout(title).length === 2, 20_000);
    expect(Date.now()).toBeGreaterThanOrEqual(at.getTime());
    expect(
      mailsAbout(title)
        .flatMap((each) => each.to)
        .sort(),
    ).toEqual(['faa0@kunde.example', 'faa1@kunde.example']);
  });

  it('keeps the mails while the mail server is down, and sends them once it is back', async () => {
    const title = 'Mens mailserveren sover';
    const port = smtp.port;
    await smtp.stop();
    try {
      await posts().create({ data: { title } as never, status: 'published' });
      // Tried, refused by the closed port, and kept: waiting, not failed.
      await waitFor('a try that failed', async () =>
        Boolean(
          await cms.strapi.db
            .query(DELIVERY_UID)
            .findOne({ where: { state: 'venter', attempts: { $gt: 0 } } }),
        ),
      );
      expect(mailsAbout(title)).toHaveLength(0);
    } finally {
      smtp = await startSmtpServer(port, received);
    }
    // The next look (here: the next publish; by itself a minute later) sends them.
    await posts().create({ data: { title: 'Og så videre' } as never, status: 'published' });
    await waitFor('the kept mails', async () => mailsAbout(title).length === 2, 30_000);
    await pause(1_000);
    expect(
      mailsAbout(title)
        .flatMap((each) => each.to)
        .sort(),
    ).toEqual(['faa0@kunde.example', 'faa1@kunde.example']);
    expect(mailsAbout('Og så videre')).toHaveLength(2);
  }, 60_000);
});
