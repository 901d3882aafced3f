import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_UIDS } from '@blog/shared';
import { EDITOR_VIEWS } from '../../cms/src/editor-views';
import { CO_WRITER_ROLE } from '../../cms/src/co-writer-role';
import { found, registerFirstAdmin, startTestCms, type TestCms } from '../helpers/test-cms';
import { findSeedPost } from '../helpers/seed-post';

/**
 * What the CMS sets up for the editor on every start: the admin's views, the co-writer role, and
 * what a save fills in (slug, date). Through Strapi's own services and admin API, as the admin
 * uses them; the browser tests (e2e/editor.test.ts) drive the same through the screens.
 */
let cms: TestCms;
let adminToken: string;

const configuration = async (uid: string) => {
  const isComponent = !uid.includes('::');
  const path = isComponent ? `components/${uid}` : `content-types/${uid}`;
  const response = await fetch(`${cms.url}/content-manager/${path}/configuration`, {
    headers: { Authorization: `Bearer ${adminToken}` },
  });
  expect(response.status).toBe(200);
  const { data } = (await response.json()) as {
    data: { contentType?: Configuration; component?: Configuration };
  };
  return (isComponent ? data.component : data.contentType)!;
};
interface Configuration {
  settings: Record<string, unknown>;
  metadatas: Record<
    string,
    { edit: { label: string; description: string }; list: { label: string } }
  >;
  layouts: { list: string[]; edit: Array<Array<{ name: string; size: number }>> };
}

async function restart() {
  const dir = cms.dir;
  await cms.destroy();
  cms = await startTestCms({ dir });
  adminToken = await login();
}

