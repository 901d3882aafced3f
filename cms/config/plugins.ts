import path from 'node:path';
import { emailPluginConfig } from '../src/mail';
import { cmsSettings } from '../src/settings';

export default () => ({
  // Every mail of the CMS through one path: SMTP when SMTP_HOST is set, else .eml files (src/mail.ts).
  email: { config: emailPluginConfig(cmsSettings(), path.resolve(__dirname, '..', '..')) },
});
