import type { ResponseInfo } from '../http/response-info.js';
import type { RequestOptions } from '../options.js';
import { type Cursor, type CursorPlan, decodeCursor, encodeCursor } from './cursor.js';
import { loadResultPage, type ResultPage, type WalkSpec } from './list-walker.js';
import type { Comparator } from './order-by.js';
import { Page } from './page.js';

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
};

/** Opens a listing at its first requested page; every page knows how to load the one after it. */
export function openListing<T>(plan: ListingPlan<T>, options: RequestOptions): Promise<Page<T>> {
  return plan.order ? openSorted(plan, plan.order, options) : openWalk(plan, options);
}

/** What a token passed to this listing must fit. */
function cursorPlan<T>(plan: ListingPlan<T>): CursorPlan {
  return { fingerprint: plan.fingerprint, perPage: plan.perPage, sorted: plan.order !== undefined };
}

async function openWalk<T>(plan: ListingPlan<T>, options: RequestOptions): Promise<Page<T>> {
  const { perPage } = plan;
  const tokens = cursorPlan(plan);
  const first: Cursor = { page: 1, offset: 0, perPage, seen: 0 };
  const load = async (cursor: Cursor): Promise<Page<T>> => {
    const result = await loadResultPage(plan.spec, cursor, options);
    const nextPage = result.next ? encodeCursor(result.next, plan.fingerprint) : undefined;
    return new Page(
      { items: result.items, total: result.total, nextPage, response: result.response },
      (token) => load(decodeCursor(token ?? '', tokens)),
    );
  };
  if (plan.nextPage) return load(decodeCursor(plan.nextPage, tokens));
  if (plan.exact || plan.page === 1) {
    // Without local filtering, result page n starts at record (n - 1) * pageSize of the listing.
    const skip = (plan.page - 1) * plan.spec.pageSize;
    const page = Math.floor(skip / perPage) + 1;
    return load({ page, offset: skip % perPage, perPage, seen: (page - 1) * perPage });
  }
  // With a local filter, where page n starts is only known by walking the pages before it.
  let cursor: Cursor | undefined = first;
  let response: ResponseInfo | undefined;
  for (let n = 1; n < plan.page && cursor; n++) {
    const skipped: ResultPage<T> = await loadResultPage(plan.spec, cursor, options);
    cursor = skipped.next;
    response = skipped.response;
  }
  if (cursor) return load(cursor);
  // Past the end: page 2 or later was asked for (page 1 went above), so at least one page was read.
  return new Page<T>(
    { items: [], total: undefined, nextPage: undefined, response: response as ResponseInfo },
    () => load(first),
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
  const all = await loadResultPage(
    { ...plan.spec, pageSize: Number.MAX_SAFE_INTEGER },
    { page: 1, offset: 0, perPage: plan.perPage, seen: 0 },
    options,
  );
  const sorted = all.items.sort(order);
  const slice = (offset: number): Page<T> => {
    const end = offset + pageSize;
    const nextPage =
      end < sorted.length
        ? encodeCursor({ page: 1, offset: end, perPage: plan.perPage, seen: 0 }, plan.fingerprint)
        : undefined;
    const init = { items: sorted.slice(offset, end), total: sorted.length, nextPage, response: all.response };
    return new Page(init, async (token) => slice(decodeCursor(token ?? '', tokens).offset));
  };
  return slice(plan.nextPage ? decodeCursor(plan.nextPage, tokens).offset : (plan.page - 1) * pageSize);
}
