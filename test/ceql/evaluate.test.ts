import { describe, expect, it } from 'vitest';
import { ceql, where } from '../../src/ceql/index.js';

const m = (text: string, record: unknown): boolean => ceql.matches(text, record);

describe('evaluation: nulls', () => {
  it('IS NULL holds for null and for a missing field, IS NOT NULL for anything else', () => {
    expect(m('a IS NULL', { a: null })).toBe(true);
    expect(m('a IS NULL', {})).toBe(true);
    expect(m('a.b IS NULL', { a: null })).toBe(true);
    expect(m('a IS NULL', { a: 0 })).toBe(false);
    expect(m('a IS NULL', { a: '' })).toBe(false);
    expect(m('a IS NOT NULL', { a: false })).toBe(true);
    expect(m('a IS NOT NULL', {})).toBe(false);
  });

  it('every other comparison with a null side is false, negated ones included', () => {
    for (const record of [{ a: null }, {}, null, undefined, 'text']) {
      for (const text of [
        "a = 'x'",
        "a != 'x'",
        'a < 1',
        'a >= 1',
        "a LIKE '%'",
        "a NOT LIKE 'x'",
        "a IN ('x')",
        "a NOT IN ('x')",
      ]) {
        expect([text, m(text, record)]).toEqual([text, false]);
      }
    }
  });
});

describe('evaluation: numbers and numeric strings', () => {
  it('compares a number with a numeric string as numbers (Sendoso sends money both ways)', () => {
    expect(m('price = 578', { price: '578.0' })).toBe(true);
    expect(m('price >= 25', { price: '25.00' })).toBe(true);
    expect(m('price > 25.4', { price: '25.5' })).toBe(true);
    expect(m('price < 100', { price: '99.99' })).toBe(true); // as strings '99.99' > '100'
    expect(m('price < 100', { price: 99.99 })).toBe(true);
    expect(m("price > '9'", { price: 10 })).toBe(true); // numeric literal string vs a number
    expect(m('price = -0.5', { price: '-.5' })).toBe(true);
    expect(m('price = 1000', { price: '1e3' })).toBe(true);
  });

  it('treats only plain decimal text as numeric: whitespace, hex and Infinity compare as strings', () => {
    expect(m('price = 5', { price: ' 5' })).toBe(false);
    expect(m('price = 16', { price: '0x10' })).toBe(false);
    expect(m('price = 0', { price: '' })).toBe(false);
    expect(m('price < -5', { price: '-Infinity' })).toBe(false); // as a number it would be true
  });

  it('compares two strings as strings even when both look numeric', () => {
    expect(m("price = '578'", { price: '578.0' })).toBe(false);
    expect(m("price < '100'", { price: '99' })).toBe(false);
  });
});

describe('evaluation: ISO-8601 date-times compare as instants', () => {
  it('honours offsets', () => {
    // 00:30+01:00 is 23:30 the day before in UTC: later as text, earlier as an instant.
    expect(m("t < '2024-01-01T00:00:00Z'", { t: '2024-01-01T00:30:00+01:00' })).toBe(true);
    expect(m("t > '2024-01-01T00:00:00Z'", { t: '2023-12-31T20:00:00-05:00' })).toBe(true);
    expect(m("t = '2024-01-01T00:00:00.000Z'", { t: '2024-01-01T05:30:00+05:30' })).toBe(true);
    expect(m("t = '2024-01-01T00:00:00Z'", { t: '2024-01-01T05:30:00+0530' })).toBe(true);
  });

  it('compares differing precision and date-only values as instants', () => {
    expect(m("t = '2024-01-01T00:00:00Z'", { t: '2024-01-01T00:00:00.000Z' })).toBe(true);
    expect(m("t > '2024-01-01T00:00:00.499Z'", { t: '2024-01-01T00:00:00.5Z' })).toBe(true);
    expect(m("t < '2024-01-02'", { t: '2024-01-01T23:59:59Z' })).toBe(true);
    expect(m("t = '2024-01-01T00:00:00Z'", { t: '2024-01-01T00:00:00' })).toBe(true); // no offset: UTC
  });

  it('compares a Date in a record as its instant and a non-date string as text', () => {
    expect(m("t = '2024-01-01T01:00:00+01:00'", { t: new Date('2024-01-01T00:00:00Z') })).toBe(true);
    expect(m("t > '2024-01-01T00:00:00Z'", { t: 'not a date' })).toBe(true); // 'n' > '2' as text
    expect(m("t < '2024-13-01T00:00:00Z'", { t: '2024-02-01T00:00:00Z' })).toBe(true); // month 13: text
  });

  it('builds the same comparison from a Date in the builder', () => {
    const w = where('t').gte(new Date('2024-01-01T00:00:00Z'));
    expect(ceql.matches(w, { t: '2023-12-31T19:00:00-05:00' })).toBe(true);
    expect(ceql.matches(w, { t: '2023-12-31T18:59:59-05:00' })).toBe(false);
  });
});

