// The site server as the open internet meets it: the real server (web/cli/serve.ts) in its own
// process, building from a real CMS in its build workers. Compression, validators, what it refuses,
// the private status, slow clients, and a SIGTERM in the middle of a build.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRequest } from '../helpers/raw-http';
import {
  freePort,
  settledStatus,
  siteServerEnv,
  startCmsForSite,
  startSiteServer,
  waitFor,
  type RunningSiteServer,
} from '../helpers/site-server';
import type { TestCms } from '../helpers/test-cms';
import { webDir } from '../helpers/paths';

const WEBHOOK_SECRET = 'test-webhook-secret-5d21';
const PREVIEW_SECRET = 'test-preview-secret-a3c0';
const SECRETS = { webhook: WEBHOOK_SECRET, preview: PREVIEW_SECRET };
const POST = '/blog/ikke-flere-kunder-tak/';

let cms: TestCms;
let site: RunningSiteServer;
let sitePort: number;
// Inside web/, so the on-demand server code of each build resolves its packages from node_modules.
const buildsDir = path.join(webDir, `.test-builds-server-${process.pid}`);
const liveFile = (name: string) => fs.readFileSync(path.join(buildsDir, 'live', 'client', name));

const get = (urlPath: string, headers: Record<string, string> = {}, method = 'GET') =>
  rawRequest(`${site.url}${urlPath}`, { headers, method });
const webhook = (body: string | Buffer, headers: Record<string, string> = {}) =>
  rawRequest(`${site.url}/_builder/webhook`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Authorization: `Bearer ${WEBHOOK_SECRET}`,
      ...headers,
    },
    body,
  });
const publishEvent = JSON.stringify({
  event: 'entry.publish',
  model: 'post',
  entry: { publishedAt: new Date().toISOString() },
});

const startSite = (env: Record<string, string> = {}, options = {}) =>
  startSiteServer(
    {
      ...siteServerEnv(cms, SECRETS, buildsDir),
      // Every interface, so that a request can come from an address that is not loopback.
      SITE_HOST: '0.0.0.0',
      SITE_REQUEST_TIMEOUT_SECONDS: '1',
      ...env,
    },
    sitePort,
    options,
  );

/** This machine's first address that is not loopback, if it has one. */
const outsideAddress = Object.values(os.networkInterfaces())
  .flat()
  .find((address) => address && address.family === 'IPv4' && !address.internal)?.address;

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

describe("the editor's previews", () => {
  // First in the file: right after a first start, the worker that answers previews is still
  // warming up (the one that built the site has none loaded). The request waits for it.
  it('answers a preview asked for right after the first build, while its worker starts', async () => {
    const { signPreviewPath, previewPath } = await import('@blog/shared');
    const [post] = await cms.strapi.documents('api::post.post').findMany({ limit: 1 });
    const link = await signPreviewPath(
      PREVIEW_SECRET,
      previewPath('post', post!.documentId),
      new Date(Date.now() + 600_000),
    );
    const answer = await get(link);
    expect(answer.status, answer.body.toString()).toBe(200);
    expect(answer.body.toString()).toContain(post!.title);
  });

  it('answers previews right after publishes that came faster than a worker starts', async () => {
    // The worker that built builds again while its successor starts, so for a moment the previews
    // come from routes of an older build; their files must still be there.
    const { signPreviewPath, previewPath } = await import('@blog/shared');
    const posts = cms.strapi.documents('api::post.post');
    const [seed] = await posts.findMany({ limit: 1 });
    const link = await signPreviewPath(
      PREVIEW_SECRET,
      previewPath('post', seed!.documentId),
      new Date(Date.now() + 600_000),
    );
    await settledStatus(site);
    for (const title of [
      'Første af tre hurtige',
      'Anden af tre hurtige',
      'Tredje af tre hurtige',
    ]) {
      const { builds } = await site.status();
      await posts.create({
        data: {
          title,
          body: [{ type: 'paragraph', children: [{ type: 'text', text: title }] }],
        },
        status: 'published',
      });
      await waitFor('the build', async () => {
        const now = await site.status();
        return now.builds.succeeded > builds.succeeded && !now.building;
      });
      const answer = await get(link);
      expect(answer.status, `${title}: ${answer.body.toString()}`).toBe(200);
    }
    await settledStatus(site);
    const answer = await get(link);
    expect(answer.status, answer.body.toString()).toBe(200);
  }, 120_000);
});

