import type { AstroIntegration } from 'astro';
import type { SyncSession } from '../sync/session.ts';

/**
 * `npm run dev` only: asks the CMS for its sync state every few seconds (one small request) and,
 * when it changed, syncs the content (incrementally, with that state), so an edit published in the
 * admin shows in the dev server without a restart; Astro then reloads the page.
 */
export function devContentRefresh(session: SyncSession, intervalMs = 3000): AstroIntegration {
  return {
    name: 'dev-content-refresh',
    hooks: {
      'astro:server:setup': ({ server, refreshContent, logger }) => {
        if (!refreshContent) return;
        let last: string | null = null;
        let running = false;
        const timer = setInterval(async () => {
          if (running) return;
          running = true;
          try {
            const syncState = await session.source().syncState();
            const state = JSON.stringify(syncState);
            // The first time too: edits made while the server started.
            if (state !== last) await refreshContent({ context: { syncState } });
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
