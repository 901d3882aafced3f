import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EDITOR_VIEWS } from '../../cms/src/editor-views';
import { cmsDir } from '../helpers/paths';

interface Schema {
  attributes: Record<string, { type: string; visible?: boolean }>;
  pluginOptions?: { 'content-manager'?: { visible?: boolean } };
}

/**
 * Every content type's and component's schema the editor meets, by uid (api::post.post,
 * shared.seo): not the bookkeeping hidden from the content manager (the import's records).
 */
function schemas(): Map<string, Schema> {
  const found = new Map<string, Schema>();
  const api = path.join(cmsDir, 'src', 'api');
  for (const type of fs.readdirSync(api)) {
    const dir = path.join(api, type, 'content-types', type);
    if (!fs.existsSync(dir)) continue;
    const schema = JSON.parse(fs.readFileSync(path.join(dir, 'schema.json'), 'utf8')) as Schema;
    if (schema.pluginOptions?.['content-manager']?.visible !== false)
      found.set(`api::${type}.${type}`, schema);
  }
  const components = path.join(cmsDir, 'src', 'components');
  for (const category of fs.readdirSync(components)) {
    for (const file of fs.readdirSync(path.join(components, category))) {
      found.set(
        `${category}.${path.basename(file, '.json')}`,
        JSON.parse(fs.readFileSync(path.join(components, category, file), 'utf8')),
      );
    }
  }
  return found;
}

const FULL_WIDTH = new Set(['blocks', 'component', 'json', 'richtext', 'dynamiczone']);

describe("the admin's views (cms/src/editor-views)", () => {
  const all = schemas();

  it('cover every content type and component', () => {
    expect(Object.keys(EDITOR_VIEWS).sort()).toEqual([...all.keys()].sort());
  });

  it.each([...all])(
    '%s: a Danish label and hint for every field the editor sees, each in the form once',
    (uid, schema) => {
      const view = EDITOR_VIEWS[uid]!;
      const visible = Object.entries(schema.attributes)
        .filter(([, attribute]) => attribute.visible !== false)
        .map(([name]) => name);
      expect(Object.keys(view.fields).sort()).toEqual(visible.sort());
      for (const [name, field] of Object.entries(view.fields)) {
        expect(field.label, name).not.toBe(name);
        expect(field.hint?.length ?? 0, `${name} has a hint`).toBeGreaterThan(10);
      }
      const placed = view.edit
        .flat()
        .map((field) => (typeof field === 'string' ? field : field[0]));
      expect(placed.sort()).toEqual(visible.sort());
      for (const row of view.edit) {
        const widths = row.map((field) =>
          typeof field === 'string'
            ? FULL_WIDTH.has(schema.attributes[field]!.type)
              ? 12
              : 6
            : field[1],
        );
        expect(
          widths.reduce((sum, width) => sum + width, 0),
          JSON.stringify(row),
        ).toBeLessThanOrEqual(12);
      }
      for (const column of view.list?.columns ?? []) expect(visible).toContain(column);
    },
  );
});
