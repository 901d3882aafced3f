// The sync as Astro content-layer loaders: each binds Astro's loader context to the sync session
// that web/build/site-build.ts handed to Astro with the build (an integration exposing it through a custom hook,
// the way Astro lets integrations offer things to other code), runs the sync and logs its report.
import { fileURLToPath } from 'node:url';
import type { AstroConfig, AstroIntegration } from 'astro';
import type { Loader, LoaderContext } from 'astro/loaders';
import {
  CONTENT_MODEL,
  type ContentTypeName,
  type SyncState,
  type SyncStateType,
} from '@blog/shared';
import { queryFor, relationsOf, withRelationSlugs } from '../lib/content-queries.ts';
import { bodyFiles } from './body-files.ts';
import { entriesFile } from './entries-file.ts';
import { syncCollection } from './collection-sync.ts';
import { describeCollection } from './report.ts';
import { checkedSyncState, type SyncInput, type SyncSession } from './session.ts';
import { syncSingle } from './single-sync.ts';
import type { Listed } from './source.ts';

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
    'The CMS content loaders were given no CMS: build through `npm run build:site`, `npm start` or `npm run dev` (web/cli), which pass them one.',
  );
}

/** The sync state: the one a dev-server refresh brings along (src/dev/content-refresh.ts), else the build's. */
function stateFor(context: LoaderContext, session: SyncSession): Promise<SyncState> {
  const brought = context.refreshContextData?.syncState;
  return brought
    ? Promise.resolve(checkedSyncState(session.input.cms.url, brought))
    : session.syncState();
}

/**
 * A content-layer loader for one CMS collection, keyed by slug (see collection-sync.ts). What it
 * asks for and how relations are stored follow from the content type's schema (content-queries.ts).
 */
export function cmsCollectionLoader(options: {
  type: ContentTypeName;
  /** Keep each entry's `body` in a file beside the store, not in it (see body-files.ts). */
  bodiesBesideStore?: boolean;
  /**
   * Keep the entries in a file of their own beside the store, handed to the pages directly, and
   * nothing in Astro's store (see entries-file.ts); content.ts reads them with syncedEntries().
   */
  entriesBesideStore?: boolean;
}): Loader {
  const collection = CONTENT_MODEL.types[options.type].plural as SyncStateType;
  return {
    name: `cms-${collection}`,
    async load(context) {
      const session = sessionOf(context.config);
      const cacheFile = (name: string) => fileURLToPath(new URL(name, context.config.cacheDir));
      const beside = options.entriesBesideStore
        ? entriesFile(cacheFile(`content-entries/${collection}.v8`))
        : null;
      // (What an older build left of the collection in Astro's store would be bundled every build.)
      if (beside) context.store.clear();
      const report = await session.track(async () =>
        syncCollection<Listed & Record<string, unknown>>({
          target: {
            ...context,
            ...(beside ? { store: beside.store, meta: beside.meta } : {}),
            bodies: options.bodiesBesideStore
              ? bodyFiles(cacheFile(`content-bodies/${collection}/`))
              : null,
          },
          source: session.source(),
          options: {
            collection,
            query: queryFor(options.type),
            relations: relationsOf(options.type),
            toData: (entry) => withRelationSlugs(options.type, entry),
          },
          state: await stateFor(context, session),
          force: session.input.force,
        }),
      );
      beside?.save(collection, session.input.buildId);
      context.logger.info(describeCollection(report, session.input.cms.url));
    },
  };
}

/** A loader for a Strapi single type, stored as one entry with the given id (see single-sync.ts). */
export function cmsSingleLoader(options: {
  type: ContentTypeName;
  id: string;
  /** What the site adds to the entry (the build id). */
  toData: (entry: Record<string, unknown>, input: SyncInput) => Record<string, unknown>;
}): Loader {
  const singleType = options.type as SyncStateType; // a single type's REST name is its singular
  return {
    name: `cms-${singleType}`,
    async load(context) {
      const session = sessionOf(context.config);
      const report = await session.track(async () =>
        syncSingle<Record<string, unknown>>({
          target: context,
          source: session.source(),
          type: singleType,
          query: queryFor(options.type),
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
