import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { and, ceql, or, type Value, type Where, where } from '../../src/ceql/index.js';

const plainName = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,6}$/);

const field = fc.oneof(
  plainName,
  fc.array(plainName, { minLength: 2, maxLength: 3 }).map((parts) => parts.join('.')),
  // Fields that need backticks: keywords, spaces, quotes, backticks, leading digits, stray dots, unicode.
  fc.constantFrom(
    'and',
    'In',
    'NULL',
    'true',
    'Account Name',
    'a-b',
    'x`y',
    "it's",
    '1st',
    'a.',
    '.a',
    'ünï',
  ),
  fc.string({ minLength: 1, maxLength: 8, unit: 'binary' }),
);

const text = fc.oneof(
  fc.string({ maxLength: 12, unit: 'binary' }),
  fc.string({ maxLength: 12, unit: fc.constantFrom("'", '`', '%', '_', ' ', 'a', '\n', '\\', 'é', '🎁') }),
  fc.constantFrom("x' OR '1'='1", "''", '', 'null', 'TRUE', '2024-01-01T00:00:00Z'),
);

const value: fc.Arbitrary<Value> = fc.oneof(
  text,
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
  fc.boolean(),
  fc.date({ noInvalidDate: true }),
);

const compareOps = ['eq', 'ne', 'lt', 'lte', 'gt', 'gte'] as const;

const leaf: fc.Arbitrary<Where> = fc.oneof(
  fc.tuple(field, fc.constantFrom(...compareOps), value).map(([f, op, v]) => where(f)[op](v)),
  fc.tuple(field, text, fc.boolean()).map(([f, p, not]) => (not ? where(f).notLike(p) : where(f).like(p))),
  fc
    .tuple(field, fc.array(value, { minLength: 1, maxLength: 4 }), fc.boolean())
    .map(([f, vs, not]) => (not ? where(f).notIn(vs) : where(f).in(vs))),
  fc.tuple(field, fc.boolean()).map(([f, not]) => (not ? where(f).isNotNull() : where(f).isNull())),
);

const { node } = fc.letrec<{ node: Where; group: Where }>((tie) => ({
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('group')),
  group: fc
    .tuple(fc.boolean(), fc.array(tie('node'), { minLength: 1, maxLength: 4 }))
    .map(([isAnd, terms]) => (isAnd ? and(...terms) : or(...terms))),
}));

describe('canonical text round-trips', () => {
  it('ceql.parse(String(w)) equals w for random conditions', () => {
    fc.assert(
      fc.property(node, (w) => {
        const parsed = ceql.parse(String(w));
        expect(parsed.equals(w)).toBe(true);
        expect(parsed.ast).toEqual(w.ast);
      }),
      { numRuns: 1000 },
    );
  });

  it('printing is idempotent', () => {
    fc.assert(
      fc.property(node, (w) => {
        const once = String(w);
        expect(String(ceql.parse(once))).toBe(once);
      }),
      { numRuns: 500 },
    );
  });

  it('a string value matches only a record holding exactly that string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (s, other) => {
        const w = ceql.parse(String(where('name').eq(s)));
        expect(ceql.matches(w, { name: s })).toBe(true);
        fc.pre(other !== s);
        // Equal instants or a number-like pair could legitimately match; plain strings must not.
        fc.pre(!/^\d{4}-\d\d-\d\d/.test(s));
        expect(ceql.matches(w, { name: other })).toBe(false);
      }),
      { numRuns: 500 },
    );
  });
});
