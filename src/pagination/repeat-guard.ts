import { SendosoError } from '../errors.js';

/**
 * A provider that ignores `page` answers every page with the same records, and a walk over it
 * would never end. Two consecutive pages with the same first and last ids stop the walk.
 */
export class RepeatGuard {
  readonly #resource: string;
  readonly #idOf: (record: unknown) => string;
  #last: { page: number; first: string; final: string } | undefined;

  constructor(resource: string, idOf: (record: unknown) => string) {
    this.#resource = resource;
    this.#idOf = idOf;
  }

  check(page: number, records: readonly unknown[]): void {
    if (records.length === 0) return;
    const first = this.#idOf(records[0]);
    const final = this.#idOf(records[records.length - 1]);
    const last = this.#last;
    this.#last = { page, first, final };
    if (last && page === last.page + 1 && first === last.first && final === last.final) {
      throw new SendosoError(
        `${this.#resource}: pages ${last.page} and ${page} hold the same records; the server seems to ignore \`page\``,
      );
    }
  }
}
