import path from 'node:path';
import * as pagefind from 'pagefind';

/**
 * Indexes the built pages for site search (Pagefind, searched in the browser on /soeg/).
 * Only what carries data-pagefind-body is indexed: posts and opinions, not lists or redirect pages.
 * Danish stemming comes from each page's lang="da".
 */
export async function writeSearchIndex(clientDir: string): Promise<{ pages: number }> {
  const created = await pagefind.createIndex({});
  try {
    if (!created.index) throw new Error(created.errors.join('; '));
    const added = await created.index.addDirectory({ path: clientDir });
    if (added.errors.length) throw new Error(added.errors.join('; '));
    const written = await created.index.writeFiles({ outputPath: path.join(clientDir, 'pagefind') });
    if (written.errors.length) throw new Error(written.errors.join('; '));
    return { pages: added.page_count };
  } catch (error) {
    throw new Error(`The search index could not be written: ${(error as Error).message}`);
  } finally {
    await pagefind.close();
  }
}
