// The content sync (web/src/sync) against an in-memory store and a fake CMS: every mode and every
// fault, in milliseconds. What needs a real Strapi and a real build stays in integration/site.test.ts.
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { CmsError } from '../../web/src/lib/cms-client';
import { syncCollection, type CollectionSyncOptions } from '../../web/src/sync/collection-sync';
import { nextSyncPoint, planFromListing, planSync } from '../../web/src/sync/plan';
import { SyncSession } from '../../web/src/sync/session';
import { syncSingle } from '../../web/src/sync/single-sync';
import { at, fakeCms, memoryTarget, type FakeEntry } from '../helpers/memory-content';

type Post = FakeEntry & { title: string; body: unknown; tags: Array<{ slug: string }> };

const posts: CollectionSyncOptions<Post> = {
  collection: 'posts',
  query: {},
  relations: { tags: 'tags' },
  toData: (post) => ({ ...post, tags: post.tags.map((tag) => tag.slug) }),
};

const body = (text: string) => [{ type: 'paragraph', children: [{ type: 'text', text }] }];
const post = (n: number, changed: number, extra: Partial<Post> = {}): Post => ({
  documentId: `doc-${n}`,
  slug: `indlaeg-${n}`,
  title: `Indlæg ${n}`,
  updatedAt: at(changed),
  publishedAt: at(changed),
  body: JSON.stringify(body(`Tekst ${n}`)),
  tags: [{ slug: 'salg' }],
  ...extra,
});

const targets: Array<ReturnType<typeof memoryTarget>> = [];
afterEach(() => {
  for (const target of targets.splice(0))
    fs.rmSync(target.bodiesDir, { recursive: true, force: true });
});

/** A CMS with five posts and two tags, and a store that has never synced. */
function setup() {
  const cms = fakeCms({ pageSize: 2 });
  for (let n = 1; n <= 5; n++) cms.put('posts', post(n, n));
  cms.put(
    'tags',
    { documentId: 'tag-1', slug: 'salg', updatedAt: at(0), publishedAt: at(0) },
    { documentId: 'tag-2', slug: 'ledelse', updatedAt: at(0), publishedAt: at(0) },
  );
  const target = memoryTarget();
  targets.push(target);
  const sync = async (options: { force?: boolean } = {}) => {
    const source = cms.source();
    const report = await syncCollection({
      target,
      source,
      options: posts,
      state: cms.state(),
      force: options.force ?? false,
    });
    return { report, calls: source.calls };
  };
  const stored = () => [...target.map.keys()].sort();
  const storedTitle = (slug: string) => target.map.get(slug)?.data.title;
  const bodyFileCount = () =>
    fs.existsSync(target.bodiesDir) ? fs.readdirSync(target.bodiesDir).length : 0;
  return { cms, target, sync, stored, storedTitle, bodyFileCount };
}

