/**
 * Every error this SDK throws extends {@link SendosoError}. None of them ever carries an access
 * token, refresh token, client secret or authorization code: no field holds a request config or a
 * raw transport error, and headers are redacted before they are stored.
 */

/** Response headers, names lower-cased, credential-bearing values redacted. */
export type ResponseHeaders = Record<string, string>;

/**
 * The global symbol that brands a class's prototype. `Symbol.for` is shared by every copy of the
 * package in a process, so an error thrown by the ESM build carries the brand the CommonJS build's
 * class looks for (and the other way round): the dual-package hazard does not break `instanceof`.
 */
function brandOf(name: string): symbol {
  return Symbol.for(`sendoso-element.${name}`);
}

/** Brands every prototype from the instance's class up to `SendosoError`, once per class. */
function brandChain(error: SendosoError): void {
  for (let proto = Object.getPrototypeOf(error); proto && proto !== Error.prototype; ) {
    const brand = brandOf((proto as { constructor: { name: string } }).constructor.name);
    if (Object.hasOwn(proto, brand)) return; // this class, and so every class above it, is done
    Object.defineProperty(proto, brand, { value: true });
    proto = Object.getPrototypeOf(proto);
  }
}

/**
 * `value instanceof this`, where `this` is the class on the right of `instanceof` (a subclass as
 * often as not): the ordinary prototype check first, then the brand, which errors made by the
 * package's other build carry too.
 */
function hasBrand(this: unknown, value: unknown): boolean {
  if (typeof this !== 'function') return false;
  if (Function.prototype[Symbol.hasInstance].call(this, value)) return true;
  return typeof value === 'object' && value !== null && brandOf(this.name) in value;
}

/**
 * The base class of every error thrown by sendoso-element. `err instanceof NotFoundError` holds
 * whichever build (ESM or CommonJS) of the package threw `err`: each class is recognised by its brand.
 */
export class SendosoError extends Error {
  /**
   * `cause` (the error this one wraps) is kept out of `JSON.stringify(err)`: the JSON form is the
   * SDK's own fields only.
   */
  constructor(message: string, options?: { cause?: unknown }) {
    super(message);
    this.name = new.target.name;
    if (options && 'cause' in options) {
      Object.defineProperty(this, 'cause', {
        value: options.cause,
        enumerable: false,
        writable: true,
        configurable: true,
      });
    }
    brandChain(this);
  }

  /** JSON form: the name, message and the error's own public fields (never secrets). */
  toJSON(): Record<string, unknown> {
    return { ...(this as object), name: this.name, message: this.message };
  }
}

// Inherited by every subclass, so each one, including those added later, is recognised by its brand.
Object.defineProperty(SendosoError, Symbol.hasInstance, { value: hasBrand });

export type ApiErrorInit = {
  status: number;
  /** How long Sendoso asked us to wait (`Retry-After` or `X-Rate-Limit-Reset`), when it said. */
  retryAfterMs?: number | undefined;
  message?: string | undefined;
  body?: unknown;
  headers?: ResponseHeaders | undefined;
  requestId?: string | undefined;
};

/** Sendoso answered with a non-2xx status. */
export class ApiError extends SendosoError {
  readonly status: number;
  readonly requestId: string | undefined;
  readonly body: unknown;
  readonly headers: ResponseHeaders;
  /** How long Sendoso asked us to wait (`Retry-After`, `X-Rate-Limit-Reset`), on 429s and some 503s. */
  readonly retryAfterMs: number | undefined;

  constructor(init: ApiErrorInit) {
    super(init.message || `Sendoso answered HTTP ${init.status}`);
    this.status = init.status;
    this.body = init.body;
    this.headers = init.headers ?? {};
    this.requestId = init.requestId;
    this.retryAfterMs = init.retryAfterMs;
  }
}

export class BadRequestError extends ApiError {}
export class AuthenticationError extends ApiError {}
export class PermissionDeniedError extends ApiError {}
export class NotFoundError extends ApiError {}
export class ConflictError extends ApiError {}
export class UnprocessableEntityError extends ApiError {}
export class RateLimitError extends ApiError {}
export class InternalServerError extends ApiError {}

/** The request never got an HTTP answer (refused, reset, DNS failure). `code` is the socket error code. */
export class ConnectionError extends SendosoError {
  readonly code: string | undefined;
  constructor(message: string, code?: string) {
    super(message);
    this.code = code;
  }
}

/** An attempt took longer than `timeoutMs`. */
export class TimeoutError extends SendosoError {
  readonly timeoutMs: number;
  constructor(timeoutMs: number, what = 'Request') {
    super(`${what} timed out after ${timeoutMs} ms`);
    this.timeoutMs = timeoutMs;
  }
}

/** The caller's `signal` aborted the operation. */
export class AbortError extends SendosoError {
  constructor(message = 'The operation was aborted') {
    super(message);
  }
}

