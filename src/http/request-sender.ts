import type { AxiosInstance, AxiosResponse } from 'axios';
import pRetry from 'p-retry';
import type { TokenManager } from '../auth/token-manager.js';
import {
  AbortError,
  ApiError,
  AuthenticationError,
  apiErrorFor,
  ConnectionError,
  messageFromBody,
  RateLimitError,
  ResponseTooLargeError,
  SendosoError,
  TimeoutError,
} from '../errors.js';
import type { Logger } from '../logger.js';
import { checkRequestOptions, type RequestOptions } from '../options.js';
import { onAbort, sleep } from './abort.js';
import { proxyRefusal } from './agents.js';
import { type HeaderMap, mergeHeaders, type QueryMap } from './defaults.js';
import { shownPath } from './path.js';
import { dropProtoKeys, mayHoldProtoKey } from './proto-keys.js';
import type { RateLimiter } from './rate-limiter.js';
import { cleanHeaders, clipBody, clipText, redactBody, scrubErrorSecrets, scrubSecrets } from './redact.js';
import { isRetryable, parseRetryAfter, type RetryMode, retryDelayMs } from './retry-policy.js';
import { isTooLarge } from './transport.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';

export type ApiRequest = {
  method: HttpMethod;
  /** Path below the API base, already encoded (see `fillPath`). */
  path: string;
  /** Arrays travel as repeated parameters (`category_ids[]=a&category_ids[]=b` for a `category_ids[]` key). */
  query?: Record<string, string | number | boolean | readonly (string | number)[] | undefined>;
  body?: unknown;
  /** A limit this request counts against besides the client-wide one (`'marketplace'`: 100 a minute). */
  rateLimit?: string;
};

/** A rate limit of its own for some routes (the marketplace's per-minute window). */
export type RouteLimiter = RateLimiter;

export type ApiResponse = {
  status: number;
  data: unknown;
  headers: Record<string, string>;
  requestId?: string;
  /** From sending this attempt to having read its answer. */
  elapsedMs: number;
};

export type RequestEvent = { method: HttpMethod; path: string; attempt: number };
export type ResponseEvent = RequestEvent & { status: number; elapsedMs: number; requestId?: string };
export type RetryEvent = RequestEvent & {
  status?: number;
  error: SendosoError;
  delayMs: number;
  elapsedMs: number;
  requestId?: string;
};

export type SenderConfig = {
  transport: AxiosInstance;
  baseUrl: string;
  tokens: TokenManager;
  limiter: RateLimiter | undefined;
  /** Extra limits by name (`ApiRequest.rateLimit`), e.g. the marketplace's 100 requests a minute. */
  routeLimiters?: Record<string, RouteLimiter>;
  timeoutMs: number;
  maxRetries: number;
  userAgent: string;
  /** Sent with every request; a call's own headers win, `Authorization` is always the token's. */
  defaultHeaders?: Readonly<HeaderMap>;
  /** Added to every request's query; the request's own parameters win. */
  defaultQuery?: Readonly<QueryMap>;
  logger: Logger;
  emit: {
    request(event: RequestEvent): void;
    response(event: ResponseEvent): void;
    retry(event: RetryEvent): void;
  };
};

const IDEMPOTENT = new Set<HttpMethod>(['GET', 'HEAD', 'PUT', 'DELETE']);

/**
 * The one request path every call takes: options → token → rate limiter → retry → axios → error
 * mapping → response. Pagination, CEQL and polling sit above it and never touch axios.
 */
export class RequestSender {
  readonly #config: SenderConfig;
  /** `Accept`, `User-Agent` and the client's default headers, merged once: each request adds its own. */
  readonly #baseHeaders: HeaderMap;
  /** The client's default query, or `undefined` when it has none (the request's query goes as is). */
  readonly #defaultQuery: Readonly<QueryMap> | undefined;

