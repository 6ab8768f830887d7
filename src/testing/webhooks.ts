import { setTimeout as sleep } from 'node:timers/promises';
import { isoWithOffset, now } from './clock.js';
import type { Collection } from './store.js';
import type { RecordId, SandboxRecord } from './types.js';
import {
  isLoopbackHttpUrl,
  newSecret,
  postOnce,
  secretKey,
  signedHeaders,
  svixId,
} from './webhook-attempt.js';
import type {
  SandboxAdvanceOptions,
  SandboxWebhookDelivery,
  SandboxWebhookEndpointInput,
  SandboxWebhooks,
} from './webhook-types.js';

/** Svix's schedule: at once, then 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h. */
export const SVIX_RETRY_DELAYS_MS: readonly number[] = [
  0, 5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000,
];
/** Svix counts an attempt not answered within 15 s as failed. */
export const SVIX_TIMEOUT_MS = 15_000;
/** Node fires a longer timer at once (TimeoutOverflowWarning): a 30-day delay would be no delay. */
const MAX_TIMER_MS = 2_147_483_647;
const isDelay = (ms: unknown) => typeof ms === 'number' && ms >= 0 && ms <= MAX_TIMER_MS;

interface Endpoint {
  id: string;
  url: string;
  key: Buffer;
}

export interface WebhookSettings {
  retryDelaysMs?: readonly number[] | undefined;
  timeoutMs?: number | undefined;
}

/** The sandbox's side of Sendoso's webhooks: endpoints, signed deliveries, retries, the delivery log. */
export class WebhookSender implements SandboxWebhooks {
  readonly #endpoints = new Map<string, Endpoint>();
  readonly #log: SandboxWebhookDelivery[] = [];
  readonly #timers = new Map<NodeJS.Timeout, string>(); // timer → endpoint id
  readonly #closing = new AbortController();
  readonly #delays: readonly number[];
  readonly #timeoutMs: number;
  readonly #sends: Collection;

  constructor(sends: Collection, settings: WebhookSettings = {}) {
    this.#delays = settings.retryDelaysMs ?? SVIX_RETRY_DELAYS_MS;
    this.#timeoutMs = settings.timeoutMs ?? SVIX_TIMEOUT_MS;
    const { length } = this.#delays;
    if (!Array.isArray(this.#delays) || length === 0 || !this.#delays.every(isDelay)) {
      throw new RangeError(
        `createSandbox: webhookRetryDelaysMs must be a non-empty array of milliseconds from 0 to ${MAX_TIMER_MS}`,
      );
    }
    if (!(this.#timeoutMs > 0 && isDelay(this.#timeoutMs))) {
      throw new RangeError(
        `createSandbox: webhookTimeoutMs must be a positive number of milliseconds up to ${MAX_TIMER_MS}, got ${this.#timeoutMs}`,
      );
    }
    this.#sends = sends;
    sends.onUpdate((before, after) => {
      if (before.status !== after.status) this.#statusChanged(after);
    });
  }

  add({ url, secret }: SandboxWebhookEndpointInput): { id: string; secret: string } {
    if (typeof url !== 'string' || !isLoopbackHttpUrl(url)) {
      throw new TypeError(
        `webhooks.add: url must be an http:// URL on loopback (localhost, 127.0.0.1, [::1]), got ${String(url)}`,
      );
    }
    const chosen = secret ?? newSecret();
    const key = typeof chosen === 'string' ? secretKey(chosen) : undefined;
    if (!key) throw new TypeError('webhooks.add: secret must be whsec_ followed by base64');
    const id = svixId('ep');
    this.#endpoints.set(id, { id, url, key });
    return { id, secret: chosen };
  }

  remove(id: string): boolean {
    for (const [timer, endpointId] of this.#timers) {
      if (endpointId === id) this.#cancel(timer);
    }
    return this.#endpoints.delete(id);
  }

  get deliveries(): readonly SandboxWebhookDelivery[] {
    return this.#log.slice();
  }

  async advance(sendId: RecordId, options: SandboxAdvanceOptions = {}): Promise<SandboxRecord> {
    const { statuses = ['Sent', 'Delivered'], everyMs = 0 } = options;
    if (!isDelay(everyMs))
      throw new RangeError(`webhooks.advance: everyMs must be milliseconds from 0 to ${MAX_TIMER_MS}`);
    let record = this.#sends.get(sendId);
    if (!record) throw new TypeError(`webhooks.advance: there is no send with id ${String(sendId)}`);
    for (const status of statuses) {
      try {
        await sleep(everyMs, undefined, { signal: this.#closing.signal });
      } catch {
        break; // the sandbox closed: the send stays where it got to
      }
      const current = this.#sends.get(sendId);
      if (!current) break;
      const history = Array.isArray(current.status_updates) ? current.status_updates : [];
      const occurredAt = isoWithOffset(now());
      record = this.#sends.update(sendId, {
        status,
        updated_at: occurredAt,
        status_updates: [...history, { status, occurred_at: occurredAt }],
      });
    }
    return record ?? {};
  }

  /** Cancels every pending attempt and aborts those in flight; nothing is delivered afterwards. */
  close(): void {
    this.#closing.abort();
    for (const timer of this.#timers.keys()) this.#cancel(timer);
  }

  #statusChanged(send: SandboxRecord): void {
    if (this.#closing.signal.aborted || this.#endpoints.size === 0) return;
    const body = JSON.stringify({
      send_gid:
        typeof send.send_gid === 'string'
          ? send.send_gid
          : Buffer.from(`gid://sendoso/Send/${send.id}`).toString('base64'),
      status_changed_at: typeof send.updated_at === 'string' ? send.updated_at : isoWithOffset(now()),
    });
    const messageId = svixId('msg');
    for (const endpoint of this.#endpoints.values()) this.#schedule(endpoint, messageId, body, 1);
  }

  #schedule(endpoint: Endpoint, messageId: string, body: string, attempt: number): void {
    const timer = setTimeout(
      () => {
        this.#timers.delete(timer);
        void this.#attempt(endpoint, messageId, body, attempt);
      },
      this.#delays[attempt - 1],
    );
    this.#timers.set(timer, endpoint.id);
  }

  async #attempt(endpoint: Endpoint, messageId: string, body: string, attempt: number): Promise<void> {
    const sentAt = Date.now();
    const headers = signedHeaders(endpoint.key, messageId, body, sentAt);
    const outcome = await postOnce(endpoint.url, headers, body, this.#timeoutMs, this.#closing.signal);
    if (this.#closing.signal.aborted) return;
    const ok = outcome.status >= 200 && outcome.status < 300;
    this.#log.push({
      endpointId: endpoint.id,
      url: endpoint.url,
      messageId,
      attempt,
      status: outcome.status,
      ok,
      ...(outcome.error === undefined ? {} : { error: outcome.error }),
      sentAt,
      durationMs: Date.now() - sentAt,
      headers,
      body,
    });
    const removed = this.#endpoints.get(endpoint.id) !== endpoint;
    if (!ok && !removed && attempt < this.#delays.length)
      this.#schedule(endpoint, messageId, body, attempt + 1);
  }

  #cancel(timer: NodeJS.Timeout): void {
    clearTimeout(timer);
    this.#timers.delete(timer);
  }
}
