import type { Core } from '@strapi/strapi';
import { registerDocumentDefaults } from './document-defaults';
import { seedOnce } from './seed/seed';
import { ensureSiteToken } from './site-token';
import { ensureSiteWebhook } from './site-webhook';

export default {
  register({ strapi }: { strapi: Core.Strapi }) {
    registerDocumentDefaults(strapi);
  },

  async bootstrap({ strapi }: { strapi: Core.Strapi }) {
    await seedOnce(strapi);
    await ensureSiteToken(strapi);
    await ensureSiteWebhook(strapi);
  },
};
