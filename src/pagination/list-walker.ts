import type { ResponseInfo } from '../http/response-info.js';
import type { RequestOptions } from '../options.js';
import type { Cursor } from './cursor.js';
import { isLastPage, type ProviderPage } from './provider-page.js';

/** Sendoso's largest `per_page`. */
export const MAX_PROVIDER_PAGE_SIZE = 100;

export type WalkSpec<T> = {
  /** Fetches one provider page (request + envelope), honouring the signal. */
  fetchPage(page: number, perPage: number, options: RequestOptions): Promise<ProviderPage>;
  /** Validates one record. */
  parse(record: unknown): T;
  /** Local filter (the compiled `where`), or undefined when nothing is filtered locally. */
  matches: ((record: T) => boolean) | undefined;
  /** Result page size. */
  pageSize: number;
  /** Whether the provider's total is the number of matching records (no local-only filtering). */
  totalIsExact: boolean;
};

export type ResultPage<T> = {
  items: T[];
  next: Cursor | undefined;
  total: number | undefined;
  /** The response of the last provider page read for this result page. */
  response: ResponseInfo;
};

/**
 * Fills one result page of `pageSize` matching items from as many provider pages as it takes, and
 * returns the cursor where the next result page starts: inside a provider page when the result page
 * ended there, so resuming never skips or repeats a record.
 */
export async function loadResultPage<T>(
  spec: WalkSpec<T>,
  start: Cursor,
  options: RequestOptions,
): Promise<ResultPage<T>> {
  const items: T[] = [];
  let { page, offset, seen } = start;
  const { perPage } = start;
  let total: number | undefined;
  for (;;) {
    const provider = await spec.fetchPage(page, perPage, options);
    if (spec.totalIsExact) total = provider.total;
    const through = seen + provider.records.length;
    const last = isLastPage(provider, through, perPage);
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
            : last
              ? undefined
              : nextPage(page, perPage, through);
        return { items, next, total, response: provider.response };
      }
    }
    if (last) return { items, next: undefined, total, response: provider.response };
    page += 1;
    offset = 0;
    seen = through;
  }
}

function nextPage(page: number, perPage: number, seen: number): Cursor {
  return { page: page + 1, offset: 0, perPage, seen };
}