describe('the content sync of a collection', () => {
  it('fetches everything on the first sync, a page at a time, bodies beside the store', async () => {
    const { sync, stored, target, bodyFileCount } = setup();
    const { report, calls } = await sync();
    expect(report).toMatchObject({ mode: 'full', published: 5, fetched: 5, removed: 0 });
    expect(report.requests).toBe(3); // five posts in pages of two
    expect(calls).toEqual(['everything']);
    expect(stored()).toEqual(['indlaeg-1', 'indlaeg-2', 'indlaeg-3', 'indlaeg-4', 'indlaeg-5']);
    expect(bodyFileCount()).toBe(5);
    const stored1 = target.map.get('indlaeg-1')!.data;
    expect(stored1.body).toEqual({ file: expect.stringContaining('doc-1-') });
    expect(JSON.parse(fs.readFileSync((stored1.body as { file: string }).file, 'utf8'))).toEqual(
      body('Tekst 1'),
    );
  });

  it('asks nothing more when neither the collection nor a related one changed', async () => {
    const { sync } = setup();
    await sync();
    const { report, calls } = await sync();
    expect(report).toMatchObject({ mode: 'unchanged', fetched: 0, removed: 0, requests: 0 });
    expect(calls).toEqual([]);
  });

  it('fetches only what changed since the sync point, in one request', async () => {
    const { cms, sync, storedTitle, bodyFileCount } = setup();
    await sync();
    cms.put('posts', post(3, 100, { title: 'Indlæg 3, redigeret', body: '[]' }));
    const { report, calls } = await sync();
    expect(report).toMatchObject({
      mode: 'changes',
      published: 5,
      fetched: 1,
      removed: 0,
      requests: 1,
    });
    expect(calls).toEqual(['changedSince']);
    expect(storedTitle('indlaeg-3')).toBe('Indlæg 3, redigeret');
    expect(bodyFileCount(), 'the old body file goes').toBe(5);
  });

  it('adds a newly published entry without a listing (the count adds up)', async () => {
    const { cms, sync, stored } = setup();
    await sync();
    cms.put('posts', post(6, 100));
    const { report } = await sync();
    expect(report).toMatchObject({ mode: 'changes', published: 6, fetched: 1, requests: 1 });
    expect(stored()).toContain('indlaeg-6');
  });

  it('lists the collection when the count shows a deletion, and drops the entry and its body', async () => {
    const { cms, sync, stored, bodyFileCount } = setup();
    await sync();
    cms.remove('posts', 'doc-2');
    cms.put('posts', post(4, 100, { title: 'Indlæg 4, redigeret' })); // the latest change moves on
    const { report, calls } = await sync();
    expect(report).toMatchObject({ mode: 'listing', published: 4, fetched: 1, removed: 1 });
    expect(calls).toEqual(['changedSince', 'listing', 'byDocumentId']);
    expect(stored()).toEqual(['indlaeg-1', 'indlaeg-3', 'indlaeg-4', 'indlaeg-5']);
    expect(bodyFileCount()).toBe(4);
  });

  it('notices a deletion of the latest entry, which leaves the latest change earlier', async () => {
    const { cms, sync, stored } = setup();
    await sync();
    cms.remove('posts', 'doc-5');
    const { report } = await sync();
    expect(report).toMatchObject({ mode: 'listing', published: 4, removed: 1, fetched: 0 });
    expect(stored()).not.toContain('indlaeg-5');
  });

  it('refetches the entries whose relations changed when a related collection changed', async () => {
    const { cms, sync, target } = setup();
    cms.put('posts', post(5, 5, { tags: [{ slug: 'ledelse' }] }));
    await sync();
    // The tag "salg" gets a new slug: the CMS answers the posts with the new slug in their relation.
    cms.put('tags', {
      documentId: 'tag-1',
      slug: 'salgsarbejde',
      updatedAt: at(200),
      publishedAt: at(0),
    });
    for (let n = 1; n <= 4; n++) cms.put('posts', post(n, n, { tags: [{ slug: 'salgsarbejde' }] }));
    const { report, calls } = await sync();
    expect(report).toMatchObject({ mode: 'listing', fetched: 4, removed: 0 });
    expect(calls).toEqual(['listing', 'byDocumentId']);
    expect(target.map.get('indlaeg-1')!.data.tags).toEqual(['salgsarbejde']);
    expect(target.map.get('indlaeg-5')!.data.tags, 'untouched').toEqual(['ledelse']);
  });

  it('moves an entry whose slug changed, leaving no old key or body behind', async () => {
    const { cms, sync, stored, bodyFileCount } = setup();
    await sync();
    cms.put('posts', post(2, 100, { slug: 'nyt-navn' }));
    const { report } = await sync();
    expect(report).toMatchObject({ mode: 'changes', fetched: 1, removed: 1 });
    expect(stored()).toEqual(['indlaeg-1', 'indlaeg-3', 'indlaeg-4', 'indlaeg-5', 'nyt-navn']);
    expect(bodyFileCount()).toBe(5);
  });

  it('lets one entry take over a slug another just gave up', async () => {
    const { cms, sync, stored, storedTitle } = setup();
    await sync();
    cms.put(
      'posts',
      post(1, 100, { slug: 'indlaeg-1-gammel' }),
      post(2, 100, { slug: 'indlaeg-1' }),
    );
    await sync();
    expect(stored()).toEqual([
      'indlaeg-1',
      'indlaeg-1-gammel',
      'indlaeg-3',
      'indlaeg-4',
      'indlaeg-5',
    ]);
    expect(storedTitle('indlaeg-1')).toBe('Indlæg 2');
    expect(storedTitle('indlaeg-1-gammel')).toBe('Indlæg 1');
  });

  it('fetches an edit that lands on the same millisecond as the sync point', async () => {
    const { cms, sync, storedTitle } = setup();
    await sync();
    cms.put('posts', post(1, 100, { title: 'Første' }));
    await sync();
    // Same stamp as the sync point; a new post makes the state differ (the state alone cannot tell).
    cms.put('posts', post(2, 100, { title: 'Samme millisekund' }), post(6, 100));
    const { report } = await sync();
    expect(report, 'post 1, seen at that instant, is not fetched again').toMatchObject({
      mode: 'changes',
      fetched: 2,
    });
    expect(storedTitle('indlaeg-2')).toBe('Samme millisekund');
    expect(storedTitle('indlaeg-1')).toBe('Første');
  });

  it('counts a republication as a change (publishedAt after updatedAt)', async () => {
    const { cms, sync, storedTitle } = setup();
    await sync();
    cms.put('posts', post(3, 3, { title: 'Genudgivet', publishedAt: at(300) }));
    const { report } = await sync();
    expect(report).toMatchObject({ mode: 'changes', fetched: 1 });
    expect(storedTitle('indlaeg-3')).toBe('Genudgivet');
  });

  it('syncs everything again with force, and when the CMS is another one', async () => {
    const { cms, sync } = setup();
    await sync();
    expect((await sync({ force: true })).report).toMatchObject({ mode: 'full', fetched: 5 });
    cms.url = 'http://other-cms.test';
    expect((await sync()).report).toMatchObject({ mode: 'full', fetched: 5 });
  });

  it('syncs in full again after a full sync that failed half-way', async () => {
    const { cms, sync, stored } = setup();
    cms.failNext('everything', new CmsError('http://cms.test/api/posts', 'HTTP 503', true), 2);
    await expect(sync()).rejects.toThrow(/HTTP 503/);
    expect(stored(), 'two pages stored before the fault').toHaveLength(4);
    const { report } = await sync();
    expect(report).toMatchObject({ mode: 'full', fetched: 5 });
    expect(stored()).toHaveLength(5);
  });

  it('keeps its sync point when fetching the changes fails, and fetches them next time', async () => {
    const { cms, sync, storedTitle } = setup();
    await sync();
    cms.put('posts', post(3, 100, { title: 'Redigeret' }));
    cms.failNext('changedSince', new CmsError('http://cms.test/api/posts', 'timed out', true));
    await expect(sync()).rejects.toThrow(/timed out/);
    expect(storedTitle('indlaeg-3')).toBe('Indlæg 3');
    expect((await sync()).report).toMatchObject({ mode: 'changes', fetched: 1 });
    expect(storedTitle('indlaeg-3')).toBe('Redigeret');
  });

  it('recovers from a listing that failed after dropping entries', async () => {
    const { cms, sync, stored, target } = setup();
    await sync();
    cms.remove('posts', 'doc-1');
    cms.put('posts', post(2, 100, { title: 'Redigeret' }));
    cms.failNext('byDocumentId', new CmsError('http://cms.test/api/posts', 'HTTP 500', true));
    await expect(sync()).rejects.toThrow(/HTTP 500/);
    // The drop stayed; the sync point did not move, so the edit is fetched now and the count adds up.
    const { report } = await sync();
    expect(report).toMatchObject({ mode: 'changes', fetched: 1 });
    expect(stored()).toEqual(['indlaeg-2', 'indlaeg-3', 'indlaeg-4', 'indlaeg-5']);
    expect(target.map.get('indlaeg-2')!.data.title).toBe('Redigeret');
  });

  it('fails on two published entries with one slug, naming the slug', async () => {
    const { cms, sync } = setup();
    cms.put('posts', post(9, 9, { slug: 'indlaeg-1' }));
    await expect(sync()).rejects.toThrow(/two published posts have the slug "indlaeg-1"/);
  });

  it('fails on a listing fault and on a fault in the first page, naming the request', async () => {
    const { cms, sync } = setup();
    cms.failNext('everything', new CmsError('http://cms.test/api/posts', 'HTTP 401 Unauthorized'));
    await expect(sync()).rejects.toThrow(/api\/posts[\s\S]*HTTP 401/);
    await sync();
    cms.remove('posts', 'doc-1');
    cms.failNext('listing', new CmsError('http://cms.test/api/posts', 'connection refused', true));
    await expect(sync()).rejects.toThrow(/connection refused/);
  });
});

