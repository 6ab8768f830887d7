/**
 * docs/polling.md's guarantees over real HTTP: the same suite as the in-memory fake, listing the
 * sandbox's touches exactly as `client.poll('touches')` does (`touches.listAll`, 100 per page).
 */
import type { PollSource } from '../../src/index.js';
import { createSandbox } from '../../src/testing/index.js';
import { clientFor } from '../helpers.js';
import { describePollingGuarantees, type PollHarness } from './guarantees.suite.js';

const PAGE_SIZE = 100;

async function sandboxHarness(): Promise<PollHarness> {
  const s = await createSandbox({ seed: { touches: 0 }, rateLimit: false });
  // No retries, so an injected 500 fails the listing instead of being retried away.
  const client = clientFor(s, { rateLimit: false, maxRetries: 0 });
  await client.auth.exchangeCode(await s.authorize());
  let failOnPage: number | undefined;
  const source: PollSource<Record<string, unknown>> = {
    resource: 'touches',
    idOf: (record) => String(record.id),
    // As client.poll('touches') does: GET /touches/{id} proves a delete.
    confirmGone: (ids, { where, signal }) =>
      client.touches.confirmGone(ids, { where }, signal ? { signal } : {}),
    list: ({ where, signal }) => {
      const listing = client.touches.listAll(where, signal ? { signal } : {});
      const page = failOnPage;
      failOnPage = undefined;
      if (page === undefined) return listing as AsyncIterable<Record<string, unknown>>;
      return (async function* () {
        // Page `page` of this listing answers 500; the fault is gone once the listing ends.
        s.faults.next(1, { status: 500, after: page - 1, match: { method: 'GET', path: '/api/v3/touches' } });
        try {
          yield* listing as AsyncIterable<Record<string, unknown>>;
        } finally {
          s.faults.clear();
        }
      })();
    },
  };
  return {
    source,
    pageSize: PAGE_SIZE,
    deleteLatency: 1,
    insert: async (fields) => String(s.data.touches.insert({ name: 'Touch', description: '', ...fields }).id),
    update: async (id, patch) => {
      // Keep updated_at as it was, so changedFields names only what the test changed.
      const before = s.data.touches.get(id);
      s.data.touches.update(id, { ...patch, updated_at: before?.updated_at });
    },
    remove: async (id) => {
      s.data.touches.remove(id);
    },
    failNextListingOnPage: async (page) => {
      failOnPage = page;
    },
    dispose: () => s.close(),
  };
}

describePollingGuarantees('polling guarantees (sandbox, real HTTP)', sandboxHarness, { modelRuns: 25 });
