import { routes } from '@blog/shared';
import { slugHint, type EditorView } from './view';

export const opinionView: EditorView = {
  fields: {
    title: {
      label: 'Titel',
      hint: 'Holdningens overskrift under "Mine holdninger" og på dens egen side.',
    },
    slug: { label: 'Adresse', hint: slugHint(routes.opinion, 'titlen', true) },
    date: {
      label: 'Udgivelsesdato',
      hint: 'Lad den stå tom: så bliver det tidspunktet, hvor du udgiver. En dato i fremtiden planlægger holdningen.',
    },
    statement: {
      label: 'Kort fortalt',
      hint: 'Holdningen i én sætning; vises under titlen i oversigten.',
    },
    body: { label: 'Uddybning', hint: 'Holdningen forklaret på dens egen side.' },
    order: {
      label: 'Rækkefølge',
      hint: 'Lavere tal står først under "Mine holdninger" (10, 20, 30 … giver plads imellem).',
    },
    posts: {
      label: 'Indlæg',
      hint: 'Indlæg, der argumenterer for holdningen; kan også vælges på indlægget.',
      mainField: 'title',
    },
  },
  edit: [
    [['title', 12]],
    ['slug', 'date'],
    [['statement', 12]],
    ['body'],
    [
      ['order', 4],
      ['posts', 8],
    ],
  ],
  // In the order the site shows them: that order is what an editor arranges.
  list: {
    columns: ['title', 'date', 'order'],
    mainField: 'title',
    sortBy: 'order',
    order: 'ASC',
    pageSize: 20,
  },
};
