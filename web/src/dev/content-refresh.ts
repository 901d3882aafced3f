import type { AstroIntegration } from 'astro';
import { SYNC_STATE_PATH } from '@blog/shared';
import { connectionFromEnv, fetchJson } from '../lib/cms-client';

/**
 * `npm run dev` only: asks the CMS for its sync state every few seconds (one small request) and,
 * when it changed, syncs the content (incrementally), so an edit published in the admin shows in
 * the dev server without a restart; Astro then reloads the page.
 */
export function devContentRefresh(intervalMs = 3000): AstroIntegration {
  return {
    name: 'dev-content-refresh',
    hooks: {
      'astro:server:setup': ({ server, refreshContent, logger }) => {
        if (!refreshContent || !process.env.CMS_URL) return;
        const connection = connectionFromEnv();
        let last: string | null = null;
        let running = false;
        const timer = setInterval(async () => {
          if (running) return;
          running = true;
          try {
            const state = JSON.stringify(await fetchJson(connection, SYNC_STATE_PATH));
            if (state !== last) await refreshContent({}); // the first time too: edits made while starting
            last = state;
          } catch (error) {
            logger.warn(`Could not refresh content from the CMS: ${(error as Error).message}`);
          } finally {
            running = false;
          }
        }, intervalMs);
        timer.unref();
        server.httpServer?.once('close', () => clearInterval(timer));
      },
    },
  };
}
