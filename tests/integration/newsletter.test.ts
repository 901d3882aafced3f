// The newsletter's sign-up on the real site server, into the real CMS, out through a real SMTP
// server (issue 30, part 1): the form under every post and on /nyhedsbrev/, a sign-up to the
// thank-you page and a confirm mail, the confirm and unsubscribe pages (a link only shows a button;
// the button, or a mail program's one-click POST, acts), the same spam rules as the contact form,
// the no-JavaScript path, hostile input, and a CMS that is away.
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'node-html-parser';
import { HtmlValidate } from 'html-validate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUBSCRIBER_UID } from '@blog/shared';
import type { SubscriberService } from '../../cms/src/api/subscriber/services/subscriber';
import { webDir } from '../helpers/paths';
import { rawRequest, type RawResponse } from '../helpers/raw-http';
import {
  freePort,
  inquiryQueueDir,
  siteServerEnv,
  startCmsForSite,
  startSiteServer,
  waitFor,
  type RunningSiteServer,
} from '../helpers/site-server';
import { startSmtpServer, useMailFolder, useSmtp, type TestSmtpServer } from '../helpers/smtp';
import { found, randomSecret, type TestCms } from '../helpers/test-cms';

const SECRETS = { webhook: 'newsletter-test-webhook-5d1e', preview: 'newsletter-test-prev-93aa' };
const buildsDir = path.join(webDir, `.test-builds-newsletter-${process.pid}`);

let cms: TestCms;
let site: RunningSiteServer;
let sitePort: number;
let smtp: TestSmtpServer;
/** A stamp from a showing of the form more than the minimum time ago. */
let stamp: string;
/** A published post's page. */
let postPath: string;

const subscribers = () => cms.strapi.db.query(SUBSCRIBER_UID);
const subscriber = (email: string) => subscribers().findOne({ where: { email } });
const service = () => cms.strapi.service(SUBSCRIBER_UID) as unknown as SubscriberService;

/** Posts the sign-up as a browser on `from` does, with `address` as the reader's. */
function signUp(
  fields: Record<string, string>,
  options: { address?: string; headers?: Record<string, string>; from?: string } = {},
): Promise<RawResponse> {
  const from = options.from ?? postPath;
  return rawRequest(`${site.url}/nyhedsbrev/tilmeld`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      Origin: `http://127.0.0.1:${sitePort}`,
      Referer: `http://127.0.0.1:${sitePort}${from}`,
      'Sec-Fetch-Site': 'same-origin',
      'X-Forwarded-For': options.address ?? '198.51.100.7',
      ...options.headers,
    },
    body: new URLSearchParams({ stamp, website: '', source: from, ...fields }).toString(),
  });
}

/** The sign-up form in a page: its values and message, read as a browser would. */
function formIn(body: Buffer | string) {
  const root = parse(body.toString());
  const form = found(root.querySelector('form.subscribe-form'), 'the sign-up form');
  const input = (name: string) =>
    form.querySelector(`input[name="${name}"]`)?.getAttribute('value');
  return {
    email: input('email'),
    stamp: input('stamp'),
    source: input('source'),
    invalid: form.querySelector('input[name="email"]')?.getAttribute('aria-invalid') === 'true',
    error: form.querySelector('.field-error')?.textContent ?? null,
    notice: form.querySelector('.form-notice')?.textContent ?? null,
  };
}

/** The newsletter step on a confirm or unsubscribe page. */
function stepIn(body: Buffer | string) {
  const step = found(
    parse(body.toString()).querySelector('section.newsletter-step'),
    'the newsletter step',
  );
  return {
    kind: step.getAttribute('data-step'),
    heading: step.querySelector('h1')?.textContent,
    token: step.querySelector('input[name="t"]')?.getAttribute('value') ?? null,
    button: step.querySelector('button')?.textContent ?? null,
    error: step.querySelector('.field-error')?.textContent ?? null,
  };
}

/** The newest mail to `address` after the first `seen`, and the confirm link in it. */
async function confirmLink(address: string, seen: number): Promise<string> {
  const next = () => smtp.received.slice(seen).find((each) => each.to.includes(address));
  await waitFor(`the confirm mail to ${address}`, async () => Boolean(next()), 15_000);
  const link = /https?:\/\/\S+\/nyhedsbrev\/bekraeft\/\?t=\S+/.exec(next()!.mail.text ?? '')?.[0];
  return found(link, 'the confirm link in the mail');
}

