// Inquiries ("Henvendelser") in the real CMS: what the contact form's token may do (create, nothing
// else), who cannot read them, the checks on what comes in, the mail to the consultant through a
// real SMTP server (smtp-server) that asks for a login, retries when the mail server is away or
// refuses the login, Strapi's own password-reset mail on the same path, and the deletion of old
// inquiries after the keeping time set in the site settings. (The .eml files without SMTP:
// cms.test.ts.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INQUIRY_UID } from '@blog/shared';
import { found, registerFirstAdmin, startTestCms, type TestCms } from '../helpers/test-cms';
import { waitFor } from '../helpers/site-server';
import { INQUIRY_JOBS } from '../../cms/src/inquiry-jobs';
import {
  startSmtpServer,
  useMailFolder,
  useSmtp,
  type ReceivedMail,
  type SmtpLogin,
  type TestSmtpServer,
} from '../helpers/smtp';

let cms: TestCms;
let smtp: TestSmtpServer | null = null;
let smtpPort = 0;
const received: ReceivedMail[] = [];
/** What the SMTP server accepts; the CMS is started with the same. */
const login: SmtpLogin = { user: 'blog', password: 'rigtig-adgangskode' };

function post(body: unknown, token: string | null = cms.inquiryToken, urlPath = '/api/inquiries') {
  return fetch(`${cms.url}${urlPath}`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(body),
  });
}

const reader = {
  name: 'Mette Sørensen',
  email: 'mette@firma.example',
  company: 'Firma A/S',
  phone: '+45 12 34 56 78',
  message: 'Hej Kim\n\nVi vil gerne høre om salgstræning for 12 sælgere.\n\nMvh Mette',
};

const inquiries = () => cms.strapi.db.query(INQUIRY_UID);
const service = () =>
  cms.strapi.service(INQUIRY_UID) as unknown as {
    sendPendingMails(): Promise<number>;
    deleteExpired(now?: Date): Promise<number>;
  };

beforeAll(async () => {
  process.env.MAIL_RETRY_SECONDS = '1';
  smtp = await startSmtpServer(0, received, login);
  smtpPort = smtp.port;
  useSmtp(smtpPort, login);
  cms = await startTestCms();
});

afterAll(async () => {
  await smtp?.stop();
  await cms?.destroy();
  useMailFolder();
  delete process.env.MAIL_RETRY_SECONDS;
});

describe('the contact form token', () => {
  it('creates an inquiry, marked new, and is told only that it was kept', async () => {
    const response = await post({ data: { ...reader, page: '/kontakt/' } });
    expect(response.status).toBe(201);
    const body = (await response.json()) as { data: Record<string, unknown> };
    expect(Object.keys(body.data)).toEqual(['documentId']);
    const stored = found(
      await inquiries().findOne({ where: { documentId: body.data.documentId } }),
      'the inquiry',
    );
    expect(stored).toMatchObject({ ...reader, state: 'ny', page: '/kontakt/' });
    expect(Date.now() - new Date(stored.receivedAt).getTime()).toBeLessThan(60_000);
  });

  it('reads nothing: no inquiries, no content, no changes', async () => {
    const [inquiry] = await inquiries().findMany({ limit: 1 });
    const token = cms.inquiryToken;
    const get = (urlPath: string) =>
      fetch(`${cms.url}${urlPath}`, { headers: { Authorization: `Bearer ${token}` } });
    for (const urlPath of [
      '/api/inquiries',
      `/api/inquiries/${inquiry!.documentId}`,
      '/api/posts',
      '/api/site',
      '/api/site-sync',
      '/api/users/me',
    ])
      expect((await get(urlPath)).status, urlPath).toBeGreaterThanOrEqual(403);
    const update = await fetch(`${cms.url}/api/inquiries/${inquiry!.documentId}`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ data: { state: 'arkiveret' } }),
    });
    expect(update.status).toBeGreaterThanOrEqual(403);
    expect((await post({ data: { title: 'Nej' } }, token, '/api/posts')).status).toBe(403);
  });
});

describe('who cannot read inquiries', () => {
  it('refuses the Public role and the site token, to read or to create', async () => {
    for (const token of [null, cms.token]) {
      const list = await fetch(`${cms.url}/api/inquiries`, {
        headers: token ? { Authorization: `Bearer ${token}` } : {},
      });
      expect(
        list.status,
        `list with ${token ? 'the site token' : 'no token'}`,
      ).toBeGreaterThanOrEqual(403);
      const create = await post({ data: reader }, token);
      expect(create.status, `create with ${token ? 'the site token' : 'no token'}`).toBe(403);
    }
    // Nor does the site's sync state count them.
    const sync = await fetch(`${cms.url}/api/site-sync`, {
      headers: { Authorization: `Bearer ${cms.token}` },
    });
    expect(JSON.stringify(await sync.json())).not.toContain('inquir');
  });

  it("keeps the reader's details out of the events the webhooks send", async () => {
    const events: unknown[] = [];
    const listener = async (payload: unknown) => void events.push(payload);
    cms.strapi.eventHub.on('entry.create', listener);
    try {
      expect((await post({ data: reader })).status).toBe(201);
      await waitFor('the event', async () => events.length > 0, 5_000);
    } finally {
      cms.strapi.eventHub.off('entry.create', listener);
    }
    const text = JSON.stringify(events);
    for (const value of [reader.email, reader.message.slice(0, 20), reader.phone])
      expect(text).not.toContain(value);
  });
});

