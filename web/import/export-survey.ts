// The import's first reading of a WordPress export: what it holds (the site, authors, terms,
// attachments, the old menu) and what will come over, without converting anything.
import fs from 'node:fs';
import {
  isDefaultCategory,
  planItem,
  readWxr,
  termKey,
  type WxrAuthor,
  type WxrSite,
  type WxrTerm,
} from './wordpress/index.ts';
import { skip } from './import-report.ts';

/** What the first reading learns. */
export interface Survey {
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

export interface Attachment {
  file: string;
  alternativeText: string | null;
  caption: string | null;
}

/** The first reading: what the export holds, without converting anything. */
export async function surveyExport(file: string): Promise<Survey> {
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
        skip(survey, plan.reason);
        if (item.type === 'nav_menu_item' && item.meta._menu_item_object === 'page') {
          const page = Number(item.meta._menu_item_object_id);
          if (page && !survey.menuPages.has(page)) survey.menuPages.set(page, item.menuOrder * 10);
        }
      } else {
        survey.total++;
        survey.usedAuthors.add(item.creator);
        for (const term of item.terms) survey.usedTerms.add(termKey(term.taxonomy, term.slug));
        if (item.comments) skip(survey, 'comments', item.comments);
      }
    }
  }
  for (const term of survey.terms)
    if (isDefaultCategory(term)) skip(survey, 'the default category ("Uncategorized"): no tag');
  return survey;
}

/** The part of an old image address after wp-content/uploads/ ("2014/06/strand.jpg"), or null. */
export function uploadsPath(url: string): string | null {
  const match = /\/wp-content\/uploads\/(.+)$/.exec(url.split(/[?#]/)[0]!);
  if (!match) return null;
  try {
    return decodeURIComponent(match[1]!);
  } catch {
    return match[1]!;
  }
}
