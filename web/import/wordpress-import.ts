// A WordPress export (WXR) into the CMS: authors, categories and tags (as tags), posts and pages,
// with their images and every old address. The file is read twice as a stream, never whole: first
// to learn what there is (attachments, the old menu, what each item becomes, counts for progress),
// then to convert and send the posts and pages a batch at a time.
import fs from 'node:fs';
import path from 'node:path';
import {
  IMPORT_BATCH_SIZE,
  RESERVED_PAGE_SLUGS,
  blocksText,
  slugify,
  type Block,
  type ImportAction,
  type ImportOutcome,
  type ImportRecord,
  type ImportedType,
  type MediaFile,
} from '@blog/shared';
import {
  authorAddresses,
  isDefaultCategory,
  itemAddresses,
  mergeTerms,
  planItem,
  readWxr,
  termAddresses,
  termKey,
  wordpressToBlocks,
  type ImportTag,
  type WxrAuthor,
  type WxrItem,
  type WxrSite,
  type WxrTerm,
} from '@blog/shared/wordpress';
import type { ContentImportClient } from './content-import-client.ts';

export interface WordpressImportOptions {
  file: string;
  /** A local copy of the old site's wp-content/uploads; without it no image comes over. */
  uploadsDir: string | null;
  dryRun: boolean;
  client: ContentImportClient;
  log: (line: string) => void;
  /** Called as posts and pages are handed over: how many of how many. */
  progress?: (done: number, total: number) => void;
}

export interface ImportReport {
  file: string;
  site: { title: string; link: string } | null;
  dryRun: boolean;
  /** Per type, how many entries ended how. */
  counts: Record<ImportedType, Partial<Record<ImportAction, number>>>;
  /** What was not brought over, by reason ("a revision": 3). */
  skipped: Record<string, number>;
  /** Entries left alone (edited or deleted since the last import) or refused, and what changed on the way. */
  entries: Array<{
    key: string;
    title: string;
    action: ImportAction;
    address?: string;
    notes: string[];
  }>;
  /** Images the content uses that are not in the uploads folder. */
  missingImages: Array<{ url: string; usedBy: string[] }>;
  images: Partial<Record<'created' | 'unchanged' | 'failed', number>>;
}

/** What the first reading learns. */
interface Survey {
  site: WxrSite | null;
  authors: WxrAuthor[];
  terms: WxrTerm[];
  /** Attachments by id: their file (relative to uploads), alt text and caption. */
  attachments: Map<number, Attachment>;
  /** Attachments by their file, for images the content names by address. */
  attachmentByFile: Map<string, Attachment>;
  /** Pages the old main menu linked to, with their place in it. */
  menuPages: Map<number, number>;
  /** Posts and pages to import. */
  total: number;
  /** Authors and terms the imported posts use. */
  usedAuthors: Set<string>;
  usedTerms: Set<string>;
  skipped: Record<string, number>;
}

interface Attachment {
  file: string;
  alternativeText: string | null;
  caption: string | null;
}

const UNTITLED = 'Uden titel';
/** What one request may carry: the CMS takes JSON bodies up to 1 MB (strapi::body's default). */
const MAX_REQUEST_BYTES = 900 * 1024;