describe('the sync of a single type', () => {
  function single() {
    const cms = fakeCms();
    cms.setSingle('site', { siteTitle: 'Salg', updatedAt: at(1) });
    const target = memoryTarget();
    targets.push(target);
    const sync = (force = false) =>
      syncSingle<{ siteTitle: string }>({
        target,
        source: cms.source(),
        type: 'site',
        query: {},
        id: 'site',
        toData: (entry) => ({ ...entry, buildId: 'build-1' }),
        state: cms.state(),
        force,
      });
    return { cms, target, sync };
  }

  it('fetches the settings once, then stores the kept entry again while they are unchanged', async () => {
    const { cms, target, sync } = single();
    expect(await sync()).toMatchObject({ mode: 'full', fetched: 1, requests: 1 });
    expect(target.map.get('site')!.data).toEqual({
      siteTitle: 'Salg',
      updatedAt: at(1),
      buildId: 'build-1',
    });
    expect(await sync()).toMatchObject({ mode: 'unchanged', fetched: 0, requests: 0 });
    expect(target.map.get('site')!.data.buildId).toBe('build-1');
    cms.setSingle('site', { siteTitle: 'Salg med omtanke', updatedAt: at(2) });
    expect(await sync()).toMatchObject({ mode: 'full', fetched: 1 });
    expect(target.map.get('site')!.data.siteTitle).toBe('Salg med omtanke');
    expect(await sync(true)).toMatchObject({ mode: 'full', requests: 1 });
  });

  it('says so when the CMS has no settings yet', async () => {
    const { cms, sync } = single();
    cms.setSingle('site', null);
    await expect(sync()).rejects.toThrow(
      'The CMS at http://cms.test has no site settings; fill them in the admin.',
    );
  });
});

