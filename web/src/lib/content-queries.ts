// What the site reads of each content type, derived from the CMS's schemas (CONTENT_MODEL, see
// shared/src/content.ts): the REST query, the relations the sync compares, and the shape stored.
import {
  CONTENT_MODEL,
  MEDIA_FIELDS,
  type Attribute,
  type ContentTypeName,
  type SyncStateType,
} from '@blog/shared';
import type { Query } from './cms-client.ts';

export function attributesOf(owner: { attributes: object }): Array<[string, Attribute]> {
  return Object.entries(owner.attributes) as Array<[string, Attribute]>;
}

const componentOf = (name: string) =>
  CONTENT_MODEL.components[name as keyof typeof CONTENT_MODEL.components];

const MEDIA: Query = { fields: [...MEDIA_FIELDS] };
const SLUG_ONLY: Query = { fields: ['slug'] };

/** Whether an attribute is a plain field (asked for in `fields`, not populated). */
export function isField(attribute: Attribute): boolean {
  return !['media', 'relation', 'component', 'dynamiczone'].includes(attribute.type);
}

/** Whether a relation holds many entries. */
export function isToMany(attribute: Attribute): boolean {
  return attribute.relation === 'oneToMany' || attribute.relation === 'manyToMany';
}

/** The REST collection a relation's target lives in ("api::tag.tag" → "tags"). */
export function collectionOf(uid: string): SyncStateType {
  const type = Object.values(CONTENT_MODEL.types).find((candidate) => candidate.uid === uid);
  if (!type) throw new Error(`No content type has the uid "${uid}" (see cms/src/api).`);
  return type.plural as SyncStateType;
}

/** How to populate what is not a plain field: media with MEDIA_FIELDS, relations with slugs. */
function populateOf(attributes: Array<[string, Attribute]>): Query {
  const populate: Query = {};
  for (const [name, attribute] of attributes) {
    if (attribute.type === 'media') populate[name] = MEDIA;
    else if (attribute.type === 'relation' && !attribute.inverse) populate[name] = SLUG_ONLY;
    else if (attribute.type === 'component') {
      const nested = populateOf(attributesOf(componentOf(attribute.component!)));
      populate[name] = Object.keys(nested).length ? { populate: nested } : true;
    }
  }
  return populate;
}

/**
 * Everything the site reads of a content type: every field, media with what the pages use, the
 * owning side of each relation as slugs (the other side is read from there), components in full.
 */
export function queryFor(name: ContentTypeName): Query {
  const type = CONTENT_MODEL.types[name];
  const attributes = attributesOf(type);
  const fields = attributes.filter(([, attribute]) => isField(attribute)).map(([field]) => field);
  if (type.draftAndPublish) fields.push('updatedAt', 'publishedAt');
  const populate = populateOf(attributes);
  return { fields, ...(Object.keys(populate).length ? { populate } : {}) };
}

const relationsByType = new Map<ContentTypeName, Record<string, SyncStateType>>();

/** The relations the sync compares (owning side), with the collection each points into. */
export function relationsOf(name: ContentTypeName): Record<string, SyncStateType> {
  let relations = relationsByType.get(name);
  if (!relations) {
    relations = Object.fromEntries(
      attributesOf(CONTENT_MODEL.types[name])
        .filter(([, attribute]) => attribute.type === 'relation' && !attribute.inverse)
        .map(([field, attribute]) => [field, collectionOf(attribute.target!)]),
    );
    relationsByType.set(name, relations);
  }
  return relations;
}

/** The slugs of a relation as the REST API populates it: one entry, a list, or nothing. */
export function slugsOf(related: unknown): string[] {
  return [related]
    .flat()
    .filter(
      (entry): entry is { slug: string } =>
        typeof (entry as { slug?: unknown } | null)?.slug === 'string',
    )
    .map((entry) => entry.slug);
}

/** An entry as the collection schema takes it: each relation as the slug (or slugs) it points to. */
export function withRelationSlugs(
  name: ContentTypeName,
  entry: Record<string, unknown>,
): Record<string, unknown> {
  const data = { ...entry };
  for (const field of Object.keys(relationsOf(name))) {
    const slugs = slugsOf(entry[field]);
    data[field] = Array.isArray(entry[field]) ? slugs : (slugs[0] ?? null);
  }
  return data;
}
