// The contact form through the real site server, into the real CMS, out through a real SMTP
// server: the page's signed stamp, a message from the form to the inquiry and the mail, every spam
// rule refusing what it should while a normal reader gets through, the rate limit, hostile input,
// and nothing lost while the CMS is down, also across a site-server restart.
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'node-html-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTACT_FORM_STAMP, INQUIRY_UID } from '@blog/shared';
import { HtmlValidate } from 'html-validate';
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
import type { TestCms } from '../helpers/test-cms';

const SECRETS = { webhook: 'contact-test-webhook-71ac', preview: 'contact-test-preview-0be2' };
const buildsDir = path.join(webDir, `.test-builds-contact-${process.pid}`);

let cms: TestCms;
let site: RunningSiteServer;
let sitePort: number;
let smtp: TestSmtpServer;
/** A stamp from a showing of the form more than the minimum time ago. */
let stamp: string;

const reader = {
  name: 'Mette Sørensen',
  email: 'mette@firma.example',
  company: 'Firma A/S',
  phone: '+45 12 34 56 78',
  message: 'Hej Kim\r\nVi vil gerne høre om salgstræning for 12 sælgere.',
};

const startSite = (options: { firstBuildMayFail?: boolean } = {}) =>
  startSiteServer(siteServerEnv(cms, SECRETS, buildsDir), sitePort, options);

const page = (headers: Record<string, string> = {}) =>
  rawRequest(`${site.url}/kontakt/`, { headers });

/** Posts the form as a browser on the contact page does, with `address` as the reader's. */
function send(
  fields: Record<string, string>,
  options: { address?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<RawResponse> {
  const body = options.body ?? new URLSearchParams({ stamp, website: '', ...fields }).toString();
  return rawRequest(`${site.url}/kontakt/send`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      Origin: `http://127.0.0.1:${sitePort}`,
      Referer: `http://127.0.0.1:${sitePort}/kontakt/`,
      'Sec-Fetch-Site': 'same-origin',
      // The site server trusts a proxy on this machine to say whom it forwards for.
      'X-Forwarded-For': options.address ?? '198.51.100.1',
      ...options.headers,
    },
    body,
  });
}

const mails = () => smtp.received.map(({ mail }) => mail);

const inquiriesNamed = (name: string) =>
  cms.strapi.db.query(INQUIRY_UID).findMany({ where: { name } });

const queue = async () => {
  const status = (await site.status()) as unknown as { inquiries: { queued: number } };
  return status.inquiries;
};

/** The form in an answer: its values, errors and summary, read as a browser would. */
function formIn(response: RawResponse) {
  const root = parse(response.body.toString());
  const form = root.querySelector('form.contact-form')!;
  return {
    value: (name: string) =>
      name === 'message'
        ? form.querySelector(`textarea[name="${name}"]`)?.textContent
        : form.querySelector(`input[name="${name}"]`)?.getAttribute('value'),
    error: (name: string) => form.querySelector(`#kontakt-${name}-fejl`)?.textContent ?? null,
    summary: form.querySelector('#kontakt-fejl')?.textContent ?? null,
    stamp: form.querySelector('input[name="stamp"]')?.getAttribute('value'),
    html: root.toString(),
  };
}

beforeAll(async () => {
  smtp = await startSmtpServer();
  useSmtp(smtp.port);
  sitePort = await freePort();
  cms = await startCmsForSite(sitePort, SECRETS);
  fs.rmSync(inquiryQueueDir(buildsDir), { recursive: true, force: true });
  site = await startSite();
  stamp = formIn(await page()).stamp!;
  await new Promise((resolve) => setTimeout(resolve, 3_100)); // the least time a person takes
}, 300_000);

afterAll(async () => {
  await site?.stop();
  await cms?.destroy();
  await smtp?.stop();
  useMailFolder();
  fs.rmSync(buildsDir, { recursive: true, force: true });
  fs.rmSync(inquiryQueueDir(buildsDir), { recursive: true, force: true });
});

describe('the contact page', () => {
  it('is answered with a freshly signed form, never cached, valid HTML', async () => {
    const [first, second] = [await page(), await page()];
    expect(first.status).toBe(200);
    expect(first.headers['cache-control']).toBe('no-store');
    const [a, b] = [formIn(first).stamp, formIn(second).stamp];
    expect(a).toMatch(/^\d{13}\.[\w-]{43}$/);
    expect(a).not.toBe(b);
    expect(first.body.toString()).not.toContain(CONTACT_FORM_STAMP);
    // The e-mail address and phone stay beside the form.
    expect(first.body.toString()).toContain('mailto:');
    const report = await new HtmlValidate({
      extends: ['html-validate:recommended'],
    }).validateString(first.body.toString());
    expect(report.results.flatMap((result) => result.messages.map((m) => m.message))).toEqual([]);
    expect((await page({}).then((r) => r)).headers['content-security-policy']).toContain(
      "script-src 'self'",
    );
  });
});

