import { routes } from '@blog/shared';
import { slugHint, type EditorView } from './view';

export const postView: EditorView = {
  fields: {
    title: {
      label: 'Titel',
      hint: 'Indlæggets overskrift: på siden, i listen over indlæg og i RSS-feedet.',
    },
    slug: { label: 'Adresse', hint: slugHint(routes.post, 'titlen', true) },
    date: {
      label: 'Udgivelsesdato',
      hint:
        'Lad den stå tom: så bliver det tidspunktet, hvor du udgiver. En dato i fremtiden planlægger indlægget – ' +
        'det kommer på sitet af sig selv på det tidspunkt. Læserne ser datoen som fx 18. juni 2014.',
    },
    excerpt: {
      label: 'Resumé',
      hint: 'To-tre sætninger i listen over indlæg og i RSS-feedet; også beskrivelsen i Google, når SEO-beskrivelsen er tom.',
    },
    body: {
      label: 'Tekst',
      hint: 'Overskrifter, afsnit, lister, citater, links og billeder. Giv hvert billede en alternativ tekst i mediebiblioteket.',
    },
    cover: {
      label: 'Forsidebillede',
      hint: 'Øverst på indlægget og når det deles. Giv det en alternativ tekst i mediebiblioteket: den læses op for blinde.',
    },
    author: {
      label: 'Forfatter',
      hint: 'Vises ved indlægget og på forfatterens side.',
      mainField: 'name',
    },
    tags: {
      label: 'Emner',
      hint: 'Indlægget vises på hvert emnes side og i emnets RSS-feed.',
      mainField: 'name',
    },
    opinions: {
      label: 'Holdninger',
      hint: 'De holdninger, indlægget argumenterer for; det vises på hver holdnings side.',
      mainField: 'title',
    },
    newsletter: {
      label: 'Send som nyhedsbrev',
      hint:
        'Til: indlægget mailes til nyhedsbrevets abonnenter, første gang det er på sitet (også når det er planlagt). ' +
        'Rettelser og nye udgivelser sendes ikke igen.',
    },
    seo: {
      label: 'Google og deling',
      hint: 'Valgfrit. Tomme felter tager titlen, resuméet og forsidebilledet.',
    },
  },
  edit: [
    [['title', 12]],
    ['slug', 'date'],
    [['excerpt', 12]],
    ['body'],
    ['cover', 'author'],
    ['tags', 'opinions'],
    ['newsletter'],
    ['seo'],
  ],
  list: {
    columns: ['title', 'date', 'author'],
    mainField: 'title',
    sortBy: 'date',
    order: 'DESC',
    pageSize: 20,
  },
};
