import type { EditorView } from './view';

/** The site settings (a single type: no list view). */
export const siteView: EditorView = {
  fields: {
    siteTitle: { label: 'Sitets navn', hint: 'Øverst på hver side, i fanebladet og i RSS-feedet.' },
    tagline: {
      label: 'Undertitel',
      hint: 'Kort linje under navnet på forsiden og i bunden af hver side.',
    },
    description: {
      label: 'Beskrivelse',
      hint: 'Et par sætninger om sitet: Googles beskrivelse af forsiden og RSS-feedets beskrivelse.',
    },
    contact: { label: 'Kontaktopfordring', hint: 'Under hvert indlæg og på kontaktsiden.' },
    navigation: { label: 'Menupunkter', hint: 'Teksterne i menuen øverst på hver side.' },
    inquiryRetentionMonths: {
      label: 'Henvendelser gemmes (måneder)',
      hint: 'Så længe gemmes beskeder fra kontaktformularen; ældre slettes af sig selv. Står i formularens tekst. Tom: 12.',
    },
  },
  edit: [
    ['siteTitle', 'tagline'],
    ['description'],
    ['contact'],
    ['navigation'],
    [['inquiryRetentionMonths', 6]],
  ],
};