describe('evaluation: LIKE', () => {
  it('is case-insensitive', () => {
    expect(m("name LIKE 'q4%'", { name: 'Q4 Promo' })).toBe(true);
    expect(m("name LIKE 'Q4 PROMO'", { name: 'q4 promo' })).toBe(true);
  });

  it('is anchored at both ends', () => {
    expect(m("name LIKE 'Q4'", { name: 'Q4 Promo' })).toBe(false);
    expect(m("name LIKE 'Promo'", { name: 'Q4 Promo' })).toBe(false);
    expect(m("name LIKE '%Promo'", { name: 'Q4 Promo' })).toBe(true);
    expect(m("name LIKE '%Promo'", { name: 'Q4 Promo!' })).toBe(false);
    expect(m("name LIKE '%4 P%'", { name: 'Q4 Promo' })).toBe(true);
  });

  it('reads % as any run (even empty or multi-line) and _ as exactly one character', () => {
    expect(m("name LIKE '%'", { name: '' })).toBe(true);
    expect(m("name LIKE 'a%b'", { name: 'ab' })).toBe(true);
    expect(m("name LIKE 'a%b'", { name: 'a\nline\nb' })).toBe(true);
    expect(m("name LIKE 'Q_ x'", { name: 'Q4 x' })).toBe(true);
    expect(m("name LIKE 'Q_ x'", { name: 'Q x' })).toBe(false);
    expect(m("name LIKE 'Q_ x'", { name: 'Q44 x' })).toBe(false);
    expect(m("name LIKE '_'", { name: '🎁' })).toBe(true); // one character, two UTF-16 units
  });

  it('takes regex metacharacters literally', () => {
    expect(m("name LIKE 'a.c'", { name: 'abc' })).toBe(false);
    expect(m("name LIKE 'a.c'", { name: 'a.c' })).toBe(true);
    expect(m("name LIKE '(x)+[y]$^|{2}\\%'", { name: '(x)+[y]$^|{2}\\anything' })).toBe(true);
    expect(m("name LIKE 'a*'", { name: 'aaa' })).toBe(false);
    expect(m("name LIKE '.*'", { name: 'anything' })).toBe(false);
  });

  it('matches numbers by their text, and NOT LIKE negates', () => {
    expect(m("code LIKE '12%'", { code: 1234 })).toBe(true);
    expect(m("name NOT LIKE 'q%'", { name: 'Q4' })).toBe(false);
    expect(m("name NOT LIKE 'q%'", { name: 'Holiday' })).toBe(true);
  });
});

describe('evaluation: arrays', () => {
  const r = { ship_to_countries: ['US', 'CA'], empty: [] };

  it('=, IN and LIKE hold if any element holds', () => {
    expect(m("ship_to_countries = 'CA'", r)).toBe(true);
    expect(m("ship_to_countries = 'MX'", r)).toBe(false);
    expect(m("ship_to_countries IN ('MX', 'CA')", r)).toBe(true);
    expect(m("ship_to_countries LIKE 'c%'", r)).toBe(true);
    expect(m("empty = 'US'", r)).toBe(false);
  });

  it('!= (and NOT IN) hold only if no element equals', () => {
    expect(m("ship_to_countries != 'CA'", r)).toBe(false);
    expect(m("ship_to_countries != 'MX'", r)).toBe(true);
    expect(m("ship_to_countries NOT IN ('US')", r)).toBe(false);
    expect(m("ship_to_countries NOT IN ('MX')", r)).toBe(true);
    expect(m("empty != 'US'", r)).toBe(true);
  });

  it('applies the number rules per element', () => {
    expect(m('prices > 10', { prices: ['5.0', '12.5'] })).toBe(true);
    expect(m('prices > 20', { prices: ['5.0', '12.5'] })).toBe(false);
  });
});

