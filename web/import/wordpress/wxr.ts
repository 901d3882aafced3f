/**
 * Reads a WordPress export (WXR 1.1 or 1.2, as *Tools → Export* writes it) as a stream: the site,
 * then its authors and terms (categories, tags, other taxonomies), then one item (post, page,
 * attachment, menu item, …) at a time. Only the item being read is in memory, so an export of
 * thousands of posts needs no more than one of them. A file that is not XML, or not a WordPress
 * export, fails with a WxrError naming the line.
 */
import sax from 'sax';

export interface WxrSite {
  title: string;
  /** The old blog's address (the channel's link). */
  link: string;
  /** wp:base_blog_url, wp:base_site_url: what old links start with. */
  baseUrls: string[];
  version: string;
}

export interface WxrAuthor {
  id: string;
  login: string;
  email: string;
  displayName: string;
  firstName: string;
  lastName: string;
}

export interface WxrTerm {
  /** "category", "post_tag", or another taxonomy (WXR 1.2's wp:term). */
  taxonomy: string;
  id: string;
  slug: string;
  name: string;
  /** The parent term's slug (nested categories), if any. */
  parent: string | null;
  description: string;
}

export interface WxrItem {
  id: number;
  /** "post", "page", "attachment", "nav_menu_item", "revision", … */
  type: string;
  /** "publish", "draft", "pending", "private", "future", "trash", "inherit", … */
  status: string;
  title: string;
  /** The old permalink. */
  link: string;
  /** wp:post_name (may be empty for drafts). */
  slug: string;
  /** wp:post_date: local time of the old site, "YYYY-MM-DD HH:MM:SS". */
  date: string;
  /** wp:post_date_gmt: UTC, "0000-00-00 00:00:00" for drafts never published. */
  dateGmt: string;
  /** The author's login (dc:creator). */
  creator: string;
  content: string;
  excerpt: string;
  parentId: number;
  menuOrder: number;
  /** Attachments: the file's URL. */
  attachmentUrl: string;
  /** The item's categories, tags and other terms. */
  terms: Array<{ taxonomy: string; slug: string; name: string }>;
  /** wp:postmeta, by key (the last value of a repeated key). */
  meta: Record<string, string>;
  /** How many comments it had (comments are not imported). */
  comments: number;
  /** The line of the export where the item starts, for messages. */
  line: number;
}

export type WxrEntry =
  | { kind: 'site'; site: WxrSite }
  | { kind: 'author'; author: WxrAuthor }
  | { kind: 'term'; term: WxrTerm }
  | { kind: 'item'; item: WxrItem };

export class WxrError extends Error {
  readonly line: number;

  constructor(message: string, line: number) {
    super(`${message} (line ${line})`);
    this.name = 'WxrError';
    this.line = line;
  }
}

const WP_NAMESPACE = /^https?:\/\/wordpress\.org\/export\/1\.[12]\/$/;
const CONTENT_NAMESPACE = 'http://purl.org/rss/1.0/modules/content/';
const EXCERPT_NAMESPACE = /^https?:\/\/wordpress\.org\/export\/1\.[12]\/excerpt\/$/;
const DC_NAMESPACE = 'http://purl.org/dc/elements/1.1/';

/** An element's name in the forms this reader matches on: "wp:post_id", "content:encoded", "title". */
function nameOf(tag: sax.QualifiedTag): string {
  if (WP_NAMESPACE.test(tag.uri)) return `wp:${tag.local}`;
  if (tag.uri === CONTENT_NAMESPACE) return `content:${tag.local}`;
  if (EXCERPT_NAMESPACE.test(tag.uri)) return `excerpt:${tag.local}`;
  if (tag.uri === DC_NAMESPACE) return `dc:${tag.local}`;
  return tag.uri ? `{${tag.uri}}${tag.local}` : tag.local;
}