describe('a message from a reader', () => {
  it('goes to the thank-you page, into the CMS and out as a mail', async () => {
    const answer = await send(reader);
    expect(answer.status).toBe(303);
    expect(answer.headers.location).toBe('/kontakt/tak/');
    const thanks = await rawRequest(`${site.url}/kontakt/tak/`);
    expect(thanks.status).toBe(200);
    expect(thanks.body.toString()).toContain('Tak for din besked');
    await waitFor(
      'the inquiry in the CMS',
      async () => (await inquiriesNamed(reader.name)).length === 1,
    );
    const [stored] = await inquiriesNamed(reader.name);
    expect(stored).toMatchObject({
      ...reader,
      message: reader.message.replace('\r\n', '\n'),
      state: 'ny',
      page: '/kontakt/',
    });
    await waitFor('the mail', async () =>
      mails().some((mail) => mail.subject?.includes(reader.name)),
    );
    expect((await queue()).queued).toBe(0);
  });

  it('is shown again with its errors at the fields and what was typed, without JavaScript', async () => {
    const hostile = {
      ...reader,
      name: '<script>alert("navn")</script>',
      email: 'ikke en adresse',
      message: '</textarea><img src=x onerror=alert(1)>',
    };
    const answer = await send(hostile);
    expect(answer.status).toBe(400);
    const form = formIn(answer);
    expect(form.error('email')).toMatch(/gyldig e-mailadresse/);
    expect(form.error('name')).toBeNull();
    expect(form.summary).toContain('E-mail: Skriv en gyldig e-mailadresse');
    expect(form.value('name')).toBe(hostile.name);
    expect(form.value('message')).toBe(hostile.message);
    // Escaped, never markup: the page has no script or image from the reader.
    const html = answer.body.toString();
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img src=x');
    expect(html).toMatch(/<title>Fejl: /);
    expect(await inquiriesNamed(hostile.name)).toHaveLength(0);
  });

  it('keeps markup, quotes and look-alike headers as plain text', async () => {
    const hostile = {
      ...reader,
      name: 'Eve "<b>fed</b>" O\'Brien',
      company: '</form><script>x()</script>',
      message: 'Linje 1\nBcc: alle@example.test\n<a href="javascript:alert(1)">klik</a>',
    };
    expect((await send(hostile, { address: '198.51.100.50' })).status).toBe(303);
    await waitFor('the inquiry', async () => (await inquiriesNamed(hostile.name)).length === 1);
    expect((await inquiriesNamed(hostile.name))[0]).toMatchObject(hostile);
    await waitFor('the mail', async () => mails().some((mail) => mail.subject?.includes('Eve')));
    const mail = mails().find((candidate) => candidate.subject?.includes('Eve'))!;
    expect(mail.html).toBeFalsy();
    expect(mail.bcc).toBeUndefined();
    expect(mail.text).toContain(hostile.message);
  });
});

