/** Headers that may carry credentials; their values never leave the transport. */
const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key']);

/** Lower-cases header names, joins multi-values, and replaces credential-bearing values. */
export function cleanHeaders(raw: Record<string, unknown> | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  if (!raw) return headers;
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined || value === null) continue;
    const key = name.toLowerCase();
    headers[key] = SECRET_HEADERS.has(key)
      ? '[redacted]'
      : Array.isArray(value)
        ? value.join(', ')
        : String(value);
  }
  return headers;
}

const SECRET_FIELDS = /^(access_token|refresh_token|client_secret|code|token|password|id_token)$/i;

/** A copy of a response body with credential-looking fields replaced, for storing on errors. */
export function redactBody(body: unknown, depth = 0): unknown {
  if (depth > 8 || body === null || typeof body !== 'object') return body;
  if (Array.isArray(body)) return body.map((item) => redactBody(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    out[key] =
      SECRET_FIELDS.test(key) && typeof value === 'string' ? '[redacted]' : redactBody(value, depth + 1);
  }
  return out;
}

/** Characters of a response body kept on an error: enough to read Sendoso's answer, never megabytes. */
export const MAX_ERROR_BODY_CHARS = 4096;

/** `text` cut to `max` characters, with a marker saying how much was left out. */
export function clipText(text: string, max = MAX_ERROR_BODY_CHARS): string {
  return text.length > max ? `${text.slice(0, max)}…[truncated: ${text.length - max} more characters]` : text;
}

/**
 * The body an error keeps: credential-looking fields redacted, and bounded. A JSON body whose text is
 * longer than {@link MAX_ERROR_BODY_CHARS} is kept as that text, cut with a marker, so neither the
 * error nor `JSON.stringify(error)` can hold a megabyte-long answer.
 */
export function errorBody(body: unknown): unknown {
  if (typeof body === 'string') return clipText(body);
  const redacted = redactBody(body);
  if (redacted === null || typeof redacted !== 'object') return redacted;
  const text = JSON.stringify(redacted);
  return text.length > MAX_ERROR_BODY_CHARS ? clipText(text) : redacted;
}

/**
 * `value` with every occurrence of each secret replaced by `[redacted]`, in strings at any depth. A
 * server that echoes what it was sent (`"Bearer abc… is invalid"`, a refresh token in an
 * `error_description`) must not put a credential into an error's message or body. Secrets shorter
 * than 8 characters are ignored: they are not credentials, and would blank out ordinary words.
 */
export function scrubSecrets<T>(value: T, secrets: readonly (string | undefined)[]): T {
  const list = secrets.filter((s): s is string => typeof s === 'string' && s.length >= 8);
  if (list.length === 0) return value;
  const scrub = (v: unknown, depth: number): unknown => {
    if (typeof v === 'string') {
      let out = v;
      for (const secret of list) if (out.includes(secret)) out = out.split(secret).join('[redacted]');
      return out;
    }
    if (depth > 8 || v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) return v.map((item) => scrub(item, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(v)) out[key] = scrub(item, depth + 1);
    return out;
  };
  return scrub(value, 0) as T;
}

/**
 * Scrubs an error in place (its message, stack and own fields) and returns it: for errors built from
 * an answer that may echo a credential.
 */
export function scrubErrorSecrets<E extends Error>(error: E, secrets: readonly (string | undefined)[]): E {
  const target = error as E & Record<string, unknown>;
  for (const key of [...Object.keys(target), 'message', 'stack']) {
    const value = target[key];
    if (value !== undefined) {
      Object.defineProperty(target, key, {
        value: scrubSecrets(value, secrets),
        enumerable: Object.prototype.propertyIsEnumerable.call(target, key),
        writable: true,
        configurable: true,
      });
    }
  }
  return error;
}