/** The OAuth server refused a grant (`code` is the OAuth error, e.g. `invalid_grant`) or no token is usable. */
export class OAuthError extends SendosoError {
  readonly code: string;
  readonly status: number | undefined;
  constructor(code: string, message: string, status?: number) {
    super(message);
    this.code = code;
    this.status = status;
  }
}

export type ValidationIssue = { path: string; message: string };

/** Input (a request body, an option, a definition) is invalid; nothing was sent. */
export class ValidationError extends SendosoError {
  readonly issues: ValidationIssue[];
  constructor(what: string, issues: ValidationIssue[]) {
    super(`${what}: ${issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ')}`);
    this.issues = issues;
  }
}

/** A CEQL `where` string does not parse. `position` is the 0-based offset of the problem. */
export class CeqlSyntaxError extends SendosoError {
  readonly position: number;
  readonly input: string;
  constructor(message: string, position: number, input: string) {
    super(`${message} at position ${position}`);
    this.position = position;
    this.input = input;
  }
}

/**
 * A listing changed while it was being paged (Sendoso's total moved), so it may have skipped or
 * repeated records. Retry the listing; pollers do so on their own and emit no events from it.
 */
export class ListingChangedError extends SendosoError {
  readonly resource: string;
  constructor(resource: string, before: number | undefined, after: number | undefined) {
    super(`${resource} changed while it was being listed (total ${before} → ${after}); list again`);
    this.resource = resource;
  }
}

/**
 * A refresh rotated the token pair, but the token store could not save it. The new pair is kept in
 * memory, `'token'` was emitted with it, and the write is retried on the next use; until a write
 * succeeds, a restart would find the old (now dead) refresh token. `cause` is the store's error.
 */
export class TokenPersistError extends SendosoError {
  constructor(
    message = 'The refreshed token could not be saved to the token store',
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * A token store could not read or write its token: a file error (`ENOSPC`, `EACCES`, `ENOTDIR`...) or
 * a symbolic link planted where `FileTokenStore` keeps its file. `path` is the file, `code` the system
 * error code, `cause` the original error. Never holds the token.
 */
export class TokenStoreError extends SendosoError {
  readonly path: string;
  readonly code: string | undefined;
  constructor(message: string, init: { path: string; code?: string | undefined; cause?: unknown }) {
    super(message, 'cause' in init ? { cause: init.cause } : undefined);
    this.path = init.path;
    this.code = init.code;
  }
}

/** Why a webhook was refused. */
export type WebhookVerificationReason =
  | 'missing_header'
  | 'invalid_timestamp'
  | 'timestamp_too_old'
  | 'timestamp_too_new'
  | 'invalid_signature'
  | 'parsed_body'
  | 'invalid_json'
  | 'body_too_large';

/** A webhook request failed verification; `reason` says which check refused it. Never holds the secret. */
export class WebhookVerificationError extends SendosoError {
  readonly reason: WebhookVerificationReason;
  constructor(reason: WebhookVerificationReason, message: string) {
    super(message);
    this.reason = reason;
  }
}

/** Coordination through a shared store (Redis) failed: no request, refresh or state write went ahead without it. */
export class CoordinationError extends SendosoError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** A response body was larger than `maxResponseBytes`; it was not read further. */
export class ResponseTooLargeError extends SendosoError {
  readonly maxResponseBytes: number;
  constructor(maxResponseBytes: number, what = 'Response') {
    super(`${what} body exceeded maxResponseBytes (${maxResponseBytes} bytes)`);
    this.maxResponseBytes = maxResponseBytes;
  }
}

type ApiErrorClass = new (init: ApiErrorInit) => ApiError;

const byStatus: Record<number, ApiErrorClass> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  422: UnprocessableEntityError,
};

/** The one status → class factory. */
export function apiErrorFor(init: ApiErrorInit): ApiError {
  if (init.status === 429) return new RateLimitError(init);
  if (init.status >= 500) return new InternalServerError(init);
  const ErrorClass = byStatus[init.status] ?? ApiError;
  return new ErrorClass(init);
}

/** Sendoso's message: `message`, or `description` on some 401s, or an OAuth `error_description`. */
export function messageFromBody(body: unknown): string | undefined {
  if (typeof body === 'string') return body.trim() ? clipMessage(body.trim()) : undefined;
  if (body === null || typeof body !== 'object') return undefined;
  const record = body as Record<string, unknown>;
  for (const key of ['message', 'description', 'error_description', 'error']) {
    const value = record[key];
    if (typeof value === 'string' && value) return clipMessage(value);
  }
  return undefined;
}

/** A server's message is shown as is up to 500 characters; a longer one is cut, and says so. */
export function clipMessage(text: string): string {
  return text.length > 500 ? `${text.slice(0, 500)}… [${text.length - 500} more characters]` : text;
}
