import { mediaOrigin } from '../src/media-storage';
import { cmsSettings } from '../src/cms-settings';

export default () => {
  const settings = cmsSettings();
  const siteServerUrl = settings.siteServerUrl;
  // Media in an S3 bucket: the admin's media library shows them from there.
  const media = mediaOrigin(settings);
  const mediaSources = ["'self'", 'data:', 'blob:', ...(media ? [media] : [])];
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
          directives: {
            'frame-src': ["'self'", ...(siteServerUrl ? [siteServerUrl] : [])],
            'img-src': mediaSources,
            'media-src': mediaSources,
          },
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
