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
