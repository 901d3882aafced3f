// The site's collection schemas (Zod), derived from the CMS's schemas (CONTENT_MODEL): a field
// added in the CMS is validated and stored with no edit here. Overrides name what the site adds to
// the CMS's own rules (src/content.config.ts).
import { z } from 'astro/zod';
import {
  CONTENT_MODEL,
  MEDIA_FIELDS,
  type Attribute,
  type ComponentName,
  type ContentTypeName,
} from '@blog/shared';
import { attributesOf, collectionOf, isToMany } from './content-queries.ts';

/** A media file: what the pages use of it (MEDIA_FIELDS). */
export const mediaSchema = z.object({
  url: z.string(),
  alternativeText: z.string().nullable().default(null),
  caption: z.string().nullable().optional(),
  width: z.number().nullable().default(null),
  height: z.number().nullable().default(null),
  mime: z.string().nullable().default(null),
} satisfies Record<(typeof MEDIA_FIELDS)[number], z.ZodType>);

// Blocks are kept as the CMS sends them, as one JSON string, parsed only by the page that renders
// them (see bodyBlocks); the shared renderer validates them node by node. From the CMS, the sync
// then stores a reference to a file holding that string instead (after validation, so content can
// never name a file itself; see src/sync/body-files.ts).
export const blocksSchema = z
  .unknown()
  .optional()
  .transform((value) =>
    typeof value === 'string' ? value : JSON.stringify(Array.isArray(value) ? value : []),
  );

/** Astro's Zod, for the overrides (and the tests, which run outside web/). */
export { z };

/** Astro's reference(), passed in: it exists only inside Astro's content layer. */
export type Reference = (collection: string) => z.ZodType;

function attributeSchema(attribute: Attribute, reference: Reference): z.ZodType | null {
  // A field with a default in the CMS has that value when an entry from before the field (or a
  // local file) lacks it.
  const nullable = <T extends z.ZodType>(schema: T) =>
    attribute.default !== undefined
      ? schema
          .nullable()
          .optional()
          .transform((value) => value ?? (attribute.default as z.infer<T>))
      : attribute.required
        ? schema
        : schema.nullable();
  switch (attribute.type) {
    case 'uid':
      return z.string(); // always set: the CMS makes it from the title or name
    case 'string':
    case 'text':
    case 'email':
    case 'richtext':
    case 'enumeration':
      return nullable(z.string());
    case 'datetime':
    case 'date':
      return attribute.required ? z.coerce.date() : z.coerce.date().nullable().default(null);
    case 'integer':
    case 'biginteger':
    case 'float':
    case 'decimal':
      return nullable(z.number());
    case 'boolean':
      return nullable(z.boolean());
    case 'blocks':
      return blocksSchema;
    case 'media':
      return attribute.multiple
        ? z
            .array(mediaSchema)
            .nullable()
            .transform((value) => value ?? [])
        : mediaSchema.nullable().default(null);
    case 'relation': {
      if (attribute.inverse) return null; // read from the owning side
      const target = reference(collectionOf(attribute.target!));
      return isToMany(attribute) ? z.array(target) : target.nullable();
    }
    case 'component': {
      const component =
        CONTENT_MODEL.components[attribute.component as keyof typeof CONTENT_MODEL.components];
      const object = objectSchema(attributesOf(component), reference);
      if (attribute.repeatable)
        return z
          .array(object)
          .nullable()
          .transform((value) => value ?? []);
      // A component whose required fields all have defaults (the menu labels) falls back to them.
      const defaults = Object.fromEntries(
        attributesOf(component)
          .filter(([, field]) => field.default !== undefined)
          .map(([name, field]) => [name, field.default]),
      );
      const complete = attributesOf(component).every(
        ([name, field]) => !field.required || name in defaults,
      );
      return complete && Object.keys(defaults).length
        ? object.nullable().transform((value) => value ?? defaults)
        : object.nullable().default(null);
    }
    default:
      return z.unknown(); // json
  }
}

function objectSchema(
  attributes: Array<[string, Attribute]>,
  reference: Reference,
): z.ZodObject<Record<string, z.ZodType>> {
  const shape: Record<string, z.ZodType> = {};
  for (const [name, attribute] of attributes) {
    const schema = attributeSchema(attribute, reference);
    if (schema) shape[name] = schema;
  }
  return z.object(shape);
}

