import fs from 'node:fs';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  freePort,
  siteServerEnv,
  startCmsForSite,
  startSiteServer,
  waitFor,
  type RunningSiteServer,
} from '../helpers/site-server';
import { found, type TestCms } from '../helpers/test-cms';
import { webDir } from '../helpers/paths';

const WEBHOOK_SECRET = 'test-webhook-secret-3f9a';
const PREVIEW_SECRET = 'test-preview-secret-71be';
const SECRETS = { webhook: WEBHOOK_SECRET, preview: PREVIEW_SECRET };

let cms: TestCms;

/** The admin's own preview handler, which makes the signed links (cms/config/admin.ts). */
const previewHandler = () =>
  cms.strapi.config.get<
    (uid: string, params: { documentId: string; status?: string }) => Promise<string | null>
  >('admin.preview.config.handler');
let site: RunningSiteServer;
// Inside web/, so the on-demand server code of each build resolves its packages from node_modules.
const buildsDir = path.join(webDir, `.test-builds-${process.pid}`);

const get = (urlPath: string, init?: RequestInit) =>
  fetch(`${site.url}${urlPath}`, { redirect: 'manual', ...init });
const status = async (urlPath: string) => (await get(urlPath)).status;
const feedTitles = async () => {
  const feed = new XMLParser().parse(await (await get('/rss.xml')).text());
  return [feed.rss.channel.item].flat().map((item: { title: string }) => String(item.title));
};
const sitemap = async () => (await (await get('/sitemap-0.xml')).text()) as string;
/** The status once no build runs or waits (a build's pages are live before its search index). */
const idleStatus = async () => {
  await waitFor('the builder to be idle', async () => {
    const now = await site.status();
    return !now.building && !now.queued;
  });
  return site.status();
};

let sitePort: number;
const startSite = () =>
  startSiteServer(
    {
      ...siteServerEnv(cms, SECRETS, buildsDir),
      SITE_URL: 'https://blog.example.test',
      SITE_SCHEDULE_RETRY_SECONDS: '2',
    },
    sitePort,
  );

beforeAll(async () => {
  sitePort = await freePort();
  cms = await startCmsForSite(sitePort, SECRETS);
  site = await startSite();
});

afterAll(async () => {
  await site?.stop();
  await cms?.destroy();
  fs.rmSync(buildsDir, { recursive: true, force: true });
});

