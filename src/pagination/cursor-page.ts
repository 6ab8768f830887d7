import type { ResponseInfo, WithResponse } from '../http/response-info.js';
import { Page, PagePromise } from './page.js';

/**
 * A page of a cursor listing. Its answer carries more than records (the marketplace sends the
 * category tree with every page), so the page holds those fields too, as read-only properties:
 * `page.categories`. There is no total: cursor listings do not say how long they are.
 */
export class CursorPage<T> extends Page<T> {
  /** @internal Created by cursor listings. */
  constructor(
    init: { items: T[]; nextPage: string | undefined; response: ResponseInfo },
    fields: Readonly<Record<string, unknown>>,
    load: (nextPage: string | undefined) => Promise<CursorPage<T>>,
  ) {
    super({ ...init, total: undefined }, load);
    for (const [name, value] of Object.entries(fields)) {
      // A field named like one of Page's own would change what `items` or `nextPage` mean.
      if (name in this) continue;
      Object.defineProperty(this, name, { value, enumerable: true, writable: false });
    }
  }

  /** The following page, with its own fields. */
  override getNextPage(): Promise<this> {
    return super.getNextPage() as Promise<this>;
  }
}

/** A cursor page with the fields its resource declares, e.g. `PageWith<Product, { categories: CategoryGroup[] }>`. */
export type PageWith<T, F extends object> = CursorPage<T> & Readonly<F>;

/**
 * `PagePromise` for pages of a richer type: `await` gives `P` (a `CursorPage` with its fields),
 * `for await` still walks every item.
 */
export class CursorPagePromise<T, P extends Page<T> = Page<T>> extends PagePromise<T> {
  // biome-ignore lint/suspicious/noThenProperty: a PagePromise is a promise.
  override then<A = P, B = never>(
    onFulfilled?: ((page: P) => A | PromiseLike<A>) | null,
    onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    return super.then(onFulfilled as ((page: Page<T>) => A | PromiseLike<A>) | null | undefined, onRejected);
  }

  override catch<B = never>(onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null): Promise<P | B> {
    return super.catch(onRejected) as Promise<P | B>;
  }

  override finally(onFinally?: (() => void) | null): Promise<P> {
    return super.finally(onFinally) as Promise<P>;
  }

  override withResponse(): Promise<WithResponse<P>> {
    return super.withResponse() as Promise<WithResponse<P>>;
  }
}
