import type { EditorView } from './view';

export const seoView: EditorView = {
  fields: {
    metaTitle: {
      label: 'Titel i Google',
      hint: 'Tom: indlæggets titel. Google viser omkring 60 tegn.',
    },
    metaDescription: {
      label: 'Beskrivelse i Google',
      hint: 'Tom: resuméet. Google viser omkring 155 tegn.',
    },
    shareImage: {
      label: 'Delingsbillede',
      hint: 'Når siden deles på LinkedIn, Facebook m.fl. (beskæres til 1200 × 630). Tom: forsidebilledet, og uden det et delekort med titel, forfatter og dato.',
    },
  },
  edit: [['metaTitle'], ['metaDescription'], ['shareImage']],
};

export const linkView: EditorView = {
  fields: {
    label: { label: 'Tekst', hint: 'Det, der står på linket, fx "LinkedIn".' },
    url: {
      label: 'Adresse',
      hint: 'Hele adressen, fx https://www.linkedin.com/in/…',
      placeholder: 'https://',
    },
  },
  edit: [['label', 'url']],
};

export const contactCtaView: EditorView = {
  fields: {
    heading: { label: 'Overskrift', hint: 'Fx "Kontakt mig gerne for en snak".' },
    text: { label: 'Tekst', hint: 'En kort opfordring under overskriften.' },
    email: { label: 'E-mail', hint: 'Hvor læserne skriver til.' },
    phone: { label: 'Telefon', hint: 'Fx +45 12 34 56 78.' },
  },
  edit: [['heading'], ['text'], ['email', 'phone']],
};

export const navigationView: EditorView = {
  fields: {
    blog: { label: 'Bloggen', hint: 'Menupunktet til forsiden med indlæggene.' },
    opinions: { label: 'Holdninger', hint: 'Menupunktet til "Mine holdninger".' },
    contact: { label: 'Kontakt', hint: 'Menupunktet til kontaktsiden.' },
  },
  edit: [
    [
      ['blog', 4],
      ['opinions', 4],
      ['contact', 4],
    ],
  ],
};
