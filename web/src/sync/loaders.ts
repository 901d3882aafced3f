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
import { syncCollection, type SyncTarget } from './collection-sync.ts';
import type { StoreTarget } from './entry-store.ts';
import { describeCollection, type CollectionReport } from './report.ts';
import { checkedSyncState, type SyncSession } from './session.ts';
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

/** What a collection's sync needs of Astro's loader context, with its store beside Astro's. */
type SyncTools = StoreTarget & { meta: SyncTarget['meta'] };

/** One collection's sync into its store; `context` is Astro's when Astro runs it, else null. */
type CollectionRun = (
  session: SyncSession,
  tools: SyncTools,
  context: LoaderContext | null,
  cacheDir: URL,
) => Promise<CollectionReport>;

/**
 * Every collection's sync as Astro last ran it in this process, to run again without Astro: a
 * build worker that keeps the site's rendering code loaded syncs and renders the next publish
 * itself (server/builder/hot-render.ts). Each keeps Astro's validation of its schema and its digest.
 */
const RUNS = Symbol.for('blog.collection-syncs');
type Runs = Map<string, (session: SyncSession) => Promise<void>>;
export function collectionSyncs(): ReadonlyMap<string, (session: SyncSession) => Promise<void>> {
  return ((globalThis as { [RUNS]?: Runs })[RUNS] ??= new Map());
}

/**
 * A loader whose collection lives beside Astro's store (entries-file.ts): it runs the sync into
 * the collection's file, hands the entries to the pages and logs the report, and keeps the sync to
 * run again (collectionSyncs()). Nothing of the collection stays in Astro's store, which the
 * prerender code would bundle.
 */
function besideStoreLoader(name: string, run: CollectionRun): Loader {
  return {
    name,
    async load(astro) {
      const { collection, config } = astro;
      const cacheDir = config.cacheDir;
      const file = fileURLToPath(new URL(`content-entries/${collection}.v8`, cacheDir));
      const sync = async (session: SyncSession, context: LoaderContext | null) => {
        const beside = entriesFile(file);
        const tools = {
          parseData: astro.parseData,
          generateDigest: astro.generateDigest,
          store: beside.store,
          meta: beside.meta,
          bodies: null,
        };
        const report = await session.track(() => run(session, tools, context, cacheDir));
        beside.save(collection, session.input.buildId);
        astro.logger.info(describeCollection(report, session.input.cms.url));
      };
      (collectionSyncs() as Runs).set(collection, (session) => sync(session, null));
      astro.store.clear();
      await sync(sessionOf(config), astro);
    },
  };
}

/**
 * A content-layer loader for one CMS collection, keyed by slug (see collection-sync.ts). What it
 * asks for and how relations are stored follow from the content type's schema (content-queries.ts).
 */
export function cmsCollectionLoader(options: {
  type: ContentTypeName;
  /** Keep each entry's `body` in a file beside the store, not in it (see body-files.ts). */
  bodiesBesideStore?: boolean;
}): Loader {
  const collection = CONTENT_MODEL.types[options.type].plural as SyncStateType;
  return besideStoreLoader(`cms-${collection}`, async (session, tools, context, cacheDir) =>
    syncCollection<Listed & Record<string, unknown>>({
      target: {
        ...tools,
        bodies: options.bodiesBesideStore
          ? bodyFiles(fileURLToPath(new URL(`content-bodies/${collection}/`, cacheDir)))
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
}

/** A loader for a Strapi single type, stored as one entry with the given id (see single-sync.ts). */
export function cmsSingleLoader(options: { type: ContentTypeName; id: string }): Loader {
  const singleType = options.type as SyncStateType; // a single type's REST name is its singular
  return besideStoreLoader(`cms-${singleType}`, async (session, tools, context) =>
    syncSingle<Record<string, unknown>>({
      target: tools,
      source: session.source(),
      type: singleType,
      query: queryFor(options.type),
      id: options.id,
      toData: (entry) => entry,
      state: await stateFor(context, session),
      force: session.input.force,
    }),
  );
}
