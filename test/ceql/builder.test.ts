import { describe, expect, it } from 'vitest';
import { and, ceql, or, Where, where } from '../../src/ceql/index.js';
import { ValidationError } from '../../src/errors.js';

function validationError(build: () => unknown): ValidationError {
  try {
    build();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('where(field) builder', () => {
  it('prints every operation canonically', () => {
    const f = where('f');
    expect(
      [
        f.eq('x'),
        f.ne(1),
        f.lt(2.5),
        f.lte(-3),
        f.gt(true),
        f.gte(false),
        f.like('Q4%'),
        f.notLike('%x'),
        f.in(['a', 1, true]),
        f.notIn(['b']),
        f.isNull(),
        f.isNotNull(),
      ].map(String),
    ).toEqual([
      "f = 'x'",
      'f != 1',
      'f < 2.5',
      'f <= -3',
      'f > true',
      'f >= false',
      "f LIKE 'Q4%'",
      "f NOT LIKE '%x'",
      "f IN ('a', 1, true)",
      "f NOT IN ('b')",
      'f IS NULL',
      'f IS NOT NULL',
    ]);
  });

  it('combines with and/or, flattening groups and parenthesizing only an OR inside an AND', () => {
    const a = where('a').eq(1);
    const b = where('b').eq(2);
    const c = where('c').eq(3);
    expect(String(where('currency').eq('USD').and(where('name').like('Q4%')))).toBe(
      "currency = 'USD' AND name LIKE 'Q4%'",
    );
    expect(String(and(and(a, b), c))).toBe('a = 1 AND b = 2 AND c = 3');
    expect((and(and(a, b), c).ast as { readonly terms: readonly unknown[] }).terms).toHaveLength(3);
    expect(String(or(a, or(b, c)))).toBe('a = 1 OR b = 2 OR c = 3');
    expect(String(a.or(b).and(c))).toBe('(a = 1 OR b = 2) AND c = 3');
    expect(String(a.and(b).or(c))).toBe('a = 1 AND b = 2 OR c = 3');
    expect(String(a.and(b.or(c), where('d').isNull()))).toBe('a = 1 AND (b = 2 OR c = 3) AND d IS NULL');
    expect(and(a).equals(a)).toBe(true);
  });

  it('builds from an object: equality, IN for arrays, IS NULL for null, keys AND-ed in order', () => {
    const w = where({ status: 'Active', currency: ['USD', 'EUR'], archived_at: null, amount: 5 });
    expect(String(w)).toBe(
      "status = 'Active' AND currency IN ('USD', 'EUR') AND archived_at IS NULL AND amount = 5",
    );
    expect(String(where({ status: 'Active' }))).toBe("status = 'Active'");
  });

  it('stores a Date as its ISO text, so a parsed copy is equal', () => {
    const when = new Date('2024-03-01T12:34:56.789Z');
    const w = where('created_at').gt(when);
    expect(String(w)).toBe("created_at > '2024-03-01T12:34:56.789Z'");
    expect(w.ast).toMatchObject({ value: '2024-03-01T12:34:56.789Z' });
    expect(ceql.parse(String(w)).equals(w)).toBe(true);
    expect(w.equals(where('created_at').gt('2024-03-01T12:34:56.789Z'))).toBe(true);
  });

  it('backtick-quotes fields that are not plain dotted names', () => {
    expect(String(where('recipient.email').eq('x'))).toBe("recipient.email = 'x'");
    expect(String(where('Account Name').eq('x'))).toBe("`Account Name` = 'x'");
    expect(String(where('and').eq(1))).toBe('`and` = 1');
    expect(String(where('a`b').eq(1))).toBe('`a``b` = 1');
    expect(String(where('1st').eq(1))).toBe('`1st` = 1');
  });

  it('prints -0 as 0 and numbers in their shortest round-trip form', () => {
    expect(String(where('a').eq(-0))).toBe('a = 0');
    expect(String(where('a').eq(1e21))).toBe('a = 1e+21');
    expect(String(where('a').eq(-1.5e-7))).toBe('a = -1.5e-7');
    expect(ceql.parse('a = 1e+21').equals(where('a').eq(1e21))).toBe(true);
  });
});

describe('Where values', () => {
  it('compares structurally: same condition equal, different literal types not', () => {
    expect(where('a').eq(1).equals(ceql.parse('a=1'))).toBe(true);
    expect(where('a').eq(1).equals(where('a').eq('1'))).toBe(false);
    expect(where('a').eq(1).equals(where('a').ne(1))).toBe(false);
    expect(
      where('a')
        .in([1, 2])
        .equals(where('a').in([2, 1])),
    ).toBe(false);
    expect(where('a').like('x').equals(where('a').notLike('x'))).toBe(false);
  });

  it('is immutable: and/or return new conditions and the AST is frozen', () => {
    const a = where('a').eq(1);
    const combined = a.and(where('b').eq(2));
    expect(String(a)).toBe('a = 1');
    expect(String(combined)).toBe('a = 1 AND b = 2');
    expect(Object.isFrozen(a)).toBe(true);
    expect(Object.isFrozen(combined.ast)).toBe(true);
    expect(Object.isFrozen((combined.ast as { readonly terms: readonly object[] }).terms[0])).toBe(true);
  });

  it('normalises a hand-made AST passed to the constructor', () => {
    const w = new Where({
      kind: 'and',
      terms: [{ kind: 'and', terms: [{ kind: 'compare', field: 'a', op: '=', value: 1 }] }],
    });
    expect(w.ast).toEqual({ kind: 'compare', field: 'a', op: '=', value: 1 });
  });
});

describe('builder validation: a ValidationError naming the problem', () => {
  const bad: [string, () => unknown, RegExp][] = [
    ['an empty field', () => where(''), /field name must be a non-empty string/],
    [
      'an undefined value',
      () => where('a').eq(undefined as unknown as string),
      /a: a value must be .* got undefined/,
    ],
    ['an object value', () => where('a').eq({} as unknown as string), /got an object/],
    ['a function value', () => where('a').eq((() => 1) as unknown as string), /got function/],
    ['a null value', () => where('a').eq(null as unknown as string), /use isNull\(\)/],
    ['NaN', () => where('a').gt(Number.NaN), /a: a number must be finite, got NaN/],
    ['Infinity', () => where('a').lt(Number.POSITIVE_INFINITY), /finite, got Infinity/],
    ['an invalid Date', () => where('a').eq(new Date('nope')), /the Date is invalid/],
    ['an empty IN list', () => where('a').in([]), /IN needs at least one value/],
    ['a bad IN element', () => where('a').in(['x', undefined as unknown as string]), /got undefined/],
    [
      'a non-string LIKE pattern',
      () => where('a').like(5 as unknown as string),
      /LIKE pattern must be a string/,
    ],
    ['an empty object', () => where({}), /needs at least one field/],
    ['an undefined object value', () => where({ a: undefined as unknown as string }), /a: a value must be/],
    ['a nested object value', () => where({ a: { b: 1 } as unknown as string }), /got an object/],
    ['and() with nothing', () => and(), /and\(\) needs at least one condition/],
    ['or() with nothing', () => or(), /or\(\) needs at least one condition/],
    [
      'a non-Where operand',
      () =>
        where('a')
          .eq(1)
          .and('b = 1' as unknown as Where),
      /expected a Where/,
    ],
  ];
  for (const [name, build, message] of bad) {
    it(`rejects ${name}`, () => {
      expect(validationError(build).message).toMatch(message);
    });
  }
});

describe('injection: builder values are data, never spliced text', () => {
  const sneaky = "x' OR '1'='1";
  const w = where('name').eq(sneaky);

  it('prints the quote doubled and parses back to the same single condition', () => {
    expect(String(w)).toBe("name = 'x'' OR ''1''=''1'");
    const parsed = ceql.parse(String(w));
    expect(parsed.equals(w)).toBe(true);
    expect(parsed.ast).toEqual({ kind: 'compare', field: 'name', op: '=', value: sneaky });
  });

  it('matches only a record with that literal name', () => {
    const records = [{ name: sneaky }, { name: 'x' }, { name: '1' }, { name: 'anything' }, {}];
    expect(records.filter((r) => ceql.matches(w, r))).toEqual([{ name: sneaky }]);
    expect(records.filter((r) => ceql.matches(String(w), r))).toEqual([{ name: sneaky }]);
  });
});