describe('what readers get', () => {
  it('sends pages, feed and stylesheet precompressed, decoding to the built files', async () => {
    const html = (await get(POST)).body.toString();
    const stylesheet = /href="(\/_astro\/[^"]+\.css)"/.exec(html)?.[1];
    expect(stylesheet, 'the post page links its stylesheet').toBeDefined();
    const files: Array<[string, string]> = [
      [POST, 'blog/ikke-flere-kunder-tak/index.html'],
      ['/rss.xml', 'rss.xml'],
      [stylesheet!, stylesheet!.slice(1)],
    ];
    for (const [address, file] of files) {
      const original = liveFile(file);
      const br = await get(address, { 'Accept-Encoding': 'gzip, deflate, br, zstd' });
      expect(br.headers['content-encoding'], address).toBe('br');
      expect(br.headers.vary, address).toBe('Accept-Encoding');
      expect(zlib.brotliDecompressSync(br.body).equals(original), address).toBe(true);
      const gz = await get(address, { 'Accept-Encoding': 'gzip' });
      expect(gz.headers['content-encoding'], address).toBe('gzip');
      expect(zlib.gunzipSync(gz.body).equals(original), address).toBe(true);
      const plain = await get(address);
      expect(plain.headers['content-encoding'], address).toBeUndefined();
      expect(plain.body.equals(original), address).toBe(true);
    }
    // The seed post on the wire: about a third of its size.
    const post = await get(POST, { 'Accept-Encoding': 'br' });
    expect(post.body.length).toBeLessThan(
      liveFile('blog/ikke-flere-kunder-tak/index.html').length / 2,
    );
    expect(post.headers['content-security-policy']).toContain("default-src 'self'");
  });

  it('revalidates a page with 304, and a publish changes the validators of changed pages only', async () => {
    const before = await get('/', { 'Accept-Encoding': 'br' });
    // (Not the contact page: each showing of its form is signed anew, so it has no validator.)
    const unchanged = await get('/holdninger/', { 'Accept-Encoding': 'br' });
    expect(before.headers.etag).toBeDefined();
    const revisit = await get('/', {
      'Accept-Encoding': 'br',
      'If-None-Match': before.headers.etag!,
    });
    expect(revisit.status).toBe(304);
    expect(revisit.body.length).toBe(0);

    const [builder] = (await settledStatus(site)).workers;
    const post = await cms.strapi.documents('api::post.post').create({
      data: {
        title: 'Ny post om kompression',
        body: [{ type: 'paragraph', children: [{ type: 'text', text: 'Mindre bytes.' }] }],
      },
      status: 'published',
    });
    await waitFor(
      'the new post to be served',
      async () => (await get(`/blog/${post.slug}/`)).status === 200,
    );

    const after = await get('/', {
      'Accept-Encoding': 'br',
      'If-None-Match': before.headers.etag!,
    });
    expect(after.status, 'the home page lists the new post').toBe(200);
    expect(after.headers.etag).not.toBe(before.headers.etag);
    const unchangedAfter = await get('/holdninger/', {
      'Accept-Encoding': 'br',
      'If-None-Match': unchanged.headers.etag!,
    });
    expect(unchangedAfter.status, 'an unchanged page keeps its validator').toBe(304);
    expect(unchangedAfter.headers['last-modified']).toBe(unchanged.headers['last-modified']);

    // The worker whose Astro build made the site rendered the publish with the code it kept loaded
    // (web/server/builder/hot-render.ts): no other worker was started for it.
    const status = await settledStatus(site);
    expect(status.workers.map((worker) => worker.pid)).toEqual([builder!.pid]);
    expect(status.lastSuccess?.renderedBy).toBe('loaded code');
    expect(status.serverMemoryMb).toBeLessThan(status.memoryMb);
    // Two hand-overs to a warmed-up worker and a build: on 2 busy cores more than the default 30 s.
  }, 120_000);
});

describe('what stays private', () => {
  it('shows the build status to this machine or the webhook secret, never to the public', async () => {
    const local = await get('/_builder/status');
    expect(local.status).toBe(200);
    const id = JSON.parse(local.body.toString()).lastSuccess.id as string;
    // Through a proxy on this machine: the request carries the client's address.
    const proxied = await get('/_builder/status', { 'X-Forwarded-For': '203.0.113.9' });
    expect(proxied.status).toBe(403);
    expect(proxied.body.toString()).not.toContain(id);
    expect(proxied.body.toString()).not.toContain(cms.url);
    const withSecret = await get('/_builder/status', {
      'X-Forwarded-For': '203.0.113.9',
      Authorization: `Bearer ${WEBHOOK_SECRET}`,
    });
    expect(withSecret.status).toBe(200);
    const wrongSecret = await get('/_builder/status', {
      'X-Forwarded-For': '203.0.113.9',
      Authorization: 'Bearer gaet',
    });
    expect(wrongSecret.status).toBe(403);
    if (!outsideAddress) {
      console.warn(
        'No non-loopback address on this machine: the direct outside request is not tried',
      );
      return;
    }
    const outside = await rawRequest(`http://${outsideAddress}:${sitePort}/_builder/status`);
    expect(outside.status).toBe(403);
    expect(outside.body.toString()).not.toContain(id);
  });

  it('answers only GET and HEAD on pages, and only POST on the webhook', async () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'OPTIONS']) {
      const response = await get('/', {}, method);
      expect(response.status, method).toBe(405);
      expect(response.headers.allow).toBe('GET, HEAD');
    }
    const head = await get(POST, {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    const webhookGet = await get('/_builder/webhook');
    expect(webhookGet.status).toBe(405);
    expect(webhookGet.headers.allow).toBe('POST');
    expect((await get('/_builder/status', {}, 'DELETE')).status).toBe(405);
  });
});

