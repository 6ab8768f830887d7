import type { ResponseInfo } from '../http/response-info.js';

/** One page as Sendoso sent it, whatever its envelope. */
export type ProviderPage = {
  records: unknown[];
  total: number | undefined;
  perPage: number | undefined;
  /** The response that carried it (what `page.response` shows). */
  response: ResponseInfo;
};

/**
 * Reads Sendoso's list envelopes: the array under a resource-named key with a per-resource total
 * (`total_posts`, `total_groups`, `total_count`, `total_users`), or a bare array. Returns undefined
 * when the body is neither, so the caller can say what it got.
 */
export function readProviderPage(
  body: unknown,
  itemsKey: string,
  totalKey: string | undefined,
): Omit<ProviderPage, 'response'> | undefined {
  if (Array.isArray(body)) return { records: body, total: undefined, perPage: undefined };
  if (body === null || typeof body !== 'object') return undefined;
  const envelope = body as Record<string, unknown>;
  const records = envelope[itemsKey];
  if (!Array.isArray(records)) return undefined;
  return {
    records,
    total: toCount(totalKey ? envelope[totalKey] : undefined) ?? toCount(envelope.total_count),
    perPage: toCount(envelope.per_page),
  };
}

function toCount(value: unknown): number | undefined {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 ? n : undefined;
}

/**
 * Sendoso has no Link headers. A listing ends on an empty page, or once the records seen reach
 * Sendoso's total; a short page alone does not end it when the total says more exist (a server that
 * caps `per_page` lower than asked would otherwise cut the listing short). Without a total, a short
 * page is the end. `through` counts the records of every provider page up to this one.
 */
export function isLastPage(
  page: Omit<ProviderPage, 'response'>,
  through: number,
  requestedPerPage: number,
): boolean {
  if (page.records.length === 0) return true;
  if (page.total !== undefined) return through >= page.total;
  return page.records.length < (page.perPage ?? requestedPerPage);
}
