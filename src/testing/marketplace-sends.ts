import sendFixture from '../../fixtures/send.json' with { type: 'json' };
import { isoWithOffset, now } from './clock.js';
import { missingParam } from './crud-routes.js';
import { Answer, answer, type Exchange, failure, isRecord } from './http-io.js';
import { PRODUCTS_PATH } from './marketplace-catalogue.js';
import { variantsOf } from './marketplace-query.js';
import { recommend } from './marketplace-recommend.js';
import { RESOURCES } from './resource-table.js';
import type { Store } from './store.js';
import type { SandboxRecord } from './types.js';

const RECIPIENT = ['recipient_email', 'recipient_first_name', 'recipient_last_name'] as const;

/** `POST /marketplace/products/send`: sends the first of `variant_ids` (as Sendoso does). */
export function sendProduct(ex: Exchange, store: Store): Answer {
  const body = isRecord(ex.body) ? ex.body : {};
  const ids = body.variant_ids;
  if (!Array.isArray(ids) || ids.length === 0) return missingParam('variant_ids');
  const missing = missingRecipient(body);
  if (missing) return missing;
  const variantId = String(ids[0]);
  for (const product of store.collection(PRODUCTS_PATH).records) {
    const variant = variantsOf(product).find((v) => String(v.id) === variantId);
    if (variant) return recordSend(store, body, product, variant);
  }
  return failure(404, 'Variant not found');
}

/** `POST /smartsend/recommendations/send`: SmartSend's first pick for the recipient within the limits. */
export function smartSend(ex: Exchange, store: Store): Answer {
  const body = isRecord(ex.body) ? ex.body : {};
  const missing = missingRecipient(body);
  if (missing) return missing;
  const params: Record<string, string[]> = {};
  for (const name of ['recipient_email', 'price_lte_usd', 'ship_to_country_code']) {
    if (body[name] !== undefined && body[name] !== null) params[name] = [String(body[name])];
  }
  const picks = recommend(store, params);
  if (picks instanceof Answer) return picks;
  const product = picks[0];
  const variant = product ? variantsOf(product)[0] : undefined;
  if (!product || !variant)
    return failure(422, 'No recommended product fits price_lte_usd and ship_to_country_code');
  return recordSend(store, body, product, variant);
}

function missingRecipient(body: SandboxRecord): Answer | undefined {
  const absent = RECIPIENT.find((name) => typeof body[name] !== 'string' || body[name] === '');
  return absent ? missingParam(absent) : undefined;
}

/** A product send is a send like any other: it joins `GET /send` (`sandbox.data.gifts`) as Pending. */
function recordSend(
  store: Store,
  body: SandboxRecord,
  product: SandboxRecord,
  variant: SandboxRecord,
): Answer {
  const gifts = store.collection(RESOURCES.gifts.path);
  const id = gifts.peekNextId();
  const createdAt = isoWithOffset(now());
  const price = (variant.estimated_total_price as SandboxRecord | undefined) ?? {};
  gifts.insert({
    id,
    send_gid: Buffer.from(`gid://sendoso/Send/${id}`).toString('base64'),
    type: 'physical',
    subtype: 'marketplace_product',
    currency: price.currency ?? 'USD',
    current_total_cost: price.price_per_unit ?? null,
    status: 'Pending',
    created_at: createdAt,
    touch: null,
    recipient: {
      name: `${String(body.recipient_first_name)} ${String(body.recipient_last_name)}`,
      email: body.recipient_email,
      company_name: null,
    },
    sender: { ...sendFixture.sender },
    sent_via: 'marketplace',
    product: { id: String(product.id), variant_id: String(variant.id) },
    status_updates: [{ status: 'Pending', occurred_at: createdAt }],
  });
  return answer(200, { products: [{ variant_id: String(variant.id) }], send: { id: String(id) } });
}
