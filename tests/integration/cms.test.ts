import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cmsDir } from '../helpers/paths';
import { simpleParser } from 'mailparser';
import { waitFor } from '../helpers/site-server';
import {
  found,
  registerFirstAdmin,
  startTestCms,
  usesPostgres,
  type TestCms,
} from '../helpers/test-cms';
import { findSeedPost } from '../helpers/seed-post';

const COLLECTIONS = ['posts', 'authors', 'opinions', 'tags'];

let cms: TestCms;

async function get(urlPath: string, token?: string) {
  return fetch(`${cms.url}${urlPath}`, {
    headers: token ? { Authorization: `Bearer ${token}` } : {},
  });
}

beforeAll(async () => {
  cms = await startTestCms();
});

afterAll(async () => {
  await cms?.destroy();
});

describe('first start: seeding', () => {
  it('imports the first post with its date, author, tags and opinions', async () => {
    const posts = await cms.strapi
      .documents('api::post.post')
      .findMany({ status: 'published', populate: ['author', 'tags', 'opinions'] });
    expect(posts).toHaveLength(1);
    const post = found(posts[0], 'the seed post');
    expect(post.title).toBe('Ikke flere kunder tak.');
    expect(post.slug).toBe('ikke-flere-kunder-tak');
    expect(new Date(found(post.date, 'its date')).toISOString()).toBe('2014-06-17T22:00:00.000Z');
    expect(post.body?.filter((block) => block.type === 'heading')).toHaveLength(8);
    expect(post.author?.name).toBe('Kim Eksempel');
    expect(post.tags?.map((tag) => tag.slug)).toEqual(['salg', 'kunder', 'salgstraening']);
    expect(post.opinions?.length).toBeGreaterThanOrEqual(3);
  });

  it('seeds at least three opinions, ordered, each with a statement and linked to the post', async () => {
    const opinions = await cms.strapi
      .documents('api::opinion.opinion')
      .findMany({ status: 'published', populate: ['posts'], sort: 'order:asc' });
    expect(opinions.length).toBeGreaterThanOrEqual(3);
    for (const opinion of opinions) {
      expect(opinion.statement?.length).toBeGreaterThan(10);
      expect(opinion.posts?.map((post) => post.slug)).toEqual(['ikke-flere-kunder-tak']);
    }
    const orders = opinions.map((opinion) => found(opinion.order, 'an order'));
    expect(orders).toEqual([...orders].sort((a, b) => a - b));
  });

  it('seeds the site settings with the contact call to action and navigation labels', async () => {
    const site = found(
      await cms.strapi
        .documents('api::site.site')
        .findFirst({ populate: ['contact', 'navigation'] }),
      'the site settings',
    );
    expect(site.siteTitle).toBeTruthy();
    expect(site.contact?.heading).toBeTruthy();
    expect(site.contact?.email).toMatch(/@/);
    expect(site.navigation?.opinions).toBe('Mine holdninger');
  });
});

describe('the content model', () => {
  it('has its TypeScript types generated from the schemas as they are now (npm run build -w cms)', async () => {
    const tsUtils = createRequire(path.join(cmsDir, 'package.json'))('@strapi/typescript-utils');
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'strapi-types-'));
    try {
      await tsUtils.generators.generate({
        strapi: cms.strapi,
        pwd: out,
        logger: { silent: true },
        artifacts: { contentTypes: true, components: true },
      });
      for (const file of ['contentTypes.d.ts', 'components.d.ts']) {
        const committed = path.join(cmsDir, 'types', 'generated', file);
        expect(
          fs.readFileSync(path.join(out, 'types', 'generated', file), 'utf8'),
          `${committed} is out of date: run npm run build -w cms`,
        ).toBe(fs.readFileSync(committed, 'utf8'));
      }
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });
});

