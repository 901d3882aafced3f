import { routes } from '@blog/shared';
import { slugHint, type EditorView } from './view';

export const pageView: EditorView = {
  fields: {
    title: {
      label: 'Titel',
      hint: 'Sidens overskrift, fx "Om mig" eller "Ydelser"; også navnet i menuen.',
    },
    slug: {
      label: 'Adresse',
      hint: `${slugHint(routes.page, 'titlen', true)} Sitets egne adresser (fx /kontakt/ og /blog/) kan ikke bruges.`,
    },
    body: {
      label: 'Tekst',
      hint: 'Overskrifter, afsnit, lister, citater, links og billeder. Giv hvert billede en alternativ tekst i mediebiblioteket.',
    },
    showInNavigation: {
      label: 'Vis i menuen',
      hint: 'Til: siden står i sitets hovedmenu, mellem "Mine holdninger" og "Kontakt". Fra: den kan kun nås gennem links.',
    },
    navigationOrder: {
      label: 'Rækkefølge i menuen',
      hint: 'Lavere tal står først (10, 20, 30 … giver plads imellem).',
    },
    seo: {
      label: 'Google og deling',
      hint: 'Valgfrit. Tomme felter tager titlen og tekstens første afsnit.',
    },
  },
  edit: [
    [['title', 12]],
    [['slug', 12]],
    ['body'],
    ['showInNavigation', 'navigationOrder'],
    ['seo'],
  ],
  list: {
    columns: ['title', 'slug', 'showInNavigation', 'navigationOrder'],
    mainField: 'title',
    sortBy: 'navigationOrder',
    order: 'ASC',
    pageSize: 20,
  },
};
