import type { z } from 'zod';
import { ceql, pushdown, toWhere, type Where, type WhereField, where } from '../ceql/index.js';
import { ListingChangedError, SendosoError, ValidationError } from '../errors.js';
import { type ApiPromise, callApi, sent } from '../http/api-promise.js';
import { fillPath } from '../http/path.js';
import type { ApiRequest, RequestSender } from '../http/request-sender.js';
import { toResponseInfo } from '../http/response-info.js';
import type { RequestOptions } from '../options.js';
import { decodeCursor, queryFingerprint } from '../pagination/cursor.js';
import { CursorPagePromise } from '../pagination/cursor-page.js';
import { openCursorListing, walkCursor } from '../pagination/cursor-walk.js';
import { MAX_PROVIDER_PAGE_SIZE, type WalkSpec } from '../pagination/list-walker.js';
import { type ListingPlan, openListing } from '../pagination/listing.js';
import { compileOrderBy } from '../pagination/order-by.js';
import { PagePromise } from '../pagination/page.js';
import { isLastPage, type ProviderPage, readProviderPage } from '../pagination/provider-page.js';
import { DEFAULT_PREFETCH, ReadAhead } from '../pagination/read-ahead.js';
import { WalkGuard } from '../pagination/walk-guard.js';
import { confirmGoneBy } from '../poll/confirm-gone.js';
import { type CursorPlan, planCursorListing } from './cursor-plan.js';
import type { Operation, ResourceDefinition, Route } from './definition.js';
import type { FieldName } from './field-path.js';
import { checkListAllOptions, normalizeListQuery } from './list-options.js';
import { toQuery } from './query-params.js';
import { withScopeHint } from './scope-hint.js';
import { checkId, parseOutput, recordParser, snapshot, validateInput } from './validate.js';

/** The options `list()` takes besides a bare `where`. */
export type ListOptions = {
  where?: Where | string;
  /** Items per result page (default 100). Above Sendoso's 100, pages are assembled from several requests. */
  pageSize?: number;
  /** The result page (of `pageSize` items) to start at, 1-based. */
  page?: number;
  /** A token from `page.nextPage`, to resume a listing (with the same `where`, `pageSize` and `orderBy`). */
  nextPage?: string;
  /**
   * Sort locally, e.g. `'created_at desc, name'` (Sendoso cannot sort). This reads the whole
   * matching listing before the first page, so memory grows with it.
   */
  orderBy?: string;
  /**
   * Sendoso pages a `for await` may request ahead of the one it reads, once Sendoso's total says
   * they exist (default 3, at most 20; `0` requests each page only when the walk needs it). At
   * Sendoso's 10 requests a second, a walk needs about `10 × round trip` requests in flight to
   * reach the limit. `await list()` and `getNextPage()` never read ahead; a `break` or an abort
   * cancels what is in flight. Cursor listings (the marketplace) read one page at a time.
   */
  prefetch?: number;
};

/**
 * Per-call options of `listAll()` and `list()`: the request options, plus how many Sendoso pages to
 * read ahead (for `list()`, `prefetch` in the query wins).
 */
export type ListAllOptions = RequestOptions & {
  /** Sendoso pages requested ahead of the one being read (default 3, at most 20, 0 = one at a time). */
  prefetch?: number;
};

export type ListQuery = Where | string | ListOptions;

/**
 * The generic engine behind every resource module: each method turns a route of the definition into
 * one request through the client's single request path. No resource has methods of its own here.
 */
export class Resource<T, TCreate = unknown, TUpdate = unknown, TCreated = T> {
  readonly name: string;
  readonly #definition: ResourceDefinition<T, TCreate, TUpdate, TCreated>;
  /** @internal */
  protected readonly sender: RequestSender;
  readonly #pathParams: Record<string, string | number>;
  /** The record validator for listings, compiled on the first list and reused by every later one. */
  #parseRecord: ((record: unknown) => T) | undefined;

  /** @internal Resources are created by the client. */
  constructor(
    definition: ResourceDefinition<T, TCreate, TUpdate, TCreated>,
    sender: RequestSender,
    pathParams: Record<string, string | number> = {},
  ) {
    this.name = definition.name;
    this.#definition = definition;
    this.sender = sender;
    this.#pathParams = pathParams;
  }

