import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCmsProcess, type CmsProcess } from '../helpers/cms-process';
import { freePort } from '../helpers/site-server';

const ADMIN = {
  firstname: 'Test',
  lastname: 'Redaktør',
  email: 'redaktoer@example.test',
  password: 'Sikker-Adgang-2026',
};

let dir: string;
let cms: CmsProcess | undefined;

beforeAll(() => {
  // (The CMS process runs cms/dist, compiled for this run by helpers/compile-cms.ts.)
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'blog-kill-'));
});

afterAll(async () => {
  await cms?.kill('SIGKILL');
});

async function adminToken(url: string, register: boolean): Promise<string> {
  const response = await fetch(`${url}/admin/${register ? 'register-admin' : 'login'}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(register ? ADMIN : { email: ADMIN.email, password: ADMIN.password }),
  });
  if (!response.ok)
    throw new Error(
      `admin ${register ? 'registration' : 'login'}: HTTP ${response.status} ${await response.text()}`,
    );
  return ((await response.json()) as { data: { token: string } }).data.token;
}

describe('an editor’s writes when the CMS is killed', () => {
  it('are all there after a SIGKILL and a restart, every one that was acknowledged', async () => {
    const port = await freePort();
    cms = await startCmsProcess(dir, port);
    const token = await adminToken(cms.url, true);
    const acknowledged: string[] = [];
    let stop = false;

    // Four editors saving as fast as they can, through the admin's own API.
    const writer = async (id: number) => {
      for (let i = 0; !stop; i++) {
        const name = `skrevet-${id}-${i}`;
        try {
          const response = await fetch(
            `${cms!.url}/content-manager/collection-types/api::tag.tag`,
            {
              method: 'POST',
              headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
              body: JSON.stringify({ name }),
            },
          );
          if (response.ok) acknowledged.push(name);
        } catch {
          return; // the CMS is gone
        }
      }
    };
    const writers = [1, 2, 3, 4].map(writer);
    while (acknowledged.length < 40) await new Promise((resolve) => setTimeout(resolve, 20));
    await cms.kill('SIGKILL');
    stop = true;
    await Promise.all(writers);
    expect(acknowledged.length).toBeGreaterThanOrEqual(40);

    cms = await startCmsProcess(dir, port);
    const again = await adminToken(cms.url, false);
    const listing = await fetch(
      `${cms.url}/content-manager/collection-types/api::tag.tag?page=1&pageSize=1000`,
      { headers: { Authorization: `Bearer ${again}` } },
    );
    expect(listing.status).toBe(200);
    const names = new Set(
      ((await listing.json()) as { results: Array<{ name: string }> }).results.map(
        (tag) => tag.name,
      ),
    );
    const lost = acknowledged.filter((name) => !names.has(name));
    expect(lost, `${lost.length} of ${acknowledged.length} acknowledged writes lost`).toEqual([]);
    await cms.kill('SIGTERM');
    cms = undefined;
  });
});
