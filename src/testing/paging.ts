import { type Answer, answer, type Exchange, failure } from './http-io.js';
import type { ResourceDef } from './resource-table.js';
import type { Collection } from './store.js';

/** Sendoso's documented maximum; larger values are clamped, as Sendoso does. */
export const MAX_PER_PAGE = 100;
/** Not documented by Sendoso; 25 is the sandbox's choice. */
export const DEFAULT_PER_PAGE = 25;

type Paging = { page: number; perPage: number } | { error: string };

export function parsePaging(query: Record<string, string>): Paging {
  const page = positiveInt(query.page, 1);
  if (page === undefined) return { error: 'page must be a positive integer' };
  const perPage = positiveInt(query.per_page, DEFAULT_PER_PAGE);
  if (perPage === undefined) return { error: 'per_page must be a positive integer' };
  return { page, perPage: Math.min(perPage, MAX_PER_PAGE) };
}

function positiveInt(raw: string | undefined, fallback: number): number | undefined {
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw)) return undefined;
  const value = Number(raw);
  return Number.isSafeInteger(value) && value >= 1 ? value : undefined;
}

/**
 * One page in the resource's envelope. O(page): the full list is never copied; a server-side filter
 * is computed once per collection version and cached.
 */
export function listPage(ex: Exchange, collection: Collection, def: ResourceDef): Answer {
  const paging = parsePaging(ex.query);
  if ('error' in paging) return failure(400, paging.error);
  let records = collection.records;
  for (const field of def.filters) {
    const wanted = ex.query[field];
    if (wanted === undefined) continue;
    records =
      records === collection.records
        ? collection.where(field, wanted)
        : records.filter((r) => String(r[field]) === wanted);
  }
  const start = (paging.page - 1) * paging.perPage;
  const items = records.slice(start, start + paging.perPage);
  if (def.envelope === 'bare') return answer(200, items);
  return answer(200, {
    current_page: paging.page,
    per_page: paging.perPage,
    [def.totalKey]: records.length,
    [def.listKey]: items,
  });
}
