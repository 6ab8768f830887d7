import { createHash } from 'node:crypto';
import { ValidationError } from '../errors.js';

/**
 * Where a result page starts: a provider page, an offset inside it, the provider page size, and how
 * many records the provider pages before it held (compared with Sendoso's total to end the walk).
 */
export type Cursor = { page: number; offset: number; perPage: number; seen: number };

/** What a token must fit: the listing it is passed to. */
export type CursorPlan = {
  fingerprint: string;
  /** The provider page size this listing asks for. */
  perPage: number;
  /** Tokens of a locally sorted listing are offsets into it (page 1, any offset). */
  sorted: boolean;
};

/** Sendoso's largest `per_page`; a token never asks for more. */
const MAX_PER_PAGE = 100;
/** A page number no real listing reaches (a billion records at 100 per page). */
export const MAX_PAGE_NUMBER = 10_000_000;
/** Real tokens are well under 200 characters. */
const MAX_TOKEN_LENGTH = 1_000;

type TokenBody = { v: 1; p: number; o: number; s: number; n: number; q: string };

/** A short fingerprint of the query a token belongs to, so a token is never applied to another query. */
export function queryFingerprint(text: string): string {
  return createHash('sha256').update(text).digest('base64url').slice(0, 10);
}

/** Encodes a cursor as an opaque, URL-safe token. */
export function encodeCursor(cursor: Cursor, fingerprint: string): string {
  const body: TokenBody = {
    v: 1,
    p: cursor.page,
    o: cursor.offset,
    s: cursor.perPage,
    n: cursor.seen,
    q: fingerprint,
  };
  return Buffer.from(JSON.stringify(body)).toString('base64url');
}

/**
 * Decodes a token from `encodeCursor` and checks it against the listing's plan, so an edited token
 * can never make a request the listing itself would not make (a `per_page` above 100, a page number
 * past any real listing). A foreign, tampered or mismatched token is a `ValidationError`.
 */
export function decodeCursor(token: string, plan: CursorPlan): Cursor {
  let body: Partial<TokenBody> | undefined;
  try {
    if (typeof token === 'string' && token.length <= MAX_TOKEN_LENGTH) {
      body = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Partial<TokenBody>;
    }
  } catch {
    body = undefined;
  }
  const valid =
    body?.v === 1 &&
    isCount(body.p, 1, MAX_PAGE_NUMBER) &&
    isCount(body.o, 0) &&
    isCount(body.s, 1, MAX_PER_PAGE) &&
    isCount(body.n, 0) &&
    typeof body.q === 'string';
  if (!valid || !body) refuse('is not a page token from this SDK');
  if (body.q !== plan.fingerprint) {
    refuse('belongs to a listing with another where/pageSize; pass the same query as before');
  }
  const cursor: Cursor = {
    page: body.p as number,
    offset: body.o as number,
    perPage: body.s as number,
    seen: body.n as number,
  };
  // The page size and number decide the request; offset and seen only decide what is yielded.
  const fits = cursor.perPage === plan.perPage && (!plan.sorted || (cursor.page === 1 && cursor.seen === 0));
  if (!fits) refuse('does not fit this listing (its page size or position was changed)');
  return cursor;
}

function refuse(message: string): never {
  throw new ValidationError('Invalid list options', [{ path: 'nextPage', message }]);
}

function isCount(value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}
