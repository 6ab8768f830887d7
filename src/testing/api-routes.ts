import { createOne, deleteOne, getOne, updateOne } from './crud-routes.js';
import { currentUser } from './generators.js';
import { type Answer, answer, bearerToken, type Exchange, failure, pathSegments } from './http-io.js';
import { handleMarketplace } from './marketplace-routes.js';
import type { OAuthState } from './oauth-state.js';
import { listPage } from './paging.js';
import { type Operation, RESOURCES, type ResourceDef, resourceFor } from './resource-table.js';
import { matchAlias, type RouteAlias } from './route-aliases.js';
import { createSend, generateEgiftLinks, inviteUser } from './send-routes.js';
import type { Store } from './store.js';
import type { SandboxRecord } from './types.js';

export const API_PREFIX = '/api/v3';

export interface ApiContext {
  store: Store;
  state: OAuthState;
  /** `createSandbox({ routes })`: extra paths serving a resource. */
  routes?: readonly RouteAlias[];
}

type Handlers = Partial<Record<string, (() => Answer) | undefined>>;

const noRoute = (ex: Exchange) => failure(404, `No route ${ex.path}`);

/** Everything below /api/v3: bearer check, then the documented routes, then the resource table. */
export function handleApi(ex: Exchange, ctx: ApiContext): Answer {
  const refused = authenticate(ex, ctx.state);
  if (refused) return refused;
  const segments = pathSegments(ex.path.slice(API_PREFIX.length));
  if (!segments) return failure(400, 'Malformed percent-encoding in path');
  const aliased = matchAlias(ctx.routes ?? [], segments);
  if (aliased) return routeResource(ex, ctx.store, RESOURCES[aliased.alias.resource], aliased.rest);
  const [first, second, third] = segments;
  // A decoded '/' in the first segment would let `/groups%2F7%2Fmembers` reach a child collection.
  if (first === undefined || first.includes('/')) return noRoute(ex);
  const { store } = ctx;
  if (first === 'marketplace' || first === 'smartsend')
    return handleMarketplace(ex, ctx, segments) ?? noRoute(ex);

  if (first === 'me' && segments.length === 1) return dispatch(ex, { GET: () => answer(200, me(ex, ctx)) });
  if (first === 'send' && second === 'generate_egift_links' && segments.length === 2) {
    return dispatch(ex, { POST: () => generateEgiftLinks(ex, store) });
  }
  if (first === 'groups' && second !== undefined && third === 'members' && segments.length === 3) {
    return dispatch(ex, { GET: () => members(store, second) });
  }
  const nested = first === 'bulk' && second === 'jobs';
  const def = nested ? RESOURCES.bulkJobs : resourceFor(first);
  return routeResource(ex, store, def, segments.slice(nested ? 2 : 1));
}

/**
 * `GET /me`: the user the token belongs to. A user authorized with `authorize({ userId })` is the
 * record of that id in `data.users` when there is one, else the default user with that id.
 */
function me(ex: Exchange, ctx: ApiContext): SandboxRecord {
  const user = ctx.state.ownerOf(bearerToken(ex.req) ?? '');
  if (user === undefined) return currentUser;
  const stored = ctx.store.collection(RESOURCES.users.path).get(user);
  return stored ?? { ...currentUser, id: /^\d+$/.test(user) ? Number(user) : user };
}

/** Sendoso's documented 401: `expired` says whether a real token ran out. */
function authenticate(ex: Exchange, state: OAuthState): Answer | undefined {
  const token = bearerToken(ex.req);
  const check = token ? state.check(token) : 'invalid';
  if (check === 'valid') return undefined;
  return answer(
    401,
    { success: false, description: 'The access token is invalid', expired: check === 'expired' },
    { 'www-authenticate': 'Bearer realm="Doorkeeper", error="invalid_token"' },
  );
}

/** list/create at `/{path}`, get/update/delete at `/{path}/{id}`, children at `/{path}/{id}/{child}`. */
function routeResource(ex: Exchange, store: Store, def: ResourceDef, rest: string[]): Answer {
  const collection = store.collection(def.path);
  const when = (op: Operation, run: () => Answer) => (def.operations.includes(op) ? run : undefined);
  const [id, child] = rest;
  if (id === undefined) {
    return dispatch(ex, {
      GET: when('list', () => listPage(ex, collection, def)),
      POST: when('create', () => create(ex, store, def)),
    });
  }
  if (child === undefined) {
    return dispatch(ex, {
      GET: when('get', () => getOne(collection, def, id)),
      PATCH: when('update', () => updateOne(ex, collection, def, id)),
      DELETE: when('delete', () => deleteOne(collection, def, id)),
    });
  }
  if (rest.length > 3) return noRoute(ex);
  return routeChildren(ex, store, { ...resourceFor(child), path: `${def.path}/${id}/${child}` }, rest[2]);
}

/** `/{path}/{id}/{child}`: a bare-array listing, and the conventional CRUD on its records. */
function routeChildren(ex: Exchange, store: Store, def: ResourceDef, childId: string | undefined): Answer {
  const collection = store.collection(def.path);
  if (childId === undefined) {
    return dispatch(ex, {
      GET: () => answer(200, collection.records),
      POST: () => createOne(ex, collection, def),
    });
  }
  return dispatch(ex, {
    GET: () => getOne(collection, def, childId),
    PATCH: () => updateOne(ex, collection, def, childId),
    DELETE: () => deleteOne(collection, def, childId),
  });
}

function create(ex: Exchange, store: Store, def: ResourceDef): Answer {
  if (def.create === 'send') return createSend(ex, store);
  if (def.create === 'invite') return inviteUser(ex, store);
  return createOne(ex, store.collection(def.path), def);
}

/** `GET /groups/{id}/members`: a bare array; the documented 404 has only `message`. */
function members(store: Store, groupId: string): Answer {
  if (!store.collection(RESOURCES.groups.path).get(groupId))
    return answer(404, { message: 'Group not found!' });
  return answer(200, store.collection(`groups/${groupId}/members`).records);
}

/** Runs the handler for the request's method, or answers 405 with `Allow`. */
function dispatch(ex: Exchange, handlers: Handlers): Answer {
  const handler = handlers[ex.method];
  if (handler) return handler();
  const allowed = Object.keys(handlers).filter((method) => handlers[method] !== undefined);
  return answer(
    405,
    { success: false, message: `Method ${ex.method} not allowed` },
    { allow: allowed.join(', ') },
  );
}
