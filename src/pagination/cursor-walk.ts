import { SendosoError, ValidationError } from '../errors.js';
import type { RequestOptions } from '../options.js';
import type { CursorAnswer } from './cursor-answer.js';
import { CursorPage } from './cursor-page.js';

/** What a cursor walk needs from its resource. */
export type CursorSpec<T> = {
  /** For errors: `marketplace.products`. */
  resource: string;
  /** Fetches the page at `cursor` (undefined: the first page), honouring the signal. */
  fetch(cursor: string | undefined, options: RequestOptions): Promise<CursorAnswer>;
  /** Validates one record. */
  parse(record: unknown): T;
  /** Local filter (a compiled `where`), or undefined. */
  matches: ((record: T) => boolean) | undefined;
  /** The page's other fields (`categories`), parsed from its envelope. */
  fields(envelope: Record<string, unknown>): Record<string, unknown>;
  /** Ties page tokens to the query they came from. */
  fingerprint: string;
};

/**
 * Every record of a cursor listing, page after page, each page fetched once: what pollers read. A
 * cursor listing is complete when the cursor ends. A cursor that comes back again would loop
 * forever, so it ends the walk with an error instead.
 */
export async function* walkCursor<T>(spec: CursorSpec<T>, options: RequestOptions): AsyncGenerator<T> {
  const seen = new Set<string>();
  let cursor: string | undefined;
  do {
    const answer = await spec.fetch(cursor, options);
    for (const raw of answer.records) {
      const record = spec.parse(raw);
      if (!spec.matches || spec.matches(record)) yield record;
    }
    cursor = advance(spec.resource, answer.next, seen);
    if (cursor !== undefined) seen.add(cursor);
  } while (cursor !== undefined);
}

/** `list()` of a cursor listing: a result page per Sendoso page, resumable from `page.nextPage`. */
export function openCursorListing<T>(
  spec: CursorSpec<T>,
  nextPage: string | undefined,
  options: RequestOptions,
): Promise<CursorPage<T>> {
  // The cursors that led to a page: a cycle among them ends the walk instead of looping.
  const load = async (cursor: string | undefined, path: ReadonlySet<string>): Promise<CursorPage<T>> => {
    const answer = await spec.fetch(cursor, options);
    const items: T[] = [];
    for (const raw of answer.records) {
      const record = spec.parse(raw);
      if (!spec.matches || spec.matches(record)) items.push(record);
    }
    const next = advance(spec.resource, answer.next, path);
    const token = next === undefined ? undefined : encodeToken(next, spec.fingerprint);
    const init = { items, nextPage: token, response: answer.response };
    return new CursorPage(init, spec.fields(answer.envelope), (given) => {
      const resumed = decodeToken(given ?? '', spec.fingerprint);
      return load(resumed, new Set([...path, resumed]));
    });
  };
  const start = nextPage === undefined ? undefined : decodeToken(nextPage, spec.fingerprint);
  return load(start, new Set(start === undefined ? [] : [start]));
}

function advance(resource: string, next: string | undefined, seen: ReadonlySet<string>) {
  if (next !== undefined && seen.has(next)) {
    throw new SendosoError(
      `${resource}: Sendoso sent a cursor it had sent before; the listing would never end`,
    );
  }
  return next;
}

type Token = { v: 1; c: string; q: string };

/** A page token: Sendoso's cursor plus the query it belongs to, so it is never applied to another. */
function encodeToken(cursor: string, fingerprint: string): string {
  const token: Token = { v: 1, c: cursor, q: fingerprint };
  return Buffer.from(JSON.stringify(token)).toString('base64url');
}

function decodeToken(text: string, fingerprint: string): string {
  let token: Partial<Token> | undefined;
  try {
    token = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Partial<Token>;
  } catch {
    token = undefined;
  }
  if (token?.v !== 1 || typeof token.c !== 'string' || typeof token.q !== 'string') {
    throw new ValidationError('Invalid list options', [
      { path: 'nextPage', message: 'is not a page token of a cursor listing' },
    ]);
  }
  if (token.q !== fingerprint) {
    throw new ValidationError('Invalid list options', [
      { path: 'nextPage', message: 'belongs to a listing with other filters; pass the same query as before' },
    ]);
  }
  return token.c;
}
