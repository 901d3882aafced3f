import type { StrapiApp } from '@strapi/strapi/admin';

export default {
  config: {
    // The editor works in Danish; English stays available as Strapi's default.
    locales: ['da'],
  },
  bootstrap(_app: StrapiApp) {},
};