  /**
   * Lists records, optionally filtered by a CEQL `where` (a `Where`, a string, or `{ where }`).
   * `await` it for the first page, `for await` it for every matching record.
   */
  list(query?: ListQuery, options: ListAllOptions = {}): PagePromise<T> {
    if (this.#isCursorListing()) {
      return new CursorPagePromise(async () => {
        const { prefetch: _, ...request } = checkListAllOptions(options, 'list');
        const { spec, nextPage } = this.#cursorPlan(query);
        return openCursorListing(spec, nextPage, request);
      });
    }
    return new PagePromise(async () => {
      // `prefetch` may come with the query or with the per-call options; the query's wins.
      const { prefetch, ...request } = checkListAllOptions(options, 'list');
      return openListing(this.#plan(query, { prefetch }), request);
    });
  }

  /**
   * Every record matching `where`: one complete listing, streamed page by page (what pollers use),
   * each record once. Sendoso pages by offset, so a record created or deleted mid-walk shifts the
   * pages after it and can hide another record. When the walk can tell (the reported total moved, a
   * record came back on a second page, or fewer distinct records arrived than the total), it still
   * yields every page, then throws `ListingChangedError`: what was seen is real, but the listing
   * cannot prove that a record is gone. A server that repeats pages stops the walk with
   * `PaginationLoopError`. Neither can catch a delete and an insert that cancel out, which is why
   * pollers confirm a delete with {@link confirmGone} before reporting it.
   */
  async *listAll(where?: Where | string, options: ListAllOptions = {}): AsyncGenerator<T> {
    const { prefetch, ...request } = checkListAllOptions(options);
    if (this.#isCursorListing()) {
      // A cursor listing is complete when its cursor ends; there is no total to check it against.
      yield* walkCursor(this.#cursorPlan(where === undefined ? undefined : { where }).spec, request);
      return;
    }
    const guard = new WalkGuard(this.name, (record) => this.idOf(record as T));
    const { spec, perPage } = this.#plan(
      where === undefined
        ? { pageSize: MAX_PROVIDER_PAGE_SIZE }
        : { where, pageSize: MAX_PROVIDER_PAGE_SIZE },
      { guard },
    );
    // Provider page by provider page (no result pages): each page is fetched exactly once, pages
    // ahead of the one being read in flight. Pages are checked in order as they are read.
    const reader = new ReadAhead((page, given) => spec.fetchPage(page, perPage, given), prefetch, request);
    let firstTotal: number | undefined | null = null;
    let total: number | undefined;
    let moved = false;
    let received = 0;
    try {
      for (let page = 1; ; page++) {
        const provider = await reader.take(page);
        spec.check(page, provider);
        if (firstTotal === null) firstTotal = provider.total;
        else if (provider.total !== firstTotal) moved = true;
        total = provider.total;
        received += provider.records.length;
        for (const raw of provider.records) {
          const record = spec.parse(raw);
          // A record already yielded from an earlier page: the pages shifted under the walk.
          if (guard.firstSeenOn(this.idOf(record)) !== page) {
            moved = true;
            continue;
          }
          if (!spec.matches || spec.matches(record)) yield record;
        }
        if (isLastPage(provider, received, perPage)) break;
      }
    } finally {
      // The walk ended, failed, or its consumer stopped (`break`, a poller's stop()): nothing more is requested.
      reader.close();
    }
    // Fewer distinct records than Sendoso's total also means the walk cannot vouch for what it did not see.
    if (moved || (total !== undefined && guard.distinct < total)) {
      throw new ListingChangedError(this.name, firstTotal ?? undefined, total);
    }
  }

  /**
   * `where(field)` typed by this resource's records: `client.touches.where('name').eq('Q4')` compiles,
   * a misspelt field does not. Dotted paths reach nested fields (`recipient.email`). For a field the
   * schema does not declare, use the untyped `where('field')`.
   */
  where(field: FieldName<T>): WhereField {
    return where(field);
  }

  /**
   * Which of `ids` are gone, with positive evidence: `GET /{id}` answered 404, or the record no
   * longer matches `where` (it left the watched set). One GET per id, a few at a time, through the
   * client's rate-limited request path; any other failure rejects. Resolves `undefined` when the
   * resource has no get route, so nothing can prove a delete (pollers then wait for two consistent
   * listings). `accept` lets a wrapper (a VDR) refuse a record it would not list.
   */
  async confirmGone(
    ids: readonly string[],
    query: { where?: Where | string | undefined; accept?: ((record: T) => boolean) | undefined } = {},
    options: RequestOptions = {},
  ): Promise<string[] | undefined> {
    if (!this.#definition.routes.get) return undefined;
    const matches = query.where === undefined ? undefined : ceql.compile(toWhere(query.where));
    const accept = query.accept;
    return confirmGoneBy(
      ids,
      async (id) => {
        const record = await this.get(id, options);
        return (!matches || matches(record)) && (!accept || accept(record));
      },
      options.signal,
    );
  }

  /** The record's id as a string. */
  idOf(record: T): string {
    const id = (record as Record<string, unknown>)[this.#definition.idField];
    return String(id);
  }

  /** `GET /{path}/{id}`. `.withResponse()` adds the response (status, headers, request id). */
  get(id: string | number, options: RequestOptions = {}): ApiPromise<T> {
    return callApi(async () => {
      const route = this.#route('get');
      const response = await this.send(route, { id: checkId(id) }, undefined, options);
      return sent(response, () =>
        parseOutput(
          this.#definition.schema,
          unwrap(response.data, route),
          `${this.name}.get`,
          response.status,
        ),
      );
    });
  }

  create(body: TCreate, options: RequestOptions = {}): ApiPromise<TCreated> {
    return callApi(async () => {
      const route = this.#route('create');
      const schema = this.#definition.createBody;
      const valid = schema
        ? validateInput(schema, body, `Invalid ${this.name}.create body`)
        : checkObject(body, 'create');
      const response = await this.send(route, {}, valid, options);
      const result =
        this.#definition.createResult ?? (this.#definition.schema as unknown as z.ZodType<TCreated>);
      return sent(response, () =>
        parseOutput(result, unwrap(response.data, route), `${this.name}.create`, response.status),
      );
    });
  }

  update(id: string | number, patch: TUpdate, options: RequestOptions = {}): ApiPromise<T> {
    return callApi(async () => {
      const route = this.#route('update');
      const checkedId = checkId(id);
      const schema = this.#definition.updateBody;
      const valid = schema
        ? validateInput(schema, patch, `Invalid ${this.name}.update body`)
        : checkObject(patch, 'update');
      const response = await this.send(route, { id: checkedId }, valid, options);
      return sent(response, () =>
        parseOutput(
          this.#definition.schema,
          unwrap(response.data, route),
          `${this.name}.update`,
          response.status,
        ),
      );
    });
  }

  delete(id: string | number, options: RequestOptions = {}): ApiPromise<void> {
    return callApi(async () => {
      const route = this.#route('delete');
      const response = await this.send(route, { id: checkId(id) }, undefined, options);
      return sent(response, () => undefined);
    });
  }

  /** Turns list arguments into a walk plan; CEQL strings are parsed here, before any request. */
  #plan(
    query: ListQuery | undefined,
    {
      guard = new WalkGuard(this.name, (r) => this.idOf(r as T)),
      prefetch = DEFAULT_PREFETCH,
    }: { guard?: WalkGuard; prefetch?: number } = {},
  ): ListingPlan<T> {
    const listOptions = normalizeListQuery(query);
    const route = this.#route('list');
    const where = listOptions.where === undefined ? undefined : toWhere(listOptions.where);
    const pageSize = listOptions.pageSize ?? MAX_PROVIDER_PAGE_SIZE;
    const order = listOptions.orderBy === undefined ? undefined : compileOrderBy(listOptions.orderBy);
    const pushed = where ? pushdown(where, this.#definition.pushdown ?? {}) : {};
    const exact = where === undefined || isFullyPushed(where, pushed);
    const perPage = exact && !order ? Math.min(pageSize, MAX_PROVIDER_PAGE_SIZE) : MAX_PROVIDER_PAGE_SIZE;
    const queryText = [route.path, where ? String(where) : '', pageSize, listOptions.orderBy ?? ''].join(
      '\n',
    );
    const fingerprint = queryFingerprint(queryText);
    // A token that does not belong to this query is refused now, before any page is read (a sorted
    // listing would otherwise read everything first).
    if (listOptions.nextPage)
      decodeCursor(listOptions.nextPage, { fingerprint, perPage, sorted: order !== undefined });
    const itemsKey = route.itemsKey ?? this.name;
    const spec: WalkSpec<T> = {
      fetchPage: async (page, size, options): Promise<ProviderPage> => {
        guard.beforeFetch(page);
        const response = await this.send(route, {}, undefined, options, { ...pushed, page, per_page: size });
        const parsed = readProviderPage(response.data, itemsKey, route.totalKey);
        if (!parsed) {
          throw new SendosoError(
            `Unexpected response shape for ${this.name}.list: expected an array under "${itemsKey}" or a bare array`,
          );
        }
        return { ...parsed, response: toResponseInfo(response) };
      },
      check: (page, provider) => guard.check(page, provider.records, provider.total),
      parse: this.#recordParser(),
      matches: where ? ceql.compile(where) : undefined,
      pageSize,
      totalIsExact: exact,
    };
    return {
      spec,
      perPage,
      fingerprint,
      exact,
      order,
      page: listOptions.page ?? 1,
      nextPage: listOptions.nextPage,
      prefetch: listOptions.prefetch ?? prefetch,
    };
  }

  #isCursorListing(): boolean {
    return this.#definition.routes.list?.paging === 'cursor';
  }

  #cursorPlan(query: unknown): CursorPlan<T> {
    const route = this.#route('list');
    return planCursorListing({
      name: this.name,
      definition: this.#definition as ResourceDefinition<T, unknown, unknown, unknown>,
      route,
      query,
      parse: this.#recordParser(),
      send: (params, options) => this.send(route, {}, undefined, options, params),
    });
  }

  /**
   * Runs one of the definition's actions (calls beyond CRUD, such as the marketplace's `send`): the
   * input is validated before anything is sent, the answer parsed. Resource modules call it. @internal
   */
  action<R>(name: string, input: unknown, options: RequestOptions = {}): ApiPromise<R> {
    return callApi(async () => {
      const action = this.#definition.actions?.[name];
      if (!action) throw new SendosoError(`${this.name} has no action ${name}`);
      const { route } = action;
      const what = `${this.name}.${name}`;
      const isQuery = route.method === 'GET';
      const valid = validateInput(action.input, input, `Invalid ${what} ${isQuery ? 'query' : 'body'}`);
      const response = isQuery
        ? await this.send(route, {}, undefined, options, toQuery(valid))
        : await this.send(route, {}, valid, options);
      return sent(
        response,
        () => parseOutput(action.result, unwrap(response.data, route), what, response.status) as R,
      );
    });
  }

  #recordParser(): (record: unknown) => T {
    this.#parseRecord ??= recordParser(this.#definition.schema, `${this.name}.list`);
    return this.#parseRecord;
  }

