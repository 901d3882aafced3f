import path from 'node:path';
import { emailPluginConfig } from '../src/mail';
import { uploadPluginConfig } from '../src/media-storage';
import { cmsSettings } from '../src/cms-settings';

export default () => {
  const settings = cmsSettings();
  const upload = uploadPluginConfig(settings);
  return {
    // Every mail of the CMS through one path: SMTP when SMTP_HOST is set, else .eml files (src/mail.ts).
    email: { config: emailPluginConfig(settings, path.resolve(__dirname, '..', '..')) },
    // Media in an S3 bucket when S3_BUCKET is set, else in public/uploads (src/media-storage.ts).
    ...(upload ? { upload: { config: upload } } : {}),
  };
};
