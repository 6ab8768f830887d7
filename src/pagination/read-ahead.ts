import { AbortError } from '../errors.js';
import { onAbort } from '../http/abort.js';
import type { RequestOptions } from '../options.js';
import type { ProviderPage } from './provider-page.js';

/**
 * Default `prefetch`: pages requested ahead of the one being read. Sendoso allows 10 requests a
 * second, so a walk reaches that only with about `10 × round trip` requests in flight: 4 (this one
 * and 3 ahead) cover round trips up to 400 ms.
 */
export const DEFAULT_PREFETCH = 3;
/** More in flight than this never helps at 10 requests a second unless a round trip takes 2 s. */
export const MAX_PREFETCH = 20;

/** Requests one provider page. */
export type PageFetch = (page: number, options: RequestOptions) => Promise<ProviderPage>;

/**
 * The provider pages of one walk, handed out in order, each requested once. Once an answer has told
 * Sendoso's total, the pages after the one being read are requested ahead, up to `prefetch` of them
 * and never past the last page the total allows, so a walk keeps requests in flight instead of
 * waiting a round trip per page. Requests start in page order (the rate limiter grants in order);
 * at most `prefetch` answers wait to be read. `close()` (a `break`, the caller's abort, the walk's
 * end) aborts what is in flight and requests nothing more.
 */
export class ReadAhead {
  readonly #fetch: PageFetch;
  readonly #prefetch: number;
  readonly #options: RequestOptions;
  readonly #stop = new AbortController();
  readonly #ahead = new Map<number, Promise<ProviderPage>>();
  readonly #offAbort: (() => void) | undefined;
  /** The page being read; pages up to `#reading + prefetch` may be in flight. */
  #reading = 0;
  #requested = 0;
  #total: number | undefined;
  /** The longest page seen: Sendoso may cap `per_page` below what was asked. */
  #pageLength = 0;

  constructor(fetch: PageFetch, prefetch: number, options: RequestOptions) {
    this.#fetch = fetch;
    this.#prefetch = prefetch;
    const { signal } = options;
    this.#options = { ...options, signal: this.#stop.signal };
    this.#offAbort = signal ? onAbort(signal, () => this.close()) : undefined;
    if (signal?.aborted) this.close();
  }

  /** Whether the walk was closed (its requests aborted). */
  get closed(): boolean {
    return this.#stop.signal.aborted;
  }

  /**
   * Says which page the walk holds already (read before this reader existed) and what Sendoso said
   * of the listing's size on it, so reading ahead can start from there.
   */
  resumeAfter(page: number, size: { total: number | undefined; pageLength: number }): void {
    this.#reading = Math.max(this.#reading, page);
    this.#requested = Math.max(this.#requested, page);
    this.#learn(size.total, size.pageLength);
    this.#fill();
  }

  /** Page `page`, read ahead or requested now. Pages before it are let go. */
  take(page: number): Promise<ProviderPage> {
    if (this.closed) return Promise.reject(new AbortError());
    let answer = this.#ahead.get(page);
    for (const n of this.#ahead.keys()) if (n <= page) this.#ahead.delete(n);
    answer ??= this.#request(page);
    this.#reading = Math.max(this.#reading, page);
    this.#fill();
    return answer;
  }

  /** Aborts every request in flight; later `take`s reject with `AbortError`. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.#stop.abort();
    this.#offAbort?.();
    this.#ahead.clear();
  }

  #request(page: number): Promise<ProviderPage> {
    this.#requested = Math.max(this.#requested, page);
    const answer = this.#fetch(page, this.#options).then((provider) => {
      this.#learn(provider.total, provider.records.length);
      this.#fill();
      return provider;
    });
    // A page read ahead and never taken (the walk ended or broke off) must not be an unhandled rejection.
    answer.catch(() => {});
    return answer;
  }

  #learn(total: number | undefined, pageLength: number): void {
    if (total !== undefined) this.#total = total;
    this.#pageLength = Math.max(this.#pageLength, pageLength);
  }

  /** Requests the pages after the one being read that the total says exist, up to `prefetch` ahead. */
  #fill(): void {
    if (this.closed || this.#total === undefined || this.#pageLength === 0) return;
    const last = Math.ceil(this.#total / this.#pageLength);
    const until = Math.min(this.#reading + this.#prefetch, last);
    for (let page = this.#requested + 1; page <= until; page++) this.#ahead.set(page, this.#request(page));
  }
}
