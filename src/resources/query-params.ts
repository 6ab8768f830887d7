import type { ApiRequest } from '../http/request-sender.js';

/**
 * Validated filters as query parameters, named as Sendoso (Rails) reads them: an array becomes
 * `name[]` repeated (`ship_to_country_codes[]=US&ship_to_country_codes[]=CA`); undefined is left out.
 */
export function toQuery(values: unknown): NonNullable<ApiRequest['query']> {
  const query: NonNullable<ApiRequest['query']> = {};
  if (values === null || typeof values !== 'object') return query;
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) query[`${name}[]`] = value.map((item) => item as string | number);
    else query[name] = value as string | number | boolean;
  }
  return query;
}
