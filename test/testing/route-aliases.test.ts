import { describe, expect, it } from 'vitest';
import { createSandbox } from '../../src/testing/index.js';
import { authorizedClient, requestsTo, sandbox } from '../helpers.js';

describe('createSandbox({ routes })', () => {
  it('serves a resource at the path a route override points the client to', async () => {
    const s = await sandbox({ routes: { '/ledger/journals': 'journals' } });
    const path = '/ledger/journals';
    const client = await authorizedClient(s, {
      resources: {
        journals: { list: { path }, get: { path: `${path}/{id}` }, create: { path } },
      },
    });
    const page = await client.journals.list();
    expect(page.items.map((j) => j.id)).toEqual(
      s.data.journals
        .all()
        .slice(0, 100)
        .map((j) => j.id),
    );
    const created = await client.journals.create({ amount: '10.0', description: 'top-up' });
    expect(await client.journals.get(created.id)).toMatchObject({ amount: '10.0', description: 'top-up' });
    expect(s.data.journals.get(created.id)).toMatchObject({ description: 'top-up' });
    expect(requestsTo(s, '/api/v3/ledger/journals').map((r) => r.method)).toEqual(['GET', 'POST']);
    expect(requestsTo(s, `/api/v3/ledger/journals/${created.id}`)).toHaveLength(1);
    expect(requestsTo(s, '/api/v3/journals')).toEqual([]);
  });

  it('refuses a path or resource it cannot serve', async () => {
    await expect(createSandbox({ routes: { 'ledger/journals': 'journals' } })).rejects.toThrow(
      /must be a path below the API base/,
    );
    await expect(createSandbox({ routes: { '/ledger/journals': 'ledgers' as never } })).rejects.toThrow(
      /must be one of touches, groups/,
    );
  });
});