describe('publishing updates the live site', () => {
  const posts = () => cms.strapi.documents('api::post.post');
  let documentId: string;

  it('shows a newly published post, in the site and the feed, within a bounded wait', async () => {
    const post = await posts().create({
      data: {
        title: 'Nyt fra redaktionen',
        body: [{ type: 'paragraph', children: [{ type: 'text', text: 'Første udgave.' }] }],
      },
      status: 'published',
    });
    documentId = post.documentId;
    const waited = await waitFor(
      'the new post page',
      async () => (await status('/blog/nyt-fra-redaktionen/')) === 200,
    );
    expect(await feedTitles()).toContain('Nyt fra redaktionen');
    expect(await sitemap()).toContain('/blog/nyt-fra-redaktionen/');
    console.log(`publish → live: ${waited} ms`);
  });

  it('updates the page when the title changes, fetching only that post again', async () => {
    const before = (await idleStatus()).builds.succeeded;
    await posts().update({ documentId, data: { title: 'Nyt fra redaktionen (rettet)' } });
    await posts().publish({ documentId });
    await waitFor('the new title', async () =>
      (await (await get('/blog/nyt-fra-redaktionen/')).text()).includes(
        'Nyt fra redaktionen (rettet)',
      ),
    );
    expect(await feedTitles()).toContain('Nyt fra redaktionen (rettet)');
    const { lastSuccess, builds } = await idleStatus();
    expect(builds.succeeded - before, 'one build for the edit').toBe(1);
    expect(
      lastSuccess?.sync?.collections.find((report) => report.collection === 'posts'),
    ).toMatchObject({ mode: 'changes', published: 2, fetched: 1, removed: 0 });
  });

  it('rebuilds pages that refer to an unpublished tag without failing', async () => {
    const tags = cms.strapi.documents('api::tag.tag');
    const salg = found(
      (await tags.findMany({ filters: { slug: 'salg' }, status: 'published' }))[0],
      'the tag salg',
    );
    await tags.unpublish({ documentId: salg.documentId });
    await waitFor('the tag page to be gone', async () => (await status('/emner/salg/')) === 404);
    const seedPost = await (await get('/blog/ikke-flere-kunder-tak/')).text();
    expect(seedPost).not.toContain('href="/emner/salg/"');
    expect(seedPost).toContain('href="/emner/kunder/"');
    expect((await site.status()).lastError).toBeNull();
    await tags.publish({ documentId: salg.documentId });
    await waitFor('the tag page to be back', async () => (await status('/emner/salg/')) === 200);
    expect(await (await get('/blog/ikke-flere-kunder-tak/')).text()).toContain(
      'href="/emner/salg/"',
    );
  });

  it('keeps the old address working as a redirect when the slug changes', async () => {
    await posts().update({ documentId, data: { slug: 'nyt-fra-os' } });
    await posts().publish({ documentId });
    await waitFor(
      'the page at its new address',
      async () => (await status('/blog/nyt-fra-os/')) === 200,
    );
    const old = await get('/blog/nyt-fra-redaktionen/');
    expect(old.status).toBe(301);
    expect(old.headers.get('location')).toBe('/blog/nyt-fra-os/');
    expect((await get('/blog/nyt-fra-redaktionen')).headers.get('location')).toBe(
      '/blog/nyt-fra-os/',
    );
    expect(await sitemap()).not.toContain('/blog/nyt-fra-redaktionen/');
    expect(await sitemap()).toContain('/blog/nyt-fra-os/');
  });

  it('does not rebuild for a draft-only save, and never shows the draft', async () => {
    const before = (await idleStatus()).builds.succeeded;
    await posts().update({ documentId, data: { title: 'UDKAST-SKAL-IKKE-SES' } });
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const after = await site.status();
    expect(after.builds.succeeded).toBe(before);
    expect(after.building || after.queued).toBe(false);
    expect(await (await get('/blog/nyt-fra-os/')).text()).not.toContain('UDKAST-SKAL-IKKE-SES');
  });

  it('takes an unpublished post off the site, the feed and the sitemap', async () => {
    await posts().unpublish({ documentId });
    await waitFor('the page to be gone', async () => (await status('/blog/nyt-fra-os/')) === 404);
    expect(await status('/blog/nyt-fra-redaktionen/')).toBe(404); // its old address goes with it
    expect(await feedTitles()).not.toContain('Nyt fra redaktionen (rettet)');
    expect(await sitemap()).not.toContain('/blog/nyt-fra-os/');
  });
});

