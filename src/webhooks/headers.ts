import { WebhookVerificationError } from '../errors.js';

/**
 * Request headers as frameworks hand them over: Node's `req.headers`, any plain object (names in any
 * case, values a string or an array of strings), or a Fetch `Headers`.
 */
export type WebhookHeaders = Headers | Readonly<Record<string, string | readonly string[] | undefined>>;

/** The three headers Svix signs with, from either header family. */
export interface SignatureHeaders {
  /** `svix-id`: the message id, the same on every retry. */
  id: string;
  /** `svix-timestamp`: Unix seconds of this attempt, as sent. */
  timestamp: string;
  /** `svix-signature`: space-separated `v1,<base64>` entries. */
  signature: string;
}

const FIELDS = ['id', 'timestamp', 'signature'] as const;

/**
 * Reads `svix-id`, `svix-timestamp` and `svix-signature`, each falling back to its Standard Webhooks
 * twin (`webhook-*`) as Svix's own libraries do. Throws `missing_header` naming the one absent.
 */
export function readSignatureHeaders(headers: WebhookHeaders): SignatureHeaders {
  const get = lookup(headers);
  const found: Partial<Record<(typeof FIELDS)[number], string>> = {};
  for (const field of FIELDS) {
    const value = (get(`svix-${field}`) ?? get(`webhook-${field}`))?.trim();
    if (!value) {
      throw new WebhookVerificationError(
        'missing_header',
        `The webhook request has no svix-${field} header (nor webhook-${field}): it was not sent by Sendoso, or a proxy dropped the header`,
      );
    }
    found[field] = value;
  }
  return found as SignatureHeaders;
}

/** A case-insensitive reader; repeated values are joined with spaces (signatures) or the first one taken. */
function lookup(headers: WebhookHeaders): (name: string) => string | undefined {
  if (isFetchHeaders(headers)) return (name) => headers.get(name) ?? undefined;
  const lower = new Map<string, string | readonly string[]>();
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value !== undefined) lower.set(name.toLowerCase(), value);
  }
  return (name) => {
    const value = lower.get(name);
    if (typeof value === 'string' || value === undefined) return value;
    return name.endsWith('-signature') ? value.join(' ') : value[0];
  };
}

function isFetchHeaders(headers: WebhookHeaders): headers is Headers {
  return typeof (headers as Headers | undefined)?.get === 'function';
}