const pressButton = (page: string, token: string, headers: Record<string, string> = {}) =>
  rawRequest(`${site.url}${page}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams({ t: token }).toString(),
  });

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  smtp = await startSmtpServer();
  useSmtp(smtp.port);
  sitePort = await freePort();
  // The CMS's links go to this site server; its secret signs them.
  process.env.SITE_URL = `http://127.0.0.1:${sitePort}`;
  process.env.SUBSCRIBER_SECRET = randomSecret();
  cms = await startCmsForSite(sitePort, SECRETS);
  const post = found(
    await cms.strapi.documents('api::post.post').findFirst({ status: 'published' }),
    'a published post',
  );
  postPath = `/blog/${post.slug as string}/`;
  site = await startSiteServer(siteServerEnv(cms, SECRETS, buildsDir), sitePort);
  stamp = formIn((await rawRequest(`${site.url}/nyhedsbrev/`)).body).stamp!;
  await pause(3_100); // the least time a person takes
}, 300_000);

afterAll(async () => {
  await site?.stop();
  await cms?.destroy();
  await smtp?.stop();
  useMailFolder();
  delete process.env.SITE_URL;
  delete process.env.SUBSCRIBER_SECRET;
  fs.rmSync(buildsDir, { recursive: true, force: true });
  fs.rmSync(inquiryQueueDir(buildsDir), { recursive: true, force: true });
});

describe('the sign-up form', () => {
  it('is under every post with its page as the source, and the newsletter page is freshly stamped and valid', async () => {
    const postPage = await rawRequest(`${site.url}${postPath}`);
    expect(postPage.status).toBe(200);
    // A static page: no stamp of its own (its script fetches one), its page as the source.
    expect(formIn(postPage.body)).toMatchObject({ stamp: '', source: postPath, email: '' });
    const about = (body: Buffer) =>
      parse(body.toString()).querySelector('form.subscribe-form a')?.getAttribute('href') ?? null;
    expect(about(postPage.body), 'the form links to what is kept').toBe('/nyhedsbrev/');

    const [first, second] = [
      await rawRequest(`${site.url}/nyhedsbrev/`),
      await rawRequest(`${site.url}/nyhedsbrev/`),
    ];
    expect(first.status).toBe(200);
    expect(first.headers['cache-control']).toBe('no-store');
    const [a, b] = [formIn(first.body).stamp, formIn(second.body).stamp];
    expect(a).toMatch(/^\d{13}\.[\w-]{43}$/);
    expect(a).not.toBe(b);
    expect(about(first.body), 'no link to the page itself').toBeNull();
    const report = await new HtmlValidate({
      extends: ['html-validate:recommended'],
    }).validateString(first.body.toString());
    expect(report.results.flatMap((result) => result.messages.map((m) => m.message))).toEqual([]);

    const fromScript = await fetch(`${site.url}/nyhedsbrev/stempel`);
    expect(fromScript.headers.get('cache-control')).toBe('no-store');
    const given = ((await fromScript.json()) as { stamp: string }).stamp;
    expect(given).toMatch(/^\d{13}\.[\w-]{43}$/);
    expect(given).not.toBe(a);
  });
});

