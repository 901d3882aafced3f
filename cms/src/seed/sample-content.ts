import type { Block } from '@blog/shared';

/**
 * The content seeded beside the imported posts. The author is a clearly marked sample: the
 * consultant replaces name, contact details and bio in the admin.
 */

export const SAMPLE_AUTHOR = {
  name: 'Kim Eksempel',
  role: 'Salgstræner og foredragsholder (eksempelprofil)',
  bio:
    'Eksempelprofil: erstat navn, billede, kontaktoplysninger og denne tekst med dine egne i Strapi. ' +
    'Jeg træner virksomheder i salg, der tager afsæt i kundens behov frem for i at overbevise for enhver pris.',
  email: 'kontakt@example.dk',
  phone: '+45 12 34 56 78',
  links: [{ label: 'LinkedIn (eksempel)', url: 'https://www.linkedin.com/in/eksempel' }],
};

export const SAMPLE_TAGS = ['Salg', 'Kunder', 'Salgstræning'];

const paragraph = (text: string): Block => ({
  type: 'paragraph',
  children: [{ type: 'text', text }],
});

/** The stances the first post argues, in the order the index shows them. */
export const SAMPLE_OPINIONS = [
  {
    title: 'Ikke alle kunder er gode kunder',
    statement: 'De rigtige kunder er vigtigere end flere kunder.',
    body: [
      paragraph(
        'Jagten på flere kunder får let os til at bruge tid på dem, der aldrig bliver glade for det, vi tilbyder. ' +
          'Vælg de kunder, hvor du kan gøre en forskel, og sig pænt farvel til resten.',
      ),
    ],
  },
  {
    title: 'Indsigt i behov før alt andet',
    statement: 'Jeg overbeviser ikke en kunde om et behov – jeg hjælper den, der har indset sit.',
    body: [
      paragraph(
        'Et problem er ikke det samme som et behov. Kunden, der har indset sit behov, spørger om hvordan og hvornår; ' +
          'kunden, der kun har et problem, spørger om prisen.',
      ),
    ],
  },
  {
    title: 'Salgstræning er ingen metervare',
    statement:
      'Salgstræning skal tage afsæt i den enkelte virksomheds marked, udfordringer og medarbejdere.',
    body: [
      paragraph(
        'Træning, der kan tages ned fra hylden, virker sjældent. Det, der virker, bygger på netop jeres kunder, ' +
          'jeres marked og de mennesker, der skal sælge.',
      ),
    ],
  },
  {
    title: 'Sig nej tak',
    statement: 'Det er i orden at sige nej tak til en opgave, der ikke passer.',
    body: [
      paragraph(
        'Hver time brugt på den forkerte kunde er en time taget fra den rigtige. Et venligt nej tak er god forretning.',
      ),
    ],
  },
];

export const SAMPLE_SITE = {
  siteTitle: 'Salg med holdning',
  tagline: 'Salgstræning, der tager afsæt i kundens behov',
  description: 'Blog og holdninger om salg, kunder og salgstræning.',
  contact: {
    heading: 'Lad os tage en snak',
    text: 'Har du kunder, du bruger for meget tid på? Skriv eller ring, så finder vi ud af, om jeg kan hjælpe.',
    email: 'kontakt@example.dk',
    phone: '+45 12 34 56 78',
  },
  navigation: { blog: 'Blog', opinions: 'Mine holdninger', contact: 'Kontakt' },
};
