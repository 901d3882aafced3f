import type { Core } from '@strapi/strapi';
import { ensureCoWriterRole } from './co-writer-role';
import { registerDocumentDefaults } from './document-defaults';
import { applyEditorViews } from './editor-views/apply';
import { seedOnce } from './seed/seed';
import { ensureApiTokens } from './api-tokens';
import { startInquiryJobs } from './inquiry-jobs';
import { startSubscriberJobs } from './subscriber-jobs';
import { lookAfterPublish, startNewsletter, stopNewsletter } from './newsletter/newsletter-jobs';
import { registerNewsletterAdminRoutes } from './newsletter/newsletter-admin-routes';
import { reportMailPath } from './mail';
import { guardUploads, reportMediaStorage } from './media-storage';
import { cmsSettings } from './cms-settings';
import { ensureSiteWebhook } from './site-webhook';

export default {
  register({ strapi }: { strapi: Core.Strapi }) {
    registerDocumentDefaults(strapi);
    lookAfterPublish(strapi);
    registerNewsletterAdminRoutes(strapi);
  },

  async bootstrap({ strapi }: { strapi: Core.Strapi }) {
    await seedOnce(strapi);
    await applyEditorViews(strapi);
    await ensureCoWriterRole(strapi);
    await ensureApiTokens(strapi);
    await ensureSiteWebhook(strapi);
    await startInquiryJobs(strapi);
    await startSubscriberJobs(strapi);
    startNewsletter(strapi);
    const settings = cmsSettings();
    guardUploads(strapi, settings);
    // In the background: a slow server delays nothing.
    void reportMailPath(strapi, settings);
    void reportMediaStorage(strapi, settings);
  },

  /** A mail being handed to the mail server is finished before the database closes. */
  async destroy() {
    await stopNewsletter();
  },
};