describe('a sync session', () => {
  it('asks for the sync state once, and reports every loader with the requests of all', async () => {
    const cms = fakeCms();
    for (let n = 1; n <= 3; n++) cms.put('posts', post(n, n));
    cms.setSingle('site', { siteTitle: 'Salg', updatedAt: at(1) });
    const opened: Array<ReturnType<typeof cms.source>> = [];
    const session = new SyncSession(
      { cms: { url: cms.url, token: 't' }, buildId: 'b', force: false },
      () => {
        const source = cms.source();
        opened.push(source);
        return source;
      },
    );
    const [a, b] = await Promise.all([session.syncState(), session.syncState()]);
    expect(a).toBe(b);
    const target = memoryTarget();
    targets.push(target);
    await session.track(async () =>
      syncCollection({ target, source: session.source(), options: posts, state: a, force: false }),
    );
    const report = session.report()!;
    expect(report.requests).toBe(1 + 2); // the state, and three posts in pages of two
    expect(report.collections).toEqual([
      expect.objectContaining({ collection: 'posts', mode: 'full' }),
    ]);
    expect(
      opened.flatMap((source) => source.calls).filter((call) => call === 'syncState'),
    ).toHaveLength(1);
  });

  it('names the content type when the sync state is malformed', async () => {
    const cms = fakeCms();
    const session = new SyncSession(
      { cms: { url: cms.url, token: 't' }, buildId: null, force: false },
      () => ({ ...cms.source(), syncState: async () => ({ posts: { count: 1, latest: '' } }) }),
    );
    await expect(session.syncState()).rejects.toThrow(
      /site-sync[\s\S]*no valid entry for "authors" \(expected \{ count, latest \}\)/,
    );
  });

  it('passes a failure of the sync state request on', async () => {
    const cms = fakeCms();
    cms.failNext('syncState', new CmsError('http://cms.test/api/site-sync', 'HTTP 403 Forbidden'));
    const session = new SyncSession(
      { cms: { url: cms.url, token: 't' }, buildId: null, force: false },
      cms.source,
    );
    await expect(session.syncState()).rejects.toThrow(/HTTP 403/);
  });
});