async function login(): Promise<string> {
  const response = await fetch(`${cms.url}/admin/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: 'kim@example.dk', password: 'Hemmelig123' }),
  });
  return ((await response.json()) as { data: { token: string } }).data.token;
}

beforeAll(async () => {
  cms = await startTestCms();
  adminToken = await registerFirstAdmin(cms.url);
});

afterAll(async () => {
  await cms?.destroy();
});

describe("the admin's views", () => {
  it('give every content type and component its Danish labels, hints, form rows and list', async () => {
    for (const [uid, view] of Object.entries(EDITOR_VIEWS)) {
      const config = await configuration(uid);
      for (const [name, field] of Object.entries(view.fields)) {
        expect(config.metadatas[name]!.edit.label, `${uid} ${name}`).toBe(field.label);
        expect(config.metadatas[name]!.edit.description, `${uid} ${name}`).toBe(field.hint ?? '');
        expect(config.metadatas[name]!.list.label, `${uid} ${name}`).toBe(field.label);
      }
      expect(
        config.layouts.edit.map((row) => row.map((field) => field.name)),
        uid,
      ).toEqual(
        view.edit.map((row) => row.map((field) => (typeof field === 'string' ? field : field[0]))),
      );
      if (view.list) {
        expect(config.layouts.list, uid).toEqual(view.list.columns);
        expect([config.settings.defaultSortBy, config.settings.defaultSortOrder], uid).toEqual([
          view.list.sortBy,
          view.list.order,
        ]);
      }
    }
  });

  it('list posts newest first, with title, date and author', async () => {
    const config = await configuration(CONTENT_UIDS.post);
    expect(config.layouts.list).toEqual(['title', 'date', 'author']);
    expect(config.settings).toMatchObject({
      mainField: 'title',
      defaultSortBy: 'date',
      defaultSortOrder: 'DESC',
    });
  });

  it('keep what the editor changed in the admin across a restart, and the rest as designed', async () => {
    // What the admin's "Configure the view" saves (it reads relations' list names, it does not send them).
    const config = await configuration(CONTENT_UIDS.post);
    const metadatas = Object.fromEntries(
      Object.entries(config.metadatas).map(([name, { edit, list }]) => [
        name,
        { edit, list: { ...list, mainField: undefined } },
      ]),
    );
    const changed = {
      settings: config.settings,
      metadatas: {
        ...metadatas,
        title: { ...metadatas.title!, edit: { ...metadatas.title!.edit, label: 'Overskrift' } },
      },
      layouts: { ...config.layouts, list: ['title', 'author'] },
    };
    const saved = await fetch(
      `${cms.url}/content-manager/content-types/${CONTENT_UIDS.post}/configuration`,
      {
        method: 'PUT',
        headers: { Authorization: `Bearer ${adminToken}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(changed),
      },
    );
    expect(saved.status, await saved.clone().text()).toBe(200);

    await restart();
    const after = await configuration(CONTENT_UIDS.post);
    expect(after.metadatas.title!.edit.label).toBe('Overskrift');
    expect(after.layouts.list).toEqual(['title', 'author']);
    expect(after.metadatas.title!.edit.description).toBe(
      EDITOR_VIEWS[CONTENT_UIDS.post]!.fields.title!.hint,
    );
    expect(after.metadatas.excerpt!.edit.label).toBe('Resumé');
  });

  it("reach a database from before they existed, with Strapi's default views", async () => {
    // As an older version left it: Strapi's own defaults (attribute names as labels), nothing applied.
    const keys = await cms.strapi.db
      .query('strapi::core-store')
      .findMany({ where: { key: { $startsWith: 'plugin_content_manager_configuration_' } } });
    await cms.strapi.db
      .query('strapi::core-store')
      .deleteMany({ where: { id: { $in: keys.map((row: { id: number }) => row.id) } } });
    await cms.strapi.store.delete({ type: 'core', name: 'blog-editor-views', key: 'applied' });

    await restart();
    const config = await configuration(CONTENT_UIDS.opinion);
    expect(config.metadatas.statement!.edit.label).toBe('Kort fortalt');
    expect(config.layouts.list).toEqual(EDITOR_VIEWS[CONTENT_UIDS.opinion]!.list!.columns);
  });

  it('hide the internal field that keeps old slugs, and refuse writes to it from the admin', async () => {
    const config = await configuration(CONTENT_UIDS.post);
    expect(Object.keys(config.metadatas)).not.toContain('previousSlugs');
    expect(config.layouts.edit.flat().map((field) => field.name)).not.toContain('previousSlugs');

    const post = await findSeedPost(cms.strapi);
    const response = await fetch(
      `${cms.url}/content-manager/collection-types/${CONTENT_UIDS.post}/${post.documentId}`,
      {
        method: 'PUT',
        headers: { Authorization: `Bearer ${adminToken}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ title: post.title, previousSlugs: ['kapret-adresse'] }),
      },
    );
    expect(response.status).toBe(200);
    const after = await cms.strapi.db.query(CONTENT_UIDS.post).findOne({
      where: { documentId: post.documentId, publishedAt: null },
      select: ['previousSlugs'],
    });
    expect(after.previousSlugs ?? []).not.toContain('kapret-adresse');
  });
});

describe('the co-writer role', () => {
  const role = () =>
    cms.strapi.db
      .query('admin::role')
      .findOne({ where: { code: CO_WRITER_ROLE.code }, populate: ['permissions'] });

  it('may write, publish and delete posts, opinions, tags and authors and use the media library, and nothing else', async () => {
    const { permissions } = await role();
    const actions = new Set(
      permissions.map((permission: { action: string; subject: string | null }) =>
        `${permission.action} ${permission.subject ?? ''}`.trim(),
      ),
    );
    const written = [
      CONTENT_UIDS.post,
      CONTENT_UIDS.opinion,
      CONTENT_UIDS.tag,
      CONTENT_UIDS.author,
    ];
    const expected = [
      ...written.flatMap((uid) =>
        ['create', 'read', 'update', 'delete', 'publish'].map(
          (action) => `plugin::content-manager.explorer.${action} ${uid}`,
        ),
      ),
      ...[
        'read',
        'configure-view',
        'assets.create',
        'assets.update',
        'assets.download',
        'assets.copy-link',
      ].map((action) => `plugin::upload.${action}`),
    ];
    expect([...actions].sort()).toEqual(expected.sort());
    // Every field, new ones included: a post's date and an opinion's date are writable.
    const update = permissions.find(
      (permission: { action: string; subject: string }) =>
        permission.action === 'plugin::content-manager.explorer.update' &&
        permission.subject === CONTENT_UIDS.opinion,
    );
    expect(update.properties.fields).toEqual(
      expect.arrayContaining(['title', 'slug', 'date', 'statement', 'body', 'order', 'posts']),
    );
  });

  it('gets exactly these rights back on a restart, and keeps them unchanged when they are', async () => {
    const before = await role();
    const ids = before.permissions.map((permission: { id: number }) => permission.id).sort();
    await cms.strapi
      .service('admin::role')
      .addPermissions(before.id, [
        { action: 'admin::users.read', subject: null, properties: {}, conditions: [] },
      ]);
    await restart();
    const after = await role();
    expect(
      after.permissions.map((permission: { action: string }) => permission.action),
    ).not.toContain('admin::users.read');
    expect(after.permissions.map((permission: { id: number }) => permission.id).sort()).toEqual(
      ids,
    );
  });
});

describe('what a save fills in', () => {
  const posts = () => cms.strapi.documents(CONTENT_UIDS.post);

  it('dates a post when it is first published, and keeps that date when it is published again', async () => {
    const draft = await posts().create({ data: { title: 'Skrevet i dag' } });
    expect(draft.date).toBeNull(); // a draft has no date of its own yet
    const before = Date.now();
    await posts().publish({ documentId: draft.documentId });
    const published = found(
      await posts().findOne({ documentId: draft.documentId, status: 'published' }),
      'the published post',
    );
    expect(new Date(found(published.date, 'its date')).getTime()).toBeGreaterThanOrEqual(
      before - 1000,
    );
    await posts().update({
      documentId: draft.documentId,
      data: { title: 'Skrevet i dag (rettet)' },
    });
    await posts().publish({ documentId: draft.documentId });
    expect(
      (await posts().findOne({ documentId: draft.documentId, status: 'published' }))?.date,
    ).toBe(published.date);
  });

  it('keeps a date the editor set, such as an imported post from 2014, and dates opinions too', async () => {
    const post = await posts().create({
      data: { title: 'Fra det gamle site', date: '2015-03-01T09:00:00.000Z' },
    });
    await posts().publish({ documentId: post.documentId });
    expect(
      (await posts().findOne({ documentId: post.documentId, status: 'published' }))?.date,
    ).toBe('2015-03-01T09:00:00.000Z');
    const opinion = await cms.strapi
      .documents(CONTENT_UIDS.opinion)
      .create({ data: { title: 'En ny holdning', statement: 'Kort sagt.' } });
    await cms.strapi.documents(CONTENT_UIDS.opinion).publish({ documentId: opinion.documentId });
    expect(
      (
        await cms.strapi
          .documents(CONTENT_UIDS.opinion)
          .findOne({ documentId: opinion.documentId, status: 'published' })
      )?.date,
    ).toBeTruthy();
  });

  it('gives a slug typed by hand that another post has a numeric suffix, so publishing never fails on it', async () => {
    const copy = await posts().create({
      data: { title: 'Noget helt andet', slug: 'ikke-flere-kunder-tak' },
    });
    expect(copy.slug).toBe('ikke-flere-kunder-tak-2');
    await posts().publish({ documentId: copy.documentId });
    expect(
      (await posts().findOne({ documentId: copy.documentId, status: 'published' }))?.slug,
    ).toBe('ikke-flere-kunder-tak-2');
  });

  it('makes the slug at publication for a draft saved before it had a title', async () => {
    // A draft without its (required) title: the admin saves one, the document service's types forbid it.
    const draft = await posts().create({ data: {} as { title: string } });
    expect(draft.slug ?? null).toBeNull();
    await posts().update({ documentId: draft.documentId, data: { title: 'Titlen kom senere' } });
    await posts().publish({ documentId: draft.documentId });
    expect(
      (await posts().findOne({ documentId: draft.documentId, status: 'published' }))?.slug,
    ).toBe('titlen-kom-senere');
  });
});
