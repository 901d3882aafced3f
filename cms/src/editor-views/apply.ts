import { isDeepStrictEqual } from 'node:util';
import type { Core } from '@strapi/strapi';
import { EDITOR_VIEWS } from './index';
import type { EditorView } from './view';

/** What this code last applied, per uid and setting: the base the editor's own changes are told from. */
const APPLIED = { type: 'core', name: 'blog-editor-views', key: 'applied' } as const;

/** Settings of the content manager's configuration by path ("metadatas.title.edit.label"), with their values. */
type ViewSettings = Record<string, unknown>;
type Configuration = Record<string, unknown>;

interface Model {
  attributes: Record<string, { type: string; visible?: boolean }>;
}

interface ConfigurationService {
  findConfiguration(model: { uid: string }): Promise<Configuration>;
  updateConfiguration(model: { uid: string }, configuration: Configuration): Promise<unknown>;
}

/**
 * Gives the admin's forms and lists the designed views (src/editor-views), on a fresh install and
 * an existing database alike. Each setting (a label, a hint, the form's rows, the list's columns,
 * its order) is applied when it still has the value this code applied last time, or was never
 * applied; a setting the editor changed in the admin (*Configure the view*) keeps the editor's
 * value across restarts and upgrades.
 */
export async function applyEditorViews(strapi: Core.Strapi): Promise<void> {
  const applied = ((await strapi.store.get(APPLIED)) ?? {}) as Record<string, ViewSettings>;
  const nowApplied: Record<string, ViewSettings> = {};
  const keptByEditor: string[] = [];

  for (const [uid, view] of Object.entries(EDITOR_VIEWS)) {
    const isComponent = !uid.includes('::');
    const model = (
      isComponent ? strapi.components[uid as never] : strapi.contentTypes[uid as never]
    ) as Model | undefined;
    if (!model) throw new Error(`[editor-views] No content type or component ${uid}`);
    const service = strapi
      .plugin('content-manager')
      .service(isComponent ? 'components' : 'content-types') as unknown as ConfigurationService;

    const designed = designedSettings(uid, view, model, (type) => fieldSize(strapi, type));
    const configuration = await service.findConfiguration({ uid });
    const before = applied[uid] ?? {};
    for (const [path, value] of Object.entries(designed)) {
      const untouched =
        !(path in before) || isDeepStrictEqual(getPath(configuration, path), before[path]);
      if (untouched) setPath(configuration, path, value);
      else keptByEditor.push(`${uid} ${path}`);
    }
    const { settings, metadatas, layouts } = configuration;
    await service.updateConfiguration({ uid }, { settings, metadatas, layouts });
    nowApplied[uid] = designed;
  }
  if (!isDeepStrictEqual(applied, nowApplied))
    await strapi.store.set({ ...APPLIED, value: nowApplied });
  if (keptByEditor.length > 0) {
    strapi.log.info(
      `[editor-views] Kept ${keptByEditor.length} view setting(s) changed in the admin: ${keptByEditor.join(', ')}`,
    );
  }
}

/** The settings a view sets, as configuration paths; fails on a field the model does not have. */
function designedSettings(
  uid: string,
  view: EditorView,
  model: Model,
  sizeOf: (type: string) => number,
): ViewSettings {
  const attribute = (name: string) => {
    const found = model.attributes[name];
    if (!found || found.visible === false)
      throw new Error(`[editor-views] ${uid} has no editable field "${name}"`);
    return found;
  };
  const settings: ViewSettings = {};
  for (const [name, field] of Object.entries(view.fields)) {
    attribute(name);
    settings[`metadatas.${name}.edit.label`] = field.label;
    settings[`metadatas.${name}.edit.description`] = field.hint ?? '';
    settings[`metadatas.${name}.edit.placeholder`] = field.placeholder ?? '';
    if (field.mainField) settings[`metadatas.${name}.edit.mainField`] = field.mainField;
    if (field.readOnly) settings[`metadatas.${name}.edit.editable`] = false;
    settings[`metadatas.${name}.list.label`] = field.label;
  }
  settings['layouts.edit'] = view.edit.map((row) =>
    row.map((field) => {
      const [name, size] = typeof field === 'string' ? [field, undefined] : field;
      return { name, size: size ?? sizeOf(attribute(name).type) };
    }),
  );
  if (view.list) {
    for (const column of view.list.columns) attribute(column);
    settings['layouts.list'] = view.list.columns;
    settings['settings.mainField'] = view.list.mainField;
    settings['settings.defaultSortBy'] = view.list.sortBy;
    settings['settings.defaultSortOrder'] = view.list.order;
    if (view.list.pageSize) settings['settings.pageSize'] = view.list.pageSize;
  }
  return settings;
}

function fieldSize(strapi: Core.Strapi, type: string): number {
  const sizes = strapi.plugin('content-manager').service('field-sizes') as unknown as {
    getFieldSize(type: string): { default: number };
  };
  return sizes.getFieldSize(type).default;
}

function getPath(target: Configuration, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>(
      (node, key) => (node && typeof node === 'object' ? (node as Configuration)[key] : undefined),
      target,
    );
}

function setPath(target: Configuration, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    if (!node[key] || typeof node[key] !== 'object') node[key] = {};
    node = node[key] as Configuration;
  }
  node[keys.at(-1)!] = value;
}