export async function importWordpress(options: WordpressImportOptions): Promise<ImportReport> {
  const { log, client, dryRun } = options;
  log(`Reading ${options.file} …`);
  const survey = await surveyExport(options.file);
  const report: ImportReport = {
    file: options.file,
    site: survey.site && { title: survey.site.title, link: survey.site.link },
    dryRun,
    counts: { author: {}, tag: {}, post: {}, page: {} },
    skipped: survey.skipped,
    entries: [],
    missingImages: [],
    images: {},
  };
  /** A record on its way, with what the report says of it. */
  interface Pending {
    record: ImportRecord;
    title: string;
    notes: string[];
  }
  const tally = ({ record, title, notes }: Pending, outcome: ImportOutcome) => {
    const counts = report.counts[record.type];
    counts[outcome.action] = (counts[outcome.action] ?? 0) + 1;
    const all = [...notes, ...(outcome.message ? [outcome.message] : [])];
    const leftAlone = ['edited', 'deleted', 'failed'].includes(outcome.action);
    if (leftAlone || all.length)
      report.entries.push({
        key: record.key,
        title,
        action: outcome.action,
        ...(outcome.slug ? { address: addressOf(record.type, outcome.slug) } : {}),
        notes: all,
      });
  };
  // Requests stay under the CMS's JSON limit (1 MB): a batch is cut short when it would pass it,
  // and a record that alone would is reported, not sent.
  const send = async (pending: Pending[]) => {
    let batch: Pending[] = [];
    let bytes = 0;
    const flush = async () => {
      if (!batch.length) return;
      const outcomes = await client.entries(
        batch.map((item) => item.record),
        dryRun,
      );
      outcomes.forEach((outcome, i) => tally(batch[i]!, outcome));
      batch = [];
      bytes = 0;
    };
    for (const item of pending) {
      const size = Buffer.byteLength(JSON.stringify(item.record));
      if (size > MAX_REQUEST_BYTES) {
        tally(item, {
          key: item.record.key,
          action: 'failed',
          message: `too large to hand to the CMS (${Math.round(size / 1024)} KB; at most ${MAX_REQUEST_BYTES / 1024} KB)`,
        });
        continue;
      }
      if (batch.length >= IMPORT_BATCH_SIZE || bytes + size > MAX_REQUEST_BYTES) await flush();
      batch.push(item);
      bytes += size;
    }
    await flush();
  };

  const named = (record: ImportRecord): Pending => ({
    record,
    title: String(record.fields.name),
    notes: [],
  });
  const authorRecords = survey.authors
    .filter((author) => survey.usedAuthors.has(author.login))
    .map((author) => named(authorRecord(author)));
  const { tags, tagOf } = mergeTerms(
    survey.terms.filter((term) => survey.usedTerms.has(termKey(term.taxonomy, term.slug))),
  );
  const terms = termIndex(survey.terms);
  const tagRecords = tags.map((tag) => named(tagRecord(tag, terms)));
  log(
    `${dryRun ? 'Checking' : 'Importing'} ${authorRecords.length} authors and ${tagRecords.length} tags …`,
  );
  await send([...authorRecords, ...tagRecords]);

  const images = imageImporter(options, survey, report);
  log(
    `${dryRun ? 'Checking' : 'Importing'} ${survey.total} posts and pages${options.uploadsDir ? `, with images from ${options.uploadsDir}` : ' (no --uploads folder: images are reported, not imported)'} …`,
  );
  const logins = new Set(survey.authors.map((author) => author.login));
  let done = 0;
  let batch: Pending[] = [];
  for await (const entry of readWxr(fs.createReadStream(options.file))) {
    if (entry.kind !== 'item') continue;
    const item = entry.item;
    const plan = planItem(item);
    if (plan.kind !== 'post' && plan.kind !== 'page') continue;
    const notes: string[] = plan.note ? [plan.note] : [];
    const converted = wordpressToBlocks(item.content);
    notes.push(...converted.notes);
    const body = await images.rewrite(converted.blocks, itemKey(item), notes);
    const shownTitle = plainText(item.title);
    const title = shownTitle || `${UNTITLED} (WordPress ${item.id})`;
    if (!shownTitle) notes.push(`had no title: "${title}"`);
    else if (title !== item.title.trim()) notes.push(`its title's markup removed: "${title}"`);
    const slug = itemSlug(item, title);
    const common = {
      key: itemKey(item),
      state: plan.state === 'draft' ? ('draft' as const) : ('published' as const),
      oldAddresses: itemAddresses(item),
    };
    let next: ImportRecord;
    if (plan.kind === 'post') {
      const cover = await images.cover(item, itemKey(item), notes);
      next = {
        ...common,
        type: 'post',
        fields: {
          title,
          slug,
          date: plan.date?.toISOString() ?? null,
          excerpt: excerptOf(item.excerpt),
          body,
          seo: seoOf(item, notes),
        },
        links: {
          author: logins.has(item.creator) ? authorKey(item.creator) : null,
          tags: [
            ...new Set(
              item.terms
                .map((term) => tagOf.get(termKey(term.taxonomy, term.slug)))
                .filter((tag): tag is ImportTag => Boolean(tag))
                .map((tag) => tagKey(tag)),
            ),
          ],
          cover,
        },
      };
    } else {
      const menuPlace = survey.menuPages.get(item.id);
      let pageSlug = slug;
      if (RESERVED_PAGE_SLUGS.has(slug) && body.length === 0) {
        // WordPress's empty "Blog" page (the posts' page): the new site has its own.
        report.skipped['an empty page at an address of the new site'] =
          (report.skipped['an empty page at an address of the new site'] ?? 0) + 1;
        options.progress?.(++done, survey.total);
        continue;
      }
      if (RESERVED_PAGE_SLUGS.has(pageSlug)) {
        pageSlug = `${slug}-side`;
        notes.push(
          `its address /${slug}/ is the new site's own, so the page is at /${pageSlug}/ (the old /${slug}/ shows the new site's page)`,
        );
      }
      next = {
        ...common,
        type: 'page',
        fields: {
          title,
          slug: pageSlug,
          body,
          showInNavigation: menuPlace !== undefined && plan.state !== 'draft',
          navigationOrder: menuPlace ?? 100,
          seo: seoOf(item, notes),
        },
      };
    }
    batch.push({ record: next, title, notes });
    if (batch.length >= IMPORT_BATCH_SIZE) {
      await send(batch);
      done += batch.length;
      batch = [];
      options.progress?.(done, survey.total);
    }
  }
  if (batch.length) {
    await send(batch);
    done += batch.length;
    options.progress?.(done, survey.total);
  }
  report.missingImages = images.missing();
  return report;
}