describe('evaluation: dotted paths', () => {
  it('walks nested objects; a missing step is null', () => {
    const r = { recipient: { email: 'a@b.co', address: { country: 'US' } } };
    expect(m("recipient.email = 'a@b.co'", r)).toBe(true);
    expect(m("recipient.address.country = 'US'", r)).toBe(true);
    expect(m('recipient.phone IS NULL', r)).toBe(true);
    expect(m('sender.email IS NULL', r)).toBe(true);
    expect(m('recipient.email.length IS NULL', r)).toBe(true); // no walking into a string
  });

  it('indexes arrays with numeric segments', () => {
    expect(m("items.0.sku = 'A1'", { items: [{ sku: 'A1' }] })).toBe(true);
    expect(m('items.1.sku IS NULL', { items: [{ sku: 'A1' }] })).toBe(true);
  });

  it('never reads inherited properties as fields', () => {
    expect(m('constructor IS NULL', {})).toBe(true);
    expect(m('toString IS NULL', {})).toBe(true);
    expect(m('`__proto__` IS NULL', {})).toBe(true);
    expect(m('tags.length IS NULL', { tags: ['a'] })).toBe(true);
    expect(m('a.hasOwnProperty IS NULL', { a: {} })).toBe(true);
    expect(m("constructor = 'own'", { constructor: 'own' })).toBe(true);
  });
});

describe('evaluation: booleans', () => {
  it('compares booleans with true/false', () => {
    expect(m('active = true', { active: true })).toBe(true);
    expect(m('active = true', { active: false })).toBe(false);
    expect(m('active = false', { active: false })).toBe(true);
    expect(m('active != true', { active: false })).toBe(true);
    expect(m('active < true', { active: false })).toBe(true);
  });

  it('compares a boolean literal with anything else as text', () => {
    expect(m('active = true', { active: 'true' })).toBe(true);
    expect(m('active = true', { active: 1 })).toBe(false);
    expect(m("active = 'false'", { active: false })).toBe(true);
  });
});

describe('evaluation: strings and combinations', () => {
  it('compares strings case-sensitively', () => {
    expect(m("status = 'Active'", { status: 'Active' })).toBe(true);
    expect(m("status = 'Active'", { status: 'active' })).toBe(false);
    expect(m("status > 'B'", { status: 'a' })).toBe(true); // code-unit order: 'a' > 'B'
  });

  it('ignores objects except for IS NULL, IS NOT NULL and !=', () => {
    expect(m("a = '[object Object]'", { a: {} })).toBe(false);
    expect(m("a != 'x'", { a: {} })).toBe(true);
  });

  it('evaluates AND and OR with the usual precedence', () => {
    const text = "status = 'Active' AND currency = 'USD' OR status = 'Draft'";
    expect(m(text, { status: 'Active', currency: 'USD' })).toBe(true);
    expect(m(text, { status: 'Active', currency: 'EUR' })).toBe(false);
    expect(m(text, { status: 'Draft', currency: 'EUR' })).toBe(true);
    const grouped = "status = 'Active' AND (currency = 'USD' OR currency = 'EUR') AND price >= 25";
    expect(m(grouped, { status: 'Active', currency: 'EUR', price: '30.0' })).toBe(true);
    expect(m(grouped, { status: 'Active', currency: 'EUR', price: '20.0' })).toBe(false);
    expect(m(grouped, { status: 'Active', currency: 'GBP', price: '30.0' })).toBe(false);
  });

  it('compiles a Where once and reuses the predicate', () => {
    const w = where('a').eq(1);
    const p = ceql.compile(w);
    expect(ceql.compile(w)).toBe(p);
    expect([{ a: 1 }, { a: '1.0' }, { a: 2 }].filter(p)).toEqual([{ a: 1 }, { a: '1.0' }]);
  });
});
