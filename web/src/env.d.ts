/// <reference types="astro/client" />

/** Set by the build script (web/scripts/site-build.ts) for each build; undefined under `astro dev`. */
declare const __SITE_BUILD_ID__: string | undefined;