  #route(operation: Operation): Route {
    const route = this.#definition.routes[operation];
    if (!route) {
      throw new SendosoError(`${this.name} does not support ${operation} (no route is defined for it)`);
    }
    return route;
  }

  /** Sends one route of this resource through the client's request path. @internal */
  protected send(
    route: Route,
    params: Record<string, string | number>,
    body: unknown,
    options: RequestOptions,
    query?: ApiRequest['query'],
  ) {
    const request: ApiRequest = {
      method: route.method,
      path: fillPath(route.path, { ...this.#pathParams, ...params }),
    };
    if (query) request.query = query;
    if (body !== undefined) request.body = route.wrap ? { [route.wrap]: body } : body;
    if (route.rateLimit) request.rateLimit = route.rateLimit;
    const sent = this.sender.send(request, options);
    if (!route.scopes) return sent;
    return sent.catch((err: unknown) => {
      throw withScopeHint(err, route);
    });
  }
}

/** True when the pushed parameters are the whole `where`, so Sendoso's total counts the matches. */
function isFullyPushed(where: Where, pushed: Record<string, unknown>): boolean {
  const terms = where.ast.kind === 'and' ? where.ast.terms : [where.ast];
  return (
    terms.every(
      (term) =>
        term.kind === 'compare' &&
        term.op === '=' &&
        Object.hasOwn(pushed, term.field) &&
        pushed[term.field] === term.value,
    ) && new Set(terms.map((t) => (t.kind === 'compare' ? t.field : ''))).size === terms.length
  );
}

function unwrap(data: unknown, route: Route): unknown {
  if (!route.unwrap || data === null || typeof data !== 'object') return data;
  const inner = (data as Record<string, unknown>)[route.unwrap];
  return inner !== null && typeof inner === 'object' ? inner : data;
}

function checkObject(body: unknown, operation: string): unknown {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new ValidationError(`Invalid ${operation} body`, [{ path: '', message: 'must be an object' }]);
  }
  return snapshot(body, `Invalid ${operation} body`);
}
