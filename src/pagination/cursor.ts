import { createHash } from 'node:crypto';
import { ValidationError } from '../errors.js';

/**
 * Where a result page starts: a provider page, an offset inside it, the provider page size, and how
 * many records the provider pages before it held (compared with Sendoso's total to end the walk).
 */
export type Cursor = { page: number; offset: number; perPage: number; seen: number };

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

/** Decodes a token from `encodeCursor`; a foreign or tampered token is a `ValidationError`. */
export function decodeCursor(token: string, fingerprint: string): Cursor {
  let body: Partial<TokenBody> | undefined;
  try {
    body = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Partial<TokenBody>;
  } catch {
    body = undefined;
  }
  const valid =
    body?.v === 1 &&
    isCount(body.p, 1) &&
    isCount(body.o, 0) &&
    isCount(body.s, 1) &&
    isCount(body.n, 0) &&
    typeof body.q === 'string';
  if (!valid || !body) {
    throw new ValidationError('Invalid list options', [
      { path: 'nextPage', message: 'is not a page token from this SDK' },
    ]);
  }
  if (body.q !== fingerprint) {
    throw new ValidationError('Invalid list options', [
      {
        path: 'nextPage',
        message: 'belongs to a listing with another where/pageSize; pass the same query as before',
      },
    ]);
  }
  return {
    page: body.p as number,
    offset: body.o as number,
    perPage: body.s as number,
    seen: body.n as number,
  };
}

function isCount(value: unknown, min: number): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= min;
}