describe('the webhook', () => {
  it('refuses a call without the secret, or with a wrong one, and builds nothing', async () => {
    const before = (await idleStatus()).builds;
    const payload = JSON.stringify({
      event: 'entry.publish',
      model: 'post',
      entry: { publishedAt: new Date().toISOString() },
    });
    const headers = { 'Content-Type': 'application/json' };
    expect(
      (await get('/_builder/webhook', { method: 'POST', headers, body: payload })).status,
    ).toBe(401);
    expect(
      (
        await get('/_builder/webhook', {
          method: 'POST',
          headers: { ...headers, Authorization: 'Bearer wrong' },
          body: payload,
        })
      ).status,
    ).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const after = await site.status();
    expect(after.builds).toEqual(before);
    expect(after.building || after.queued).toBe(false);
  });

  it('debounces a burst of events into one build', async () => {
    const before = (await idleStatus()).builds.succeeded;
    const call = () =>
      get('/_builder/webhook', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${WEBHOOK_SECRET}` },
        body: JSON.stringify({
          event: 'entry.publish',
          model: 'tag',
          entry: { publishedAt: new Date().toISOString() },
        }),
      });
    const answers = await Promise.all(Array.from({ length: 5 }, call));
    expect(answers.map((answer) => answer.status)).toEqual([202, 202, 202, 202, 202]);
    await waitFor('the build to finish', async () => {
      const now = await site.status();
      return now.builds.succeeded > before && !now.building && !now.queued;
    });
    expect((await site.status()).builds.succeeded).toBe(before + 1);
  });
});

describe('draft preview', () => {
  let draftId: string;
  let previewUrl: string;

  beforeAll(async () => {
    const draft = await cms.strapi.documents('api::post.post').create({
      data: {
        title: 'Forhåndsvist udkast',
        body: [{ type: 'paragraph', children: [{ type: 'text', text: 'KUN-I-FORHAANDSVISNING' }] }],
      },
    });
    draftId = draft.documentId;
    // The admin's own preview handler makes the link (cms/config/admin.ts).
    const handler = previewHandler();
    previewUrl = found(
      await handler('api::post.post', { documentId: draftId, status: 'draft' }),
      'a preview link',
    );
  });

  it('makes a signed link to the site server', () => {
    expect(previewUrl).toMatch(
      new RegExp(`^${site.url}/preview/post/${draftId}/\\?expires=\\d+&signature=[0-9a-f]{64}$`),
    );
  });

  it('shows the draft through a valid link, as the page will look, never cached or indexed', async () => {
    const response = await fetch(previewUrl);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('x-robots-tag')).toContain('noindex');
    const html = await response.text();
    expect(html).toContain('KUN-I-FORHAANDSVISNING');
    expect(html).toContain('<h1>Forhåndsvist udkast</h1>');
    expect(html).toMatch(/<meta name="robots" content="noindex, nofollow">/);
    expect(html).toContain('class="contact-cta"'); // the same page layout as a published post
  });

  it('refuses a missing, wrong, tampered or expired signature with 401 and no content', async () => {
    const url = new URL(previewUrl);
    const tampered = new URL(previewUrl);
    tampered.searchParams.set('expires', String(Number(url.searchParams.get('expires')) + 3600));
    const otherDocument = previewUrl.replace(
      draftId,
      `${draftId.slice(0, -1)}${draftId.endsWith('x') ? 'y' : 'x'}`,
    );
    const expired = new URL(previewUrl);
    expired.searchParams.set('expires', '1000000000');
    for (const bad of [
      `${url.origin}${url.pathname}`,
      `${url.origin}${url.pathname}?expires=99999999999&signature=00`,
      tampered.href,
      otherDocument,
      expired.href,
    ]) {
      const response = await fetch(bad);
      expect(response.status, bad).toBe(401);
      expect(await response.text(), bad).not.toContain('KUN-I-FORHAANDSVISNING');
    }
  });

  it('previews opinions and authors too, with their draft changes', async () => {
    const handler = async (uid: string, documentId: string) =>
      found(await previewHandler()(uid, { documentId }), `a preview link for ${uid}`);
    const opinions = cms.strapi.documents('api::opinion.opinion');
    const opinion = found(
      (await opinions.findMany({ filters: { slug: 'sig-nej-tak' } }))[0],
      'the opinion sig-nej-tak',
    );
    await opinions.update({
      documentId: opinion.documentId,
      data: { statement: 'UDKAST-TIL-HOLDNING' },
    });
    const opinionPage = await (
      await fetch(await handler('api::opinion.opinion', opinion.documentId))
    ).text();
    expect(opinionPage).toContain('UDKAST-TIL-HOLDNING');
    expect(opinionPage).toContain('<h1>Sig nej tak</h1>');

    const authors = cms.strapi.documents('api::author.author');
    const author = found((await authors.findMany({}))[0], 'the author');
    await authors.update({ documentId: author.documentId, data: { bio: 'UDKAST-TIL-BIO' } });
    const authorPage = await (
      await fetch(await handler('api::author.author', author.documentId))
    ).text();
    expect(authorPage).toContain('UDKAST-TIL-BIO');
    expect(authorPage).toContain('<h1>Kim Eksempel</h1>');

    // Tags have no page of their own to preview.
    expect(await previewHandler()('api::tag.tag', { documentId: 'x' })).toBeNull();
    expect(await (await get('/holdninger/sig-nej-tak/')).text()).not.toContain(
      'UDKAST-TIL-HOLDNING',
    );
  });

  it('says an expired link has expired', async () => {
    const { signPreviewPath, previewPath } = await import('@blog/shared');
    const path = await signPreviewPath(
      PREVIEW_SECRET,
      previewPath('post', draftId),
      new Date(Date.now() - 1000),
    );
    const response = await get(path);
    expect(response.status).toBe(401);
    expect(await response.text()).toMatch(/expired/);
  });

  it('shows the draft on no public page', async () => {
    expect(await status('/blog/forhaandsvist-udkast/')).toBe(404);
    expect(await (await get('/')).text()).not.toContain('Forhåndsvist udkast');
    expect(await feedTitles()).not.toContain('Forhåndsvist udkast');
  });
});

describe('scheduled publishing', () => {
  const paragraph = (text: string) => [
    { type: 'paragraph' as const, children: [{ type: 'text' as const, text }] },
  ];
  const redirects = async () =>
    (await (await get('/redirects.json')).json()) as Array<{ from: string; to: string }>;

  /**
   * A due time far enough ahead that the builds a test still starts before it finish first: some
   * seconds, or half as long again as the builds take now (a slow machine's builds are slow).
   */
  const dueAfterBuilds = async (builds: number, floorMs: number) => {
    const lastBuildMs = (await site.status()).lastSuccess?.durationMs ?? 10_000;
    return new Date(Date.now() + Math.max(floorMs, 1.5 * builds * lastBuildMs + 3_000));
  };

  it('keeps what is published for later off every public page until its time, across a restart', async () => {
    const later = new Date(Date.now() + 3_600_000); // no build in this test can reach it
    const posts = cms.strapi.documents('api::post.post');
    const opinions = cms.strapi.documents('api::opinion.opinion');
    await posts.create({
      data: {
        title: 'Planlagt indlæg',
        date: later.toISOString(),
        body: paragraph('KOMMER-SENERE'),
      },
      status: 'published',
    });
    await opinions.create({
      data: { title: 'Planlagt holdning', statement: 'Kommer senere.', date: later.toISOString() },
      status: 'published',
    });
    // A live post moved to later under a new address: neither address may answer before its time.
    const moved = await posts.create({
      data: { title: 'Flyttes til senere', body: paragraph('Først nu.') },
      status: 'published',
    });
    await waitFor('the live post', async () => (await status('/blog/flyttes-til-senere/')) === 200);
    await posts.update({
      documentId: moved.documentId,
      data: { slug: 'flyttet-til-senere', date: later.toISOString() },
    });
    await posts.publish({ documentId: moved.documentId });

    await waitFor(
      'the site server to know when they are due',
      async () =>
        (await site.status()).nextScheduledAt === later.toISOString() &&
        (await status('/blog/flyttes-til-senere/')) === 404,
    );
    for (const path of [
      '/blog/planlagt-indlaeg/',
      '/holdninger/planlagt-holdning/',
      '/blog/flyttet-til-senere/',
    ])
      expect(await status(path), path).toBe(404);
    expect((await redirects()).map((redirect) => redirect.from)).not.toContain(
      '/blog/flyttes-til-senere/',
    );
    expect(await feedTitles()).not.toContain('Planlagt indlæg');
    expect(await sitemap()).not.toMatch(/planlagt-|flyttet-til-senere/);
    expect(await (await get('/holdninger/')).text()).not.toContain('Planlagt holdning');
    expect(await (await get('/')).text()).not.toContain('KOMMER-SENERE');

    // The draft preview shows a scheduled post as it will be.
    const scheduled = found(
      (await posts.findMany({ filters: { slug: 'planlagt-indlaeg' } }))[0],
      'the scheduled post',
    );
    const previewUrl = found(
      await previewHandler()('api::post.post', { documentId: scheduled.documentId }),
      'a preview link',
    );
    expect(await (await fetch(previewUrl)).text()).toContain('KOMMER-SENERE');

    // A restart: the first build finds the schedule again.
    await site.stop();
    site = await startSite();
    expect((await site.status()).nextScheduledAt).toBe(later.toISOString());
    expect(await status('/blog/planlagt-indlaeg/')).toBe(404);
  }, 120_000);

  it('puts them on by themselves at their time, without anyone publishing again', async () => {
    // The editor moves the three entries of the test above to soon; after that publish, nothing
    // but the clock may put them on.
    const posts = cms.strapi.documents('api::post.post');
    const opinions = cms.strapi.documents('api::opinion.opinion');
    const due = await dueAfterBuilds(2, 10_000);
    const date = due.toISOString();
    for (const slug of ['planlagt-indlaeg', 'flyttet-til-senere']) {
      const { documentId } = found((await posts.findMany({ filters: { slug } }))[0], slug);
      await posts.update({ documentId, data: { date } });
      await posts.publish({ documentId });
    }
    const opinion = found(
      (await opinions.findMany({ filters: { slug: 'planlagt-holdning' } }))[0],
      'the scheduled opinion',
    );
    await opinions.update({ documentId: opinion.documentId, data: { date } });
    await opinions.publish({ documentId: opinion.documentId });
    await waitFor(
      'the site server to know the new time',
      async () => (await site.status()).nextScheduledAt === due.toISOString(),
    );
    expect(await status('/blog/planlagt-indlaeg/')).toBe(404);

    await waitFor(
      'the scheduled post at its time',
      async () => (await status('/blog/planlagt-indlaeg/')) === 200,
      due.getTime() - Date.now() + 30_000,
    );
    expect(Date.now()).toBeGreaterThanOrEqual(due.getTime());
    expect(await status('/holdninger/planlagt-holdning/')).toBe(200);
    expect(await status('/blog/flyttet-til-senere/')).toBe(200);
    expect((await get('/blog/flyttes-til-senere/')).headers.get('location')).toBe(
      '/blog/flyttet-til-senere/',
    );
    expect(await feedTitles()).toContain('Planlagt indlæg');
    expect(await sitemap()).toContain('/blog/planlagt-indlaeg/');
    expect((await site.status()).nextScheduledAt).toBeNull();
  }, 120_000);

  it('puts it on once the CMS answers again when the CMS was down at its time', async () => {
    const due = await dueAfterBuilds(1, 6_000);
    await cms.strapi.documents('api::post.post').create({
      data: { title: 'Planlagt mens CMS var nede', date: due.toISOString() },
      status: 'published',
    });
    await waitFor(
      'the site server to know when it is due',
      async () => (await site.status()).nextScheduledAt === due.toISOString(),
    );
    // The CMS must go down before the post is due, or this proves nothing.
    expect(Date.now(), 'the time the CMS goes down').toBeLessThan(due.getTime());
    await cms.closeServer();
    try {
      await waitFor(
        'the build at its time to fail',
        async () => Boolean((await site.status()).lastError),
        due.getTime() - Date.now() + 30_000,
      );
      expect(await status('/blog/planlagt-mens-cms-var-nede/')).toBe(404);
      // A retry, not forgotten.
      expect(Date.parse((await site.status()).nextScheduledAt ?? '')).toBeGreaterThan(
        Date.now() - 1000,
      );
    } finally {
      await cms.reopenServer();
    }
    await waitFor(
      'the post after the retry',
      async () => (await status('/blog/planlagt-mens-cms-var-nede/')) === 200,
      30_000,
    );
    expect((await site.status()).lastError).toBeNull();
  }, 90_000);
});

describe('a CMS failure during a build', () => {
  it('keeps the last good site served and reports the error in the status', async () => {
    await cms.closeServer();
    try {
      const response = await get('/_builder/webhook', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${WEBHOOK_SECRET}` },
        body: JSON.stringify({
          event: 'entry.publish',
          model: 'post',
          entry: { publishedAt: new Date().toISOString() },
        }),
      });
      expect(response.status).toBe(202);
      await waitFor('the failed build to be reported', async () =>
        Boolean((await site.status()).lastError),
      );
      const report = await site.status();
      expect(report.lastError?.message).toContain(`CMS request failed: ${cms.url}/api/`);
      expect(report.lastSuccess).not.toBeNull();
      expect(await status('/blog/ikke-flere-kunder-tak/')).toBe(200);
      expect(await status('/')).toBe(200);
    } finally {
      await cms.reopenServer();
    }
  });
});
