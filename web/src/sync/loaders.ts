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
function stateFor(context: LoaderContext | null, session: SyncSession): Promise<SyncState> {
  const brought = context?.refreshContextData?.syncState;
  return brought
    ? Promise.resolve(checkedSyncState(session.input.cms.url, brought))
    : session.syncState();
}

/** One collection's sync with a given session, into its file beside the store. */
type CollectionRun = (session: SyncSession, context: LoaderContext | null) => Promise<void>;

/**
 * Every collection's sync as Astro last ran it in this process, to run again without Astro: a
 * build worker that keeps the site's rendering code loaded syncs and renders the next publish
 * itself (server/builder/hot-render.ts). Each keeps Astro's validation of its schema and its digest.
 */
const RUNS = Symbol.for('blog.collection-syncs');
export function collectionSyncs(): ReadonlyMap<string, (session: SyncSession) => Promise<void>> {
  return ((globalThis as { [RUNS]?: Map<string, (session: SyncSession) => Promise<void>> })[
    RUNS
  ] ??= new Map());
}

/** Runs a collection's sync for Astro now, and keeps it to run again (collectionSyncs()). */
async function runAndKeep(collection: string, context: LoaderContext, run: CollectionRun) {
  (collectionSyncs() as Map<string, (session: SyncSession) => Promise<void>>).set(
    collection,
    (session) => run(session, null),
  );
  // (What an older build left of the collection in Astro's store would be bundled every build.)
  context.store.clear();
  await run(sessionOf(context.config), context);
}

/**
 * A content-layer loader for one CMS collection, keyed by slug (see collection-sync.ts). What it
 * asks for and how relations are stored follow from the content type's schema (content-queries.ts).
 * Its entries are kept in a file of their own beside Astro's store, handed to the pages directly,
 * and nothing in Astro's store (see entries-file.ts); content.ts reads them with syncedEntries().
 */
export function cmsCollectionLoader(options: {
  type: ContentTypeName;
  /** Keep each entry's `body` in a file beside the store, not in it (see body-files.ts). */
  bodiesBesideStore?: boolean;
}): Loader {
  const collection = CONTENT_MODEL.types[options.type].plural as SyncStateType;
  return {
    name: `cms-${collection}`,
    load: (astro) =>
      runAndKeep(collection, astro, async (session, context) => {
        const cacheFile = (name: string) => fileURLToPath(new URL(name, astro.config.cacheDir));
        const beside = entriesFile(cacheFile(`content-entries/${collection}.v8`));
        const report = await session.track(async () =>
          syncCollection<Listed & Record<string, unknown>>({
            target: {
              parseData: astro.parseData,
              generateDigest: astro.generateDigest,
              store: beside.store,
              meta: beside.meta,
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
        beside.save(collection, session.input.buildId);
        astro.logger.info(describeCollection(report, session.input.cms.url));
      }),
  };
}

/**
 * A loader for a Strapi single type, stored as one entry with the given id (see single-sync.ts),
 * beside Astro's store like the collections.
 */
export function cmsSingleLoader(options: {
  type: ContentTypeName;
  id: string;
  /** The name pages read it by (the collection's name in content.config.ts). */
  collection: string;
  /** What the site adds to the entry (the build id). */
  toData: (entry: Record<string, unknown>, input: SyncInput) => Record<string, unknown>;
}): Loader {
  const singleType = options.type as SyncStateType; // a single type's REST name is its singular
  return {
    name: `cms-${singleType}`,
    load: (astro) =>
      runAndKeep(options.collection, astro, async (session, context) => {
        const beside = entriesFile(
          fileURLToPath(new URL(`content-entries/${options.collection}.v8`, astro.config.cacheDir)),
        );
        const report = await session.track(async () =>
          syncSingle<Record<string, unknown>>({
            target: {
              parseData: astro.parseData,
              generateDigest: astro.generateDigest,
              store: beside.store,
              meta: beside.meta,
            },
            source: session.source(),
            type: singleType,
            query: queryFor(options.type),
            id: options.id,
            toData: (entry) => options.toData(entry, session.input),
            state: await stateFor(context, session),
            force: session.input.force,
          }),
        );
        beside.save(options.collection, session.input.buildId);
        astro.logger.info(describeCollection(report, session.input.cms.url));
      }),
  };
}
