import { createHmac, timingSafeEqual } from 'node:crypto';
import { ValidationError, type ValidationIssue, WebhookVerificationError } from '../errors.js';
import { parseEventBody, type WebhookEvent } from './event.js';
import { readSignatureHeaders, type WebhookHeaders } from './headers.js';
import { signingKeys, type WebhookSecret } from './secret.js';

export interface VerifyWebhookOptions {
  /** The endpoint's signing secret (`whsec_…`), or several while keys rotate: any one may match. */
  secret: WebhookSecret;
  /** How far the signed timestamp may be from now, either way, in seconds. Default 300 (Svix's). */
  toleranceSeconds?: number;
  /** Larger bodies are refused (`body_too_large`) before any hashing. Default 1 MiB. */
  maxBodyBytes?: number;
}

/** What verification needs, checked once (a handler verifies many requests with the same options). */
export interface Verifier {
  keys: Buffer[];
  toleranceSeconds: number;
  maxBodyBytes: number;
}

export const DEFAULT_TOLERANCE_SECONDS = 300;
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
const SIGNATURE_BYTES = 32;

/**
 * Verifies a Sendoso webhook as Svix signs it: HMAC-SHA256 over `${id}.${timestamp}.${rawBody}`, keyed
 * with the secret's base64 part, compared in constant time with every `v1,` entry of the signature
 * header. Returns the typed event, or throws a `WebhookVerificationError` whose `reason` says which check
 * refused it. Pass the body exactly as received: re-serialised JSON does not verify.
 *
 * ```ts
 * const event = verifyWebhook(req.body, req.headers, { secret: process.env.SENDOSO_WEBHOOK_SECRET });
 * ```
 */
export function verifyWebhook(
  rawBody: string | Uint8Array,
  headers: WebhookHeaders,
  options: VerifyWebhookOptions,
): WebhookEvent {
  return verifyWith(verifierFor(options), rawBody, headers);
}

/** Checks the options (a `ValidationError` naming each bad one, never a secret's value). */
export function verifierFor(options: VerifyWebhookOptions): Verifier {
  if (typeof options !== 'object' || options === null) {
    throw new ValidationError('Invalid webhook options', [
      { path: '', message: 'options with a secret are required' },
    ]);
  }
  const keys = signingKeys(options.secret);
  const toleranceSeconds = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const issues: ValidationIssue[] = [];
  if (!(Number.isFinite(toleranceSeconds) && toleranceSeconds >= 0)) {
    issues.push({ path: 'toleranceSeconds', message: 'must be a non-negative number of seconds' });
  }
  if (!(Number.isSafeInteger(maxBodyBytes) && maxBodyBytes > 0)) {
    issues.push({ path: 'maxBodyBytes', message: 'must be a positive integer' });
  }
  if (issues.length > 0) throw new ValidationError('Invalid webhook options', issues);
  return { keys, toleranceSeconds, maxBodyBytes };
}

export function verifyWith(verifier: Verifier, rawBody: unknown, headers: WebhookHeaders): WebhookEvent {
  const body = rawBytes(rawBody);
  if (body.length > verifier.maxBodyBytes) throw tooLarge(verifier.maxBodyBytes);
  const { id, timestamp, signature } = readSignatureHeaders(headers);
  const signedAt = checkTimestamp(timestamp, verifier.toleranceSeconds);
  checkSignature(verifier.keys, `${id}.${timestamp}.`, body, signature);
  return parseEventBody(body, id, signedAt);
}

export const tooLarge = (maxBodyBytes: number) =>
  new WebhookVerificationError(
    'body_too_large',
    `The webhook body is larger than maxBodyBytes (${maxBodyBytes} bytes); Sendoso's are a few hundred bytes`,
  );

function rawBytes(rawBody: unknown): Buffer {
  if (typeof rawBody === 'string') return Buffer.from(rawBody, 'utf8');
  if (Buffer.isBuffer(rawBody)) return rawBody;
  if (rawBody instanceof Uint8Array)
    return Buffer.from(rawBody.buffer, rawBody.byteOffset, rawBody.byteLength);
  const got =
    rawBody === null || rawBody === undefined
      ? String(rawBody)
      : `a parsed ${Array.isArray(rawBody) ? 'array' : typeof rawBody}`;
  throw new WebhookVerificationError(
    'parsed_body',
    `A webhook must be verified against the raw request body exactly as received (a string, Buffer or Uint8Array), but got ${got}. ` +
      "Re-serialised JSON does not verify: read this route's body raw, e.g. app.post(path, express.raw({ type: '*/*' }), handler) in Express, " +
      "or a content-type parser with parseAs: 'buffer' in Fastify.",
  );
}

function checkTimestamp(timestamp: string, toleranceSeconds: number): Date {
  const seconds = /^\d{1,15}$/.test(timestamp) ? Number(timestamp) : Number.NaN;
  if (!Number.isSafeInteger(seconds)) {
    throw new WebhookVerificationError(
      'invalid_timestamp',
      'The webhook timestamp header is not a whole number of Unix seconds',
    );
  }
  const skew = Math.floor(Date.now() / 1000) - seconds;
  if (skew > toleranceSeconds) {
    throw new WebhookVerificationError(
      'timestamp_too_old',
      `The webhook was signed ${skew} s ago, more than toleranceSeconds (${toleranceSeconds}) allows: a replay, or a clock that is off`,
    );
  }
  if (-skew > toleranceSeconds) {
    throw new WebhookVerificationError(
      'timestamp_too_new',
      `The webhook is signed ${-skew} s in the future, more than toleranceSeconds (${toleranceSeconds}) allows: check this machine's clock`,
    );
  }
  return new Date(seconds * 1000);
}

function checkSignature(keys: readonly Buffer[], prefix: string, body: Buffer, header: string): void {
  // Only v1 (HMAC-SHA256) entries; other schemes (v1a, asymmetric) are ignored, as Svix's libraries do.
  const given = header
    .split(/\s+/)
    .map((entry) => entry.replace(/,$/, '').split(','))
    .filter(([version, value]) => version === 'v1' && value)
    .map(([, value]) => Buffer.from(value ?? '', 'base64'))
    .filter((bytes) => bytes.length === SIGNATURE_BYTES);
  for (const key of keys) {
    const expected = createHmac('sha256', key).update(prefix).update(body).digest();
    if (given.some((candidate) => timingSafeEqual(candidate, expected))) return;
  }
  throw new WebhookVerificationError(
    'invalid_signature',
    given.length === 0
      ? 'The webhook signature header holds no v1 signature'
      : 'No v1 signature of the webhook matches the signing secret(s): a different secret, or a body, id or timestamp changed on the way',
  );
}
