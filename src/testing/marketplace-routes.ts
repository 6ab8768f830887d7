import { Answer, answer, bearerToken, type Exchange, failure } from './http-io.js';
import { CATEGORY_TREE, PRODUCTS_PATH } from './marketplace-catalogue.js';
import { matchesFilter, readFilter, served } from './marketplace-query.js';
import { recommend } from './marketplace-recommend.js';
import { sendProduct, smartSend } from './marketplace-sends.js';
import type { OAuthState } from './oauth-state.js';
import type { Store } from './store.js';
import type { SandboxRecord } from './types.js';

/** Sendoso documents no page size for the catalogue; 50 is the sandbox's choice. */
export const PRODUCTS_PER_PAGE = 50;

type Route = { method: string; scopes: string[]; run: (ex: Exchange, store: Store) => Answer };

const ROUTES: Record<string, Route> = {
  'marketplace/products': { method: 'GET', scopes: ['marketplace'], run: listProducts },
  'marketplace/products/send': { method: 'POST', scopes: ['marketplace', 'smartsend'], run: sendProduct },
  'smartsend/recommendations': { method: 'GET', scopes: ['smartsend'], run: recommendations },
  'smartsend/recommendations/send': { method: 'POST', scopes: ['smartsend'], run: smartSend },
};

/** The four Marketplace and SmartSend routes (the token was already checked), or undefined for others. */
export function handleMarketplace(
  ex: Exchange,
  ctx: { store: Store; state: OAuthState },
  segments: string[],
): Answer | undefined {
  const route = ROUTES[segments.join('/')];
  if (!route) return undefined;
  if (ex.method !== route.method) {
    return answer(
      405,
      { success: false, message: `Method ${ex.method} not allowed` },
      { allow: route.method },
    );
  }
  const granted = ctx.state.scopesOf(bearerToken(ex.req) ?? '');
  if (!route.scopes.some((scope) => granted.includes(scope))) return insufficientScope(route.scopes);
  return route.run(ex, ctx.store);
}

/** Doorkeeper's answer (Sendoso's OAuth server) to a token without the route's scope. */
function insufficientScope(scopes: string[]): Answer {
  const message = `Access to this resource requires scope "${scopes.join('" or "')}".`;
  return answer(
    403,
    { success: false, message },
    {
      'www-authenticate': `Bearer realm="Doorkeeper", error="insufficient_scope", error_description="${message.replaceAll('"', "'")}"`,
    },
  );
}

/** `GET /marketplace/products`: filtered, cursor-paged, with the category tree on every page. */
function listProducts(ex: Exchange, store: Store): Answer {
  const filter = readFilter(ex.queryAll, { country: 'ship_to_country_codes[]' });
  if (filter instanceof Answer) return filter;
  const records = store.collection(PRODUCTS_PATH).records.filter((p) => matchesFilter(p, filter));
  const start = ex.query.after === undefined ? 0 : startOf(ex.query.after, records);
  if (start === undefined) return failure(400, 'Invalid cursor');
  const page = records.slice(start, start + PRODUCTS_PER_PAGE);
  const end = start + page.length;
  const last = page.at(-1);
  const after = end < records.length && last ? encodeCursor(end, String(last.id)) : null;
  return answer(200, {
    pagination: { after, next_page: after === null ? null : { url: nextUrl(ex, after) } },
    categories: CATEGORY_TREE,
    products: page.map(served),
  });
}

/**
 * A cursor names the last product of its page and where the next page starts. If that product is
 * gone by the time the cursor comes back, the position stands, so the walk goes on without repeats.
 */
function encodeCursor(index: number, lastId: string): string {
  return Buffer.from(JSON.stringify({ i: index, id: lastId })).toString('base64url');
}

function startOf(cursor: string, records: readonly SandboxRecord[]): number | undefined {
  let parsed: { i?: unknown; id?: unknown };
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as typeof parsed;
  } catch {
    return undefined;
  }
  const { i, id } = parsed ?? {};
  if (typeof i !== 'number' || !Number.isSafeInteger(i) || i < 0 || typeof id !== 'string') return undefined;
  if (String(records[i - 1]?.id) === id) return i;
  const moved = records.findIndex((r) => String(r.id) === id);
  return moved === -1 ? Math.min(i, records.length) : moved + 1;
}

function nextUrl(ex: Exchange, after: string): string {
  const params = new URLSearchParams();
  for (const [name, values] of Object.entries(ex.queryAll)) {
    if (name !== 'after') for (const value of values) params.append(name, value);
  }
  params.set('after', after);
  return `http://${ex.req.headers.host ?? '127.0.0.1'}${ex.path}?${params}`;
}

/** `GET /smartsend/recommendations`: products for what the recipient is into; Sendoso's 404 for a stranger. */
function recommendations(ex: Exchange, store: Store): Answer {
  const found = recommend(store, ex.queryAll);
  return Array.isArray(found) ? answer(200, { products: found }) : found;
}
