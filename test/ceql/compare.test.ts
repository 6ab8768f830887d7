import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NUMERIC_STRING, numericValue } from '../../src/ceql/compare.js';
import { isoInstant } from '../../src/ceql/instant.js';

describe('numericValue: the fast per-record check agrees with the numeric-string grammar', () => {
  it('for random strings of number-ish characters', () => {
    const chars = fc.constantFrom(...'0123456789.-+eExXbBoO Inf_,'.split(''), '', '\t');
    fc.assert(
      fc.property(fc.string({ maxLength: 8, unit: chars }), (s) => {
        const n = numericValue(s);
        if (NUMERIC_STRING.test(s)) expect(n).toBe(Number(s));
        else expect(n).toBeNaN();
      }),
      { numRuns: 5000 },
    );
  });

  it('for the forms Number() accepts but CEQL does not', () => {
    for (const s of [
      '',
      ' ',
      ' 5',
      '5 ',
      '+5',
      '0x1f',
      '0X10',
      '0b1',
      '0o7',
      'Infinity',
      '-Infinity',
      '.',
      '-',
    ]) {
      expect([s, numericValue(s)]).toEqual([s, Number.NaN]);
    }
    for (const s of ['0', '-0.5', '.5', '5.', '007', '1e3', '1E-3', '578.0']) {
      expect([s, numericValue(s)]).toEqual([s, Number(s)]);
    }
  });
});

describe('isoInstant: hand-rolled ISO-8601 parsing', () => {
  const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, '0');

  it('agrees with Date for random instants written with random offsets', () => {
    const date = fc.date({
      min: new Date('0001-01-02T00:00:00Z'),
      max: new Date('9998-12-30T00:00:00Z'),
      noInvalidDate: true,
    });
    const offset = fc.integer({ min: -23 * 60 - 59, max: 23 * 60 + 59 });
    const style = fc.constantFrom('colon', 'compact', 'hours', 'Z');
    fc.assert(
      fc.property(date, offset, style, (d, minutes, how) => {
        const off = how === 'Z' ? 0 : how === 'hours' ? Math.trunc(minutes / 60) * 60 : minutes;
        const local = new Date(d.getTime() + off * 60_000).toISOString().slice(0, 23);
        const sign = off < 0 ? '-' : '+';
        const h = pad(Math.trunc(off / 60));
        const m = pad(off % 60);
        const zone =
          how === 'Z'
            ? 'Z'
            : how === 'colon'
              ? `${sign}${h}:${m}`
              : how === 'compact'
                ? `${sign}${h}${m}`
                : `${sign}${h}`;
        expect(isoInstant(`${local}${zone}`)).toBe(d.getTime());
      }),
      { numRuns: 2000 },
    );
  });

  it('reads dates, minutes-only times and long fractions; no offset means UTC', () => {
    expect(isoInstant('2024-02-29')).toBe(Date.UTC(2024, 1, 29));
    expect(isoInstant('0050-06-01')).toBe(new Date('0050-06-01T00:00:00Z').getTime());
    expect(isoInstant('2024-01-01T10:20')).toBe(Date.UTC(2024, 0, 1, 10, 20));
    expect(isoInstant('2024-01-01T10:20:30.1234567Z')).toBeCloseTo(
      Date.UTC(2024, 0, 1, 10, 20, 30, 123) + 0.4567,
      3,
    );
  });

  it('rejects everything that is not strictly ISO-8601', () => {
    for (const s of [
      '2024-1-01',
      '2024-13-01',
      '2024-00-10',
      '2024-01-32',
      '2024-01-01 10:00:00Z',
      '2024-01-01T24:00Z',
      '2024-01-01T10:60Z',
      '2024-01-01T10:00:00.Z',
      '2024-01-01T10:00:00ZZ',
      '2024-01-01T10:00:00+5',
      '2024-01-01T10:00:00+05:3',
      '2024-01-01T10:00:00+24:00',
      '2024-01-01T10',
      '20240101',
      'not a date',
    ]) {
      expect([s, isoInstant(s)]).toEqual([s, undefined]);
    }
  });
});
