// Which posts are related to a post: those sharing most of its topics (tags and opinions), then
// the nearest in date order, the newer of two as near. Nearest, not newest: a new post then joins
// the related posts of the posts written about when it was, not of every post on its topic, so
// publishing does not change hundreds of pages (and readers are shown what was written in the same
// period). Pure, so that tests/unit/related-posts.test.ts can hold it against counting everything.

/**
 * The positions (in date order, newest first) of up to `count` posts related to the post at
 * `index`, best first. `topicLists` holds, for each of the post's topics, the positions of every
 * post on it in ascending order (the post's own among them).
 *
 * Walks outward from the post through the lists, nearest positions first, and stops as soon as
 * nothing farther can do better: a post not reached yet shares at most as many topics as there are
 * lists not walked to their ends, and loses a tie to the nearer posts found. Counting every post on
 * every topic (what this replaced) took half a second a build at 10,000 posts.
 */
export function relatedPositions(index: number, topicLists: number[][], count = 3): number[] {
  const lists = topicLists.filter((list) => list.length > 0);
  const left = lists.map((list) => lowerBound(list, index) - 1);
  const right = lists.map((list, k) =>
    list[left[k]! + 1] === index ? left[k]! + 2 : left[k]! + 1,
  );
  const best: Array<{ at: number; shared: number }> = [];
  // Whether a is the better of two: more shared topics, then nearer, then newer (lower position).
  const better = (a: { at: number; shared: number }, b: { at: number; shared: number }) =>
    a.shared - b.shared || Math.abs(b.at - index) - Math.abs(a.at - index) || b.at - a.at;
  for (;;) {
    let distance = Infinity;
    let open = 0;
    lists.forEach((list, k) => {
      const l = left[k]!;
      const r = right[k]!;
      if (l >= 0) distance = Math.min(distance, index - list[l]!);
      if (r < list.length) distance = Math.min(distance, list[r]! - index);
      if (l >= 0 || r < list.length) open++;
    });
    if (distance === Infinity) break;
    if (best.length === count && best[count - 1]!.shared >= open) break;
    for (const at of [index - distance, index + distance]) {
      let shared = 0;
      lists.forEach((list, k) => {
        if (at < index) {
          if (left[k]! >= 0 && list[left[k]!] === at) {
            shared++;
            left[k]!--;
          }
        } else if (right[k]! < list.length && list[right[k]!] === at) {
          shared++;
          right[k]!++;
        }
      });
      if (shared === 0) continue;
      const found = { at, shared };
      if (best.length < count || better(found, best.at(-1)!) > 0) {
        best.push(found);
        best.sort((a, b) => better(b, a));
        if (best.length > count) best.pop();
      }
    }
  }
  return best.map((found) => found.at);
}

/** The first place in an ascending list whose value is not below `value`. */
function lowerBound(list: number[], value: number): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (list[middle]! < value) low = middle + 1;
    else high = middle;
  }
  return low;
}
