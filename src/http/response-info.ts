/**
 * What Sendoso answered to one request, besides the body: what `.withResponse()`, `.asResponse()`
 * and `page.response` give. Quote `requestId` when you write to Sendoso's support about a call.
 */
export interface ResponseInfo {
  /** The HTTP status (2xx: errors reject with an `ApiError` that carries the same fields). */
  readonly status: number;
  /**
   * The response headers, names lower-cased; a header that can carry a credential (`set-cookie`) is
   * `'[redacted]'`.
   */
  readonly headers: Readonly<Record<string, string>>;
  /** Sendoso's `X-Request-Id`, when it sent one. */
  readonly requestId: string | undefined;
  /**
   * Milliseconds from sending the request that succeeded to having read its answer: the attempt
   * Sendoso answered, without earlier failed attempts, retry delays or rate-limiter waits.
   */
  readonly elapsedMs: number;
}

/** The data of a call together with the response it came from: what `.withResponse()` resolves to. */
export interface WithResponse<T> {
  data: T;
  response: ResponseInfo;
}

/** A response as the request path returns it, reduced to what users may see. */
export function toResponseInfo(response: {
  status: number;
  headers: Record<string, string>;
  requestId?: string | undefined;
  elapsedMs: number;
}): ResponseInfo {
  return Object.freeze({
    status: response.status,
    headers: Object.freeze({ ...response.headers }),
    requestId: response.requestId,
    elapsedMs: response.elapsedMs,
  });
}
