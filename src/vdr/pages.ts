/** Pages of a VDR listing: the resource's pages with each item mapped, same tokens and totals. */
import { Page, PagePromise } from '../pagination/page.js';

/** Turns a resource item into a VDR item, or `undefined` to leave it out of the page. */
export type ItemMapper<V, T> = (item: V) => T | undefined;

/**
 * A `PagePromise` whose pages are `open()`'s pages with `map` applied to every item. Nothing is
 * requested (and `open` is not even called) until the result is awaited or iterated, like `list()`.
 */
export function mapPages<V, T>(open: () => PromiseLike<Page<V>>, map: ItemMapper<V, T>): PagePromise<T> {
  const items = (page: Page<V>): T[] => {
    const out: T[] = [];
    for (const item of page.items) {
      const mapped = map(item);
      if (mapped !== undefined) out.push(mapped);
    }
    return out;
  };
  const wrap = (page: Page<V>): Page<T> =>
    new Page(
      { items: items(page), nextPage: page.nextPage, total: page.total, response: page.response },
      // The resource's page knows how to load what follows it (reading ahead for a `for await`);
      // the token it would be given is its own.
      (_token, walk) => (walk ? page.nextFor(walk) : page.getNextPage()).then(wrap),
      (walk) => page.readAheadFor(walk),
    );
  return new PagePromise(async () => wrap(await open()));
}
