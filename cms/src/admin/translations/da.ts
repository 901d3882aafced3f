import admin from './da/admin.json';
import contentManager from './da/content-manager.json';
import upload from './da/upload.json';

/**
 * Danish for the admin where Strapi has none: Strapi 5.54 ships no Danish for the content manager
 * and only part of it for the admin and the media library. Keys are Strapi's own (see
 * tests/unit/admin-translations.test.ts, which checks them against Strapi's English); a few of
 * Strapi's Danish strings are replaced (publish is "Udgiv" throughout).
 */
const withPrefix = (prefix: string, messages: Record<string, string>) =>
  Object.fromEntries(Object.entries(messages).map(([key, message]) => [`${prefix}.${key}`, message]));

export const da: Record<string, string> = {
  ...admin,
  ...withPrefix('content-manager', contentManager),
  ...withPrefix('upload', upload),
};
