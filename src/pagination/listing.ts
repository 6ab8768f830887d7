import { onAbort } from '../http/abort.js';
import type { ResponseInfo } from '../http/response-info.js';
import type { RequestOptions } from '../options.js';
import { type Cursor, type CursorPlan, decodeCursor, encodeCursor } from './cursor.js';
import {
  type HeldPage,
  loadResultPage,
  type ResultPage,
  type TakePage,
  type WalkSpec,
} from './list-walker.js';
import type { Comparator } from './order-by.js';
import { Page } from './page.js';
import { type PageFetch, ReadAhead } from './read-ahead.js';

/** Everything `list()` decided before the first request. */
export type ListingPlan<T> = {
  spec: WalkSpec<T>;
  /** Provider page size of this walk. */
  perPage: number;
  /** Ties page tokens to the query they came from. */
  fingerprint: string;
  /** No local filtering: result pages map onto provider pages by arithmetic. */
  exact: boolean;
  /** Local sort (`orderBy`): needs the whole listing. */
  order: Comparator | undefined;
  /** Result page to start at (1-based). */
  page: number;
  nextPage: string | undefined;
  /** Provider pages a `for await` (or a sorted listing's read) may request ahead. */
  prefetch: number;
};

/** Opens a listing at its first requested page; every page knows how to load the one after it. */
export function openListing<T>(plan: ListingPlan<T>, options: RequestOptions): Promise<Page<T>> {
  return plan.order ? openSorted(plan, plan.order, options) : openWalk(plan, options);
}

/** What a token passed to this listing must fit. */
function cursorPlan<T>(plan: ListingPlan<T>): CursorPlan {
  return { fingerprint: plan.fingerprint, perPage: plan.perPage, sorted: plan.order !== undefined };
}

/**
 * Result pages are cut from provider pages: a page that ends inside a provider page hands it to the
 * next one, so no provider page is requested twice within a walk (`getNextPage()` and `for await`
 * alike). A `for await` also reads ahead (`prefetch`); `await list()` and `getNextPage()` request
 * only what the page they return needs.
 */
async function openWalk<T>(plan: ListingPlan<T>, options: RequestOptions): Promise<Page<T>> {
  const { perPage, spec } = plan;
  const tokens = cursorPlan(plan);
  const fetch: PageFetch = (page, given) => spec.fetchPage(page, perPage, given);
  const direct: TakePage = (page) => fetch(page, options);
  // One read-ahead per `for await`, closed when it ends, breaks off or fails.
  const walks = new WeakMap<AbortSignal, ReadAhead>();
  const readerFor = (walk: AbortSignal): ReadAhead => {
    let reader = walks.get(walk);
    if (!reader) {
      const created = new ReadAhead(fetch, plan.prefetch, options);
      if (walk.aborted) created.close();
      else onAbort(walk, () => created.close());
      walks.set(walk, created);
      reader = created;
    }
    return reader;
  };
  const load = async (cursor: Cursor, held: HeldPage | undefined, walk?: AbortSignal): Promise<Page<T>> => {
    const take: TakePage = walk ? (page) => readerFor(walk).take(page) : direct;
    const result = await loadResultPage(spec, cursor, take, held);
    const { next, last } = result;
    const nextPage = next ? encodeCursor(next, plan.fingerprint) : undefined;
    // The provider page the next result page starts inside, if any: it needs no second request.
    const carry = next && last.page === next.page ? last : undefined;
    // What reading ahead needs to know of the listing; the page itself is kept only as `carry`.
    const size = { total: last.provider.total, pageLength: last.provider.records.length };
    return new Page(
      { items: result.items, total: result.total, nextPage, response: last.provider.response },
      (token, nextWalk) =>
        load(token === nextPage && next ? next : decodeCursor(token ?? '', tokens), carry, nextWalk),
      (nextWalk) => {
        if (next) readerFor(nextWalk).resumeAfter(carry ? next.page : next.page - 1, size);
      },
    );
  };
  if (plan.nextPage) return load(decodeCursor(plan.nextPage, tokens), undefined);
  if (plan.exact || plan.page === 1) {
    // Without local filtering, result page n starts at record (n - 1) * pageSize of the listing.
    const skip = (plan.page - 1) * plan.spec.pageSize;
    const page = Math.floor(skip / perPage) + 1;
    return load({ page, offset: skip % perPage, perPage, seen: (page - 1) * perPage }, undefined);
  }
  // With a local filter, where page n starts is only known by walking the pages before it, each
  // provider page read once.
  const first: Cursor = { page: 1, offset: 0, perPage, seen: 0 };
  let cursor: Cursor | undefined = first;
  let held: HeldPage | undefined;
  for (let n = 1; n < plan.page && cursor; n++) {
    const result: ResultPage<T> = await loadResultPage(spec, cursor, direct, held);
    cursor = result.next;
    held = result.last;
  }
  if (cursor) return load(cursor, held);
  // Past the end: page 2 or later was asked for (page 1 went above), so at least one page was read.
  return new Page<T>(
    { items: [], total: undefined, nextPage: undefined, response: held?.provider.response as ResponseInfo },
    () => load(first, undefined),
  );
}

async function openSorted<T>(
  plan: ListingPlan<T>,
  order: Comparator,
  options: RequestOptions,
): Promise<Page<T>> {
  const { pageSize } = plan.spec;
  const tokens = cursorPlan(plan);
  // Sendoso cannot sort: read the whole (filtered) listing once per list() call, sort it, and serve
  // slices. A token is an offset into the sorted listing; resuming it in a new list() reads again.
  // Every page is needed, so reading ahead costs nothing extra.
  const reader = new ReadAhead(
    (page, given) => plan.spec.fetchPage(page, plan.perPage, given),
    plan.prefetch,
    options,
  );
  let all: ResultPage<T>;
  try {
    all = await loadResultPage(
      { ...plan.spec, pageSize: Number.MAX_SAFE_INTEGER },
      { page: 1, offset: 0, perPage: plan.perPage, seen: 0 },
      (page) => reader.take(page),
    );
  } finally {
    reader.close();
  }
  const sorted = all.items.sort(order);
  const slice = (offset: number): Page<T> => {
    const end = offset + pageSize;
    const nextPage =
      end < sorted.length
        ? encodeCursor({ page: 1, offset: end, perPage: plan.perPage, seen: 0 }, plan.fingerprint)
        : undefined;
    const init = {
      items: sorted.slice(offset, end),
      total: sorted.length,
      nextPage,
      response: all.last.provider.response,
    };
    return new Page(init, async (token) => slice(decodeCursor(token ?? '', tokens).offset));
  };
  return slice(plan.nextPage ? decodeCursor(plan.nextPage, tokens).offset : (plan.page - 1) * pageSize);
}
