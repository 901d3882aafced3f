// Behind a real reverse proxy: Caddy (HTTPS with its own authority, `tls internal`) in front of the
// real CMS and the real site server, as docs/deploy.md sets them up. Clients of their own address
// (127.0.0.2, 127.0.0.3: this machine's loopback range) show that the admin's login limit and the
// contact form's limit count the reader's address, not the proxy's; and that X-Forwarded-For is
// believed only from the proxy the CMS is told of (TRUSTED_PROXIES), so it cannot be made up.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caddyBinary, httpsRequest, startCaddy, type RunningCaddy } from '../helpers/caddy';
import { webDir } from '../helpers/paths';
import { rawRequest } from '../helpers/raw-http';
import {
  freePort,
  siteServerEnv,
  startCmsForSite,
  startSiteServer,
  type RunningSiteServer,
} from '../helpers/site-server';
import { registerFirstAdmin, type TestCms } from '../helpers/test-cms';

const caddy = caddyBinary();
if (!caddy)
  console.warn(
    'proxy.test.ts skipped: Caddy is not installed (apt-get install caddy; .ci/run does)',
  );

const SECRETS = { webhook: 'proxy-test-webhook-5d1e', preview: 'proxy-test-preview-93aa' };
const CMS_HOST = 'cms.localhost';
const SITE_HOST = 'blog.localhost';
const kim = { firstname: 'Kim', email: 'kim@example.dk', password: 'Hemmelig123' };
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'blog-proxy-'));
const buildsDir = path.join(webDir, `.test-builds-proxy-${process.pid}`);

let cms: TestCms;
let site: RunningSiteServer;
let proxy: RunningCaddy;

/** A request through Caddy to one of its sites, from the client at `from`. */
const viaProxy = (
  host: string,
  from: string,
  urlPath: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
) => httpsRequest({ host, port: proxy.port, path: urlPath, ca: proxy.ca, from, ...init });

/** An admin login for Kim, from `from`: through the proxy, or straight to the CMS's port. */
async function login(from: string, password: string, direct?: { forwardedFor: string }) {
  const body = JSON.stringify({ email: kim.email, password });
  const headers = { 'Content-Type': 'application/json' };
  if (!direct)
    return (await viaProxy(CMS_HOST, from, '/admin/login', { method: 'POST', headers, body }))
      .status;
  const straight = await rawRequest(`${cms.url}/admin/login`, {
    method: 'POST',
    headers: { ...headers, 'X-Forwarded-For': direct.forwardedFor },
    body,
    localAddress: from,
  });
  return straight.status;
}

beforeAll(async () => {
  if (!caddy) return;
  const [httpsPort, httpPort, sitePort] = await Promise.all([freePort(), freePort(), freePort()]);
  // Caddy connects to its upstreams from 127.0.0.1: that one proxy is trusted, no other address.
  process.env.TRUSTED_PROXIES = '127.0.0.1';
  process.env.PUBLIC_URL = `https://${CMS_HOST}:${httpsPort}`;
  cms = await startCmsForSite(sitePort, SECRETS, { serveAdminPanel: true });
  await registerFirstAdmin(cms.url, kim);
  site = await startSiteServer(
    {
      ...siteServerEnv(cms, SECRETS, buildsDir),
      TRUSTED_PROXIES: '127.0.0.1',
      SITE_URL: `https://${SITE_HOST}:${httpsPort}`,
    },
    sitePort,
  );
  proxy = await startCaddy(dir, httpsPort, httpPort, [
    { host: CMS_HOST, upstream: new URL(cms.url).host },
    { host: SITE_HOST, upstream: `127.0.0.1:${sitePort}` },
  ]);
}, 300_000);

afterAll(async () => {
  await proxy?.stop();
  await site?.stop();
  await cms?.destroy();
  delete process.env.TRUSTED_PROXIES;
  delete process.env.PUBLIC_URL;
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(buildsDir, { recursive: true, force: true });
});

describe.skipIf(!caddy)('the CMS behind Caddy', () => {
  it('serves the admin over HTTPS at its public address', async () => {
    const admin = await viaProxy(CMS_HOST, '127.0.0.3', '/admin');
    expect(admin.status).toBe(200);
    expect(admin.body).toContain('<div id="strapi">');
  });

  it('locks out the address that guessed five times, not the editor at another', async () => {
    const guesses: number[] = [];
    for (let i = 0; i < 6; i++) guesses.push(await login('127.0.0.2', `Forkert-${i}`));
    expect(guesses.slice(0, 5).every((status) => status === 400 || status === 401)).toBe(true);
    expect(guesses[5], "the guesser's sixth try").toBe(429);
    expect(await login('127.0.0.3', kim.password), 'the editor elsewhere logs in').toBe(200);
    expect(await login('127.0.0.2', kim.password), 'the guesser stays locked out').toBe(429);
  });

  it('believes X-Forwarded-For from the proxy only: a made-up one straight to the CMS changes nothing', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push(
        await login('127.0.0.4', `Forkert-${i}`, { forwardedFor: `198.51.100.${i + 1}` }),
      );
    expect(statuses[5], 'a new made-up address each time is still one client').toBe(429);
    // Through Caddy, which replaces what an untrusted client claims, a made-up header does not help either.
    const claimed: number[] = [];
    for (let i = 0; i < 6; i++)
      claimed.push(
        (
          await viaProxy(CMS_HOST, '127.0.0.5', '/admin/login', {
            method: 'POST',
            headers: {
              'Content-Type': 'application/json',
              'X-Forwarded-For': `203.0.113.${i + 1}`,
            },
            body: JSON.stringify({ email: kim.email, password: `Forkert-${i}` }),
          })
        ).status,
      );
    expect(claimed[5]).toBe(429);
  });
});

describe.skipIf(!caddy)('the site server behind Caddy', () => {
  it("counts the contact form's messages per reader, not per proxy", async () => {
    const form = await viaProxy(SITE_HOST, '127.0.0.6', '/kontakt/');
    expect(form.status).toBe(200);
    const stamp = /name="stamp" value="([^"]+)"/.exec(form.body)?.[1];
    expect(stamp, 'the signed stamp in the form').toBeTruthy();
    await new Promise((resolve) => setTimeout(resolve, 3_100)); // the least time a person takes
    const origin = `https://${SITE_HOST}:${proxy.port}`;
    const send = async (from: string, name: string) =>
      (
        await viaProxy(SITE_HOST, from, '/kontakt/send', {
          method: 'POST',
          headers: {
            'Content-Type': 'application/x-www-form-urlencoded',
            Origin: origin,
            Referer: `${origin}/kontakt/`,
            'Sec-Fetch-Site': 'same-origin',
          },
          body: new URLSearchParams({
            stamp: stamp!,
            website: '',
            name,
            email: 'mette@firma.example',
            company: '',
            phone: '',
            message: 'Hej Kim, har du tid til en snak om salgstræning?',
          }).toString(),
        })
      ).status;
    const fromOne: number[] = [];
    for (let i = 0; i < 6; i++) fromOne.push(await send('127.0.0.6', `Mette ${i + 1}`));
    expect(fromOne.slice(0, 5)).toEqual([303, 303, 303, 303, 303]);
    expect(fromOne[5]).toBe(429);
    expect(await send('127.0.0.7', 'Jens'), 'another reader still gets through').toBe(303);
  });

  it('shows readers the site over HTTPS with its public address in the page', async () => {
    const home = await viaProxy(SITE_HOST, '127.0.0.8', '/');
    expect(home.status).toBe(200);
    expect(home.body).toContain(`https://${SITE_HOST}:${proxy.port}/`);
  });
});
