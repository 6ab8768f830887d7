import { FakeSource } from './fake-source.js';
import { describePollingGuarantees, type PollHarness } from './guarantees.suite.js';

/** `lookups`: the fake can look a record up (like a get route), so a delete is proven in one pass. */
function fakeHarness(lookups: boolean, pageSize = 10) {
  return async (): Promise<PollHarness> => {
    const source = new FakeSource({ pageSize, lookups });
    return {
      source,
      pageSize,
      deleteLatency: lookups ? 1 : 2,
      insert: async (fields) => source.insert(fields),
      update: async (id, patch) => source.update(id, patch),
      remove: async (id) => source.remove(id),
      failNextListingOnPage: async (page) => source.failNextListingOnPage(page),
    };
  };
}

describePollingGuarantees('polling guarantees (in-memory fake with lookups)', fakeHarness(true));
describePollingGuarantees('polling guarantees (in-memory fake, no lookups)', fakeHarness(false));
// The model test wants many pages from few records: harnesses with 3 per page.
describePollingGuarantees('polling guarantees (fake with lookups, 3 per page)', fakeHarness(true, 3), {
  modelRuns: 60,
});
describePollingGuarantees('polling guarantees (fake, no lookups, 3 per page)', fakeHarness(false, 3), {
  modelRuns: 60,
});
