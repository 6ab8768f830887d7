import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CeqlNode, CeqlSyntaxError, ceql, or, ValidationError, Where, where } from '../../src/index.js';
import { authorizedClient, requestsTo, sandbox } from '../helpers.js';

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

const terms = (n: number, join: string) => Array.from({ length: n }, (_, i) => `a = ${i}`).join(join);

describe('CEQL size limits', () => {
  it('4,500 nested parentheses are a CeqlSyntaxError at the 101st, not a RangeError', () => {
    const err = thrown(() => ceql.parse(`${'('.repeat(4500)}a = 1${')'.repeat(4500)}`));
    expect(err).toBeInstanceOf(CeqlSyntaxError);
    expect((err as CeqlSyntaxError).position).toBe(100);
    expect((err as Error).message).toMatch(/nested.*100 levels/);
  });

  it('100 nested parentheses still parse', () => {
    const w = ceql.parse(`${'('.repeat(100)}a = 1${')'.repeat(100)}`);
    expect(String(w)).toBe('a = 1');
  });

  it('60,000 AND terms are a CeqlSyntaxError pointing at the 1,001st condition', () => {
    const text = terms(60_000, ' AND ');
    const err = thrown(() => ceql.parse(text));
    expect(err).toBeInstanceOf(CeqlSyntaxError);
    expect((err as CeqlSyntaxError).position).toBe(text.indexOf('a = 1000'));
    expect((err as Error).message).toMatch(/at most 1000.*IN/);
  });

  it('20,000 chained .and() calls are a ValidationError, not a crash', () => {
    const err = thrown(() => {
      let w = where('a').eq(0);
      for (let i = 1; i < 20_000; i++) w = w.and(where('a').eq(i));
    });
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).issues[0]?.message).toMatch(/more than 1000 conditions/);
  });

  it('a hand-built tree nested 20,000 levels deep is a ValidationError', () => {
    let ast: CeqlNode = { kind: 'compare', field: 'a', op: '=', value: 1 };
    for (let i = 0; i < 20_000; i++) {
      ast = { kind: i % 2 ? 'and' : 'or', terms: [ast, { kind: 'isNull', field: `f${i}`, negated: false }] };
    }
    const deep = ast;
    const err = thrown(() => new Where(deep));
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as Error).message).toMatch(/nest more than \d+ levels/);
  });

  it('one IN counts as one condition, however many values it holds', () => {
    const w = where('id').in(Array.from({ length: 100_000 }, (_, i) => i));
    expect(ceql.matches(w, { id: 99_999 })).toBe(true);
    expect(ceql.matches(ceql.parse(String(w)), { id: '42.0' })).toBe(true);
  });

  it('the largest allowed AND and OR chains evaluate, print, parse back and compare without recursion', () => {
    const and = ceql.parse(terms(1000, ' AND ').replaceAll('=', '>='));
    expect(ceql.matches(and, { a: 999 })).toBe(true);
    expect(ceql.matches(and, { a: 998 })).toBe(false);
    const any = or(...Array.from({ length: 1000 }, (_, i) => where('a').eq(i)));
    expect(ceql.matches(any, { a: 999 })).toBe(true);
    expect(ceql.matches(any, { a: 1000 })).toBe(false);
    expect(ceql.parse(String(any)).equals(any)).toBe(true);
    let chained = where('a').eq(0);
    for (let i = 1; i < 1000; i++) chained = chained.and(where(`f${i}`).isNull());
    expect(ceql.matches(chained, { a: 0 })).toBe(true);
  });

  it('list() pushes down and filters with a 1,000-condition where', async () => {
    const s = await sandbox({ rateLimit: false });
    const client = await authorizedClient(s);
    const wanted = new Set(Array.from({ length: 999 }, (_, i) => `Touch ${i + 1}`));
    const w = where('delivery_type')
      .eq('mail')
      .and(or(...[...wanted].map((name) => where('name').eq(name))));
    const found: Array<string | number> = [];
    for await (const touch of client.touches.list(w)) found.push(touch.id);
    const expected = s.data.touches
      .all()
      .filter((t) => t.delivery_type === 'mail' && wanted.has(String(t.name)))
      .map((t) => t.id);
    expect(expected.length).toBeGreaterThan(0);
    expect(found.sort()).toEqual(expected.sort());
    expect(requestsTo(s, '/api/v3/touches')[0]?.query.delivery_type).toBe('mail');
  });
});

describe('IN with numbers', () => {
  it('answers exactly as the same values ORed one by one, for numbers, numeric strings and text', () => {
    const small = fc.integer({ min: -20, max: 20 });
    const literal = fc.oneof(
      small,
      small,
      small.map(String),
      fc.boolean(),
      fc.constant('2024-01-01T00:00:00Z'),
    );
    const value = fc.oneof(
      small,
      small.map(String),
      small.map((n) => `${n}.0`),
      fc.constantFrom('x', '', '1e1', true, false, null, ['3', 4], new Date(0), '2024-01-01'),
    );
    fc.assert(
      fc.property(fc.array(literal, { minLength: 1, maxLength: 30 }), value, (list, v) => {
        const ored = or(...list.map((l) => where('f').eq(l)));
        expect(ceql.matches(where('f').in(list), { f: v })).toBe(ceql.matches(ored, { f: v }));
      }),
      { numRuns: 3000 },
    );
  });
});
