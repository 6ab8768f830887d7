import { ValidationError } from '../errors.js';

const PREFIX = 'whsec_';
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

/** A webhook signing secret as Sendoso's webhooks portal shows it (`whsec_` + base64), or several while keys rotate. */
export type WebhookSecret = string | readonly string[];

/**
 * The HMAC keys behind one or more signing secrets: the base64 part after `whsec_` (Svix also accepts it
 * without the prefix). Messages name the position of a bad secret, never its value.
 */
export function signingKeys(secret: WebhookSecret): Buffer[] {
  const secrets: readonly unknown[] = typeof secret === 'string' ? [secret] : secret;
  if (!Array.isArray(secrets) || secrets.length === 0) {
    throw invalid('secret', "must be the endpoint's whsec_… signing secret, or a non-empty array of them");
  }
  return secrets.map((value, i) => {
    const path = typeof secret === 'string' ? 'secret' : `secret[${i}]`;
    if (typeof value !== 'string') throw invalid(path, 'must be a string (whsec_ followed by base64)');
    const encoded = value.startsWith(PREFIX) ? value.slice(PREFIX.length) : value;
    const key = BASE64.test(encoded) ? Buffer.from(encoded, 'base64') : undefined;
    if (!key || key.length === 0) {
      throw invalid(path, 'is not a webhook signing secret (expected whsec_ followed by base64)');
    }
    return key;
  });
}

const invalid = (path: string, message: string) =>
  new ValidationError('Invalid webhook options', [{ path, message }]);
