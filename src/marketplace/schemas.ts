import { z } from 'zod';
import { Money, maybe } from '../resources/schemas/common.js';

// Sendoso's Marketplace and SmartSend shapes. All their ids are strings; prices stay as Sendoso
// sends them ("25.00"), never converted, so nothing is lost to floating point.

export const ProductImage = z.looseObject({
  url: maybe(z.string()),
  cdn_main: maybe(z.looseObject({ url: maybe(z.string()) })),
  cdn_thumbnail: maybe(z.looseObject({ url: maybe(z.string()) })),
});
export type ProductImage = z.infer<typeof ProductImage>;

/** A variant's estimated total price: `{ currency: 'USD', price_per_unit: '25.00' }`. */
export const ProductPrice = z.looseObject({
  currency: maybe(z.string()),
  price_per_unit: maybe(Money),
});
export type ProductPrice = z.infer<typeof ProductPrice>;

/** What is actually sent: `products.send({ variant_ids: [variant.id], ... })`. */
export const ProductVariant = z.looseObject({
  id: z.string(),
  estimated_total_price: maybe(ProductPrice),
  images: maybe(z.array(ProductImage)),
});
export type ProductVariant = z.infer<typeof ProductVariant>;

/** A marketplace product (`GET /marketplace/products`, `GET /smartsend/recommendations`). */
export const Product = z.looseObject({
  id: z.string(),
  name: maybe(z.string()),
  description: maybe(z.string()),
  /** On recommendations: why SmartSend picked it. */
  interests: maybe(z.array(z.unknown())),
  variants: maybe(z.array(ProductVariant)),
});
export type Product = z.infer<typeof Product>;

export const Category = z.looseObject({ id: z.string(), name: maybe(z.string()) });
export type Category = z.infer<typeof Category>;

/** One branch of the category tree each catalogue page carries: `{ group_name, children: [{ id, name }] }`. */
export const CategoryGroup = z.looseObject({
  group_name: maybe(z.string()),
  children: maybe(z.array(Category)),
});
export type CategoryGroup = z.infer<typeof CategoryGroup>;

const countryCode = z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code such as "US"');
const usd = z.number().int('must be a whole number of US dollars').min(0);

/** Sendoso's catalogue filters, as `products.list()` takes them (arrays travel as `name[]`). */
export const ProductFilters = z
  .strictObject({
    text_search: z.string().min(1).optional(),
    price_gte_usd: usd.optional(),
    price_lte_usd: usd.optional(),
    ship_to_country_codes: z.array(countryCode).min(1).optional(),
    category_ids: z.array(z.string().min(1)).min(1).optional(),
  })
  .refine(
    (q) =>
      q.price_gte_usd === undefined || q.price_lte_usd === undefined || q.price_gte_usd <= q.price_lte_usd,
    { path: ['price_gte_usd'], message: 'must not be above price_lte_usd' },
  );
export type ProductFilters = z.input<typeof ProductFilters>;

const recipient = {
  recipient_email: z.email(),
  recipient_first_name: z.string().min(1),
  recipient_last_name: z.string().min(1),
};
const extras = {
  message: z.string().optional(),
  gift_exchange_enabled: z.boolean().optional(),
  meeting_url: z.url().optional(),
};

/** `marketplace.products.send(body)`: Sendoso uses the first of `variant_ids`. */
export const ProductSend = z.looseObject({
  variant_ids: z.array(z.string().min(1)).min(1),
  ...recipient,
  sender_first_name: z.string().optional(),
  sender_last_name: z.string().optional(),
  sender_email: z.email().optional(),
  sender_organization_name: z.string().optional(),
  ...extras,
});
export type ProductSend = z.input<typeof ProductSend>;

/** What a product send answers: `{ products: [{ variant_id }], send: { id } }`. */
export const ProductSendResult = z.looseObject({
  products: maybe(z.array(z.looseObject({ variant_id: maybe(z.string()) }))),
  send: z.looseObject({ id: z.string() }),
});
export type ProductSendResult = z.infer<typeof ProductSendResult>;

/** `smartSend.recommendations(query)`. */
export const RecommendationQuery = z.strictObject({
  recipient_email: z.email(),
  price_lte_usd: usd.optional(),
  ship_to_country_code: countryCode.optional(),
});
export type RecommendationQuery = z.input<typeof RecommendationQuery>;

/** `smartSend.send(body)`: SmartSend picks the product for the recipient. */
export const SmartSendBody = z.looseObject({
  ...recipient,
  price_lte_usd: usd.optional(),
  ship_to_country_code: countryCode.optional(),
  ...extras,
});
export type SmartSendBody = z.input<typeof SmartSendBody>;
