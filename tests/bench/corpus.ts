import type { Schema } from '@strapi/strapi';
import type { TestCms } from '../helpers/test-cms';

/**
 * A synthetic corpus with realistic Danish posts: headings, paragraphs, lists, links and marks.
 * Deterministic (seeded), so every run builds the same content.
 */

const WORDS = (
  'salg kunde kunder behov indsigt tillid samtale møde tilbud pris værdi løsning marked medarbejdere ' +
  'træning erfaring resultat strategi opfølgning relation spørgsmål svar beslutning forhandling mål ' +
  'virksomhed rådgiver ingeniør leder team proces tid energi fokus ansvar nej tak ja gerne hvorfor hvordan ' +
  'altid aldrig ofte sjældent bedre vigtigere rigtige forkerte nye gamle gode svære enkle konkrete'
).split(' ');

/** A small seeded random generator (xorshift): the same sequence for the same seed. */
export function seededRandom(seed: number) {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
}

export interface CorpusPost {
  title: string;
  date: string;
  excerpt: string;
  body: Schema.Attribute.BlocksValue;
}

export function syntheticPost(index: number): CorpusPost {
  const next = seededRandom(index * 7919 + 17);
  const pick = () => WORDS[Math.floor(next() * WORDS.length)]!;
  const sentence = (min: number, max: number) => {
    const words = Array.from({ length: min + Math.floor(next() * (max - min)) }, pick);
    const text = words.join(' ');
    return `${text[0]!.toUpperCase()}${text.slice(1)}.`;
  };
  const paragraph = () =>
    Array.from({ length: 3 + Math.floor(next() * 4) }, () => sentence(6, 16)).join(' ');
  const body: Schema.Attribute.BlocksValue = [];
  const sections = 3 + Math.floor(next() * 3);
  for (let s = 0; s < sections; s++) {
    body.push({
      type: 'heading',
      level: 2,
      children: [{ type: 'text', text: sentence(2, 5).replace(/\.$/, '').toUpperCase() }],
    });
    body.push({
      type: 'paragraph',
      children: [
        { type: 'text', text: `${paragraph()} ` },
        { type: 'text', text: sentence(3, 6), bold: true },
        { type: 'text', text: ' Læs ' },
        {
          type: 'link',
          url: '/holdninger/',
          rel: '',
          target: '',
          children: [{ type: 'text', text: 'mine holdninger', italic: true }],
        },
        { type: 'text', text: ` eller ${sentence(4, 8).toLowerCase()}` },
      ],
    });
    body.push({ type: 'paragraph', children: [{ type: 'text', text: paragraph() }] });
    if (s % 2 === 0) {
      body.push({
        type: 'list',
        format: s % 4 === 0 ? 'unordered' : 'ordered',
        children: Array.from({ length: 3 }, () => ({
          type: 'list-item',
          children: [{ type: 'text', text: sentence(3, 8) }],
        })),
      });
    }
  }
  // Ten hours apart: 10,000 posts end in 2026-05, so none is scheduled (a date in the future would
  // leave the post out of the site until then).
  const day = new Date(Date.UTC(2015, 0, 1) + index * 3_600_000 * 10);
  return {
    title: `${sentence(3, 7).replace(/\.$/, '')} (${index})`,
    date: day.toISOString(),
    excerpt: sentence(12, 20),
    body,
  };
}

/** The corpus's shape beside its posts: a site with a few authors, tags and opinions. */
export const CORPUS = { authors: 5, tags: 20, opinions: 8 };

/**
 * Writes a corpus of `posts` published posts into a CMS through the document service, with the
 * authors, tags and opinions they link to (every post has an author and one or two tags, every third
 * an opinion). About 80 ms a post: 10,000 take about 14 minutes (reuse the CMS's directory).
 */
export async function generateCorpus(
  cms: Pick<TestCms, 'strapi'>,
  posts: number,
  log: (line: string) => void = console.log,
): Promise<void> {
  const documents = cms.strapi.documents;
  const authors = [];
  for (let i = 1; i <= CORPUS.authors; i++) {
    authors.push(
      await documents('api::author.author').create({
        data: {
          name: `Forfatter ${i} Sælger`,
          role: 'Salgstræner',
          bio: syntheticPost(90_000 + i).excerpt,
        },
        status: 'published',
      }),
    );
  }
  const tags = [];
  for (let i = 1; i <= CORPUS.tags; i++)
    tags.push(
      await documents('api::tag.tag').create({ data: { name: `Emne ${i}` }, status: 'published' }),
    );
  const opinions = [];
  for (let i = 1; i <= CORPUS.opinions; i++) {
    const text = syntheticPost(80_000 + i);
    opinions.push(
      await documents('api::opinion.opinion').create({
        data: { title: `Holdning ${i}`, statement: text.excerpt, body: text.body, order: 10 + i },
        status: 'published',
      }),
    );
  }
  for (let i = 1; i <= posts; i++) {
    await documents('api::post.post').create({
      data: {
        ...syntheticPost(i),
        author: authors[i % CORPUS.authors]!.documentId,
        tags: [tags[i % CORPUS.tags]!.documentId, tags[(i * 7) % CORPUS.tags]!.documentId].filter(
          (id, n, all) => all.indexOf(id) === n,
        ),
        opinions: i % 3 === 0 ? [opinions[i % CORPUS.opinions]!.documentId] : [],
      },
      status: 'published',
    });
    if (i % 500 === 0 || i === posts) log(`  ${i}/${posts} posts`);
  }
}
