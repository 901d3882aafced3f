import { factories } from '@strapi/strapi';

// Inquiries come in through the API and are read only in the admin: no find, update or delete here.
export default factories.createCoreRouter('api::inquiry.inquiry', { only: ['create'] });
