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

/** Levels of nesting a value is walked to. The walk must stay bounded, and what it does not look at it cannot vouch for: deeper objects are replaced. */
const MAX_DEPTH = 8;
const TOO_DEEP = '[redacted: nested too deep]';

/** Secrets worth looking for: shorter ones are not credentials, and would blank out ordinary words. */
function secretList(secrets: readonly (string | undefined)[]): string[] {
  return secrets.filter((s): s is string => typeof s === 'string' && s.length >= 8);
}

/**
 * A copy of `value` in which every string has each of `secrets` replaced by `[redacted]`, and (when
 * `fields`) every string field named like a credential is `[redacted]` whole. Objects nested deeper
 * than {@link MAX_DEPTH} are replaced by a marker.
 */
function cleanCopy(value: unknown, secrets: readonly string[], fields: boolean, depth: number): unknown {
  if (typeof value === 'string') {
    let out = value;
    for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join('[redacted]');
    return out;
  }
  if (value === null || typeof value !== 'object') return value;
  if (depth > MAX_DEPTH) return TOO_DEEP;
  if (Array.isArray(value)) return value.map((item) => cleanCopy(item, secrets, fields, depth + 1));
  // fromEntries defines own properties: a `__proto__` key stays a key, never a prototype.
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [
      key,
      fields && SECRET_FIELDS.test(key) && typeof item === 'string'
        ? '[redacted]'
        : cleanCopy(item, secrets, fields, depth + 1),
    ]),
  );
}

/**
 * A copy of a response body with credential-looking fields replaced, for storing on errors; with
 * `secrets`, every occurrence of each in its strings is replaced too (one walk for both).
 */
export function redactBody(body: unknown, secrets: readonly (string | undefined)[] = []): unknown {
  return cleanCopy(body, secretList(secrets), true, 0);
}

/** Characters of a response body kept on an error: enough to read Sendoso's answer, never megabytes. */
export const MAX_ERROR_BODY_CHARS = 4096;

/** `text` cut to `max` characters, with a marker saying how much was left out. */
export function clipText(text: string, max = MAX_ERROR_BODY_CHARS): string {
  return text.length > max ? `${text.slice(0, max)}…[truncated: ${text.length - max} more characters]` : text;
}

/**
 * A body already redacted, bounded for keeping on an error: a JSON body whose text is longer than
 * {@link MAX_ERROR_BODY_CHARS} is kept as that text, cut with a marker, so neither the error nor
 * `JSON.stringify(error)` can hold a megabyte-long answer.
 */
export function clipBody(redacted: unknown): unknown {
  if (typeof redacted === 'string') return clipText(redacted);
  if (redacted === null || typeof redacted !== 'object') return redacted;
  const text = JSON.stringify(redacted);
  return text.length > MAX_ERROR_BODY_CHARS ? clipText(text) : redacted;
}

/** The body an error keeps: credential-looking fields redacted, and bounded (see {@link clipBody}). */
export function errorBody(body: unknown): unknown {
  return clipBody(redactBody(body));
}

/**
 * `value` with every occurrence of each secret replaced by `[redacted]`, in strings at any depth. A
 * server that echoes what it was sent (`"Bearer abc… is invalid"`, a refresh token in an
 * `error_description`) must not put a credential into an error's message or body. Secrets shorter
 * than 8 characters are ignored: they are not credentials, and would blank out ordinary words.
 */
export function scrubSecrets<T>(value: T, secrets: readonly (string | undefined)[]): T {
  const list = secretList(secrets);
  return list.length === 0 ? value : (cleanCopy(value, list, false, 0) as T);
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