describe('access', () => {
  it('gives the Public role nothing: every content endpoint answers 403 without a token, drafts too', async () => {
    for (const collection of COLLECTIONS) {
      expect((await get(`/api/${collection}`)).status, collection).toBe(403);
      expect((await get(`/api/${collection}?status=draft`)).status, `${collection} drafts`).toBe(
        403,
      );
    }
    expect((await get('/api/site')).status).toBe(403);
    expect((await get('/api/site-sync')).status).toBe(403);
  });

  it('lets the site token read the content and nothing else', async () => {
    for (const collection of COLLECTIONS)
      expect((await get(`/api/${collection}`, cms.token)).status, collection).toBe(200);
    expect((await get('/api/site', cms.token)).status).toBe(200);
    expect((await get('/api/site-sync', cms.token)).status).toBe(200);
    expect((await get('/api/users', cms.token)).status).toBe(403);
    const write = await fetch(`${cms.url}/api/tags`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${cms.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ data: { name: 'Indtrænger' } }),
    });
    expect(write.status).toBe(403);
  });

  it('rate-limits admin logins: after five wrong passwords the sixth try gets 429', async () => {
    const attempt = () =>
      fetch(`${cms.url}/admin/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ email: 'gaetter@example.test', password: 'Forkert-1234' }),
      });
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await attempt()).status);
    expect(statuses.slice(0, 5).every((status) => status === 400 || status === 401)).toBe(true);
    expect(statuses.slice(5)).toEqual([429, 429]);
  });

  it('lets the site token neither change nor delete content, nor reach the admin API', async () => {
    const [tag] = (
      (await (await get('/api/tags', cms.token)).json()) as { data: Array<{ documentId: string }> }
    ).data;
    const request = (method: string) =>
      fetch(`${cms.url}/api/tags/${tag!.documentId}`, {
        method,
        headers: { Authorization: `Bearer ${cms.token}`, 'Content-Type': 'application/json' },
        body: method === 'PUT' ? JSON.stringify({ data: { name: 'Ændret' } }) : undefined,
      });
    expect((await request('PUT')).status).toBe(403);
    expect((await request('DELETE')).status).toBe(403);
    expect((await get('/admin/users', cms.token)).status).toBe(401);
    expect((await get('/api/users/me', cms.token)).status).toBe(403);
    expect((await get('/api/upload/files', cms.token)).status).toBe(403);
  });

  it('keeps the token file private to its owner', () => {
    const mode = fs.statSync(path.join(cms.dir, 'site-token.json')).mode & 0o777;
    expect(mode).toBe(0o600);
  });
});

describe('mail without an SMTP server (the embedded default)', () => {
  /** The .eml files the CMS has written, each parsed as a mail program reads it. */
  const mails = async () =>
    Promise.all(
      (fs.existsSync(cms.mailDir) ? fs.readdirSync(cms.mailDir) : [])
        .filter((name) => name.endsWith('.eml'))
        .map(async (name) => {
          const file = path.join(cms.mailDir, name);
          return { file, mail: await simpleParser(fs.readFileSync(file)) };
        }),
    );

  it("writes Strapi's own mails as .eml files: a password reset with its link", async () => {
    if ((await cms.strapi.db.query('admin::user').count()) === 0)
      await registerFirstAdmin(cms.url, {
        firstname: 'Kim',
        email: 'kim@example.dk',
        password: 'Hemmelig123',
      });
    const response = await fetch(`${cms.url}/admin/forgot-password`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'kim@example.dk' }),
    });
    expect(response.status).toBe(204);
    await waitFor('the reset mail', async () =>
      (await mails()).some(({ mail }) => mail.to && JSON.stringify(mail.to).includes('kim@')),
    );
    const reset = (await mails()).find(({ mail }) => JSON.stringify(mail.to).includes('kim@'))!;
    expect(reset.mail.text).toMatch(/\/admin\/auth\/reset-password\?code=[0-9a-f]+/);
    expect(fs.statSync(reset.file).mode & 0o777, 'readable by the CMS only').toBe(0o600);
  });

  it('writes the mail about an inquiry the same way: plain text, no HTML part', async () => {
    const response = await fetch(`${cms.url}/api/inquiries`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${cms.inquiryToken}` },
      body: JSON.stringify({
        data: {
          name: 'Uden SMTP',
          email: 'uden@firma.example',
          company: 'Firma A/S',
          phone: '',
          message: 'Hej Kim\n\nHar du tid til en snak om salgstræning?',
        },
      }),
    });
    expect(response.status).toBe(201);
    const { data } = (await response.json()) as { data: { documentId: string } };
    const ours = async () =>
      (await mails()).find(({ mail }) => mail.text?.includes(data.documentId));
    await waitFor('the .eml file', async () => !!(await ours()), 15_000);
    const { mail, file } = (await ours())!;
    expect(mail.subject).toBe('Ny henvendelse fra Uden SMTP, Firma A/S');
    expect(mail.text).toContain('Har du tid til en snak om salgstræning?');
    expect(mail.html, 'no HTML part').toBeFalsy();
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });
});

describe('the sync state (GET /api/site-sync)', () => {
  type State = Record<string, { count: number; latest: string }>;
  const state = async () =>
    ((await (await get('/api/site-sync', cms.token)).json()) as { data: State }).data;

  it('counts published entries per type with the time of the latest change', async () => {
    const now = await state();
    expect(Object.keys(now).sort()).toEqual([
      'authors',
      'opinions',
      'pages',
      'posts',
      'site',
      'tags',
    ]);
    const opinions = await cms.strapi
      .documents('api::opinion.opinion')
      .count({ status: 'published' });
    expect(now.posts!.count).toBe(
      await cms.strapi.documents('api::post.post').count({ status: 'published' }),
    );
    expect(now.opinions!.count).toBe(opinions);
    expect(now.site!.count).toBe(1);
    // A type with entries has the time of its latest change; one without (no pages yet) has none.
    for (const type of Object.values(now))
      expect(type.latest).toMatch(type.count ? /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/ : /^$/);
  });

  it('ignores drafts, and moves when an entry is published, edited or unpublished', async () => {
    const posts = cms.strapi.documents('api::post.post');
    const before = await state();
    const draft = await posts.create({ data: { title: 'Kun en kladde' } });
    expect(await state()).toEqual(before);

    await posts.publish({ documentId: draft.documentId });
    const published = await state();
    expect(published.posts!.count).toBe(before.posts!.count + 1);
    expect(published.posts!.latest > before.posts!.latest).toBe(true);
    expect({ ...published, posts: before.posts }).toEqual(before);

    await posts.update({ documentId: draft.documentId, data: { title: 'Kun en kladde, rettet' } });
    expect(await state()).toEqual(published); // an unpublished edit is not the site's business
    await posts.publish({ documentId: draft.documentId });
    const edited = await state();
    expect(edited.posts!.latest > published.posts!.latest).toBe(true);

    await posts.unpublish({ documentId: draft.documentId });
    expect((await state()).posts!.count).toBe(before.posts!.count);
  });
});

