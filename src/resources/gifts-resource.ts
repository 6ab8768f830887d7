import { type ApiPromise, callApi, sent } from '../http/api-promise.js';
import type { RequestOptions } from '../options.js';
import { Resource } from './resource.js';
import {
  EgiftLinksCreate,
  type EgiftLinksResult,
  type Gift,
  type GiftCreate,
  type GiftSendResult,
  type GiftUpdate,
  EgiftLinksResult as LinksResult,
} from './schemas/gift.js';
import { parseOutput, validateInput } from './validate.js';

/** `client.gifts`: sends. `create` is `POST /send` and is never retried once it may have reached Sendoso. */
export class GiftsResource extends Resource<Gift, GiftCreate, GiftUpdate, GiftSendResult> {
  /** `POST /send/generate_egift_links`: eGift links for recipients, without sending email. Never retried. */
  generateEgiftLinks(body: EgiftLinksCreate, options: RequestOptions = {}): ApiPromise<EgiftLinksResult> {
    return callApi(async () => {
      const valid = validateInput(EgiftLinksCreate, body, 'Invalid gifts.generateEgiftLinks body');
      const response = await this.send(
        { method: 'POST', path: '/send/generate_egift_links', wrap: 'send' },
        {},
        { ...valid, via: 'generate_egift_links' },
        options,
      );
      return sent(response, () =>
        parseOutput(LinksResult, response.data, 'gifts.generateEgiftLinks', response.status),
      );
    });
  }
}
