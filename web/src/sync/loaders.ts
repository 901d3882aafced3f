// The sync as Astro content-layer loaders: each binds Astro's loader context to the sync session
// that web/scripts handed to Astro with the build (an integration exposing it through a custom hook,
// the way Astro lets integrations offer things to other code), runs the sync and logs its report.
import { fileURLToPath } from 'node:url';
import type { AstroConfig, AstroIntegration } from 'astro';
import type { Loader, LoaderContext } from 'astro/loaders';
import type { SyncState, SyncStateType } from '@blog/shared';
import type { Query } from '../lib/cms-client';
import { bodyFiles } from './body-files';
import { syncCollection } from './collection-sync';
import { describeCollection } from './report';
import { checkedSyncState, type SyncInput, type SyncSession } from './session';
import { syncSingle } from './single-sync';
import type { Listed } from './source';

const SESSION_HOOK = 'blog:sync-session';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- how Astro types custom hooks
  namespace Astro {
    interface IntegrationHooks {
      [SESSION_HOOK]: () => SyncSession;
    }
  }
}

/** Hands a sync session to the loaders of the Astro build or dev server it is passed to. */
export function syncSessionIntegration(session: SyncSession): AstroIntegration {
  return { name: 'blog-sync-session', hooks: { [SESSION_HOOK]: () => session } };
}

function sessionOf(config: AstroConfig): SyncSession {
  for (const integration of config.integrations) {
    const hook = integration.hooks[SESSION_HOOK];
    if (typeof hook === 'function') return hook();
  }
  throw new Error(
    'The CMS content loaders were given no CMS: build through `npm run build`, `npm start` or `npm run dev` (web/scripts), which pass them one.',
  );
}

/** The sync state: the one a dev-server refresh brings along (src/dev/content-refresh.ts), else the build's. */
function stateFor(context: LoaderContext, session: SyncSession): Promise<SyncState> {
  const brought = context.refreshContextData?.syncState;
  return brought
    ? Promise.resolve(checkedSyncState(session.input.cms.url, brought))
    : session.syncState();
}

/** A content-layer loader for one CMS collection, keyed by slug (see collection-sync.ts). */
export function cmsCollectionLoader<T extends Listed>(options: {
  collection: SyncStateType;
  query: Query;
  /** Relation fields and the collection each points into. */
  relations?: Record<string, SyncStateType>;
  toData: (entry: T) => Record<string, unknown>;
  /** Keep each entry's `body` in a file beside the store, not in it (see body-files.ts). */
  bodiesBesideStore?: boolean;
}): Loader {
  return {
    name: `cms-${options.collection}`,
    async load(context) {
      const session = sessionOf(context.config);
      const report = await session.track(async () =>
        syncCollection<T>({
          target: {
            ...context,
            bodies: options.bodiesBesideStore
              ? bodyFiles(
                  fileURLToPath(
                    new URL(`content-bodies/${options.collection}/`, context.config.cacheDir),
                  ),
                )
              : null,
          },
          source: session.source(),
          options: { relations: {}, ...options },
          state: await stateFor(context, session),
          force: session.input.force,
        }),
      );
      context.logger.info(describeCollection(report, session.input.cms.url));
    },
  };
}

/** A loader for a Strapi single type, stored as one entry with the given id (see single-sync.ts). */
export function cmsSingleLoader<T>(options: {
  singleType: SyncStateType;
  query: Query;
  id: string;
  toData: (entry: T, input: SyncInput) => Record<string, unknown>;
}): Loader {
  return {
    name: `cms-${options.singleType}`,
    async load(context) {
      const session = sessionOf(context.config);
      const report = await session.track(async () =>
        syncSingle<T>({
          target: context,
          source: session.source(),
          type: options.singleType,
          query: options.query,
          id: options.id,
          toData: (entry) => options.toData(entry, session.input),
          state: await stateFor(context, session),
          force: session.input.force,
        }),
      );
      context.logger.info(describeCollection(report, session.input.cms.url));
    },
  };
}
