import { SendosoError } from '../errors.js';
import type { ResponseInfo, WithResponse } from '../http/response-info.js';

/**
 * Fetches the result page that a `nextPage` token points at. `walk` is given while a `for await`
 * walks the listing: the loader may read Sendoso's pages ahead for it until `walk` aborts (a
 * `break`, an error, the end of the walk).
 */
export type PageLoader<T> = (nextPage: string | undefined, walk?: AbortSignal) => Promise<Page<T>>;

/**
 * One page of a listing. `nextPage` is an opaque token (like the element's
 * `elements-next-page-token`); pass it back as `list({ nextPage })` to resume, even in another process.
 */
export class Page<T> implements AsyncIterable<T> {
  readonly items: T[];
  readonly nextPage: string | undefined;
  /** Number of matching records, when Sendoso reports it and no local filtering applies. */
  readonly total: number | undefined;
  /**
   * The response of the request that filled this page (the last one read, when a page is assembled
   * from several Sendoso pages; for an `orderBy` listing, the last request of the read it sorts).
   */
  readonly response: ResponseInfo;
  readonly #load: PageLoader<T>;
  readonly #readAhead: ((walk: AbortSignal) => void) | undefined;

  /** @param readAhead starts reading pages ahead for a `for await` that begins at this page. */
  constructor(
    init: { items: T[]; nextPage: string | undefined; total: number | undefined; response: ResponseInfo },
    load: PageLoader<T>,
    readAhead?: (walk: AbortSignal) => void,
  ) {
    this.items = init.items;
    this.nextPage = init.nextPage;
    this.total = init.total;
    this.response = init.response;
    this.#load = load;
    this.#readAhead = readAhead;
  }

  hasNextPage(): boolean {
    return this.nextPage !== undefined;
  }

  /** The following page; on the last page this is an error (check `hasNextPage()` first). */
  getNextPage(): Promise<Page<T>> {
    if (this.nextPage === undefined) {
      return Promise.reject(
        new SendosoError(
          'There is no next page: this is the last page of the listing (check hasNextPage() first)',
        ),
      );
    }
    return this.#load(this.nextPage);
  }

  /** @internal The next page for a `for await` that may read ahead until `walk` aborts. */
  nextFor(walk: AbortSignal): Promise<Page<T>> {
    return this.nextPage === undefined ? this.getNextPage() : this.#load(this.nextPage, walk);
  }

  /** @internal Starts reading ahead for a `for await` that begins at this page. */
  readAheadFor(walk: AbortSignal): void {
    this.#readAhead?.(walk);
  }

  /**
   * Every item of this page and of every page after it. Sendoso's pages are requested ahead as the
   * listing's `prefetch` allows; a `break` (or an error) aborts what is in flight. A hand-written
   * iterator rather than an async generator: one promise per item instead of three (it matters at
   * 100k items).
   */
  [Symbol.asyncIterator](): AsyncIterator<T> {
    let page: Page<T> = this;
    let index = 0;
    const walk = new AbortController();
    let started = false;
    const end = (): IteratorResult<T> => {
      walk.abort();
      return { done: true, value: undefined };
    };
    return {
      next: async (): Promise<IteratorResult<T>> => {
        if (walk.signal.aborted) return { done: true, value: undefined };
        if (!started) {
          started = true;
          this.readAheadFor(walk.signal);
        }
        while (index >= page.items.length) {
          if (page.nextPage === undefined) return end();
          try {
            page = await page.nextFor(walk.signal);
          } catch (err) {
            walk.abort();
            throw err;
          }
          index = 0;
        }
        return { done: false, value: page.items[index++] as T };
      },
      return: async (): Promise<IteratorResult<T>> => end(),
    };
  }
}

/**
 * What `list()` returns: a `Promise<Page<T>>` (`await` it for the first page) that is also
 * `AsyncIterable<T>` (`for await` it for every item). Nothing is requested until one of the two
 * happens, and both share the first request.
 */
export class PagePromise<T> extends Promise<Page<T>> implements AsyncIterable<T> {
  // Promises derived from this one (then/catch/finally) are plain promises.
  static override get [Symbol.species](): PromiseConstructor {
    return Promise;
  }

  readonly #first: () => Promise<Page<T>>;
  #promise: Promise<Page<T>> | undefined;

  /** @internal Created by `list()`. */
  constructor(first: () => Promise<Page<T>>) {
    // The executor's own value is never used: every consumer goes through #page(), which starts the
    // request lazily.
    super((resolve) => resolve(undefined as unknown as Page<T>));
    this.#first = first;
  }

  #page(): Promise<Page<T>> {
    this.#promise ??= this.#first();
    return this.#promise;
  }

  // biome-ignore lint/suspicious/noThenProperty: a PagePromise is a promise.
  override then<A = Page<T>, B = never>(
    onFulfilled?: ((page: Page<T>) => A | PromiseLike<A>) | null,
    onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    return this.#page().then(onFulfilled, onRejected);
  }

  override catch<B = never>(
    onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<Page<T> | B> {
    return this.#page().catch(onRejected);
  }

  override finally(onFinally?: (() => void) | null): Promise<Page<T>> {
    return this.#page().finally(onFinally);
  }

  /** The first page and the response of the request that filled it. */
  withResponse(): Promise<WithResponse<Page<T>>> {
    return this.#page().then((page) => ({ data: page, response: page.response }));
  }

  /** The response of the request that filled the first page. */
  asResponse(): Promise<ResponseInfo> {
    return this.#page().then((page) => page.response);
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    let inner: AsyncIterator<T> | undefined;
    return {
      next: async (): Promise<IteratorResult<T>> => {
        inner ??= (await this.#page())[Symbol.asyncIterator]();
        return inner.next();
      },
      // A `break` stops the pages read ahead.
      return: async (): Promise<IteratorResult<T>> =>
        (await inner?.return?.()) ?? { done: true, value: undefined },
    };
  }
}
