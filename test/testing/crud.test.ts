import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from '../../src/testing/index.js';
import { api, type Item, issueToken } from './helpers.js';

let sandbox: Sandbox;
let token: string;
beforeAll(async () => {
  sandbox = await createSandbox({ rateLimit: false });
  token = (await issueToken(sandbox)).access_token;
});
afterAll(() => sandbox.close());

const call = <T = Item>(path: string, init?: Parameters<typeof api>[3]) => api<T>(sandbox, token, path, init);

describe('get one', () => {
  it('wraps a touch as {success, touch} and answers the documented 404', async () => {
    const touch = sandbox.data.touches.all()[3];
    expect(await call(`/touches/${touch?.id}`)).toMatchObject({
      status: 200,
      body: { success: true, touch },
    });
    expect(await call('/touches/999999')).toEqual(
      expect.objectContaining({ status: 404, body: { success: false, message: 'Touch not found' } }),
    );
  });

  it.each([
    ['gifts', '/send', 'Send not found'],
    ['groups', '/groups', 'Group not found!'],
    ['users', '/users', 'User not found'],
    ['returnAddresses', '/return_addresses', 'Return address not found'],
    ['journals', '/journals', 'Journal not found'],
    ['payments', '/payments', 'Payment not found'],
    ['purchaseOrders', '/purchase_orders', 'Purchase order not found'],
    ['taxRates', '/tax_rates', 'Tax rate not found'],
    ['bulkJobs', '/bulk/jobs', 'Job not found'],
  ] as const)('%s: GET %s/{id} answers the bare record, or 404 "%s"', async (resource, path, message) => {
    const record = sandbox.data[resource].all()[1];
    expect(await call(`${path}/${record?.id}`)).toMatchObject({ status: 200, body: record });
    expect(await call(`${path}/0`)).toMatchObject({ status: 404, body: { success: false, message } });
  });

  it('GET /me answers the current user fixture', async () => {
    const { status, body } = await call('/me');
    expect(status).toBe(200);
    expect(body).toMatchObject({ role: 'manager', balance: '578.0' });
    expect(Object.keys(body)).toEqual([
      'id',
      'first_name',
      'last_name',
      'email',
      'role',
      'balance',
      'team_balance',
    ]);
  });

  it('matches a path id after decoding one segment: /touches/..%2Fme is the touch "../me"', async () => {
    const res = await call('/touches/..%2Fme');
    expect(res).toMatchObject({ status: 404, body: { success: false, message: 'Touch not found' } });
    sandbox.data.touches.insert({ id: '../me', name: 'odd id' });
    expect(await call('/touches/..%2Fme')).toMatchObject({
      status: 200,
      body: { touch: { name: 'odd id' } },
    });
    sandbox.data.touches.remove('../me');
    expect(sandbox.requests.at(-1)?.path).toBe('/api/v3/touches/..%2Fme');
  });

  it('answers 404 to an encoded slash in the resource name and 400 to broken percent-encoding', async () => {
    expect((await call('/groups%2F401%2Fmembers')).status).toBe(404);
    expect((await call('/touches/%E0%A4%A')).status).toBe(400);
  });
});

