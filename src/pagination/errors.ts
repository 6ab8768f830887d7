import { SendosoError } from '../errors.js';

/** Why a walk was stopped: a page held only records seen on other pages, or pages went on past the total. */
export type PaginationLoopReason = 'repeated_page' | 'too_many_pages';

/**
 * A listing walk was stopped because the server's pages do not add up: a page held no record the
 * walk had not already seen on another page (a server that ignores `page`, alternates pages or
 * serves a stale page), or the walk went well past the pages Sendoso's total allows. Nothing after
 * that page was read. Listing again usually succeeds; if it keeps happening, the server (or a proxy
 * in front of it) is not paging.
 */
export class PaginationLoopError extends SendosoError {
  readonly resource: string;
  /** The provider page at which the walk stopped. */
  readonly page: number;
  readonly reason: PaginationLoopReason;

  constructor(resource: string, page: number, reason: PaginationLoopReason, detail: string) {
    super(`${resource}: stopped listing at page ${page}: ${detail}`);
    this.resource = resource;
    this.page = page;
    this.reason = reason;
  }
}