/** Reads an export from chunks of its bytes (a file stream) or text. */
export async function* readWxr(
  chunks: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>,
): AsyncGenerator<WxrEntry> {
  const parser = sax.parser(true, { xmlns: true, position: true, trim: false });
  const ready: WxrEntry[] = [];
  let failure: WxrError | null = null;
  /** Open elements, outermost first, with the text gathered inside the innermost. */
  const stack: string[] = [];
  let text = '';
  let sawWxrVersion = false;
  let site: WxrSite | null = null;
  let siteSent = false;
  let record: Record<string, string> | null = null; // wp:author, wp:category, wp:tag, wp:term
  let item: WxrItem | null = null;
  let meta: { key: string; value: string } | null = null;
  let term: { taxonomy: string; slug: string } | null = null;

  const fail = (message: string) => {
    failure ??= new WxrError(message, parser.line + 1);
  };
  const flushSite = () => {
    if (site && !siteSent) {
      if (!sawWxrVersion)
        fail('Not a WordPress export: its <channel> has no <wp:wxr_version> (1.1 or 1.2)');
      else ready.push({ kind: 'site', site });
      siteSent = true;
    }
  };

  parser.onerror = (error) => {
    fail(`Not well-formed XML: ${error.message.split('\n')[0]}`);
  };
  parser.onopentag = (tag) => {
    const name = nameOf(tag as sax.QualifiedTag);
    const depth = stack.length;
    stack.push(name);
    text = '';
    if (depth === 0 && name !== 'rss')
      return fail(`Not a WordPress export: the document is <${tag.name}>, not <rss>`);
    if (name === 'channel' && depth === 1)
      site = { title: '', link: '', baseUrls: [], version: '' };
    else if (depth === 2 && ['wp:author', 'wp:category', 'wp:tag', 'wp:term'].includes(name))
      record = {};
    else if (depth === 2 && name === 'item') {
      flushSite();
      item = emptyItem(parser.line + 1);
    } else if (item && depth === 3 && name === 'category') {
      const attributes = (tag as sax.QualifiedTag).attributes;
      term = {
        taxonomy: attributes.domain?.value ?? 'category',
        slug: attributes.nicename?.value ?? '',
      };
    } else if (item && depth === 3 && name === 'wp:postmeta') meta = { key: '', value: '' };
    else if (item && depth === 3 && name === 'wp:comment') item.comments++;
  };
  const onText = (chunk: string) => {
    text += chunk;
  };
  parser.ontext = onText;
  parser.oncdata = onText;
  parser.onclosetag = () => {
    const name = stack.pop()!;
    const depth = stack.length;
    const value = text;
    text = '';
    if (depth === 2 && site && applySiteField(site, name, value)) sawWxrVersion = true;
    if (record && depth === 3) record[name] = value;
    if (record && depth === 2) {
      const r = record;
      record = null;
      flushSite();
      ready.push(recordEntry(name, r));
    }
    if (item && meta && depth === 4) {
      if (name === 'wp:meta_key') meta.key = value.trim();
      else if (name === 'wp:meta_value') meta.value = value;
    }
    if (item && depth === 3) {
      if (name === 'wp:postmeta' && meta) {
        if (meta.key) item.meta[meta.key] = meta.value;
        meta = null;
      } else if (name === 'category' && term) {
        item.terms.push({ ...term, name: value.trim() });
        term = null;
      } else applyItemField(item, name, value);
    }
    if (item && depth === 2 && name === 'item') {
      if (!item.id) fail(`An <item> without a <wp:post_id>, from line ${item.line}`);
      else ready.push({ kind: 'item', item });
      item = null;
    }
    if (depth === 1 && name === 'channel') flushSite();
  };

  const decoder = new TextDecoder('utf-8', { fatal: true });
  const feed = (chunk: string) => {
    parser.write(chunk);
  };
  try {
    for await (const chunk of chunks) {
      feed(typeof chunk === 'string' ? chunk : decodeChunk(decoder, chunk, parser.line + 1));
      if (failure) throw failure;
      yield* ready.splice(0);
    }
    feed(decodeChunk(decoder, undefined, parser.line + 1));
    parser.close();
  } catch (error) {
    if (error instanceof WxrError) throw error;
    throw failure ?? new WxrError((error as Error).message, parser.line + 1);
  }
  if (failure) throw failure;
  if (!siteSent) throw new WxrError('Not a WordPress export: no <channel> in it', parser.line + 1);
  yield* ready.splice(0);
}