describe('what comes in', () => {
  it('refuses wrong fields with a Danish message per field, and stores nothing', async () => {
    const before = await inquiries().count();
    const cases: Array<[Record<string, string>, string, RegExp]> = [
      [{ ...reader, email: 'ikke-en-adresse' }, 'email', /gyldig e-mailadresse/],
      [{ ...reader, name: '' }, 'name', /Skriv dit navn/],
      [{ ...reader, message: 'x'.repeat(5001) }, 'message', /højst være 5\.000 tegn/],
      [{ ...reader, name: 'Eve\r\nBcc: alle@example.test' }, 'name', /tegn, der ikke kan bruges/],
      [{ ...reader, email: 'eve@example.test\nBcc: alle@example.test' }, 'email', /./],
      [{ ...reader, message: 'Hej\u0000med nul' }, 'message', /tegn, der ikke kan bruges/],
      [{ ...reader, phone: 'ring<script>' }, 'phone', /cifre/],
    ];
    for (const [data, field, message] of cases) {
      const response = await post({ data });
      expect(response.status, field).toBe(400);
      const { error } = (await response.json()) as {
        error: { details: { errors: Record<string, string> } };
      };
      expect(error.details.errors[field], field).toMatch(message);
    }
    expect(await inquiries().count()).toBe(before);
  });

  it('stores markup and look-alike headers as plain text, exactly as written', async () => {
    const hostile = {
      ...reader,
      name: '<img src=x onerror=alert(1)> "Eve"',
      company: '</textarea><script>alert(1)</script>',
      message: '<b>fed</b> & <script>alert("x")</script>\nSubject: falsk\n.\nsidste linje',
    };
    const response = await post({ data: hostile });
    expect(response.status).toBe(201);
    const { data } = (await response.json()) as { data: { documentId: string } };
    const stored = await inquiries().findOne({ where: { documentId: data.documentId } });
    expect(stored).toMatchObject(hostile);
  });

  it('keeps a submission delivered twice once', async () => {
    const data = { ...reader, submissionId: 'kontakt-0001-gentaget' };
    const first = await post({ data });
    const second = await post({ data });
    expect([first.status, second.status]).toEqual([201, 200]);
    expect((await first.json()).data).toEqual((await second.json()).data);
    expect(await inquiries().count({ where: { submissionId: data.submissionId } })).toBe(1);
  });
});

