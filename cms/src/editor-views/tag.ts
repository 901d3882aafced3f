import { routes } from '@blog/shared';
import { slugHint, type EditorView } from './view';

export const tagView: EditorView = {
  fields: {
    name: {
      label: 'Navn',
      hint: 'Emnets navn ved indlæggene og på emnets side, fx "Salgstræning".',
    },
    slug: { label: 'Adresse', hint: slugHint(routes.tag, 'navnet', false) },
    posts: {
      label: 'Indlæg',
      hint: 'Indlæg om emnet; vælges normalt på indlægget.',
      mainField: 'title',
    },
  },
  edit: [['name', 'slug'], ['posts']],
  list: {
    columns: ['name', 'slug'],
    mainField: 'name',
    sortBy: 'name',
    order: 'ASC',
    pageSize: 50,
  },
};