function emptyItem(line: number): WxrItem {
  return {
    id: 0,
    type: '',
    status: '',
    title: '',
    link: '',
    slug: '',
    date: '',
    dateGmt: '',
    creator: '',
    content: '',
    excerpt: '',
    parentId: 0,
    menuOrder: 0,
    attachmentUrl: '',
    terms: [],
    meta: {},
    comments: 0,
    line,
  };
}

/** A field of the channel; true when it was the export's version (what makes it a WordPress export). */
function applySiteField(site: WxrSite, name: string, value: string): boolean {
  if (name === 'title') site.title = value.trim();
  else if (name === 'link') site.link = value.trim();
  else if (name === 'wp:base_site_url' || name === 'wp:base_blog_url')
    site.baseUrls.push(value.trim());
  else if (name === 'wp:wxr_version') {
    site.version = value.trim();
    return true;
  }
  return false;
}

/** A <wp:author>, <wp:category>, <wp:tag> or <wp:term> from its child elements' text. */
function recordEntry(name: string, r: Record<string, string>): WxrEntry {
  if (name === 'wp:author')
    return {
      kind: 'author',
      author: {
        id: r['wp:author_id']?.trim() ?? '',
        login: r['wp:author_login']?.trim() ?? '',
        email: r['wp:author_email']?.trim() ?? '',
        displayName: r['wp:author_display_name']?.trim() ?? '',
        firstName: r['wp:author_first_name']?.trim() ?? '',
        lastName: r['wp:author_last_name']?.trim() ?? '',
      },
    };
  const taxonomy =
    name === 'wp:category'
      ? 'category'
      : name === 'wp:tag'
        ? 'post_tag'
        : (r['wp:term_taxonomy']?.trim() ?? '');
  return {
    kind: 'term',
    term: {
      taxonomy,
      id: r['wp:term_id']?.trim() ?? '',
      slug: (r['wp:category_nicename'] ?? r['wp:tag_slug'] ?? r['wp:term_slug'] ?? '').trim(),
      name: (r['wp:cat_name'] ?? r['wp:tag_name'] ?? r['wp:term_name'] ?? '').trim(),
      parent: (r['wp:category_parent'] ?? r['wp:term_parent'] ?? '').trim() || null,
      description: (
        r['wp:category_description'] ??
        r['wp:tag_description'] ??
        r['wp:term_description'] ??
        ''
      ).trim(),
    },
  };
}

function decodeChunk(decoder: TextDecoder, chunk: Uint8Array | undefined, line: number): string {
  try {
    return chunk ? decoder.decode(chunk, { stream: true }) : decoder.decode();
  } catch {
    throw new WxrError('The export is not UTF-8 text', line);
  }
}

function applyItemField(item: WxrItem, name: string, value: string): void {
  switch (name) {
    case 'title':
      item.title = value.trim();
      break;
    case 'link':
      item.link = value.trim();
      break;
    case 'dc:creator':
      item.creator = value.trim();
      break;
    case 'content:encoded':
      item.content = value;
      break;
    case 'excerpt:encoded':
      item.excerpt = value;
      break;
    case 'wp:post_id':
      item.id = Number(value.trim()) || 0;
      break;
    case 'wp:post_date':
      item.date = value.trim();
      break;
    case 'wp:post_date_gmt':
      item.dateGmt = value.trim();
      break;
    case 'wp:post_name':
      item.slug = value.trim();
      break;
    case 'wp:status':
      item.status = value.trim();
      break;
    case 'wp:post_type':
      item.type = value.trim();
      break;
    case 'wp:post_parent':
      item.parentId = Number(value.trim()) || 0;
      break;
    case 'wp:menu_order':
      item.menuOrder = Number(value.trim()) || 0;
      break;
    case 'wp:attachment_url':
      item.attachmentUrl = value.trim();
      break;
  }
}