describe('limits', () => {
  it('refuses oversized headers with 431 and an oversized webhook body with 413', async () => {
    expect((await get('/', { 'X-Padding': 'x'.repeat(20_000) })).status).toBe(431);
    // Raw sockets: the server answers before the body is in, and closes; a client writing on would
    // get EPIPE instead of the answer.
    const head = (extra: string) =>
      `POST /_builder/webhook HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${WEBHOOK_SECRET}\r\nContent-Type: application/json\r\n${extra}\r\n`;
    const announced = await rawExchange(head('Content-Length: 2097152\r\n'), null);
    expect(announced, 'announced by Content-Length').toMatch(/^HTTP\/1\.1 413 /);
    const chunk = `${(64 * 1024).toString(16)}\r\n${'a'.repeat(64 * 1024)}\r\n`;
    const streamed = await rawExchange(head('Transfer-Encoding: chunked\r\n'), chunk);
    expect(streamed, 'sent without a length').toMatch(/^HTTP\/1\.1 413 /);
    const unauthorised = await rawExchange(
      head('Content-Length: 2097152\r\n').replace(WEBHOOK_SECRET, 'gaet'),
      null,
    );
    expect(unauthorised, 'refused before the body is read').toMatch(/^HTTP\/1\.1 401 /);
  });

  it('cuts off a client that sends its request too slowly, and an idle connection', async () => {
    // SITE_REQUEST_TIMEOUT_SECONDS=1 here; the server must close both sockets by itself.
    const closedBy = (socket: net.Socket) =>
      new Promise<string>((resolve) => {
        let answer = '';
        socket.on('data', (chunk) => (answer += chunk));
        socket.on('close', () => resolve(answer));
        socket.on('error', () => {});
      });
    const slow = net.connect(sitePort, '127.0.0.1');
    const slowClosed = closedBy(slow);
    slow.write('GET / HTTP/1.1\r\nHost: localhost\r\n'); // …and the rest never comes
    const idle = net.connect(sitePort, '127.0.0.1');
    const idleClosed = closedBy(idle);
    idle.write('GET /robots.txt HTTP/1.1\r\nHost: localhost\r\n\r\n');
    const outcome = await Promise.race([
      Promise.all([slowClosed, idleClosed]),
      new Promise<null>((resolve) => setTimeout(() => resolve(null), 15_000)),
    ]);
    expect(outcome, 'both connections closed by the server').not.toBeNull();
    const [slowAnswer, idleAnswer] = outcome!;
    expect(slowAnswer).not.toContain('200 OK');
    expect(idleAnswer).toContain('HTTP/1.1 200 OK'); // answered, then closed when idle
  });
});

describe('shutdown', () => {
  it('finishes a running build on SIGTERM, exits cleanly, and a restart serves that build at once', async () => {
    const post = await cms.strapi.documents('api::post.post').create({
      data: {
        title: 'Udgivet lige før lukning',
        body: [{ type: 'paragraph', children: [{ type: 'text', text: 'Kom den med?' }] }],
      },
      status: 'published',
    });
    expect((await webhook(publishEvent)).status).toBe(202);
    await waitFor('the build to start', async () => (await site.status()).building, 10_000);
    const code = await site.stop();
    expect(code, site.output()).toBe(0);
    expect(site.output()).toContain('Waiting for the running build to finish');

    // Started again while the CMS is down: the finished build is served straight away.
    await cms.closeServer();
    try {
      site = await startSite({}, { firstBuildMayFail: true });
      const page = await get(`/blog/${post.slug}/`);
      expect(page.status, 'the build that finished during shutdown is live').toBe(200);
      const status = await site.status();
      expect(status.builds.failed).toBe(1);
      expect(status.lastSuccess).not.toBeNull();
      expect(site.output()).toContain('Serving the last good build');
    } finally {
      await cms.reopenServer();
    }
  });
});

/**
 * Sends a request head, then `chunk` again and again (up to 4 MB) until the server answers; the
 * server's answer as text once it closes the connection.
 */
function rawExchange(requestHead: string, chunk: string | null): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(sitePort, '127.0.0.1');
    let answer = '';
    let sent = 0;
    socket.on('data', (data) => (answer += data));
    socket.on('error', () => {}); // EPIPE once the server has closed: the answer is what counts
    socket.on('close', () => resolve(answer));
    socket.write(requestHead);
    const pump = () => {
      while (chunk && !answer && !socket.destroyed && sent < 4 * 1024 * 1024) {
        sent += chunk.length;
        if (!socket.write(chunk)) return void socket.once('drain', pump);
      }
    };
    pump();
  });
}
