// `npm run dev` against a real CMS: Astro's dev server renders the CMS's content, and an edit
// published in the CMS shows on the page without a restart.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, webDir } from '../helpers/paths';
import { freePort, waitFor } from '../helpers/site-server';
import { found, startTestCms, type TestCms } from '../helpers/test-cms';

let cms: TestCms;
let dev: ChildProcess;
let url: string;
let output = '';
const page = async (urlPath: string) => {
  const response = await fetch(`${url}${urlPath}`);
  return { status: response.status, html: await response.text() };
};

beforeAll(async () => {
  cms = await startTestCms();
  const port = await freePort();
  url = `http://localhost:${port}`;
  dev = spawn(process.execPath, [path.join(webDir, 'cli', 'dev.ts')], {
    cwd: repoRoot,
    env: {
      // Without vitest's own variables: under VITEST=true, Astro's dev server answers every page 404.
      ...Object.fromEntries(
        Object.entries(process.env).filter(([name]) => !name.startsWith('VITEST')),
      ),
      CMS_URL: cms.url,
      CMS_TOKEN: cms.token,
      SITE_DEV_PORT: String(port),
      ASTRO_TELEMETRY_DISABLED: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  dev.stdout!.on('data', (chunk) => (output += chunk));
  dev.stderr!.on('data', (chunk) => (output += chunk));
  await waitFor(
    'the dev server to answer',
    async () => (await page('/')).status === 200,
    120_000,
  ).catch((error) => {
    throw new Error(`${error.message}\n${output}`);
  });
});

afterAll(async () => {
  if (dev && dev.exitCode === null) {
    const exited = new Promise((resolve) => dev.once('exit', resolve));
    dev.kill('SIGTERM');
    await exited;
  }
  await cms?.destroy();
});

describe('npm run dev', () => {
  it('renders a post from the CMS and shows an edit published there without a restart', async () => {
    const posts = cms.strapi.documents('api::post.post');
    const post = found(
      (await posts.findMany({ status: 'published', fields: ['title', 'slug'], limit: 1 }))[0],
      'a published post',
    );
    const before = await page(`/blog/${post.slug}/`);
    expect(before.status).toBe(200);
    expect(before.html).toContain(post.title);

    const title = `${post.title} (rettet i dev)`;
    await posts.update({ documentId: post.documentId, data: { title } });
    await posts.publish({ documentId: post.documentId });
    await waitFor('the edited title on the dev server', async () =>
      (await page(`/blog/${post.slug}/`)).html.includes(title),
    );
    expect(output).toContain(`Content from the CMS at ${cms.url}`);
  });
});
