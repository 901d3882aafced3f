// The way into this CMS for the programs beside it (the site's `npm start` and builder, the
// tests): where it is, its .env, its build and its Strapi command. Imported as `@blog/cms/local`
// (package.json "exports"), so nothing outside cms/ depends on how cms/scripts is laid out.
export { cmsDir, strapiBin } from './cms-paths.mjs';
export { ensureCmsBuilt, whyBuildCms } from './ensure-built.mjs';
export { ensureEnv } from './ensure-env.mjs';