describe('conventional create / update / delete', () => {
  it.each([
    ['journals', '/journals', 'journal'],
    ['touches', '/touches', 'touch'],
    ['groups', '/groups', 'group'],
    ['returnAddresses', '/return_addresses', 'return_address'],
    ['purchaseOrders', '/purchase_orders', 'purchase_order'],
  ] as const)('%s: POST 201, PATCH 200, DELETE 200, then 404', async (resource, path, singular) => {
    const created = await call(path, {
      method: 'POST',
      body: { [singular]: { name: 'Made in a test', id: 1 } },
    });
    expect(created.status).toBe(201);
    const record = created.body[singular] as Item;
    expect(created.body).toMatchObject({ success: true });
    expect(record).toMatchObject({ name: 'Made in a test' });
    expect(record.id).not.toBe(1); // the server assigns ids
    expect(typeof record.created_at).toBe('string');
    expect(sandbox.data[resource].get(record.id as number)).toEqual(record);

    const patched = await call(`${path}/${record.id}`, {
      method: 'PATCH',
      body: { [singular]: { name: 'Renamed' } },
    });
    expect(patched).toMatchObject({
      status: 200,
      body: { success: true, [singular]: { id: record.id, name: 'Renamed' } },
    });

    expect(await call(`${path}/${record.id}`, { method: 'DELETE' })).toMatchObject({
      status: 200,
      body: { success: true },
    });
    expect((await call(`${path}/${record.id}`)).status).toBe(404);
    expect(
      (await call(`${path}/${record.id}`, { method: 'PATCH', body: { [singular]: { a: 1 } } })).status,
    ).toBe(404);
    expect((await call(`${path}/${record.id}`, { method: 'DELETE' })).status).toBe(404);
  });

  it('answers 400 when the singular wrapper is missing or empty', async () => {
    const missing = { success: false, message: 'param is missing or the value is empty: journal' };
    expect(await call('/journals', { method: 'POST', body: { name: 'x' } })).toMatchObject({
      status: 400,
      body: missing,
    });
    expect(await call('/journals', { method: 'POST', body: { journal: {} } })).toMatchObject({
      status: 400,
      body: missing,
    });
    const id = sandbox.data.journals.all()[0]?.id;
    expect(await call(`/journals/${id}`, { method: 'PATCH', body: [] })).toMatchObject({
      status: 400,
      body: missing,
    });
  });

  it('supports PATCH and DELETE on gifts and users with their singular keys', async () => {
    const send = sandbox.data.gifts.all()[0];
    const patched = await call(`/send/${send?.id}`, {
      method: 'PATCH',
      body: { send: { status: 'Cancelled' } },
    });
    expect(patched.body).toMatchObject({ success: true, send: { id: send?.id, status: 'Cancelled' } });
    const user = sandbox.data.users.all()[0];
    expect((await call(`/users/${user?.id}`, { method: 'DELETE' })).status).toBe(200);
    expect(sandbox.data.users.get(user?.id as number)).toBeUndefined();
  });

  it('answers 405 with Allow for methods a route does not take', async () => {
    const put = await call('/touches/1', { method: 'PUT', body: { touch: {} } });
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('GET, PATCH, DELETE');
    const bulk = await call('/bulk/jobs', { method: 'POST', body: { job: { a: 1 } } });
    expect(bulk.status).toBe(405);
    expect(bulk.headers.get('allow')).toBe('GET');
    expect((await call('/me', { method: 'DELETE' })).status).toBe(405);
  });

  it('answers 400 {success:false, message} to malformed JSON', async () => {
    const res = await call('/journals', { method: 'POST', body: '{"journal": {' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ success: false, message: expect.stringMatching(/JSON/) });
  });
});

describe('generic objects', () => {
  it('serves any other /{name} as a collection created on first use, with the same CRUD', async () => {
    const empty = await call('/widgets');
    expect(empty.body).toEqual({ current_page: 1, per_page: 25, total_count: 0, widgets: [] });
    const created = await call('/widgets', { method: 'POST', body: { widget: { color: 'teal' } } });
    expect(created).toMatchObject({ status: 201, body: { success: true, widget: { id: 1, color: 'teal' } } });
    expect((await call('/widgets')).body).toMatchObject({ total_count: 1, widgets: [{ color: 'teal' }] });
    expect(await call('/widgets/1')).toMatchObject({ status: 200, body: { id: 1, color: 'teal' } });
    expect(await call('/widgets/2')).toMatchObject({
      status: 404,
      body: { success: false, message: 'Widget not found' },
    });
    expect(sandbox.data.collection('widgets').size).toBe(1);
  });

  it('serves /{name}/{id}/{child} as a bare array from the child collection', async () => {
    sandbox.data.collection('accounts/7/contacts').insert({ email: 'a@example.com' });
    const { status, body } = await call<Item[]>('/accounts/7/contacts');
    expect(status).toBe(200);
    expect(body).toMatchObject([{ id: 1, email: 'a@example.com' }]);
    expect((await call<Item[]>('/accounts/8/contacts')).body).toEqual([]);
    expect((await call('/accounts/7/contacts/1')).body).toMatchObject({ id: 1, email: 'a@example.com' });
    expect((await call('/accounts/7/contacts/2')).status).toBe(404);
    expect((await call('/accounts/7/contacts/1/deeper')).status).toBe(404);
  });
});
