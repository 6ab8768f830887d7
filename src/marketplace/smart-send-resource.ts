import type { ApiPromise } from '../http/api-promise.js';
import type { RequestOptions } from '../options.js';
import type { Resource } from '../resources/resource.js';
import type { Product, ProductSendResult, RecommendationQuery, SmartSendBody } from './schemas.js';

/** `client.smartSend`: products SmartSend recommends for a recipient, and a send of its pick. */
export class SmartSendResource {
  readonly name: string;
  readonly #engine: Resource<Product, never, never, never>;

  /** @internal Created by the client. */
  constructor(engine: Resource<Product, never, never, never>) {
    this.name = engine.name;
    this.#engine = engine;
  }

  /** `GET /smartsend/recommendations`. An email Sendoso knows nothing about is its 404 (`NotFoundError`). */
  recommendations(query: RecommendationQuery, options: RequestOptions = {}): ApiPromise<Product[]> {
    return this.#engine.action('recommendations', query, options);
  }

  /** `POST /smartsend/recommendations/send`. Never retried (Sendoso does not deduplicate). */
  send(body: SmartSendBody, options: RequestOptions = {}): ApiPromise<ProductSendResult> {
    return this.#engine.action('send', body, options);
  }
}