/** The first reading: what the export holds, without converting anything. */
async function surveyExport(file: string): Promise<Survey> {
  const survey: Survey = {
    site: null,
    authors: [],
    terms: [],
    attachments: new Map(),
    attachmentByFile: new Map(),
    menuPages: new Map(),
    total: 0,
    usedAuthors: new Set(),
    usedTerms: new Set(),
    skipped: {},
  };
  const skip = (reason: string, count = 1) =>
    (survey.skipped[reason] = (survey.skipped[reason] ?? 0) + count);
  for await (const entry of readWxr(fs.createReadStream(file))) {
    if (entry.kind === 'site') survey.site = entry.site;
    else if (entry.kind === 'author') survey.authors.push(entry.author);
    else if (entry.kind === 'term') survey.terms.push(entry.term);
    else {
      const item = entry.item;
      const plan = planItem(item);
      if (plan.kind === 'attachment') {
        const attachment: Attachment = {
          file: item.meta._wp_attached_file || uploadsPath(item.attachmentUrl) || '',
          alternativeText: item.meta._wp_attachment_image_alt?.trim() || null,
          caption: item.excerpt.trim() || null,
        };
        survey.attachments.set(item.id, attachment);
        if (attachment.file) survey.attachmentByFile.set(attachment.file, attachment);
      } else if (plan.kind === 'skip') {
        skip(plan.reason);
        if (item.type === 'nav_menu_item' && item.meta._menu_item_object === 'page') {
          const page = Number(item.meta._menu_item_object_id);
          if (page && !survey.menuPages.has(page)) survey.menuPages.set(page, item.menuOrder * 10);
        }
      } else {
        survey.total++;
        survey.usedAuthors.add(item.creator);
        for (const term of item.terms) survey.usedTerms.add(termKey(term.taxonomy, term.slug));
        if (item.comments) skip('comments', item.comments);
      }
    }
  }
  for (const term of survey.terms)
    if (isDefaultCategory(term)) skip('the default category ("Uncategorized"): no tag');
  return survey;
}