describe('slugs set in code', () => {
  it('makes a Danish slug from the title when none is given, and a unique one for a duplicate title', async () => {
    const posts = cms.strapi.documents('api::post.post');
    const first = await posts.create({ data: { title: 'Særlig ærlig før åbning' } });
    const second = await posts.create({ data: { title: 'Særlig ærlig før åbning' } });
    expect(first.slug).toBe('saerlig-aerlig-foer-aabning');
    expect(second.slug).toBe('saerlig-aerlig-foer-aabning-2');
    const tag = await cms.strapi
      .documents('api::tag.tag')
      .create({ data: { name: 'Kundeønsker' } });
    expect(tag.slug).toBe('kundeoensker');
  });

  it('normalises a hand-made slug with markup, spaces or Danish letters into a safe one', async () => {
    const posts = cms.strapi.documents('api::post.post');
    expect(
      (await posts.create({ data: { title: 'Ondt slug', slug: '<script>alert(1)</script>' } }))
        .slug,
    ).toBe('script-alert-1-script');
    expect(
      (await posts.create({ data: { title: 'Ondt slug', slug: 'Min Ærlige Mening' } })).slug,
    ).toBe('min-aerlige-mening');
  });

  it('keeps a slug the editor set', async () => {
    const post = await cms.strapi
      .documents('api::post.post')
      .create({ data: { title: 'Noget andet', slug: 'mit-eget-slug' } });
    expect(post.slug).toBe('mit-eget-slug');
  });
});

describe('restarting on the same database', () => {
  it('keeps a working token, and gives a token with other permissions exactly the read permissions back', async () => {
    const tokens = () =>
      cms.strapi.service('admin::api-token-content-api') as unknown as {
        getByName(name: string): Promise<{ id: number; permissions: string[] }>;
        update(id: number, attributes: object): Promise<unknown>;
      };
    const { id, permissions } = await tokens().getByName('Site builder (read-only)');
    expect(permissions).toContain('api::site-sync.site-sync.find');
    await tokens().update(id, { permissions: ['api::post.post.find', 'api::tag.tag.create'] }); // as an older CMS or an admin might
    expect((await get('/api/site-sync', cms.token)).status).toBe(403);

    const oldToken = cms.token;
    const dir = cms.dir;
    await cms.destroy();
    cms = await startTestCms({ dir });

    expect(cms.token).toBe(oldToken);
    expect((await tokens().getByName('Site builder (read-only)')).permissions.sort()).toEqual(
      permissions.sort(),
    );
    expect((await get('/api/site-sync', cms.token)).status).toBe(200);
  });

  it('never seeds again, never overwrites an edit, and replaces a lost token file', async () => {
    const posts = cms.strapi.documents('api::post.post');
    const seeded = await findSeedPost(cms.strapi);
    await posts.update({
      documentId: seeded.documentId,
      data: { title: 'Redigeret af redaktøren' },
    });
    await posts.publish({ documentId: seeded.documentId });
    const tags = cms.strapi.documents('api::tag.tag');
    for (const tag of await tags.findMany()) await tags.delete({ documentId: tag.documentId });

    const oldToken = cms.token;
    const dir = cms.dir;
    await cms.destroy();
    fs.rmSync(path.join(dir, 'site-token.json'));
    cms = await startTestCms({ dir });

    const after = await cms.strapi
      .documents('api::post.post')
      .findMany({ status: 'published', filters: { documentId: seeded.documentId } });
    expect(after.map((post) => post.title)).toEqual(['Redigeret af redaktøren']);
    expect(
      await cms.strapi.db
        .query('api::post.post')
        .count({ where: { title: 'Ikke flere kunder tak.' } }),
    ).toBe(0);
    expect(await cms.strapi.documents('api::tag.tag').count({})).toBe(0); // deleted tags stay deleted
    expect(await cms.strapi.documents('api::author.author').count({})).toBe(1);

    expect(cms.token).not.toBe(oldToken);
    expect((await get('/api/posts', cms.token)).status).toBe(200);
    expect((await get('/api/posts', oldToken)).status).toBe(401);
  });
});

describe.skipIf(usesPostgres())('the SQLite database (not in the PostgreSQL pass)', () => {
  it('runs in WAL mode', async () => {
    const [row] = await cms.strapi.db.connection.raw('PRAGMA journal_mode');
    expect(row.journal_mode).toBe('wal');
  });
});
