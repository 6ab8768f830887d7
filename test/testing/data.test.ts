import { afterEach, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox, type SandboxResource } from '../../src/testing/index.js';
import { api, type Envelope, issueToken } from './helpers.js';

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

const RESOURCES: SandboxResource[] = [
  'touches',
  'groups',
  'gifts',
  'users',
  'returnAddresses',
  'journals',
  'payments',
  'purchaseOrders',
  'taxRates',
  'bulkJobs',
];

describe('seeding', () => {
  it('loads the default counts', async () => {
    sandbox = await createSandbox();
    const counts = Object.fromEntries(RESOURCES.map((r) => [r, sandbox?.data[r].size]));
    expect(counts).toEqual({
      touches: 250,
      groups: 120,
      gifts: 250,
      users: 120,
      returnAddresses: 30,
      journals: 30,
      payments: 30,
      purchaseOrders: 30,
      taxRates: 30,
      bulkJobs: 30,
    });
    const groups = sandbox.data.groups.all();
    const memberCounts = groups
      .slice(0, 4)
      .map((g) => sandbox?.data.collection(`groups/${g.id}/members`).size);
    expect(memberCounts).toEqual([5, 5, 5, 0]);
  });

  it('takes counts and explicit arrays per resource, and members per group', async () => {
    sandbox = await createSandbox({
      seed: {
        touches: 3,
        groups: [{ id: 7, name: 'Only group' }],
        journals: 0,
        members: { '7': [{ email: 'm@example.com' }] },
      },
    });
    expect(sandbox.data.touches.all().map((t) => t.name)).toEqual(['Touch 1', 'Touch 2', 'Touch 3']);
    expect(sandbox.data.groups.all()).toMatchObject([{ id: 7, name: 'Only group' }]);
    expect(sandbox.data.journals.size).toBe(0);
    expect(sandbox.data.payments.size).toBe(30);
    expect(sandbox.data.collection('groups/7/members').all()).toMatchObject([
      { id: 1, email: 'm@example.com' },
    ]);
  });

  it('seeds 100,000 touches quickly and serves the last page without scanning', async () => {
    const started = performance.now();
    sandbox = await createSandbox({ seed: { touches: 100_000 }, rateLimit: false });
    expect(performance.now() - started).toBeLessThan(3_000);
    const token = (await issueToken(sandbox)).access_token;
    await api(sandbox, token, '/touches?page=1&per_page=100'); // warm up
    const pageStarted = performance.now();
    const last = await api<Envelope>(sandbox, token, '/touches?page=1000&per_page=100');
    expect(performance.now() - pageStarted).toBeLessThan(200);
    expect(last.body).toMatchObject({ current_page: 1000, total_posts: 100_000 });
    expect((last.body.touches as { id: number }[]).map((t) => t.id)).toEqual(
      Array.from({ length: 100 }, (_, i) => 99_901 + i),
    );
  });
});

describe('sandbox.data', () => {
  it('insert assigns the next id and timestamps, and keeps given values', async () => {
    sandbox = await createSandbox({ seed: { journals: 2 } });
    const journals = sandbox.data.journals;
    const nextId = Math.max(...journals.all().map((j) => j.id as number)) + 1;
    const input = { description: 'manual' };
    const stored = journals.insert(input);
    expect(stored).toMatchObject({ id: nextId, description: 'manual' });
    expect(stored.created_at).toMatch(/-07:00$/);
    expect(input).toEqual({ description: 'manual' }); // the caller's object is not touched
    const high = nextId + 100;
    expect(journals.insert({ id: high, created_at: '2020-01-01T00:00:00-07:00' })).toMatchObject({
      id: high,
      created_at: '2020-01-01T00:00:00-07:00',
    });
    expect(journals.insert({}).id).toBe(high + 1); // the counter jumps past explicit ids
    expect(() => journals.insert({ id: high })).toThrow(/already exists/);
  });

  it('update merges shallowly, keeps the id and stamps updated_at; remove and get by string or number', async () => {
    sandbox = await createSandbox({ seed: { touches: 3 } });
    const touches = sandbox.data.touches;
    const before = touches.get(2);
    const updated = touches.update('2', { name: 'Renamed', id: 99, updated_at: 'then' });
    expect(updated).toMatchObject({
      id: 2,
      name: 'Renamed',
      delivery_type: before?.delivery_type,
      updated_at: 'then',
    });
    expect(touches.get(2)).toEqual(updated);
    expect(before?.name).toBe('Touch 2'); // earlier reads are snapshots
    expect(touches.update(42, { name: 'x' })).toBeUndefined();
    expect(touches.remove(2)).toBe(true);
    expect(touches.remove(2)).toBe(false);
    expect(touches.all().map((t) => t.id)).toEqual([1, 3]);
    expect(touches.get('3')?.name).toBe('Touch 3');
    touches.clear();
    expect(touches.size).toBe(0);
    expect(touches.insert({}).id).toBe(4); // ids are not reused after clear()
  });

  it('changes made through data are what the API serves', async () => {
    sandbox = await createSandbox({ rateLimit: false, seed: { taxRates: 0 } });
    const token = (await issueToken(sandbox)).access_token;
    sandbox.data.taxRates.insert({ name: 'Oregon', rate: '0.0' });
    const { body } = await api<Envelope>(sandbox, token, '/tax_rates');
    expect(body).toMatchObject({ total_count: 1, tax_rates: [{ id: 1, name: 'Oregon' }] });
    expect(sandbox.data.collection('tax_rates')).toBe(sandbox.data.taxRates);
    expect(sandbox.data.collection('send')).toBe(sandbox.data.gifts);
    expect(sandbox.data.collection('bulk/jobs')).toBe(sandbox.data.bulkJobs);
  });
});
