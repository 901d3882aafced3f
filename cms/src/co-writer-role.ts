import type { Core } from '@strapi/strapi';
import { CONTENT_UIDS } from '@blog/shared';

export const CO_WRITER_ROLE = {
  code: 'blog-co-writer',
  name: 'Skribent',
  description:
    'Skriver, forhåndsviser og udgiver indlæg, holdninger, emner og forfattere og lægger billeder op. ' +
    'Kan ikke ændre sitets indstillinger, brugere, roller, API-tokens eller webhooks.',
} as const;

/** What a co-writer writes; the site settings (title, contact, menu) stay the consultant's. */
const WRITTEN_TYPES: string[] = [
  CONTENT_UIDS.post,
  CONTENT_UIDS.opinion,
  CONTENT_UIDS.tag,
  CONTENT_UIDS.author,
];
const CONTENT_ACTIONS = ['create', 'read', 'update', 'delete', 'publish'].map(
  (action) => `plugin::content-manager.explorer.${action}`,
);
/** The media library: browse, upload, edit (alt text, captions), download and copy links. */
const MEDIA_ACTIONS = [
  'read',
  'configure-view',
  'assets.create',
  'assets.update',
  'assets.download',
  'assets.copy-link',
].map((action) => `plugin::upload.${action}`);

interface Permission {
  action: string;
  subject?: string | null;
  properties?: Record<string, unknown>;
  conditions?: string[];
}
interface RoleService {
  findOne(where: Record<string, unknown>): Promise<{ id: number } | null>;
  create(attributes: Record<string, unknown>): Promise<{ id: number }>;
  assignPermissions(roleId: number, permissions: Permission[]): Promise<unknown>;
}
interface ContentTypeService {
  getPermissionsWithNestedFields(
    actions: Array<{ actionId: string; subjects: string[]; options?: unknown }>,
  ): Permission[];
}
interface ActionProvider {
  get(actionId: string): { actionId: string; subjects?: string[]; options?: unknown } | undefined;
}

/**
 * The co-writer role the consultant gives an invited writer (Settings → Users → Invite). Its rights
 * are defined here and set again on every start, so a new field is writable at once and the role
 * can never grow into settings; a co-writer who needs other rights gets another role.
 */
export async function ensureCoWriterRole(strapi: Core.Strapi): Promise<void> {
  const roles = strapi.service('admin::role') as unknown as RoleService;
  const existing = await roles.findOne({ code: CO_WRITER_ROLE.code });
  const role = existing ?? (await roles.create({ ...CO_WRITER_ROLE }));
  if (!existing)
    strapi.log.info(`[roles] Created the role "${CO_WRITER_ROLE.name}" for invited co-writers`);
  await roles.assignPermissions(role.id, coWriterPermissions(strapi));
}

function coWriterPermissions(strapi: Core.Strapi): Permission[] {
  const actions = (
    strapi.service('admin::permission') as unknown as { actionProvider: ActionProvider }
  ).actionProvider;
  const contentActions = CONTENT_ACTIONS.map((actionId) => {
    const action = actions.get(actionId);
    if (!action) throw new Error(`[roles] Strapi has no permission action ${actionId}`);
    return { ...action, subjects: WRITTEN_TYPES };
  });
  const contentTypes = strapi.service('admin::content-type') as unknown as ContentTypeService;
  // Every field, nested component fields included: what Strapi's own Editor role gets.
  const content = contentTypes.getPermissionsWithNestedFields(contentActions);
  const media = MEDIA_ACTIONS.map((action) => ({
    action,
    subject: null,
    properties: {},
    conditions: [],
  }));
  // As stored: no undefined properties (publish has no fields), so an unchanged role is not rewritten.
  return [...content, ...media].map(({ action, subject, properties = {}, conditions = [] }) => ({
    action,
    subject,
    properties: Object.fromEntries(
      Object.entries(properties).filter(([, value]) => value !== undefined),
    ),
    conditions,
  }));
}
