import { createHmac, randomBytes } from 'node:crypto';
import { request } from 'node:http';

/** What one POST to an endpoint came back with. */
export interface AttemptOutcome {
  status: number;
  error?: string;
}

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Svix-style ids: a prefix and 27 base62 characters (`msg_2KWPBgLlAfxdpx2AI54pPJ85f4W`). */
export function svixId(prefix: 'msg' | 'ep'): string {
  const bytes = randomBytes(27);
  let id = `${prefix}_`;
  for (const byte of bytes) id += ALPHABET[byte % ALPHABET.length];
  return id;
}

/** A new endpoint secret as Svix makes them: `whsec_` and 24 random bytes in base64. */
export const newSecret = (): string => `whsec_${randomBytes(24).toString('base64')}`;

/** The HMAC key of a `whsec_…` secret, or `undefined` when it is not one. */
export function secretKey(secret: string): Buffer | undefined {
  const encoded = secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : '';
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded)) return undefined;
  const key = Buffer.from(encoded, 'base64');
  return key.length > 0 ? key : undefined;
}

/** Svix's headers for one attempt: the signature covers `${id}.${timestamp}.${body}`, timestamp in Unix seconds. */
export function signedHeaders(
  key: Buffer,
  messageId: string,
  body: string,
  at: number,
): Record<string, string> {
  const timestamp = String(Math.floor(at / 1000));
  const signature = createHmac('sha256', key).update(`${messageId}.${timestamp}.${body}`).digest('base64');
  return { 'svix-id': messageId, 'svix-timestamp': timestamp, 'svix-signature': `v1,${signature}` };
}

/** Loopback only: the sandbox never sends anything off this machine. */
export function isLoopbackHttpUrl(url: string): boolean {
  if (!URL.canParse(url)) return false;
  const { protocol, hostname } = new URL(url);
  if (protocol !== 'http:') return false;
  return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/** One POST, on its own connection; a 2xx with the headers within `timeoutMs` is success, as for Svix. */
export function postOnce(
  url: string,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<AttemptOutcome> {
  return new Promise((resolve) => {
    const req = request(url, {
      method: 'POST',
      agent: false,
      signal,
      headers: {
        ...headers,
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(body)),
        'user-agent': 'Svix-Webhooks/1.0 (sendoso-element sandbox)',
      },
    });
    const timer = setTimeout(() => {
      req.destroy();
      resolve({ status: 0, error: 'timeout' });
    }, timeoutMs);
    req.on('response', (res) => {
      clearTimeout(timer);
      res.resume(); // the body does not matter; reading it lets the socket close
      resolve({ status: res.statusCode ?? 0 });
    });
    req.on('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve({ status: 0, error: err.code ?? err.name });
    });
    req.end(body);
  });
}
