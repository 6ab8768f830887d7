import type { RequestOptions } from '../options.js';
import type { Cursor } from './cursor.js';
import { isLastPage, type ProviderPage } from './provider-page.js';

/** Sendoso's largest `per_page`. */
export const MAX_PROVIDER_PAGE_SIZE = 100;

export type WalkSpec<T> = {
  /** Fetches one provider page (request + envelope), honouring the signal. */
  fetchPage(page: number, perPage: number, options: RequestOptions): Promise<ProviderPage>;
  /**
   * Checks a provider page when the walk reads it, in page order (pages read ahead arrive in any
   * order): throws to stop a walk that loops. Returns how many of its records an earlier page held.
   */
  check(page: number, provider: ProviderPage): number;
  /** Validates one record. */
  parse(record: unknown): T;
  /** Local filter (the compiled `where`), or undefined when nothing is filtered locally. */
  matches: ((record: T) => boolean) | undefined;
  /** Result page size. */
  pageSize: number;
  /** Whether the provider's total is the number of matching records (no local-only filtering). */
  totalIsExact: boolean;
};

/** A provider page the walk has read, kept so the next result page starting inside it needs no request. */
export type HeldPage = { page: number; provider: ProviderPage };

/** Hands out provider pages by number: a walk's read-ahead, or one request per call. */
export type TakePage = (page: number) => Promise<ProviderPage>;

export type ResultPage<T> = {
  items: T[];
  next: Cursor | undefined;
  total: number | undefined;
  /** The last provider page read: the one `next` starts inside, when it does. */
  last: HeldPage;
};

/**
 * Fills one result page of `pageSize` matching items from as many provider pages as it takes, and
 * returns the cursor where the next result page starts: inside a provider page when the result page
 * ended there, so resuming never skips or repeats a record. `held` is a provider page the walk read
 * already; when the cursor starts inside it, it is used instead of a second request.
 */
export async function loadResultPage<T>(
  spec: WalkSpec<T>,
  start: Cursor,
  take: TakePage,
  held?: HeldPage,
): Promise<ResultPage<T>> {
  const items: T[] = [];
  let { page, offset, seen } = start;
  const { perPage } = start;
  let total: number | undefined;
  for (;;) {
    let provider: ProviderPage;
    if (held?.page === page) provider = held.provider;
    else {
      provider = await take(page);
      spec.check(page, provider);
    }
    const last: HeldPage = { page, provider };
    if (spec.totalIsExact) total = provider.total;
    const through = seen + provider.records.length;
    const end = isLastPage(provider, through, perPage);
    const { records } = provider;
    for (let i = offset; i < records.length; i++) {
      const record = spec.parse(records[i]);
      if (spec.matches && !spec.matches(record)) continue;
      items.push(record);
      if (items.length === spec.pageSize) {
        // Look ahead on this provider page, so a listing whose last match ends a page says so
        // instead of promising a next page that comes back empty.
        let j = i + 1;
        while (spec.matches && j < records.length && !spec.matches(spec.parse(records[j]))) j++;
        const next =
          j < records.length
            ? { page, offset: j, perPage, seen }
            : end
              ? undefined
              : nextPage(page, perPage, through);
        return { items, next, total, last };
      }
    }
    if (end) return { items, next: undefined, total, last };
    page += 1;
    offset = 0;
    seen = through;
  }
}

function nextPage(page: number, perPage: number, seen: number): Cursor {
  return { page: page + 1, offset: 0, perPage, seen };
}
