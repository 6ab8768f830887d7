import { PaginationLoopError } from './errors.js';

/**
 * Stops a walk that would never end or that reads the same records over and over:
 * - a page none of whose ids is new, where every id was first seen on ANOTHER page (a server that
 *   ignores `page`, alternates two pages, or answers a stale earlier page). Reading the same page
 *   number again, as a second `for await` over one listing does, is not a repeat;
 * - a page number past ceil(total / page length) + slack, measured on the first page the walk read
 *   (the slack lets a listing grow while it is walked).
 * It remembers each id once (about 60 bytes per record of the walk) and counts the distinct ones.
 */
export class WalkGuard {
  readonly #resource: string;
  readonly #idOf: (record: unknown) => string;
  /** id → the provider page it was first seen on. */
  readonly #firstSeen = new Map<string, number>();
  #maxPage: number | undefined;
  #measured = false;

  constructor(resource: string, idOf: (record: unknown) => string) {
    this.#resource = resource;
    this.#idOf = idOf;
  }

  /** The provider page an id was first seen on. */
  firstSeenOn(id: string): number | undefined {
    return this.#firstSeen.get(id);
  }

  /** Distinct ids seen so far. */
  get distinct(): number {
    return this.#firstSeen.size;
  }

  /** Throws PaginationLoopError before a request for a page past what the first total allows. */
  beforeFetch(page: number): void {
    if (this.#maxPage !== undefined && page > this.#maxPage) {
      throw new PaginationLoopError(
        this.#resource,
        page,
        'too_many_pages',
        `the total allows about ${this.#maxPage} pages and the walk has not ended; the server does not seem to page`,
      );
    }
  }

  /**
   * Checks one provider page and records its ids; throws PaginationLoopError to stop the walk.
   * Returns how many of its records were already seen on another page (a shifted listing).
   */
  check(page: number, records: readonly unknown[], total: number | undefined): number {
    if (!this.#measured && records.length > 0) {
      this.#measured = true;
      if (total !== undefined) {
        const pages = Math.ceil(total / records.length);
        this.#maxPage = pages + Math.max(3, Math.ceil(pages / 10));
      }
    }
    let repeated = 0;
    let fresh = 0;
    for (const record of records) {
      const id = this.#idOf(record);
      const first = this.#firstSeen.get(id);
      if (first === undefined) {
        this.#firstSeen.set(id, page);
        fresh++;
      } else if (first === page) fresh++;
      else repeated++;
    }
    if (records.length > 0 && fresh === 0) {
      throw new PaginationLoopError(
        this.#resource,
        page,
        'repeated_page',
        'every record on it was already seen on another page; the server seems to ignore `page` or served a stale page',
      );
    }
    return repeated;
  }
}
