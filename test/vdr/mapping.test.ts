import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { SendosoError, ValidationError, where } from '../../src/index.js';
import type { Sandbox } from '../../src/testing/index.js';
import { authorizedClient, requestsTo, sandbox } from '../helpers.js';

const T0 = Date.parse('2023-11-14T22:13:20Z'); // epoch second 1_700_000_000

/** Readings stored the way some vendors do: epoch times, numbers and booleans as text. */
async function readings() {
  const s = await sandbox({ rateLimit: false, seed: { gifts: 0 } });
  const table = s.data.collection('readings');
  for (let i = 0; i < 6; i++) {
    table.insert({
      id: i + 1,
      taken_ms: T0 + i * 3_600_000,
      taken_s: String(T0 / 1000 + i * 3_600),
      value: `${(2 + i).toFixed(1)}`,
      ok: i % 2 === 0 ? 'true' : false,
      meta: { station: `st-${i % 2}`, unit: 'C' },
    });
  }
  table.insert({
    id: 7,
    taken_ms: 'yesterday',
    taken_s: null,
    value: 'n/a',
    ok: 'maybe',
    meta: { unit: 'C' },
  });
  const client = await authorizedClient(s, { rateLimit: false });
  const fields = {
    takenAt: { path: 'taken_ms', type: 'date', format: 'epoch-ms' },
    takenAtS: { path: 'taken_s', type: 'date', format: 'epoch-s' },
    value: { path: 'value', type: 'number' },
    ok: { path: 'ok', type: 'boolean' },
    station: 'meta.station',
  } as const;
  return { s, client, fields };
}

const apiRequests = (s: Sandbox) => s.requests.filter((r) => r.path.startsWith('/api/v3/'));

