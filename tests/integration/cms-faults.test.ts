import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFaultProxy, type FaultProxy } from '../helpers/fault-proxy';
import { runSiteBuild } from '../helpers/site-build';
import { startTestCms, type TestCms } from '../helpers/test-cms';

// Over one REST page (100), so there is a "middle" of the paging to break.
const POSTS = 130;

let cms: TestCms;
let proxy: FaultProxy;
let outDir: string;
let goodPage: string;

const build = (extra: Record<string, string> = {}) =>
  runSiteBuild({ CMS_URL: proxy.url, CMS_TOKEN: cms.token, ...extra }, outDir, ['--force']);
const isPostsPage = (url: URL, page: number) =>
  url.pathname === '/api/posts' && url.searchParams.get('pagination[page]') === String(page);
const postPage = () =>
  fs.readFileSync(path.join(outDir, 'blog', 'ikke-flere-kunder-tak', 'index.html'), 'utf8');

beforeAll(async () => {
  cms = await startTestCms();
  const posts = cms.strapi.documents('api::post.post');
  for (let i = 1; i <= POSTS - 1; i++)
    await posts.create({
      data: { title: `Indlæg ${i}`, date: new Date(Date.UTC(2012, 0, i)).toISOString() },
      status: 'published',
    });
  proxy = await startFaultProxy(cms.url);
  outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'blog-faults-'));
  const first = await build();
  if (first.code !== 0) throw new Error(first.output);
  goodPage = postPage();
});

afterAll(async () => {
  await proxy?.close();
  await cms?.destroy();
});

/** After a failed build the last good site must be there, whole. */
function expectLastGoodSite() {
  expect(postPage()).toBe(goodPage);
  const postDirs = fs
    .readdirSync(path.join(outDir, 'blog'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory()); // (blog/index.html is the redirect of /blog/)
  expect(postDirs).toHaveLength(POSTS);
  expect(
    fs
      .readdirSync(path.dirname(outDir))
      .filter((name) => name.startsWith(`${path.basename(outDir)}.building-`)),
  ).toEqual([]);
}

describe('transient CMS faults', () => {
  it('retries a 500 on a middle page of the paging, and builds the whole site', async () => {
    proxy.setPlan((url, attempt) =>
      isPostsPage(url, 2) && attempt === 1 ? { kind: 'status', status: 500 } : null,
    );
    const run = await build();
    expect(run.code, run.output).toBe(0);
    expect(
      proxy.requests.filter(
        (request) => request.startsWith('/api/posts') && request.includes('pagination[page]=2'),
      ),
    ).toHaveLength(2);
    expect(run.output).toContain(`${POSTS} posts from`);
  });

  it('retries a dropped connection', async () => {
    proxy.setPlan((url, attempt) =>
      isPostsPage(url, 1) && attempt === 1 ? { kind: 'reset' } : null,
    );
    const run = await build();
    expect(run.code, run.output).toBe(0);
  });
});

describe('CMS faults that do not go away fail the build with the URL and the cause, and keep the last good site', () => {
  it.each([
    [
      'a 500 on every try of a middle page',
      (url: URL) => (isPostsPage(url, 2) ? ({ kind: 'status', status: 500 } as const) : null),
      /pagination\[page\]=2[\s\S]*cause: HTTP 500 Internal Server Error: injected 500/,
    ],
    [
      'malformed JSON',
      (url: URL) => (isPostsPage(url, 1) ? ({ kind: 'malformed' } as const) : null),
      /cause: the response is not JSON \(starts with "\{\\"data\\": \[/,
    ],
    [
      'a 401 from a bad token',
      (url: URL) =>
        url.pathname === '/api/tags' ? ({ kind: 'status', status: 401 } as const) : null,
      /\/api\/tags\?[\s\S]*cause: HTTP 401 Unauthorized/,
    ],
    [
      'a sync state that is not one',
      (url: URL) =>
        url.pathname === '/api/site-sync'
          ? ({ kind: 'status', status: 200, body: '{"data":{"posts":{"count":"many"}}}' } as const)
          : null,
      /\/api\/site-sync\n {2}cause: the sync state has no valid entry for "posts"/,
    ],
    [
      'a page that changes length while paging',
      (url: URL) => (isPostsPage(url, 2) ? ({ kind: 'total', total: POSTS + 1 } as const) : null),
      /the collection changed while paging \(130 entries on page 1, 131 on page 2\)/,
    ],
  ])('%s', async (_name, plan, message) => {
    proxy.setPlan(plan);
    const run = await build();
    expect(run.code).not.toBe(0);
    expect(run.output).toContain(`CMS request failed: ${proxy.url}/api/`);
    expect(run.output).toMatch(message);
    expect(run.output).toContain('The site was not built; the previous build');
    expectLastGoodSite();
  });

  /** How many times each distinct request under a path was sent. */
  function triesPerRequest(prefix: string): Set<number> {
    const counts = new Map<string, number>();
    for (const request of proxy.requests.filter((url) => url.startsWith(prefix)))
      counts.set(request, (counts.get(request) ?? 0) + 1);
    return new Set(counts.values());
  }

  it('does not retry a 401: the token will not get better', async () => {
    proxy.setPlan((url) => (url.pathname === '/api/tags' ? { kind: 'status', status: 401 } : null));
    await build();
    expect(triesPerRequest('/api/tags')).toEqual(new Set([1]));
  });

  it('gives up on a CMS that never answers, after bounded retries', async () => {
    proxy.setPlan((url) => (url.pathname === '/api/opinions' ? { kind: 'hang' } : null));
    const run = await build({ CMS_TIMEOUT_MS: '1000' });
    expect(run.code).not.toBe(0);
    expect(run.output).toMatch(/\/api\/opinions\?[\s\S]*cause: no answer within 1 s/);
    expect(triesPerRequest('/api/opinions')).toEqual(new Set([3]));
    expectLastGoodSite();
  });
});
