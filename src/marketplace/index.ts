/**
 * Sendoso's Marketplace (browse the catalogue, send a product) and SmartSend (products recommended
 * for a recipient, and a send of one): definitions run by the same resource engine as every other
 * resource, with their own scopes and their own per-minute rate limit.
 */
import type { RequestSender } from '../http/request-sender.js';
import { Resource } from '../resources/resource.js';
import { marketplaceProducts, smartSend } from './definitions.js';
import { MarketplaceProductsResource } from './products-resource.js';
import { SmartSendResource } from './smart-send-resource.js';

export { marketplaceProducts, smartSend as smartSendDefinition } from './definitions.js';
export { type CatalogPage, MarketplaceProductsResource, type ProductListQuery } from './products-resource.js';
export * from './schemas.js';
export { SmartSendResource } from './smart-send-resource.js';

/** `client.marketplace`. */
export type Marketplace = { readonly products: MarketplaceProductsResource };

/** The client's `marketplace` and `smartSend`, over its request path. */
export function createMarketplace(sender: RequestSender): {
  marketplace: Marketplace;
  smartSend: SmartSendResource;
} {
  return {
    marketplace: { products: new MarketplaceProductsResource(new Resource(marketplaceProducts, sender)) },
    smartSend: new SmartSendResource(new Resource(smartSend, sender)),
  };
}
