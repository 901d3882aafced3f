// A newsletter to 1,000 subscribers survives its CMS being killed mid-send (issue 30): the CMS
// runs as its own process (`strapi start`) and sends through a real SMTP server (smtp-server).
// It is killed (SIGKILL) while the mail server holds its answer to the 400th mail, the mail it
// was handing over, and stopped (SIGTERM) later on; each time it is started again. Exactly 1,000
// mails arrive, one to each subscriber: the mail in flight at the kill is not sent again.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCmsProcess, type CmsProcess } from '../helpers/cms-process';
import { freePort, waitFor } from '../helpers/site-server';
import {
  startSmtpServer,
  useMailFolder,
  useSmtp,
  type ReceivedMail,
  type TestSmtpServer,
} from '../helpers/smtp';
import { randomSecret, registerFirstAdmin } from '../helpers/test-cms';

const require = createRequire(import.meta.url);
const SUBSCRIBERS = 1_000;
const KILL_AT = 400;
const STOP_AT = 700;
const TITLE = 'Til alle abonnenter';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'blog-newsletter-kill-'));
let port: number;
let cms: CmsProcess;
let smtp: TestSmtpServer;
const received: ReceivedMail[] = [];
let killed: Promise<void> | null = null;
let output = '';

/** The CMS's database, read and written beside it (SQLite takes both). */
function database() {
  const Database = require('better-sqlite3');
  return new Database(path.join(dir, 'data.db'));
}

beforeAll(async () => {
  Object.assign(process.env, {
    SUBSCRIBER_SECRET: randomSecret(),
    SITE_URL: 'https://blog.example.test',
    // 100 a second: the whole send takes seconds, and the kill lands mid-way.
    NEWSLETTER_MAILS_PER_MINUTE: '6000',
    INQUIRY_TOKEN_FILE: path.join(dir, 'inquiry-token.json'),
    IMPORT_TOKEN_FILE: path.join(dir, 'import-token.json'),
  });
  // The 400th mail is received whole, and before the server answers it the CMS is killed.
  smtp = await startSmtpServer(0, received, undefined, async (_mail, count) => {
    if (count === KILL_AT) await (killed = cms.kill('SIGKILL'));
  });
  useSmtp(smtp.port);
  port = await freePort();
  cms = await startCmsProcess(dir, port);
}, 180_000);

afterAll(async () => {
  await cms?.kill('SIGKILL');
  await smtp?.stop();
  useMailFolder();
  for (const name of [
    'SUBSCRIBER_SECRET',
    'SITE_URL',
    'NEWSLETTER_MAILS_PER_MINUTE',
    'INQUIRY_TOKEN_FILE',
    'IMPORT_TOKEN_FILE',
  ])
    delete process.env[name];
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('a newsletter to 1,000 subscribers, its CMS killed mid-send', () => {
  it('arrives exactly once at each subscriber: the mail in flight at the kill is not sent again', async () => {
    // A thousand confirmed subscribers, as the sign-ups leave them.
    const db = database();
    const now = Date.now();
    const insert = db.prepare(
      `INSERT INTO subscribers (document_id, email, state, signed_up_at, consent_at, created_at, updated_at, published_at)
       VALUES (?, ?, 'tilmeldt', ?, ?, ?, ?, ?)`,
    );
    const emails = Array.from({ length: SUBSCRIBERS }, (_, i) => `laeser${i}@kunde.example`);
    db.transaction(() => {
      for (const email of emails)
        insert.run(crypto.randomBytes(12).toString('hex'), email, now, now, now, now, now);
    })();
    db.close();

    // The editor publishes a post, as the admin does.
    const token = await registerFirstAdmin(cms.url);
    const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
    const post = {
      title: TITLE,
      body: [{ type: 'paragraph', children: [{ type: 'text', text: 'Hej alle sammen.' }] }],
    };
    const created = await fetch(`${cms.url}/content-manager/collection-types/api::post.post`, {
      method: 'POST',
      headers,
      body: JSON.stringify(post),
    });
    expect([200, 201]).toContain(created.status);
    const { documentId } = ((await created.json()) as { data: { documentId: string } }).data;
    const published = await fetch(
      `${cms.url}/content-manager/collection-types/api::post.post/${documentId}/actions/publish`,
      { method: 'POST', headers, body: JSON.stringify(post) },
    );
    expect(published.status).toBe(200);

    // Killed while the 400th mail waits for the server's answer; then started again.
    await waitFor('the kill', async () => killed !== null, 60_000);
    await killed;
    output += cms.output();
    cms = await startCmsProcess(dir, port);
    // Stopped the ordinary way later on: the mail being handed over is finished first.
    await waitFor(`${STOP_AT} mails`, async () => received.length >= STOP_AT, 60_000);
    await cms.kill('SIGTERM');
    output += cms.output();
    cms = await startCmsProcess(dir, port);

    await waitFor(`${SUBSCRIBERS} mails`, async () => received.length >= SUBSCRIBERS, 60_000);
    await waitFor('the issue to be finished', async () =>
      cms.output().includes(`"${TITLE}" sent:`),
    );
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // a mail too many would come now
    output += cms.output();

    const to = received.filter((each) => each.mail.subject === TITLE).flatMap((each) => each.to);
    expect(to, 'mails received').toHaveLength(SUBSCRIBERS);
    expect(new Set(to).size, 'subscribers mailed').toBe(SUBSCRIBERS);
    expect([...to].sort()).toEqual([...emails].sort());

    // The one in flight at the kill is "usikker" (it did arrive); the stop left none.
    const after = database();
    const states = Object.fromEntries(
      (
        after
          .prepare('SELECT state, COUNT(*) AS n FROM newsletter_deliveries GROUP BY state')
          .all() as Array<{ state: string; n: number }>
      ).map((row) => [row.state, row.n]),
    );
    after.close();
    expect(states).toEqual({ sendt: SUBSCRIBERS - 1, usikker: 1 });
    expect(output).toContain('1 mail(s) were being handed to the mail server when the CMS stopped');
    expect(output).toContain(`"${TITLE}" sent: ${SUBSCRIBERS - 1} mail(s); 1 uncertain`);
  }, 300_000);
});
