import type { Block } from './blocks.js';
import { CONTENT_MODEL } from './content-model.js';

/**
 * The content model as the CMS's REST API returns it and the site reads it, derived from the CMS's
 * schemas (cms/src/api/<type>/content-types, cms/src/components) through CONTENT_MODEL, which
 * shared/scripts/generate-content-model.mjs writes from them: a field added to a schema appears
 * in these types, the site's queries and its collection schemas with no further edit.
 */
export { CONTENT_MODEL };
type Model = typeof CONTENT_MODEL;
export type ContentTypeName = keyof Model['types'];
export type ComponentName = keyof Model['components'];
/** An attribute as CONTENT_MODEL describes it, for code that walks the model at run time. */
export interface Attribute {
  type: string;
  required?: boolean;
  multiple?: boolean;
  repeatable?: boolean;
  component?: string;
  relation?: string;
  target?: string;
  /** The inverse side of a relation (`mappedBy`): read from the owning side. */
  inverse?: boolean;
  default?: unknown;
}

/** Strapi's uids for code on the CMS side (document service). */
export const CONTENT_UIDS = Object.fromEntries(
  Object.entries(CONTENT_MODEL.types).map(([name, type]) => [name, type.uid]),
) as { [Name in ContentTypeName]: Model['types'][Name]['uid'] };

/** The field each content type's slug is made from (the admin fills it live, the CMS on save). */
export const SLUG_SOURCES: Readonly<Record<string, string>> = {
  [CONTENT_UIDS.post]: 'title',
  [CONTENT_UIDS.opinion]: 'title',
  [CONTENT_UIDS.page]: 'title',
  [CONTENT_UIDS.author]: 'name',
  [CONTENT_UIDS.tag]: 'name',
};

/** Types whose `date` is their publication date: left empty, the first publication; in the future, scheduled. */
export const DATED_TYPES: ReadonlySet<string> = new Set([CONTENT_UIDS.post, CONTENT_UIDS.opinion]);

/** A media file, with only what the pages use (MEDIA_FIELDS). */
export interface Media {
  url: string;
  alternativeText: string | null;
  caption?: string | null;
  width: number | null;
  height: number | null;
  mime?: string | null;
}
export const MEDIA_FIELDS = [
  'url',
  'alternativeText',
  'caption',
  'width',
  'height',
  'mime',
] as const;

/** A related entry, fetched with only what a link to it needs. */
export interface SlugRef {
  slug: string;
}

/** Every entry of a draft & publish type has these. */
interface Document {
  documentId: string;
  updatedAt: string;
  publishedAt: string | null;
}

type Nullable<A, T> = A extends { required: true } ? T : T | null;

/** One attribute's JSON, as the site fetches it: relations as slugs, media with MEDIA_FIELDS. */
type AttributeJson<A> = A extends { type: 'uid' }
  ? string // always set: the CMS makes it from the title or name (cms/src/document-defaults.ts)
  : A extends {
        type:
          'string' | 'text' | 'email' | 'richtext' | 'enumeration' | 'datetime' | 'date' | 'time';
      }
    ? Nullable<A, string>
    : A extends { type: 'integer' | 'biginteger' | 'float' | 'decimal' }
      ? Nullable<A, number>
      : A extends { type: 'boolean' }
        ? Nullable<A, boolean>
        : A extends { type: 'blocks' }
          ? Block[] | null
          : A extends { type: 'media'; multiple: true }
            ? Media[]
            : A extends { type: 'media' }
              ? Media | null
              : A extends { type: 'relation'; relation: 'oneToMany' | 'manyToMany' }
                ? SlugRef[]
                : A extends { type: 'relation' }
                  ? SlugRef | null
                  : A extends {
                        type: 'component';
                        repeatable: true;
                        component: infer C extends ComponentName;
                      }
                    ? ComponentJson<C>[]
                    : A extends { type: 'component'; component: infer C extends ComponentName }
                      ? ComponentJson<C> | null
                      : unknown; // json

type AttributesJson<Attributes> = {
  // The inverse side of a relation is populated only where asked for (the draft previews).
  -readonly [
    Name in keyof Attributes as Attributes[Name] extends { inverse: true } ? never : Name
  ]: AttributeJson<Attributes[Name]>;
} & {
  -readonly [
    Name in keyof Attributes as Attributes[Name] extends { inverse: true } ? Name : never
  ]?: AttributeJson<Attributes[Name]>;
};

export type ComponentJson<Name extends ComponentName> = AttributesJson<
  Model['components'][Name]['attributes']
>;

/** One entry of a content type, as the REST API returns it to the site. */
export type EntryJson<Name extends ContentTypeName> = AttributesJson<
  Model['types'][Name]['attributes']
> &
  (Model['types'][Name]['draftAndPublish'] extends true ? Document : unknown);

export type PostJson = EntryJson<'post'>;
export type AuthorJson = EntryJson<'author'>;
export type OpinionJson = EntryJson<'opinion'>;
export type TagJson = EntryJson<'tag'>;
export type PageJson = EntryJson<'page'>;
export type SiteJson = EntryJson<'site'>;
export type Seo = ComponentJson<'shared.seo'>;
export type AuthorLink = ComponentJson<'shared.link'>;
export type ContactCta = ComponentJson<'site.contact-cta'>;
export type Navigation = ComponentJson<'site.navigation'>;

/** Strapi's REST envelope for a page of a collection. */
export interface PageResponse<T> {
  data: T[];
  meta: { pagination: { page: number; pageSize: number; pageCount: number; total: number } };
}

/**
 * What the site reads first on every build (`GET /api/site-sync`, cms/src/api/site-sync): for each
 * content type, how many published entries it has and when the latest of them changed (edited or
 * published). One request tells the site which collections it can skip.
 */
export const SYNC_STATE_PATH = 'site-sync';
/** The content types in the sync state, by REST name, with their uids. */
export const SYNC_STATE_TYPES = {
  posts: CONTENT_UIDS.post,
  authors: CONTENT_UIDS.author,
  opinions: CONTENT_UIDS.opinion,
  tags: CONTENT_UIDS.tag,
  pages: CONTENT_UIDS.page,
  site: CONTENT_UIDS.site,
} as const;
export type SyncStateType = keyof typeof SYNC_STATE_TYPES;
export interface CollectionState {
  /** Published entries (the single type `site`: 1 once filled in, else 0). */
  count: number;
  /** ISO time of the latest edit or publication among them; '' when there are none. */
  latest: string;
}
export type SyncState = Record<SyncStateType, CollectionState>;
