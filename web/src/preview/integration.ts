import type { AstroIntegration } from 'astro';

/** Adds the on-demand draft preview route; every other page stays prerendered. */
export function previewRoutes(): AstroIntegration {
  return {
    name: 'draft-preview',
    hooks: {
      'astro:config:setup': ({ injectRoute }) => {
        injectRoute({
          pattern: '/preview/[type]/[documentId]',
          entrypoint: new URL('./PreviewPage.astro', import.meta.url),
          prerender: false,
        });
      },
    },
  };
}
