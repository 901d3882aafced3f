import { CONTENT_UIDS, previewPath, signPreviewPath, type PreviewType } from '@blog/shared';
import { cmsSettings } from '../src/cms-settings';

/** Which content types have a page to preview. */
const PREVIEW_TYPE_BY_UID: Record<string, PreviewType> = {
  [CONTENT_UIDS.post]: 'post',
  [CONTENT_UIDS.opinion]: 'opinion',
  [CONTENT_UIDS.page]: 'page',
  [CONTENT_UIDS.author]: 'author',
};

export default () => {
  const settings = cmsSettings();
  const siteServerUrl = settings.siteServerUrl ?? '';
  const previewSecret = settings.previewSecret ?? '';
  const ttlSeconds = settings.previewTtlSeconds;
  return {
    auth: {
      secret: settings.adminJwtSecret,
    },
    apiToken: {
      salt: settings.apiTokenSalt,
    },
    transfer: {
      token: {
        salt: settings.transferTokenSalt,
      },
    },
    secrets: {
      encryptionKey: settings.encryptionKey,
    },
    flags: {
      nps: false,
      promoteEE: false,
    },
    // Login attempts per e-mail address, path and IP: five in five minutes, then 429.
    rateLimit: {
      enabled: true,
      interval: { min: 5 },
      max: 5,
    },
    // The admin's preview opens the draft on the site server through a signed link that expires.
    preview: {
      enabled: Boolean(siteServerUrl && previewSecret),
      config: {
        allowedOrigins: siteServerUrl ? [siteServerUrl] : [],
        async handler(uid: string, { documentId }: { documentId: string }) {
          const type = PREVIEW_TYPE_BY_UID[uid];
          if (!type || !documentId) return null;
          return `${siteServerUrl}${await signPreviewPath(previewSecret, previewPath(type, documentId), new Date(Date.now() + ttlSeconds * 1000))}`;
        },
      },
    },
  };
};
