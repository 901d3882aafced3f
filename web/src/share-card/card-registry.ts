// The share cards a build makes, told by the pages that show them (pages/blog/[slug].astro and
// pages/holdninger/[slug].astro, through card-pages.ts) and written when the pages are done
// (integration.ts). Not Astro routes of their own: 10,000 card routes cost every publish over a
// second of Astro's path handling for pictures that almost never change (docs/architecture.md).
// A process-wide value, like the page registry: the pages' bundled copy of this module and the
// integration's copy in the config must see one registry.
import { cardKey } from './card-cache.ts';
import type { ShareCardText } from './render-card.ts';

export interface RegisteredCard {
  card: ShareCardText;
  /** What the card shows, as a key (card-cache.ts). */
  key: string;
}

const REGISTRY = Symbol.for('blog.share-card-registry');
type Holder = { [REGISTRY]?: Map<string, RegisteredCard> };
const registry = () => ((globalThis as Holder)[REGISTRY] ??= new Map());

/** A card at a path of the site (routes.postCard, routes.opinionCard). */
export function registerShareCard(pathname: string, card: ShareCardText): void {
  registry().set(pathname, { card, key: cardKey(card) });
}

/** Every card the pages of this build told, by path. */
export function registeredShareCards(): ReadonlyMap<string, RegisteredCard> {
  return registry();
}

/** Forgets the last build's cards (a build worker builds a warm-up site first). */
export function resetShareCards(): void {
  registry().clear();
}
