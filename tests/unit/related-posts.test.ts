import { describe, expect, it } from 'vitest';
import { relatedPositions } from '../../web/src/lib/related-posts';

/** What relatedPositions must answer, by counting every post against every other. */
function counted(index: number, topicsOf: number[][], count = 3): number[] {
  const mine = new Set(topicsOf[index]);
  return topicsOf
    .map((topics, at) => ({ at, shared: topics.filter((topic) => mine.has(topic)).length }))
    .filter(({ at, shared }) => at !== index && shared > 0)
    .sort(
      (a, b) =>
        b.shared - a.shared || Math.abs(a.at - index) - Math.abs(b.at - index) || a.at - b.at,
    )
    .slice(0, count)
    .map(({ at }) => at);
}

function seededRandom(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

/** Each post's topics (distinct), and each topic's posts in ascending order. */
function site(posts: number, topics: number, most: number, random: () => number) {
  const topicsOf = Array.from({ length: posts }, () => {
    const chosen = new Set<number>();
    const wanted = Math.floor(random() * (most + 1));
    // Skewed: a few topics are on most posts, as tags are.
    while (chosen.size < wanted) chosen.add(Math.floor(random() ** 2 * topics));
    return [...chosen];
  });
  const postsOn = Array.from({ length: topics }, () => [] as number[]);
  topicsOf.forEach((mine, at) => mine.forEach((topic) => postsOn[topic]!.push(at)));
  return { topicsOf, listsOf: (at: number) => topicsOf[at]!.map((topic) => postsOn[topic]!) };
}

describe('related posts', () => {
  it('are the posts sharing most topics, then the nearest in date order, then the newer: as counting everything finds', () => {
    for (const [seed, posts, topics, most] of [
      [1, 300, 5, 3],
      [2, 500, 30, 4],
      [3, 200, 2, 2],
      [4, 400, 60, 6],
      [5, 50, 3, 1],
    ] as const) {
      const random = seededRandom(seed);
      const { topicsOf, listsOf } = site(posts, topics, most, random);
      for (let at = 0; at < posts; at++)
        expect(relatedPositions(at, listsOf(at)), `seed ${seed}, post ${at}`).toEqual(
          counted(at, topicsOf),
        );
    }
  });

  it('prefer a farther post sharing more topics to a nearer one sharing fewer', () => {
    // Post 5 is on topics a and b; 4 and 6 share a only, 0 and 9 share both.
    const a = [0, 4, 5, 6, 9];
    const b = [0, 5, 9];
    expect(relatedPositions(5, [a, b])).toEqual([9, 0, 4]);
  });

  it('take the newer of two as near, and none from a post without topics', () => {
    expect(relatedPositions(2, [[0, 1, 2, 3, 4]], 2)).toEqual([1, 3]);
    expect(relatedPositions(2, [])).toEqual([]);
    expect(relatedPositions(0, [[0]])).toEqual([]);
  });
});
