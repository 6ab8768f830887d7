import { ValidationError, type ValidationIssue } from '../errors.js';

/**
 * Remembers which webhook message ids (`svix-id`) were acknowledged, so a redelivery is answered 204
 * without running `onEvent` again. Async so a shared store (Redis) can back it across processes.
 */
export interface WebhookDedupeStore {
  /** Whether `id` was acknowledged before (and not yet forgotten). */
  has(id: string): Promise<boolean>;
  /** Records `id` as acknowledged; called only after `onEvent` resolved. */
  add(id: string): Promise<void>;
}

export interface MemoryWebhookDedupeStoreOptions {
  /** Ids kept at most; the oldest go first. Default 10,000. */
  maxEntries?: number;
  /** How long an id is kept, in ms. Default 48 hours, longer than Svix's whole retry schedule (about 27.6 h). */
  ttlMs?: number;
}

/** The default store: this process only, bounded in size and age. */
export class MemoryWebhookDedupeStore implements WebhookDedupeStore {
  readonly #maxEntries: number;
  readonly #ttlMs: number;
  // id → expiry (epoch ms); insertion order is expiry order, since every id gets the same ttl.
  readonly #seen = new Map<string, number>();

  constructor(options: MemoryWebhookDedupeStoreOptions = {}) {
    this.#maxEntries = options.maxEntries ?? 10_000;
    this.#ttlMs = options.ttlMs ?? 48 * 3_600_000;
    const issues: ValidationIssue[] = [];
    if (!(Number.isSafeInteger(this.#maxEntries) && this.#maxEntries > 0)) {
      issues.push({ path: 'maxEntries', message: 'must be a positive integer' });
    }
    if (!(this.#ttlMs > 0 && Number.isFinite(this.#ttlMs))) {
      issues.push({ path: 'ttlMs', message: 'must be a positive number of milliseconds' });
    }
    if (issues.length > 0) throw new ValidationError('Invalid MemoryWebhookDedupeStore options', issues);
  }

  /** Ids currently remembered. */
  get size(): number {
    this.#prune(Date.now());
    return this.#seen.size;
  }

  async has(id: string): Promise<boolean> {
    const now = Date.now();
    this.#prune(now);
    return this.#seen.has(id);
  }

  async add(id: string): Promise<void> {
    const now = Date.now();
    this.#seen.delete(id);
    this.#seen.set(id, now + this.#ttlMs);
    this.#prune(now);
  }

  #prune(now: number): void {
    for (const [id, expiresAt] of this.#seen) {
      if (expiresAt > now && this.#seen.size <= this.#maxEntries) break;
      this.#seen.delete(id);
    }
  }
}
