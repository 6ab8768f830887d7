import { ApiError, ConnectionError, type SendosoError, TimeoutError } from '../errors.js';

/** Longest server-requested wait we honour; a longer `Retry-After` fails the call instead of hanging it. */
export const MAX_RETRY_AFTER_MS = 60_000;
const BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 8_000;

/** Connection errors after which the request provably never reached Sendoso. */
const NEVER_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

export type RetryMode = 'idempotent' | 'unsafe';

/**
 * Whether a failed attempt may be sent again. GET/HEAD/PUT/DELETE are idempotent. POST and PATCH may
 * have created something (Sendoso does not deduplicate sends: two POST /send are two paid gifts), so
 * they are retried only when the connection was refused, never after a response or a timeout.
 */
export function isRetryable(error: SendosoError, mode: RetryMode): boolean {
  if (error instanceof ConnectionError) return mode === 'idempotent' || NEVER_SENT.has(error.code ?? '');
  if (mode === 'unsafe') return false;
  if (error instanceof TimeoutError) return true;
  if (!(error instanceof ApiError)) return false;
  // A server asking for a wait longer than we will hang the caller gets the error back instead.
  if ((error.retryAfterMs ?? 0) > MAX_RETRY_AFTER_MS) return false;
  return error.status === 408 || error.status === 409 || error.status === 429 || error.status >= 500;
}

/** Exponential backoff from 0.5 s, capped at 8 s, with up to 25% jitter; the server's wait wins when given. */
export function retryDelayMs(error: SendosoError, retryNumber: number): number {
  if (error instanceof ApiError && error.retryAfterMs !== undefined) return error.retryAfterMs;
  const exponential = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (retryNumber - 1));
  return Math.round(exponential * (1 - Math.random() * 0.25));
}

/**
 * Reads `Retry-After` (seconds or an HTTP date) or the marketplace's `X-Rate-Limit-Reset`, whose
 * format Sendoso does not document: a Unix time in seconds or milliseconds, seconds to wait, or an
 * HTTP date are all read.
 */
export function parseRetryAfter(headers: Record<string, string>, now = Date.now()): number | undefined {
  const retryAfter = headers['retry-after'];
  if (retryAfter !== undefined) {
    const seconds = Number(retryAfter);
    if (retryAfter.trim() !== '' && Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  const reset = headers['x-rate-limit-reset'];
  if (reset !== undefined && reset.trim() !== '') {
    const value = Number(reset);
    if (Number.isFinite(value)) {
      // Unix milliseconds are above 1e12 since 2001, Unix seconds above 1e9; smaller is a wait.
      const waitMs = value > 1e12 ? value - now : value > 1e9 ? value * 1000 - now : value * 1000;
      return Math.max(0, waitMs);
    }
    const date = Date.parse(reset);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  return undefined;
}
