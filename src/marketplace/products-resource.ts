import type { Where } from '../ceql/index.js';
import type { ApiPromise } from '../http/api-promise.js';
import type { RequestOptions } from '../options.js';
import type { CursorPagePromise, PageWith } from '../pagination/cursor-page.js';
import type { Resource } from '../resources/resource.js';
import type { CategoryGroup, Product, ProductFilters, ProductSend, ProductSendResult } from './schemas.js';

/** `products.list()`'s argument: Sendoso's filters, plus a local CEQL `where` and a resume token. */
export type ProductListQuery = ProductFilters & {
  /** Evaluated locally on each page (Sendoso's own filters are the others). */
  where?: Where | string;
  /** `page.nextPage` of an earlier listing with the same filters. */
  nextPage?: string;
};

/** A catalogue page: its products, and the category tree Sendoso sent with it. */
export type CatalogPage = PageWith<Product, { categories: CategoryGroup[] }>;

/** `client.marketplace.products`: the catalogue, cursor-paged, and product sends. */
export class MarketplaceProductsResource {
  readonly name: string;
  readonly #engine: Resource<Product, never, never, never>;

  /** @internal Created by the client. */
  constructor(engine: Resource<Product, never, never, never>) {
    this.name = engine.name;
    this.#engine = engine;
  }

  /**
   * `GET /marketplace/products` with Sendoso's filters. `await` it for the first page (with
   * `page.categories`), `for await` it for every product; each Sendoso page is read once.
   */
  list(query?: ProductListQuery, options: RequestOptions = {}): CursorPagePromise<Product, CatalogPage> {
    return this.#engine.list(query, options) as CursorPagePromise<Product, CatalogPage>;
  }

  /** Every product matching `where`, one complete walk of the catalogue (what `client.poll()` reads). */
  listAll(where?: Where | string, options: RequestOptions = {}): AsyncGenerator<Product> {
    return this.#engine.listAll(where, options);
  }

  idOf(product: Product): string {
    return this.#engine.idOf(product);
  }

  /** `POST /marketplace/products/send`: sends a variant. Never retried (Sendoso does not deduplicate). */
  send(body: ProductSend, options: RequestOptions = {}): ApiPromise<ProductSendResult> {
    return this.#engine.action('send', body, options);
  }
}