/** Images: each file uploaded once (by its path under uploads), the content's references rewritten. */
function imageImporter(options: WordpressImportOptions, survey: Survey, report: ImportReport) {
  /** Each old address's file under uploads (null: not there), looked up once. */
  const originals = new Map<string, string | null>();
  /** Each file's copy in the media library (null: refused), uploaded once. */
  const uploaded = new Map<string, { key: string; file: MediaFile } | null>();
  const missing = new Map<string, Set<string>>();

  /** The file of an old image address under uploads, a resized copy's original if need be. */
  function originalOf(relative: string): string | null {
    if (originals.has(relative)) return originals.get(relative)!;
    let found: string | null = null;
    if (options.uploadsDir) {
      const root = path.resolve(options.uploadsDir);
      for (const candidate of [relative, relative.replace(/-\d+x\d+(\.[a-z0-9]+)$/i, '$1')]) {
        const file = path.resolve(root, candidate);
        if (!file.startsWith(root + path.sep)) break;
        if (fs.existsSync(file) && fs.statSync(file).isFile()) {
          found = path.relative(root, file).split(path.sep).join('/');
          break;
        }
      }
    }
    originals.set(relative, found);
    return found;
  }

  /** Uploads one image (or finds the earlier upload): its key and file, or null when it cannot be had. */
  async function upload(
    relative: string,
    usedBy: string,
    alt: string | null,
    caption: string | null,
  ) {
    const original = originalOf(relative);
    if (!original) {
      missing.set(relative, (missing.get(relative) ?? new Set()).add(usedBy));
      return null;
    }
    if (uploaded.has(original)) return uploaded.get(original)!;
    const attachment = survey.attachmentByFile.get(original);
    const key = mediaKey(original);
    const outcome = await options.client.media(key, path.join(options.uploadsDir!, original), {
      alternativeText: attachment?.alternativeText ?? alt,
      caption: attachment?.caption ?? caption,
      dryRun: options.dryRun,
    });
    report.images[outcome.action] = (report.images[outcome.action] ?? 0) + 1;
    if (outcome.action === 'failed')
      missing.set(`${relative} (${outcome.message ?? 'refused by the CMS'})`, new Set([usedBy]));
    // A dry run uploads nothing: a stand-in lets the rest of the run go on as it would.
    const file =
      outcome.file ??
      (options.dryRun && outcome.action === 'created'
        ? { id: 0, url: `/uploads/${original}`, width: null, height: null }
        : null);
    const result = file && { key, file };
    uploaded.set(original, result);
    return result;
  }

  return {
    /** The body with each image pointing at its media-library copy; an image that cannot come over becomes its text. */
    async rewrite(blocks: Block[], usedBy: string, notes: string[]): Promise<Block[]> {
      const out: Block[] = [];
      for (const block of blocks) {
        if (block.type !== 'image') {
          out.push(block);
          continue;
        }
        const relative = uploadsPath(block.image.url);
        const stored = relative
          ? await upload(
              relative,
              usedBy,
              block.image.alternativeText ?? null,
              block.image.caption ?? null,
            )
          : null;
        if (stored) {
          const { file } = stored;
          out.push({
            ...block,
            // The media library's file, with the alt text and caption the post gave it there.
            image: {
              ...file,
              alternativeText:
                block.image.alternativeText || (file.alternativeText as string | null) || null,
              caption: block.image.caption || (file.caption as string | null) || null,
            },
          });
          continue;
        }
        notes.push(
          relative
            ? `image ${relative} could not be imported (see the missing images): left out`
            : `image from another site left out: ${block.image.url.slice(0, 100)}`,
        );
        const text = block.image.caption || block.image.alternativeText;
        if (text) out.push({ type: 'paragraph', children: [{ type: 'text', text, italic: true }] });
      }
      return out;
    },

    /** The key of a post's featured image (`_thumbnail_id`) in the media library, once it is there. */
    async cover(item: WxrItem, usedBy: string, notes: string[]): Promise<string | null> {
      const id = Number(item.meta._thumbnail_id);
      if (!id) return null;
      const attachment = survey.attachments.get(id);
      if (!attachment?.file) {
        notes.push(`its featured image (attachment ${id}) is not in the export`);
        return null;
      }
      const stored = await upload(
        attachment.file,
        usedBy,
        attachment.alternativeText,
        attachment.caption,
      );
      if (!stored) notes.push(`its featured image ${attachment.file} could not be imported`);
      return stored?.key ?? null;
    },

    missing: () => [...missing].map(([url, usedBy]) => ({ url, usedBy: [...usedBy].sort() })),
  };
}

