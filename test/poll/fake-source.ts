/**
 * An in-memory PollSource shaped like Sendoso's touches: paged listings, insert/update/remove, and
 * injectable faults (the next listing fails on page k), pauses and concurrency tracking.
 */
import { AbortError, InternalServerError } from '../../src/errors.js';
import type { PollSource } from '../../src/poll/index.js';

export type FakeTouch = {
  id: number;
  name: string;
  description: string;
  start_date: string;
  end_date: string | null;
  created_at: string;
  user_id: number;
  gift_id: number;
  starting_egift_price: string;
  ending_egift_price: string;
  status: string;
  is_default_price: boolean;
  delivery_type: string;
  hubspot_key: string | null;
  ship_to_countries: string[];
  currency: string;
};

/** A touch-like record with id `id`; `fields` override the defaults. */
export function fakeTouch(id: number, fields: Partial<FakeTouch> = {}): FakeTouch {
  return {
    id,
    name: `Touch ${id}`,
    description: `Campaign number ${id} for our best customers`,
    start_date: '2022-09-12T12:08:27-07:00',
    end_date: null,
    created_at: '2022-09-12T12:08:27-07:00',
    user_id: 1234,
    gift_id: 5000 + id,
    starting_egift_price: '25.0',
    ending_egift_price: '50.0',
    status: 'Active',
    is_default_price: false,
    delivery_type: id % 2 ? 'mail' : 'email',
    hubspot_key: null,
    ship_to_countries: ['US'],
    currency: 'USD',
    ...fields,
  };
}

export class FakeSource implements PollSource<FakeTouch> {
  readonly resource: string;
  pageSize: number;
  readonly records = new Map<string, FakeTouch>();
  /** Listings started, listings running now, and the most that ever ran at once. */
  listings = 0;
  inFlight = 0;
  maxInFlight = 0;
  /** The options of the last listing. */
  lastOptions: { where?: string | undefined; signal?: AbortSignal | undefined } | undefined;
  /** Every listing from now on returns no records (an API that silently lost them). */
  empty = false;
  #nextId = 1;
  #faultPage: number | undefined;
  #failAlways: Error | undefined;
  #gate: Promise<void> | undefined;

  /** Whether `confirmGone` answers (like a resource with a get route) or resolves undefined. */
  lookups: boolean;
  /** Ids looked up by `confirmGone`, in order. */
  readonly lookedUp: string[] = [];

  constructor(options: { resource?: string; pageSize?: number; lookups?: boolean } = {}) {
    this.resource = options.resource ?? 'touches';
    this.pageSize = options.pageSize ?? 10;
    this.lookups = options.lookups ?? false;
  }

  /** Like `GET /{id}` for each id: the ids not in the store; undefined when lookups are off. */
  async confirmGone(ids: readonly string[]): Promise<string[] | undefined> {
    if (!this.lookups) return undefined;
    this.lookedUp.push(...ids);
    return ids.filter((id) => !this.records.has(id));
  }

  /** Inserts `count` records; returns their ids. */
  seed(count: number): string[] {
    return Array.from({ length: count }, () => this.insert());
  }

  insert(fields: Partial<FakeTouch> = {}): string {
    const touch = fakeTouch(this.#nextId++, fields);
    this.records.set(String(touch.id), touch);
    return String(touch.id);
  }

  update(id: string, patch: Partial<FakeTouch>): void {
    const touch = this.records.get(id);
    if (!touch) throw new Error(`no record ${id}`);
    this.records.set(id, { ...touch, ...patch });
  }

  remove(id: string): void {
    if (!this.records.delete(id)) throw new Error(`no record ${id}`);
  }

  /** The next listing throws an HTTP 500 when it reaches page `page` (1-based); then the fault is gone. */
  failNextListingOnPage(page: number): void {
    this.#faultPage = page;
  }

  /** Every listing fails with `error` until called with undefined. */
  failAlways(error: Error | undefined): void {
    this.#failAlways = error;
  }

  /** Listings wait before their first page until the returned function is called. */
  pause(): () => void {
    let release = () => {};
    this.#gate = new Promise<void>((resolve) => {
      release = () => {
        this.#gate = undefined;
        resolve();
      };
    });
    return release;
  }

  idOf(record: FakeTouch): string {
    return String(record.id);
  }

  async *list(options: {
    where?: string | undefined;
    signal?: AbortSignal | undefined;
  }): AsyncIterable<FakeTouch> {
    this.lastOptions = options;
    this.listings++;
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    const faultPage = this.#faultPage;
    this.#faultPage = undefined;
    try {
      const gate = this.#gate;
      if (gate) await abortable(gate, options.signal);
      if (this.#failAlways) throw this.#failAlways;
      const all = this.empty ? [] : [...this.records.values()];
      for (let page = 1; page === 1 || (page - 1) * this.pageSize < all.length; page++) {
        await Promise.resolve();
        if (options.signal?.aborted) throw new AbortError();
        if (page === faultPage)
          throw new InternalServerError({ status: 500, message: `page ${page} failed` });
        yield* all.slice((page - 1) * this.pageSize, page * this.pageSize).map((r) => structuredClone(r));
      }
    } finally {
      this.inFlight--;
    }
  }
}

function abortable(promise: Promise<void>, signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return promise;
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(new AbortError());
    if (signal.aborted) onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject);
  });
}
