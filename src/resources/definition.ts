import type { z } from 'zod';
import type { HttpMethod } from '../http/request-sender.js';
import type { ResourceName } from './names.js';

export type Operation = 'list' | 'get' | 'create' | 'update' | 'delete';

/** How one operation maps onto a Sendoso request. */
export type Route = {
  method: HttpMethod;
  /** Path template below the API base; `{id}` (and other `{names}`) are filled with encoded segments. */
  path: string;
  /** Request body wrapper key: `{ send: body }` for `POST /send`. */
  wrap?: string;
  /** Response key holding the object when it comes wrapped (`{ success, touch: {...} }`); bare objects pass. */
  unwrap?: string;
  /** list: the key of the array in the envelope (a bare array is always accepted). */
  itemsKey?: string;
  /** list: the key of the total (`total_posts`, `total_groups`, ...). */
  totalKey?: string;
  /** Whether Sendoso's public docs describe this route (false: the element's convention). */
  documented?: boolean;
  /** list: `page`/`per_page` (the default) or an opaque cursor (the marketplace's `after`). */
  paging?: 'page' | 'cursor';
  /** list with `paging: 'cursor'`: where the cursor travels and where the next one comes back. */
  cursor?: CursorFields;
  /** OAuth scopes of which any one grants this route (Sendoso answers 403 without): named in that error. */
  scopes?: readonly string[];
  /** A rate limit of its own besides the client-wide one: `'marketplace'` (100 requests a minute). */
  rateLimit?: 'marketplace';
};

/** Cursor paging, as the marketplace does it: `?after=` in, `pagination.after` and `pagination.next_page.url` out. */
export type CursorFields = {
  /** Query parameter carrying the cursor (`after`). */
  param: string;
  /** Dotted path of the next cursor in the answer (`pagination.after`). */
  next: string;
  /** Dotted path of the next page's URL (`pagination.next_page.url`); its `param` is read when `next` is absent. */
  nextUrl?: string;
};

/** A call beyond CRUD (`POST /marketplace/products/send`): its route, what it takes and what it answers. */
export type Action = {
  route: Route;
  /** The body (or, for GET, the query), validated before anything is sent. */
  input: z.ZodType;
  /** The answer (after `route.unwrap`). */
  result: z.ZodType;
};

export type RouteTable = Partial<Record<Operation, Route>>;

/** Everything the engine needs to serve one resource. Adding a resource is adding one of these. */
export type ResourceDefinition<T = unknown, TCreate = unknown, TUpdate = unknown, TCreated = T> = {
  /** The client property name, e.g. `touches`. */
  name: string;
  schema: z.ZodType<T>;
  createBody?: z.ZodType<unknown, TCreate>;
  updateBody?: z.ZodType<unknown, TUpdate>;
  /** What create answers, when it is not the object itself (e.g. `POST /send`). */
  createResult?: z.ZodType<TCreated>;
  routes: RouteTable;
  /** Field holding the id (`id`). */
  idField: string;
  /** Fields Sendoso filters server-side, and with which operators (query parameter = field name). */
  pushdown?: Readonly<Record<string, readonly '='[]>>;
  /**
   * Sendoso's own list filters that `list()` takes beside `where` and `nextPage` (cursor listings),
   * validated before anything is sent; arrays travel in Rails' `name[]` form.
   */
  listQuery?: z.ZodType;
  /** Calls beyond CRUD, by method name. */
  actions?: Readonly<Record<string, Action>>;
  /** Fields of a cursor listing's envelope besides its records that each page carries (`categories`). */
  pageFields?: Readonly<Record<string, z.ZodType>>;
};

/** `new SendosoClient({ resources: { journals: { list: { path: '/ledger/journals' } } } })`. */
export type ResourceOverrides = Partial<Record<ResourceName, Partial<Record<Operation, Partial<Route>>>>>;

/** The definition with a user's route overrides applied. */
export function withOverrides<T, C, U, R>(
  definition: ResourceDefinition<T, C, U, R>,
  overrides: ResourceOverrides | undefined,
): ResourceDefinition<T, C, U, R> {
  const own = overrides?.[definition.name as ResourceName];
  if (!own) return definition;
  const routes: RouteTable = { ...definition.routes };
  for (const [operation, patch] of Object.entries(own) as Array<[Operation, Partial<Route> | undefined]>) {
    if (!patch) continue;
    const base = routes[operation] ?? { method: defaultMethod[operation], path: '' };
    routes[operation] = { ...base, ...patch, documented: false };
  }
  return { ...definition, routes };
}

const defaultMethod: Record<Operation, HttpMethod> = {
  list: 'GET',
  get: 'GET',
  create: 'POST',
  update: 'PATCH',
  delete: 'DELETE',
};

/** The element's conventional routes for a collection at `path` whose records are `singular`. */
export function conventionalRoutes(path: string, singular: string, itemsKey: string): RouteTable {
  return {
    list: { method: 'GET', path, itemsKey, totalKey: 'total_count' },
    get: { method: 'GET', path: `${path}/{id}`, unwrap: singular },
    create: { method: 'POST', path, wrap: singular, unwrap: singular },
    update: { method: 'PATCH', path: `${path}/{id}`, wrap: singular, unwrap: singular },
    delete: { method: 'DELETE', path: `${path}/{id}` },
  };
}