/** The part of an old image address after wp-content/uploads/ ("2014/06/strand.jpg"), or null. */
function uploadsPath(url: string): string | null {
  const match = /\/wp-content\/uploads\/(.+)$/.exec(url.split(/[?#]/)[0]!);
  if (!match) return null;
  try {
    return decodeURIComponent(match[1]!);
  } catch {
    return match[1]!;
  }
}

const itemKey = (item: WxrItem) => `wordpress:${item.type}:${item.id}`;
const authorKey = (login: string) => `wordpress:author:${login}`;
const tagKey = (tag: ImportTag) => `wordpress:tag:${tag.slug}`;
const mediaKey = (file: string) => `wordpress:media:${file}`;

function addressOf(type: ImportedType, slug: string): string {
  const section = { post: '/blog/', page: '/', author: '/forfattere/', tag: '/emner/' }[type];
  return `${section}${slug}/`;
}

function authorRecord(author: WxrAuthor): ImportRecord {
  const name =
    author.displayName.trim() || `${author.firstName} ${author.lastName}`.trim() || author.login;
  // Not the e-mail address: the author page shows one, and a login address is no reader's business.
  return {
    type: 'author',
    key: authorKey(author.login),
    state: 'published',
    fields: { name, slug: slugify(name) },
    oldAddresses: authorAddresses(author.login),
  };
}

/** The old blog's terms by key, and each category's parents, for the tags' old addresses. */
function termIndex(terms: WxrTerm[]) {
  const byKey = new Map(terms.map((term) => [termKey(term.taxonomy, term.slug), term]));
  const categories = new Map(
    terms.filter((term) => term.taxonomy === 'category').map((term) => [term.slug, term]),
  );
  const parentsOf = (slug: string): string[] => {
    const parents: string[] = [];
    let parent = categories.get(slug)?.parent ?? null;
    while (parent && !parents.includes(parent) && parents.length < 10) {
      parents.unshift(parent);
      parent = categories.get(parent)?.parent ?? null;
    }
    return parents;
  };
  return { byKey, parentsOf };
}

function tagRecord(tag: ImportTag, terms: ReturnType<typeof termIndex>): ImportRecord {
  return {
    type: 'tag',
    key: tagKey(tag),
    state: 'published',
    fields: { name: tag.name, slug: tag.slug },
    oldAddresses: tag.from.flatMap((key) => {
      const term = terms.byKey.get(key);
      return term ? termAddresses(term, terms.parentsOf) : [];
    }),
  };
}

/** WordPress keeps a non-ASCII slug percent-encoded ("s%c3%a6lg"); the new one is made from it or the title. */
function itemSlug(item: WxrItem, title: string): string {
  let slug = item.slug.replace(/__trashed$/, '');
  try {
    slug = decodeURIComponent(slug);
  } catch {
    // kept as it is
  }
  return slugify(slug) || slugify(title);
}

/** WordPress's titles and excerpts are HTML: what a reader saw of one, as one line of text. */
function plainText(html: string): string {
  return blocksText(wordpressToBlocks(html).blocks).replace(/\s+/g, ' ').trim();
}

/** The excerpt as plain text within the CMS's 500 characters, or null. */
function excerptOf(html: string): string | null {
  const text = plainText(html);
  if (!text) return null;
  if (text.length <= 500) return text;
  return `${text.slice(0, 499).replace(/\s+\S*$/, '')}…`;
}

/** Yoast SEO's title and description, when they are plain text (not its %%templates%%) and fit. */
function seoOf(item: WxrItem, notes: string[]): Record<string, string> | null {
  const take = (key: string, max: number) => {
    const value = item.meta[key]?.trim();
    if (!value || value.includes('%%')) return null;
    if (value.length <= max) return value;
    notes.push(
      `its SEO ${key.includes('title') ? 'title' : 'description'} is over ${max} characters: left out`,
    );
    return null;
  };
  const metaTitle = take('_yoast_wpseo_title', 70);
  const metaDescription = take('_yoast_wpseo_metadesc', 200);
  if (!metaTitle && !metaDescription) return null;
  return { ...(metaTitle ? { metaTitle } : {}), ...(metaDescription ? { metaDescription } : {}) };
}
