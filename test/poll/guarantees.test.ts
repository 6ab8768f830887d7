import { FakeSource } from './fake-source.js';
import { describePollingGuarantees, type PollHarness } from './guarantees.suite.js';

async function fakeHarness(): Promise<PollHarness> {
  const source = new FakeSource({ pageSize: 10 });
  return {
    source,
    pageSize: source.pageSize,
    insert: async (fields) => source.insert(fields),
    update: async (id, patch) => source.update(id, patch),
    remove: async (id) => source.remove(id),
    failNextListingOnPage: async (page) => source.failNextListingOnPage(page),
  };
}

// The model test wants many pages from few records: a second harness with 3 per page.
async function smallPages(): Promise<PollHarness> {
  const harness = await fakeHarness();
  (harness.source as FakeSource).pageSize = 3;
  return { ...harness, pageSize: 3 };
}

describePollingGuarantees('polling guarantees (in-memory fake)', fakeHarness);
describePollingGuarantees('polling guarantees (fake, 3 records per page)', smallPages, { modelRuns: 100 });
