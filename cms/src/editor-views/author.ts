import { routes } from '@blog/shared';
import { slugHint, type EditorView } from './view';

export const authorView: EditorView = {
  fields: {
    name: { label: 'Navn', hint: 'Som det står ved indlæggene og på forfattersiden.' },
    slug: { label: 'Adresse', hint: slugHint(routes.author, 'navnet', false) },
    role: { label: 'Titel', hint: 'Under navnet, fx "Salgstræner og foredragsholder".' },
    bio: { label: 'Om forfatteren', hint: 'Et par afsnit på forfattersiden.' },
    photo: {
      label: 'Portræt',
      hint: 'På forfattersiden. Giv det en alternativ tekst i mediebiblioteket, fx navnet.',
    },
    email: { label: 'E-mail', hint: 'Vises på forfattersiden og kontaktsiden.' },
    phone: {
      label: 'Telefon',
      hint: 'Vises på forfattersiden og kontaktsiden, fx +45 12 34 56 78.',
    },
    links: { label: 'Links', hint: 'Fx LinkedIn; vises på forfattersiden.' },
    posts: {
      label: 'Indlæg',
      hint: 'Forfatterens indlæg; vælges normalt på indlægget.',
      mainField: 'title',
    },
  },
  edit: [['name', 'role'], ['slug'], ['bio'], ['photo'], ['email', 'phone'], ['links'], ['posts']],
  list: {
    columns: ['name', 'role', 'email'],
    mainField: 'name',
    sortBy: 'name',
    order: 'ASC',
    pageSize: 20,
  },
};
