import { cmsSettings } from '../src/settings';

export default () => {
  const siteServerUrl = cmsSettings().siteServerUrl;
  return [
    // Before anything counts requests by address: whose X-Forwarded-For is believed.
    'global::trusted-proxy',
    'strapi::logger',
    'strapi::errors',
    {
      name: 'strapi::security',
      config: {
        contentSecurityPolicy: {
          useDefaults: true,
          // The admin's preview frames the site server.
          directives: { 'frame-src': ["'self'", ...(siteServerUrl ? [siteServerUrl] : [])] },
        },
      },
    },
    'strapi::cors',
    'strapi::poweredBy',
    'strapi::query',
    'strapi::body',
    'strapi::session',
    'strapi::favicon',
    'strapi::public',
  ];
};