describe('spam and abuse', () => {
  it('refuses each thing a bot does, and lets the next normal reader through', async () => {
    const fresh = formIn(await page()).stamp!;
    const before = await cms.strapi.db.query(INQUIRY_UID).count();
    const refusals: Array<[string, Promise<RawResponse>, number]> = [
      [
        'sent at once after the form was shown',
        send({ ...reader, stamp: fresh }, { address: '203.0.113.1' }),
        400,
      ],
      [
        'a forged stamp',
        send(
          { ...reader, stamp: `${Date.now() - 60_000}.${'A'.repeat(43)}` },
          { address: '203.0.113.2' },
        ),
        400,
      ],
      [
        'no stamp',
        send({}, { address: '203.0.113.3', body: new URLSearchParams(reader).toString() }),
        400,
      ],
      [
        'from another site',
        send(reader, {
          address: '203.0.113.4',
          headers: {
            Origin: 'https://evil.example',
            Referer: 'https://evil.example/',
            'Sec-Fetch-Site': 'cross-site',
          },
        }),
        403,
      ],
      [
        'without any origin',
        send(reader, { address: '203.0.113.5', headers: { Origin: '', Referer: '' } }),
        403,
      ],
      [
        'as JSON',
        send(reader, {
          address: '203.0.113.6',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(reader),
        }),
        415,
      ],
      [
        'over 16 KB',
        send({ ...reader, message: 'x'.repeat(17_000) }, { address: '203.0.113.7' }),
        413,
      ],
      [
        'too long a message',
        send({ ...reader, message: 'x'.repeat(5_001) }, { address: '203.0.113.8' }),
        400,
      ],
      [
        'a header in the name',
        send({ ...reader, name: 'Eve\r\nBcc: alle@example.test' }, { address: '203.0.113.9' }),
        400,
      ],
    ];
    for (const [what, response, status] of refusals) {
      const answer = await response;
      expect(answer.status, what).toBe(status);
      if (status !== 413 && status !== 415)
        expect(answer.body.toString(), `${what}: the form again, in Danish`).toContain(
          'Skriv til mig',
        );
    }
    // The hidden field filled in: thanked like anyone, and nothing kept.
    const honeypot = await send(
      { ...reader, name: 'Bot', website: 'http://spam.example' },
      { address: '203.0.113.10' },
    );
    expect(honeypot.status).toBe(303);
    const normal = await send({ ...reader, name: 'Normal Læser' }, { address: '203.0.113.11' });
    expect(normal.status).toBe(303);
    await waitFor(
      'the normal reader',
      async () => (await inquiriesNamed('Normal Læser')).length === 1,
    );
    expect(await cms.strapi.db.query(INQUIRY_UID).count()).toBe(before + 1);
  });

  it('answers the 6th quick message from one address with 429, in Danish, and others still get through', async () => {
    const address = '192.0.2.77';
    for (let i = 1; i <= 5; i++)
      expect(
        (await send({ ...reader, name: `Hurtig ${i}` }, { address })).status,
        `message ${i}`,
      ).toBe(303);
    const sixth = await send({ ...reader, name: 'Hurtig 6' }, { address });
    expect(sixth.status).toBe(429);
    expect(Number(sixth.headers['retry-after'])).toBeGreaterThan(0);
    expect(formIn(sixth).summary).toContain('mange beskeder på kort tid');
    expect(formIn(sixth).value('name')).toBe('Hurtig 6');
    expect((await send({ ...reader, name: 'En anden' }, { address: '192.0.2.78' })).status).toBe(
      303,
    );
  });

  it('sends a browser that opens the post address itself to the form', async () => {
    const answer = await rawRequest(`${site.url}/kontakt/send`);
    expect(answer.status).toBe(303);
    expect(answer.headers.location).toBe('/kontakt/#skriv-til-mig');
  });
});

describe('when the message cannot be kept', () => {
  it('does not thank the reader, and gives the text back', async () => {
    // The queue's folder replaced by a file: the write fails for real.
    const dir = inquiryQueueDir(buildsDir);
    fs.renameSync(dir, `${dir}.away`);
    fs.writeFileSync(dir, '');
    try {
      const answer = await send({ ...reader, name: 'Ikke gemt' }, { address: '192.0.2.200' });
      expect(answer.status).toBe(500);
      expect(formIn(answer).summary).toContain('kunne ikke gemmes');
      expect(formIn(answer).value('name')).toBe('Ikke gemt');
      expect((await site.status()).builds.succeeded, 'the server is still up').toBeGreaterThan(0);
    } finally {
      fs.rmSync(dir);
      fs.renameSync(`${dir}.away`, dir);
    }
    const later = await send({ ...reader, name: 'Gemt igen' }, { address: '192.0.2.201' });
    expect(later.status).toBe(303);
    await waitFor(
      'it to reach the CMS',
      async () => (await inquiriesNamed('Gemt igen')).length === 1,
    );
  });
});

describe('when the CMS is down', () => {
  it('thanks the reader at once and delivers the message later, also after a site-server restart', async () => {
    await waitFor('nothing waiting', async () => (await queue()).queued === 0);
    await cms.closeServer();
    try {
      const answer = await send({ ...reader, name: 'Mens CMS sover' }, { address: '192.0.2.90' });
      expect(answer.status, 'the reader is thanked while the CMS is down').toBe(303);
      expect((await queue()).queued).toBe(1);
      // The site server is restarted before the CMS is back: the message is on disk.
      await site.stop();
      expect(
        fs.readdirSync(inquiryQueueDir(buildsDir)).filter((name) => name.endsWith('.json')),
      ).toHaveLength(1);
      site = await startSite({ firstBuildMayFail: true }); // its build cannot reach the CMS
      expect((await queue()).queued).toBe(1);
    } finally {
      await cms.reopenServer();
    }
    await waitFor(
      'the message to reach the CMS',
      async () =>
        (await inquiriesNamed('Mens CMS sover')).length === 1 && (await queue()).queued === 0,
      60_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await inquiriesNamed('Mens CMS sover'), 'kept once').toHaveLength(1);
  }, 300_000);
});