describe('the sync planner', () => {
  const point = {
    source: 'http://cms.test',
    upTo: at(5),
    atThatInstant: ['doc-5'],
    states: { posts: '5@a', tags: '2@b' },
  };
  const plan = (
    statesNow: Record<string, string>,
    extra: Partial<Parameters<typeof planSync>[0]> = {},
  ) =>
    planSync({
      point,
      sourceUrl: 'http://cms.test',
      force: false,
      statesNow,
      collection: 'posts',
      ...extra,
    });

  it('chooses the cheapest mode that is still right', () => {
    expect(plan({ posts: '5@a', tags: '2@b' })).toBe('unchanged');
    expect(plan({ posts: '6@c', tags: '2@b' })).toBe('changes');
    expect(plan({ posts: '5@a', tags: '2@d' })).toBe('listing');
    expect(plan({ posts: '6@c', tags: '2@d' })).toBe('listing');
    expect(plan({ posts: '5@a', tags: '2@b' }, { force: true })).toBe('full');
    expect(plan({ posts: '5@a', tags: '2@b' }, { point: null })).toBe('full');
    expect(plan({ posts: '5@a', tags: '2@b' }, { sourceUrl: 'http://other.test' })).toBe('full');
    // A collection that was empty (no change to be "since") and now has entries: all of them.
    const empty = { ...point, upTo: '', atThatInstant: [], states: { posts: '0@', tags: '2@b' } };
    expect(plan({ posts: '1@c', tags: '2@b' }, { point: empty })).toBe('full');
    expect(plan({ posts: '0@', tags: '2@b' }, { point: empty })).toBe('unchanged');
  });

  it('lists what to fetch and drop from a listing', () => {
    const listed = (n: number, changed: number, tags = ['salg']) => ({
      documentId: `doc-${n}`,
      slug: `indlaeg-${n}`,
      updatedAt: at(changed),
      publishedAt: at(changed),
      relations: { tags },
    });
    const stored: Record<string, { documentId: string; relations: Record<string, string[]> }> = {
      'indlaeg-1': { documentId: 'doc-1', relations: { tags: ['salg'] } },
      'indlaeg-2': { documentId: 'doc-2', relations: { tags: ['salg'] } },
      'indlaeg-3': { documentId: 'doc-3', relations: { tags: ['salg'] } },
      'indlaeg-9': { documentId: 'doc-9', relations: { tags: [] } },
    };
    expect(
      planFromListing({
        listing: [
          listed(1, 1),
          listed(2, 9),
          listed(3, 3, ['ledelse']),
          listed(4, 4),
          listed(5, 5),
        ],
        storedAt: (slug) => stored[slug],
        storedKeys: Object.keys(stored),
        point,
      }),
    ).toEqual({ fetch: ['doc-2', 'doc-3', 'doc-4', 'doc-5'], drop: ['indlaeg-9'] });
  });

  it('moves the sync point to the latest change seen, remembering who changed at that instant', () => {
    const seen = (n: number, changed: number) => ({
      documentId: `doc-${n}`,
      slug: `s${n}`,
      updatedAt: at(changed),
      publishedAt: null,
    });
    const next = (
      before: typeof point | null,
      entries: ReturnType<typeof seen>[],
      seenIsEverything: boolean,
    ) => nextSyncPoint({ before, seen: entries, seenIsEverything, sourceUrl: 'u', statesNow: {} });
    expect(next(null, [seen(1, 1), seen(2, 7), seen(3, 7)], true)).toMatchObject({
      upTo: at(7),
      atThatInstant: ['doc-2', 'doc-3'],
    });
    expect(next(point, [seen(6, 5)], false)).toMatchObject({
      upTo: at(5),
      atThatInstant: ['doc-5', 'doc-6'],
    });
    expect(next(point, [seen(6, 8)], false)).toMatchObject({
      upTo: at(8),
      atThatInstant: ['doc-6'],
    });
    expect(next(point, [], false), 'nothing seen: the point stays').toMatchObject({
      upTo: at(5),
      atThatInstant: ['doc-5'],
    });
  });
});
