import type { Schema } from '@strapi/strapi';

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

function random(seed: number) {
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
  const next = random(index * 7919 + 17);
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
  const day = new Date(Date.UTC(2015, 0, 1) + index * 86_400_000 * 0.9);
  return {
    title: `${sentence(3, 7).replace(/\.$/, '')} (${index})`,
    date: day.toISOString(),
    excerpt: sentence(12, 20),
    body,
  };
}
