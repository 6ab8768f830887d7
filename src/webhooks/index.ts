/**
 * Sendoso's send-status webhooks, delivered by Svix: `verifyWebhook` checks one request's signature and
 * timestamp and returns the typed event; `createWebhookHandler` receives them over HTTP (node:http,
 * Express, any framework through `handler.process`), deduplicates redeliveries, and can trigger a
 * poller so the change arrives as a poll event at once.
 */
export {
  MemoryWebhookDedupeStore,
  type MemoryWebhookDedupeStoreOptions,
  type WebhookDedupeStore,
} from './dedupe.js';
export type { WebhookEvent } from './event.js';
export {
  createWebhookHandler,
  type WebhookHandler,
  type WebhookHandlerOptions,
  type WebhookPollTarget,
  type WebhookRequest,
  type WebhookResponse,
} from './handler.js';
export type { WebhookHeaders } from './headers.js';
export type { WebhookSecret } from './secret.js';
export { type VerifyWebhookOptions, verifyWebhook } from './verify.js';