describe('a reader signing up', () => {
  it('reaches the thank-you page; the CMS keeps a waiting sign-up with its source and mails the confirm link', async () => {
    const seen = smtp.received.length;
    const answer = await signUp({ email: ' Sofie@Kunde.Example ' });
    expect(answer.status).toBe(303);
    expect(answer.headers.location).toBe('/nyhedsbrev/tak/');
    const thanks = await rawRequest(`${site.url}/nyhedsbrev/tak/`);
    expect(thanks.body.toString()).toContain('Tjek din indbakke');
    expect(await subscriber('sofie@kunde.example')).toMatchObject({
      state: 'afventer',
      source: postPath,
      consentAt: null,
    });
    const link = await confirmLink('sofie@kunde.example', seen);
    expect(link.startsWith(`${site.url}/nyhedsbrev/bekraeft/?t=`)).toBe(true);
  });

  it('is confirmed by the button the link shows, never by opening the link', async () => {
    const seen = smtp.received.length;
    await signUp({ email: 'jens@kunde.example' }, { address: '198.51.100.8' });
    const link = await confirmLink('jens@kunde.example', seen);
    const token = new URL(link).searchParams.get('t')!;

    // A mail scanner opening the link (twice, as some do) confirms nothing.
    for (let i = 0; i < 2; i++) {
      const opened = await rawRequest(link);
      expect(opened.status).toBe(200);
      expect(opened.headers['cache-control']).toBe('no-store');
      expect(stepIn(opened.body)).toMatchObject({ kind: 'ask', token, button: 'Ja, tilmeld mig' });
    }
    expect(await subscriber('jens@kunde.example')).toMatchObject({ state: 'afventer' });

    const pressed = await pressButton('/nyhedsbrev/bekraeft/', token);
    expect(pressed.status).toBe(200);
    expect(stepIn(pressed.body)).toMatchObject({ kind: 'done', heading: 'Du er tilmeldt' });
    const row = await subscriber('jens@kunde.example');
    expect(row).toMatchObject({ state: 'tilmeldt' });
    expect(Date.now() - new Date(row!.consentAt).getTime()).toBeLessThan(60_000);
    // Pressed again (a reload): still confirmed, the first time of consent kept.
    expect((await pressButton('/nyhedsbrev/bekraeft/', token)).status).toBe(200);
    expect((await subscriber('jens@kunde.example'))!.consentAt).toEqual(row!.consentAt);

    // A link that is not one, or none at all.
    const wrong = await pressButton('/nyhedsbrev/bekraeft/', `${token.slice(0, -4)}AAAA`);
    expect(wrong.status).toBe(404);
    expect(stepIn(wrong.body)).toMatchObject({ kind: 'invalid', heading: 'Linket virker ikke' });
    expect((await rawRequest(`${site.url}/nyhedsbrev/bekraeft/`)).status).toBe(404);
  });

  it('unsubscribes with one click from a mail program (RFC 8058), or with the button', async () => {
    const make = async (email: string) => {
      await cms.strapi.documents(SUBSCRIBER_UID).create({
        data: { email, state: 'tilmeldt', signedUpAt: new Date(), consentAt: new Date() } as never,
      });
      const row = (await subscriber(email))!;
      return service().link(row, 'unsubscribe');
    };
    const oneClick = await make('ida@kunde.example');
    expect(oneClick.startsWith(`${site.url}/nyhedsbrev/afmeld/?t=`)).toBe(true);
    // Opening the link shows the button and removes no one.
    expect(stepIn((await rawRequest(oneClick)).body)).toMatchObject({
      kind: 'ask',
      button: 'Afmeld',
    });
    expect(await subscriber('ida@kunde.example')).not.toBeNull();

    // The mail program's POST: from its own servers (no Origin, no stamp), multipart, to the link.
    const boundary = 'x-mail-program-4711';
    const posted = await rawRequest(oneClick, {
      method: 'POST',
      headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}` },
      body:
        `--${boundary}\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\n` +
        `One-Click\r\n--${boundary}--\r\n`,
    });
    expect(posted.status).toBe(200);
    expect(stepIn(posted.body)).toMatchObject({ kind: 'done', heading: 'Du er afmeldt' });
    expect(await subscriber('ida@kunde.example')).toBeNull();
    // Sent again: the address is gone already.
    expect((await rawRequest(oneClick, { method: 'POST', body: '' })).status).toBe(404);

    const byButton = await make('ole@kunde.example');
    const token = new URL(byButton).searchParams.get('t')!;
    const pressed = await pressButton('/nyhedsbrev/afmeld/', token);
    expect(stepIn(pressed.body)).toMatchObject({ kind: 'done' });
    expect(await subscriber('ole@kunde.example')).toBeNull();
  });

  it('works without JavaScript: a post page’s form without a stamp gets one more press on the newsletter page', async () => {
    const answer = await signUp({ email: 'uden-js@kunde.example', stamp: '' });
    expect(answer.status).toBe(200);
    const form = formIn(answer.body);
    expect(form).toMatchObject({
      email: 'uden-js@kunde.example',
      source: postPath,
      invalid: false,
    });
    expect(form.notice).toContain('tryk på Tilmeld');
    expect(form.stamp).toMatch(/^\d{13}\./);
    expect(await subscriber('uden-js@kunde.example')).toBeNull();

    await pause(3_100);
    const again = await signUp(
      { email: form.email!, stamp: form.stamp!, source: form.source! },
      { from: '/nyhedsbrev/tilmeld' },
    );
    expect(again.status).toBe(303);
    expect(await subscriber('uden-js@kunde.example')).toMatchObject({ source: postPath });
  });
});

describe('spam and abuse', () => {
  it('refuses what a bot does, escapes what is typed, and lets the next reader through', async () => {
    const seen = smtp.received.length;
    // The hidden field filled in: thanked like anyone, nothing kept, nothing mailed.
    const own = { address: '198.51.100.20' };
    const bot = await signUp({ email: 'bot@spam.example', website: 'http://spam.example' }, own);
    expect(bot.status).toBe(303);
    expect(await subscriber('bot@spam.example')).toBeNull();

    const cases: Array<[string, Promise<RawResponse>, number]> = [
      [
        'another site',
        signUp(
          { email: 'a@spam.example' },
          { headers: { Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site' } },
        ),
        403,
      ],
      [
        'a forged stamp',
        signUp({ email: 'b@spam.example', stamp: `${Date.now() - 60_000}.${'A'.repeat(43)}` }),
        400,
      ],
      [
        'too fast',
        (async () =>
          signUp({
            email: 'c@spam.example',
            stamp: formIn((await rawRequest(`${site.url}/nyhedsbrev/`)).body).stamp!,
          }))(),
        400,
      ],
    ];
    for (const [what, response, status] of cases) {
      const answer = await response;
      expect(answer.status, what).toBe(status);
      expect(formIn(answer.body).error, what).toBeTruthy();
    }

    const hostile = '"><script>alert(1)</script>@x';
    const bad = await signUp({ email: hostile }, own);
    expect(bad.status).toBe(400);
    expect(bad.body.toString()).not.toContain('<script>alert(1)');
    expect(formIn(bad.body)).toMatchObject({ email: hostile, invalid: true });
    expect(formIn(bad.body).error).toContain('gyldig e-mailadresse');

    for (const email of ['a@spam.example', 'b@spam.example', 'c@spam.example'])
      expect(await subscriber(email), email).toBeNull();
    await pause(500);
    expect(
      smtp.received.slice(seen).filter((mail) => mail.to.some((to) => to.endsWith('spam.example'))),
    ).toEqual([]);
    expect((await signUp({ email: 'naeste@kunde.example' }, own)).status).toBe(303);
  });

  it('answers the 6th quick sign-up from one address with 429, and others still get through', async () => {
    const from = { address: '203.0.113.66' };
    for (let i = 1; i <= 5; i++)
      expect((await signUp({ email: `mange${i}@kunde.example` }, from)).status).toBe(303);
    const sixth = await signUp({ email: 'mange6@kunde.example' }, from);
    expect(sixth.status).toBe(429);
    expect(Number(sixth.headers['retry-after'])).toBeGreaterThan(0);
    expect(formIn(sixth.body).error).toContain('Vent lidt');
    expect(
      (await signUp({ email: 'anden@kunde.example' }, { address: '203.0.113.67' })).status,
    ).toBe(303);
  });
});

describe('when the CMS is away', () => {
  it('tells the reader to try again and keeps the address; a confirm keeps its button', async () => {
    await cms.closeServer();
    try {
      const answer = await signUp({ email: 'senere@kunde.example' }, { address: '198.51.100.99' });
      expect(answer.status).toBe(503);
      expect(formIn(answer.body)).toMatchObject({ email: 'senere@kunde.example' });
      expect(formIn(answer.body).error).toContain('Prøv igen om lidt');
      const pressed = await pressButton('/nyhedsbrev/bekraeft/', 'abcdefghij0123456789.x');
      expect(pressed.status).toBe(503);
      expect(stepIn(pressed.body)).toMatchObject({ kind: 'ask', token: 'abcdefghij0123456789.x' });
      expect(stepIn(pressed.body).error).toContain('Prøv igen om lidt');
    } finally {
      await cms.reopenServer();
    }
    expect(site.output()).toContain('[newsletter] A sign-up could not be passed on');
    expect(site.output()).not.toContain('senere@kunde.example');
  });
});