  constructor(config: SenderConfig) {
    this.#config = config;
    this.#baseHeaders = mergeHeaders(
      { Accept: 'application/json', 'User-Agent': config.userAgent },
      config.defaultHeaders,
    );
    const { defaultQuery } = config;
    this.#defaultQuery = defaultQuery && Object.keys(defaultQuery).length > 0 ? defaultQuery : undefined;
  }

  async send(request: ApiRequest, options: RequestOptions = {}): Promise<ApiResponse> {
    checkRequestOptions(options);
    const maxRetries = options.maxRetries ?? this.#config.maxRetries;
    const started = performance.now();
    try {
      // The first attempt runs on its own, so the calls that succeed at once (nearly all of them)
      // pay nothing for the retry loop; p-retry runs the retries, and adds no delay of its own.
      try {
        return await this.#attempt(request, options, 1);
      } catch (error) {
        if (maxRetries === 0 || !(await this.#shouldRetry(request, options, error, 1, started))) throw error;
      }
      return await pRetry((retry) => this.#attempt(request, options, retry + 1), {
        retries: maxRetries - 1,
        minTimeout: 0,
        maxTimeout: 0,
        shouldRetry: ({ error, attemptNumber }) =>
          this.#shouldRetry(request, options, error, attemptNumber + 1, started),
      });
    } catch (err) {
      if (err instanceof SendosoError) throw err;
      if (options.signal?.aborted) throw new AbortError();
      throw err;
    }
  }

  /**
   * Decides whether failed attempt number `attempt` is retried, and if so announces the retry and
   * waits (ours: Retry-After aware, abortable). `started` is when the call began.
   */
  async #shouldRetry(
    request: ApiRequest,
    options: RequestOptions,
    error: unknown,
    attempt: number,
    started: number,
  ): Promise<boolean> {
    const mode: RetryMode = IDEMPOTENT.has(request.method) ? 'idempotent' : 'unsafe';
    if (!(error instanceof SendosoError) || !isRetryable(error, mode)) return false;
    const delayMs = retryDelayMs(error, attempt);
    const status = error instanceof ApiError ? error.status : undefined;
    const path = shownPath(request.path);
    const event: RetryEvent = {
      method: request.method,
      path,
      attempt,
      error,
      delayMs,
      elapsedMs: Math.round(performance.now() - started),
    };
    if (status !== undefined) event.status = status;
    if (error instanceof ApiError && error.requestId) event.requestId = error.requestId;
    this.#config.emit.retry(event);
    this.#config.logger.info(`retrying ${request.method} ${path} in ${delayMs} ms`, {
      attempt,
      status,
      error: error.name,
    });
    await sleep(delayMs, options.signal);
    return true;
  }

  /** One attempt, plus the single refresh-and-replay a 401 earns. */
  async #attempt(request: ApiRequest, options: RequestOptions, attempt: number): Promise<ApiResponse> {
    const { tokens } = this.#config;
    const token = await tokens.accessToken(options.signal);
    try {
      return await this.#throttled(request, options, attempt, token.accessToken);
    } catch (err) {
      // Without a refresh token there is nothing to retry with: Sendoso's 401 is the answer.
      if (!(err instanceof AuthenticationError) || !token.refreshToken) throw err;
      // The token was revoked or expired early: refresh once (shared with concurrent callers) and
      // replay once. A second 401 is final.
      const fresh = await tokens.refresh(token, options.signal);
      try {
        return await this.#throttled(request, options, attempt, fresh.accessToken);
      } catch (replayErr) {
        // The replay's answer may still quote the first token (a server echoing what it saw before).
        throw replayErr instanceof Error ? scrubErrorSecrets(replayErr, [token.accessToken]) : replayErr;
      }
    }
  }

  /** One exchange inside a rate-limiter slot, released when the answer (or failure) is in. */
  async #throttled(
    request: ApiRequest,
    options: RequestOptions,
    attempt: number,
    accessToken: string,
  ): Promise<ApiResponse> {
    // The route's own (slower) window first, so a request waiting a minute holds no per-second slot.
    const own = request.rateLimit === undefined ? undefined : this.#config.routeLimiters?.[request.rateLimit];
    const releaseOwn = await own?.acquire(options.signal);
    try {
      const release = await this.#config.limiter?.acquire(options.signal);
      try {
        return await this.#exchange(request, options, attempt, accessToken);
      } finally {
        release?.();
      }
    } catch (err) {
      if (err instanceof RateLimitError) {
        // Sendoso said when its window resets: every request counted against it waits until then.
        if (own) {
          if (err.retryAfterMs !== undefined) await own.pause?.(err.retryAfterMs);
        } else {
          // A 429 on the core API blocks the client for a while: everything sharing the limiter
          // (other calls, other clients of the account, other processes) holds off, for Sendoso's
          // Retry-After or a second when it sent none.
          await this.#config.limiter?.pause?.(err.retryAfterMs ?? 1000);
        }
      }
      throw err;
    } finally {
      releaseOwn?.();
    }
  }

  async #exchange(
    request: ApiRequest,
    options: RequestOptions,
    attempt: number,
    accessToken: string,
  ): Promise<ApiResponse> {
    const { transport, baseUrl, logger, emit } = this.#config;
    const timeoutMs = options.timeoutMs ?? this.#config.timeoutMs;
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    const offAbort = options.signal ? onAbort(options.signal, () => controller.abort()) : undefined;
    if (options.signal?.aborted) controller.abort();

    const headers = mergeHeaders(
      this.#baseHeaders,
      options.headers,
      request.body === undefined ? undefined : { 'Content-Type': 'application/json' },
      { Authorization: `Bearer ${accessToken}` },
    );
    const defaultQuery = this.#defaultQuery;
    const query = defaultQuery ? { ...defaultQuery, ...request.query } : request.query;
    const path = shownPath(request.path);
    emit.request({ method: request.method, path, attempt });
    logger.debug(`→ ${request.method} ${path}`, { attempt });
    const started = performance.now();

    let response: AxiosResponse<string>;
    try {
      response = await transport.request<string>({
        method: request.method,
        url: baseUrl + request.path,
        params: query,
        data: request.body === undefined ? undefined : JSON.stringify(request.body),
        headers,
        signal: controller.signal,
      });
    } catch (err) {
      if (timedOut) throw new TimeoutError(timeoutMs);
      if (options.signal?.aborted) throw new AbortError();
      if (isTooLarge(err)) {
        throw new ResponseTooLargeError(Number(transport.defaults.maxContentLength), "Sendoso's response");
      }
      // Never rethrow the axios error itself: its config holds the Authorization header.
      const code = (err as { code?: string }).code;
      throw new ConnectionError(
        `Could not reach Sendoso (${code ?? proxyRefusal(err) ?? 'connection error'})`,
        code,
      );
    } finally {
      clearTimeout(timer);
      offAbort?.();
    }

    const elapsedMs = Math.round(performance.now() - started);
    const responseHeaders = cleanHeaders(response.headers as Record<string, unknown>);
    const requestId = responseHeaders['x-request-id'];
    const data = parseBody(response.data, responseHeaders['content-type']);
    const event: ResponseEvent = {
      method: request.method,
      path,
      attempt,
      status: response.status,
      elapsedMs,
    };
    if (requestId) event.requestId = requestId;
    emit.response(event);
    logger.debug(`← ${response.status} ${request.method} ${path} (${elapsedMs} ms)`, { requestId });

    if (response.status >= 200 && response.status < 300) {
      if (data instanceof MalformedBody) {
        throw new ApiError({
          status: response.status,
          message: `Sendoso answered ${request.method} ${path} with malformed JSON`,
          body: scrubSecrets(clipText(data.text, 1000), [accessToken]),
          headers: responseHeaders,
          requestId,
        });
      }
      const ok: ApiResponse = { status: response.status, data, headers: responseHeaders, elapsedMs };
      if (requestId) ok.requestId = requestId;
      return ok;
    }
    // Field names are redacted, and so is the bearer token wherever the server echoed it back.
    const full =
      data instanceof MalformedBody
        ? scrubSecrets(data.text, [accessToken])
        : redactBody(data, [accessToken]);
    throw apiErrorFor({
      status: response.status,
      message:
        messageFromBody(full) ?? `Sendoso answered HTTP ${response.status} to ${request.method} ${path}`,
      body: clipBody(full),
      headers: responseHeaders,
      requestId,
      retryAfterMs: parseRetryAfter(responseHeaders),
    });
  }
}

class MalformedBody {
  constructor(readonly text: string) {}
}

function parseBody(text: string | undefined, contentType: string | undefined): unknown {
  if (text === undefined || text === '') return undefined;
  try {
    const value: unknown = JSON.parse(text);
    if (mayHoldProtoKey(text)) dropProtoKeys(value);
    return value;
  } catch {
    return contentType?.includes('json') ? new MalformedBody(text) : text;
  }
}
