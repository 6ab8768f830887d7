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
