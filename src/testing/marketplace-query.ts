import { type Answer, failure } from './http-io.js';
import type { SandboxRecord } from './types.js';

/** Catalogue filters as Sendoso reads them from the query string. */
export type ProductFilter = {
  text?: string;
  priceGte?: number;
  priceLte?: number;
  countries?: string[];
  categories?: string[];
};

/** Reads `text_search`, `price_gte_usd`, `price_lte_usd` (integers), `ship_to_country_codes[]`, `category_ids[]`. */
export function readFilter(
  queryAll: Record<string, string[]>,
  names: { country: string },
): ProductFilter | Answer {
  const one = (name: string) => queryAll[name]?.at(-1);
  const filter: ProductFilter = {};
  const text = one('text_search');
  if (text) filter.text = text.toLowerCase();
  for (const [name, key] of [
    ['price_gte_usd', 'priceGte'],
    ['price_lte_usd', 'priceLte'],
  ] as const) {
    const raw = one(name);
    if (raw === undefined) continue;
    if (!/^\d+$/.test(raw)) return failure(422, `${name} must be a whole number of US dollars`);
    filter[key] = Number(raw);
  }
  const countries = queryAll[names.country];
  if (countries?.length) filter.countries = countries;
  const categories = queryAll['category_ids[]'];
  if (categories?.length) filter.categories = categories;
  return filter;
}

/** Whether a product passes every filter. Its price is its cheapest variant's. */
export function matchesFilter(product: SandboxRecord, filter: ProductFilter): boolean {
  if (filter.text !== undefined) {
    const text = `${String(product.name ?? '')} ${String(product.description ?? '')}`.toLowerCase();
    if (!text.includes(filter.text)) return false;
  }
  if (filter.priceGte !== undefined || filter.priceLte !== undefined) {
    const price = priceOf(product);
    if (price === undefined) return false;
    if (filter.priceGte !== undefined && price < filter.priceGte) return false;
    if (filter.priceLte !== undefined && price > filter.priceLte) return false;
  }
  if (filter.countries && !overlaps(product.ship_to_country_codes, filter.countries)) return false;
  if (filter.categories && !overlaps(product.category_ids, filter.categories)) return false;
  return true;
}

/** The variants of a product, as stored. */
export function variantsOf(product: SandboxRecord): SandboxRecord[] {
  return Array.isArray(product.variants)
    ? product.variants.filter((v): v is SandboxRecord => typeof v === 'object' && v !== null)
    : [];
}

function priceOf(product: SandboxRecord): number | undefined {
  const prices = variantsOf(product)
    .map((v) => Number((v.estimated_total_price as SandboxRecord | undefined)?.price_per_unit))
    .filter((p) => Number.isFinite(p));
  return prices.length === 0 ? undefined : Math.min(...prices);
}

function overlaps(values: unknown, wanted: string[]): boolean {
  return Array.isArray(values) && values.some((v) => wanted.includes(String(v)));
}

/** Products travel with string ids, as Sendoso documents, whatever a test inserted. */
export const served = (product: SandboxRecord): SandboxRecord => ({ ...product, id: String(product.id) });