describe('VDR field types and pass-through', () => {
  it('reads coerce: numbers from "2.0", booleans from "true", Dates from epoch ms and s', async () => {
    const { client, fields } = await readings();
    const vdr = client.vdr('reading', { objects: 'readings', fields });
    const first = await vdr.get(1);
    expect(first).toEqual({
      id: 1,
      takenAt: new Date(T0),
      takenAtS: new Date(T0),
      value: 2,
      ok: true,
      station: 'st-0',
      meta: { unit: 'C' }, // what the mapping left of meta
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });
    // Values that cannot be read as the field's type leave the field absent; null does too.
    const odd = await vdr.get(7);
    expect(odd).not.toHaveProperty('takenAt');
    expect(odd).not.toHaveProperty('takenAtS');
    expect(odd).not.toHaveProperty('value');
    expect(odd).not.toHaveProperty('ok');
    expect(odd).not.toHaveProperty('station');
  });

  it('passThrough: false keeps only mapped fields, and refuses a where on any other field before any request', async () => {
    const { s, client, fields } = await readings();
    const vdr = client.vdr('reading', { objects: 'readings', fields, passThrough: false });
    expect(Object.keys(await vdr.get(2)).sort()).toEqual(['ok', 'station', 'takenAt', 'takenAtS', 'value']);
    s.clearRequests();
    const error = await vdr.list(where('meta.unit').eq('C')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([
      { path: 'meta.unit', message: expect.stringMatching(/passThrough is off/) },
    ]);
    expect(apiRequests(s)).toEqual([]);
    // Without the id mapped and without pass-through, there is no id to poll by.
    expect(() => vdr.idOf({ value: 1 })).toThrow(SendosoError);
  });

  it('where on epoch dates, numeric strings and booleans equals filtering the mapped objects (unconvertible values never match)', async () => {
    const { client, fields } = await readings();
    const vdr = client.vdr('reading', { objects: 'readings', fields });
    const all = [];
    for await (const r of vdr.list()) all.push(r);
    const cut = new Date(T0 + 2 * 3_600_000);
    const cases = [
      [where('takenAt').gte(cut), (r: Record<string, unknown>) => (r.takenAt as Date) >= cut],
      [where('takenAtS').lt(cut), (r: Record<string, unknown>) => (r.takenAtS as Date) < cut],
      [where('value').gt(4), (r: Record<string, unknown>) => (r.value as number) > 4],
      [where('ok').eq(true), (r: Record<string, unknown>) => r.ok === true],
      [where('station').eq('st-1'), (r: Record<string, unknown>) => r.station === 'st-1'],
      [
        where('meta.unit').eq('C').and(where('value').lte(3)),
        (r: Record<string, unknown>) => (r.value as number) <= 3,
      ],
    ] as const;
    for (const [query, keep] of cases) {
      const expected = all.filter(keep);
      expect(expected.length, String(query)).toBeGreaterThan(0);
      expect(expected.length, String(query)).toBeLessThan(all.length);
      expect((await vdr.list(query)).items, String(query)).toEqual(expected);
    }
  });

  it('a where on a vendor path the mapping took over is refused: query the mapped field', async () => {
    const { s, client, fields } = await readings();
    const vdr = client.vdr('reading', { objects: 'readings', fields });
    s.clearRequests();
    const error = await vdr.list("meta.station = 'st-1'").catch((e: unknown) => e);
    expect((error as ValidationError).issues).toEqual([
      { path: 'meta.station', message: expect.stringMatching(/mapped field station/) },
    ]);
    expect(apiRequests(s)).toEqual([]);
  });

  it('writes convert back (Dates to epoch, numbers) and update sends only the fields given', async () => {
    const { s, client, fields } = await readings();
    const vdr = client.vdr('reading', { objects: 'readings', fields });
    const at = new Date(T0 + 90_500);
    const created = await vdr.create({
      takenAt: at,
      takenAtS: at,
      value: '7.5',
      ok: 'false',
      station: 'st-9',
      note: 'x',
    });
    const sent = requestsTo(s, '/api/v3/readings', 'POST')[0]?.body;
    expect(sent).toEqual({
      reading: {
        taken_ms: T0 + 90_500,
        taken_s: T0 / 1000 + 90,
        value: 7.5,
        ok: false,
        meta: { station: 'st-9' },
        note: 'x',
      },
    });
    expect(created).toMatchObject({ takenAt: at, value: 7.5, ok: false, station: 'st-9', note: 'x' });

    const updated = await vdr.update(1, { value: 9 });
    expect(requestsTo(s, '/api/v3/readings/1', 'PATCH')[0]?.body).toEqual({ reading: { value: 9 } });
    expect(updated).toMatchObject({ value: 9, station: 'st-0', meta: { unit: 'C' } });
    expect(s.data.collection('readings').get(1)).toMatchObject({
      value: 9,
      meta: { station: 'st-0', unit: 'C' },
    });
  });

  it('a value that cannot be converted on write is a ValidationError naming the field, and nothing is sent', async () => {
    const { s, client, fields } = await readings();
    const vdr = client.vdr('reading', { objects: 'readings', fields });
    s.clearRequests();
    const error = await vdr.create({ takenAt: 'soon', value: 'lots', ok: 'yes' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((i) => i.path)).toEqual(['takenAt', 'value', 'ok']);
    expect(apiRequests(s)).toEqual([]);
  });

  it('a read followed by a write gives back the vendor record', async () => {
    const { s, client, fields } = await readings();
    const vdr = client.vdr('reading', { objects: 'readings', fields });
    for (const stored of s.data.collection('readings').all().slice(0, 6)) {
      const body = vdr.toVendor(vdr.fromVendor(stored));
      expect(body).toEqual({
        ...stored,
        taken_s: Number(stored.taken_s),
        value: Number(stored.value),
        ok: stored.ok === true || stored.ok === 'true',
      });
    }
  });
});

describe('VDR schema and transforms', () => {
  const Reading = z.looseObject({ value: z.number().min(0), station: z.string().startsWith('st-') });

  it('the schema checks writes (update with its partial) before anything is sent', async () => {
    const { s, client, fields } = await readings();
    const vdr = client.vdr('reading', { objects: 'readings', fields, schema: Reading });
    s.clearRequests();
    const error = await vdr.create({ value: -1, station: 'x' }).catch((e: unknown) => e);
    expect((error as ValidationError).issues.map((i) => i.path)).toEqual(['value', 'station']);
    const partial = await vdr.update(2, { station: 'nope' }).catch((e: unknown) => e);
    expect((partial as ValidationError).issues.map((i) => i.path)).toEqual(['station']);
    expect(apiRequests(s)).toEqual([]);
    await expect(vdr.update(2, { value: 3 })).resolves.toMatchObject({ value: 3, station: 'st-1' });
  });

  it('the schema checks reads: a record that does not fit is a ValidationError naming the field', async () => {
    const { client, fields } = await readings();
    const vdr = client.vdr('reading', { objects: 'readings', fields, schema: Reading });
    await expect(vdr.get(3)).resolves.toMatchObject({ value: 4 });
    const error = await vdr.get(7).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((i) => i.path)).toEqual(['value', 'station']);
  });

  it('transforms run after the mapping, with the vendor record and the operation', async () => {
    const { client, fields } = await readings();
    const seen: string[] = [];
    const vdr = client.vdr('reading', {
      objects: 'readings',
      fields,
      passThrough: false,
      transform: {
        fromVendor: (mapped, vendor, { operation }) => {
          seen.push(operation);
          return { ...mapped, label: `#${String(vendor.id)} ${String(mapped.station)}` };
        },
      },
    });
    await expect(vdr.get(4)).resolves.toMatchObject({ label: '#4 st-1', value: 5 });
    await vdr.list({ pageSize: 2 });
    expect(seen).toEqual(['get', 'list', 'list']);
    const broken = client.vdr('reading', {
      objects: 'readings',
      fields,
      transform: { fromVendor: () => null as never },
    });
    await expect(broken.get(1)).rejects.toThrow(/transform must return an object/);
  });
});
