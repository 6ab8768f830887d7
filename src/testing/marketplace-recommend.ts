import { Answer, failure } from './http-io.js';
import { INTERESTS, PRODUCTS_PATH } from './marketplace-catalogue.js';
import { matchesFilter, readFilter, served } from './marketplace-query.js';
import type { Store } from './store.js';
import type { SandboxRecord } from './types.js';

/** SmartSend's recommendations per answer (not documented; the sandbox's choice). */
const RECOMMENDATIONS = 5;

/** The recommendations for the request's recipient and limits, or the error to answer. */
export function recommend(store: Store, params: Record<string, string[]>): SandboxRecord[] | Answer {
  const email = params.recipient_email?.at(-1);
  if (!email) return failure(400, 'param is missing or the value is empty: recipient_email');
  if (!isKnownRecipient(store, email)) return failure(404, 'Recipient not found');
  const filter = readFilter(params, { country: 'ship_to_country_code' });
  if (filter instanceof Answer) return filter;
  const interests = interestsOf(email);
  return store
    .collection(PRODUCTS_PATH)
    .records.filter(
      (p) =>
        Array.isArray(p.interests) &&
        p.interests.some((i) => interests.includes(String(i))) &&
        matchesFilter(p, filter),
    )
    .slice(0, RECOMMENDATIONS)
    .map(served);
}

/**
 * SmartSend knows a recipient from Sendoso's own data. The sandbox knows the recipients of its sends
 * (`sandbox.data.gifts`) and its users; anyone else gets Sendoso's 404.
 */
function isKnownRecipient(store: Store, email: string): boolean {
  const wanted = email.toLowerCase();
  const sends = store.collection('send').records;
  if (
    sends.some(
      (s) => String((s.recipient as SandboxRecord | undefined)?.email ?? '').toLowerCase() === wanted,
    )
  )
    return true;
  return store.collection('users').records.some((u) => String(u.email ?? '').toLowerCase() === wanted);
}

/** Two interests per recipient, derived from the address so the same person always gets the same picks. */
function interestsOf(email: string): string[] {
  let hash = 0;
  for (const char of email.toLowerCase()) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return [INTERESTS[hash % INTERESTS.length] as string, INTERESTS[(hash >>> 8) % INTERESTS.length] as string];
}