/**
 * The schema of one content type's collection: its document id and last change (draft & publish
 * types), every attribute as the CMS defines it, then the site's overrides and additions. Its type
 * (what the pages get) follows the same rules at compile time (CollectionData).
 */
export function collectionSchema<
  Name extends ContentTypeName,
  Overrides extends Record<string, z.ZodType> = Record<never, z.ZodType>,
>(
  name: Name,
  options: { reference: Reference; overrides?: Overrides },
): z.ZodType<CollectionData<Name, Overrides>> {
  const type = CONTENT_MODEL.types[name];
  const base = objectSchema(attributesOf(type), options.reference);
  return z.object({
    ...(type.kind === 'collectionType' ? { documentId: z.string() } : {}),
    ...(type.draftAndPublish ? { updatedAt: z.coerce.date() } : {}),
    ...base.shape,
    ...options.overrides,
  }) as unknown as z.ZodType<CollectionData<Name, Overrides>>;
}

// The same rules as attributeSchema, for the compiler: what a page reads of a stored entry.
type Model = typeof CONTENT_MODEL;
/** Never null when required, or when the CMS has a default for it (see attributeSchema). */
type Nullable<A, T> = A extends { required: true } ? T : A extends { default: T } ? T : T | null;
type CollectionOf<Uid> = {
  [Name in ContentTypeName]: Model['types'][Name]['uid'] extends Uid
    ? Model['types'][Name]['plural']
    : never;
}[ContentTypeName];
/** What Astro's reference() stores. */
type Ref<Uid> = { id: string; collection: CollectionOf<Uid> };
type MediaData = z.output<typeof mediaSchema>;
type HasDefaults<Attributes> = {
  [Key in keyof Attributes]: Attributes[Key] extends { required: true }
    ? Attributes[Key] extends { default: unknown }
      ? true
      : false
    : true;
}[keyof Attributes] extends true
  ? true
  : false;

type AttributeData<A> = A extends { type: 'uid' }
  ? string
  : A extends { type: 'string' | 'text' | 'email' | 'richtext' | 'enumeration' }
    ? Nullable<A, string>
    : A extends { type: 'datetime' | 'date' }
      ? Nullable<A, Date>
      : A extends { type: 'integer' | 'biginteger' | 'float' | 'decimal' }
        ? Nullable<A, number>
        : A extends { type: 'boolean' }
          ? Nullable<A, boolean>
          : A extends { type: 'blocks' }
            ? string
            : A extends { type: 'media'; multiple: true }
              ? MediaData[]
              : A extends { type: 'media' }
                ? MediaData | null
                : A extends {
                      type: 'relation';
                      relation: 'oneToMany' | 'manyToMany';
                      target: infer Uid;
                    }
                  ? Ref<Uid>[]
                  : A extends { type: 'relation'; target: infer Uid }
                    ? Ref<Uid> | null
                    : A extends {
                          type: 'component';
                          repeatable: true;
                          component: infer C extends ComponentName;
                        }
                      ? ComponentData<C>[]
                      : A extends { type: 'component'; component: infer C extends ComponentName }
                        ? HasDefaults<Model['components'][C]['attributes']> extends true
                          ? ComponentData<C>
                          : ComponentData<C> | null
                        : unknown;

type AttributesData<Attributes> = {
  -readonly [
    Key in keyof Attributes as Attributes[Key] extends { inverse: true } ? never : Key
  ]: AttributeData<Attributes[Key]>;
};
type ComponentData<C extends ComponentName> = AttributesData<Model['components'][C]['attributes']>;

type BaseData<Name extends ContentTypeName> = (Model['types'][Name]['kind'] extends 'collectionType'
  ? { documentId: string }
  : unknown) &
  (Model['types'][Name]['draftAndPublish'] extends true ? { updatedAt: Date } : unknown) &
  AttributesData<Model['types'][Name]['attributes']>;

/** A stored entry of a content type, with the site's overrides. */
export type CollectionData<Name extends ContentTypeName, Overrides> = {
  [Key in keyof BaseData<Name> | keyof Overrides]: Key extends keyof Overrides
    ? z.output<Overrides[Key]>
    : Key extends keyof BaseData<Name>
      ? BaseData<Name>[Key]
      : never;
};
