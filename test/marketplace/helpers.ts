import type { ClientOptions, SendosoClient } from '../../src/index.js';
import type { Sandbox } from '../../src/testing/index.js';
import { clientFor } from '../helpers.js';

/** A client signed in with the scopes the marketplace and SmartSend need (or the ones given). */
export async function marketplaceClient(
  s: Sandbox,
  options: ClientOptions = {},
  scopes = ['public', 'marketplace', 'smartsend'],
): Promise<SendosoClient> {
  const client = clientFor(s, options);
  await client.auth.exchangeCode(await s.authorize({ scopes }));
  return client;
}

/** The catalogue listings the sandbox logged. */
export const catalogueRequests = (s: Sandbox) =>
  s.requests.filter((r) => r.path === '/api/v3/marketplace/products' && r.method === 'GET');

/** An email SmartSend knows: the recipient of one of the sandbox's sends. */
export function knownRecipient(s: Sandbox): string {
  const send = s.data.gifts.all()[0];
  const email = (send?.recipient as { email?: string } | undefined)?.email;
  if (!email) throw new Error('the sandbox has no send with a recipient');
  return email;
}