describe('the mail to the consultant', () => {
  it('goes out by SMTP at once: plain text, the reader as Reply-To, every field', async () => {
    const hostile = {
      ...reader,
      name: 'Eve <eve@evil.example>',
      message: 'Linje 1\n<script>alert(1)</script>\nBcc: alle@example.test',
    };
    const response = await post({ data: { ...hostile, page: '/blog/ikke-flere-kunder-tak/' } });
    const { data } = (await response.json()) as { data: { documentId: string } };
    const ours = () => received.find(({ mail }) => mail.subject?.includes(hostile.name));
    await waitFor('the mail', async () => !!ours(), 15_000);
    const { to, mail, raw } = ours()!;
    expect(to).toEqual(['konsulent@example.test']);
    expect(mail.subject).toBe(`Ny henvendelse fra ${hostile.name}, ${hostile.company}`);
    expect(mail.replyTo?.value).toEqual([{ name: hostile.name, address: hostile.email }]);
    expect(mail.html, 'no HTML part').toBeFalsy();
    expect(mail.bcc).toBeUndefined();
    const headers = raw.split(/\r?\n\r?\n/)[0]!;
    expect(headers, 'no header from the message').not.toMatch(/^(Bcc|Subject: falsk)/im);
    for (const value of [hostile.message, hostile.company, hostile.phone, hostile.email])
      expect(mail.text).toContain(value);
    expect(mail.text).toContain('/blog/ikke-flere-kunder-tak/');
    expect(mail.text).toContain(
      `/admin/content-manager/collection-types/${INQUIRY_UID}/${data.documentId}`,
    );
    const stored = await inquiries().findOne({ where: { documentId: data.documentId } });
    expect(stored.notifiedAt).not.toBeNull();
  });

  it('is tried again while the mail server is away, and the inquiry is kept meanwhile', async () => {
    await smtp?.stop();
    smtp = null;
    const response = await post({ data: { ...reader, name: 'Venter På Mail' } });
    expect(response.status, 'kept without the mail server').toBe(201);
    const { data } = (await response.json()) as { data: { documentId: string } };
    await waitFor('the failed attempt to be recorded', async () => {
      const row = await inquiries().findOne({ where: { documentId: data.documentId } });
      return row.mailAttempts > 0;
    });
    const failed = await inquiries().findOne({ where: { documentId: data.documentId } });
    expect(failed.notifiedAt).toBeNull();
    expect(failed.mailError).toBeTruthy();

    // Strapi's cron tries again (a rule it cannot read would only be logged).
    expect(cms.strapi.cron.jobs.map((job) => job.name)).toEqual(
      expect.arrayContaining(Object.values(INQUIRY_JOBS)),
    );
    smtp = await startSmtpServer(smtpPort, received, login); // back, on the same port
    await waitFor(
      'the retry to deliver it',
      async () => {
        const row = await inquiries().findOne({ where: { documentId: data.documentId } });
        return row.notifiedAt !== null;
      },
      30_000,
    );
    expect(
      received
        .filter(({ mail }) => mail.subject?.includes('Venter På Mail'))
        .map(({ mail }) => mail.subject),
      'sent once',
    ).toEqual(['Ny henvendelse fra Venter På Mail, Firma A/S']);
  }, 45_000);

  it('names SMTP_USER and SMTP_PASSWORD when the server refuses the login, and goes once they match', async () => {
    const rightPassword = login.password;
    login.password = 'skiftet-hos-udbyderen'; // the mail account's password changed
    // …and the provider ends the session the CMS keeps open between mails (one pooled
    // connection, closed by itself after 30 s idle): the next mail must log in again.
    await smtp?.stop();
    smtp = await startSmtpServer(smtpPort, received, login);
    try {
      const response = await post({ data: { ...reader, name: 'Forkert Login' } });
      expect(response.status, 'kept all the same').toBe(201);
      const { data } = (await response.json()) as { data: { documentId: string } };
      await waitFor('the refused attempt to be recorded', async () => {
        const row = await inquiries().findOne({ where: { documentId: data.documentId } });
        return row.mailAttempts > 0;
      });
      const refused = await inquiries().findOne({ where: { documentId: data.documentId } });
      expect(refused.notifiedAt).toBeNull();
      expect(refused.mailError).toContain('refused the login: check SMTP_USER and SMTP_PASSWORD');
      login.password = rightPassword;
      await waitFor(
        'the retry with the login that matches again',
        async () =>
          (await inquiries().findOne({ where: { documentId: data.documentId } })).notifiedAt !==
          null,
        30_000,
      );
      expect(received.some(({ mail }) => mail.subject?.includes('Forkert Login'))).toBe(true);
    } finally {
      login.password = rightPassword;
    }
  }, 45_000);
});

describe("Strapi's own mails", () => {
  it('sends the password reset by the same SMTP server, and its link sets a new password', async () => {
    const kim = { firstname: 'Kim', email: 'kim@example.dk', password: 'Hemmelig123' };
    await registerFirstAdmin(cms.url, kim);
    const admin = (urlPath: string, body: unknown) =>
      fetch(`${cms.url}/admin/${urlPath}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await admin('forgot-password', { email: kim.email })).status).toBe(204);
    const resetMail = () => received.find(({ to }) => to.includes(kim.email));
    await waitFor('the password-reset mail', async () => !!resetMail(), 15_000);
    const { mail } = resetMail()!;
    expect(mail.from?.value).toEqual([{ name: 'Sitet', address: 'kontakt@example.test' }]);
    const code = /\/admin\/auth\/reset-password\?code=([0-9a-f]+)/.exec(mail.text ?? '')?.[1];
    expect(code, 'the reset link in the mail').toBeTruthy();

    const reset = await admin('reset-password', {
      resetPasswordToken: code,
      password: 'NyAdgangskode456',
    });
    expect(reset.status).toBe(200);
    expect((await admin('login', { email: kim.email, password: 'NyAdgangskode456' })).status).toBe(
      200,
    );
  });
});

describe('keeping time', () => {
  it('deletes inquiries older than the site settings say (12 months unless set), no others', async () => {
    const monthsAgo = (months: number) => {
      const date = new Date();
      date.setMonth(date.getMonth() - months);
      return date;
    };
    const make = (name: string, receivedAt: Date) =>
      cms.strapi.documents(INQUIRY_UID).create({
        data: { ...reader, name, state: 'besvaret', receivedAt, notifiedAt: receivedAt },
      });
    const old = await make('Fra sidste år', monthsAgo(13));
    const recent = await make('Fra i sommer', monthsAgo(11));
    await service().deleteExpired();
    const left = async () =>
      (await inquiries().findMany({ select: ['documentId'] })).map((row) => row.documentId);
    expect(await left()).not.toContain(old.documentId);
    expect(await left()).toContain(recent.documentId);

    const site = found(await cms.strapi.documents('api::site.site').findFirst({}), 'the site');
    await cms.strapi.documents('api::site.site').update({
      documentId: site.documentId,
      data: { inquiryRetentionMonths: 6 },
    });
    try {
      await service().deleteExpired();
      expect(await left()).not.toContain(recent.documentId);
    } finally {
      await cms.strapi.documents('api::site.site').update({
        documentId: site.documentId,
        data: { inquiryRetentionMonths: null as unknown as number }, // back to unset
      });
    }
  });
});
