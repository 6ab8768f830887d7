import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ceql, where } from '../../src/index.js';

const like = (pattern: string, value: unknown) => ceql.matches(where('f').like(pattern), { f: value });

/**
 * The documented LIKE semantics written as a RegExp: the obvious implementation, and a correct one,
 * but a backtracking one. Short inputs only: it is the oracle, not the subject.
 */
function oracle(pattern: string): RegExp {
  const body = pattern
    .split(/%+/)
    .map((part) => part.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&').replaceAll('_', '.'))
    .join('.*');
  return new RegExp(`^${body}$`, 'isu');
}

describe('LIKE', () => {
  it('anchors at both ends; % is any run (newlines too), _ one character, the rest literal', () => {
    expect(like('Q4%', 'Q4 gifts')).toBe(true);
    expect(like('Q4%', 'The Q4 gifts')).toBe(false);
    expect(like('%gift', 'Q4 gift')).toBe(true);
    expect(like('%gift', 'Q4 gifts')).toBe(false);
    expect(like('%x%', 'a\nx\nb')).toBe(true);
    expect(like('%', '')).toBe(true);
    expect(like('', '')).toBe(true);
    expect(like('', 'a')).toBe(false);
    expect(like('a%%b_', 'a--bc')).toBe(true);
    expect(like('a.c(d)', 'a.c(d)')).toBe(true);
    expect(like('a.c(d)', 'abc(d)')).toBe(false);
    expect(like('a_c', 'abbc')).toBe(false);
  });

  it('is case-insensitive, in Unicode too, and _ takes one whole emoji', () => {
    expect(like('ÉTÉ%', 'été 2024')).toBe(true);
    expect(like('straSSe', 'STRAsse')).toBe(true);
    expect(like('gift _', 'gift 🎁')).toBe(true);
    expect(like('gift __', 'gift 🎁')).toBe(false);
  });

  it('matches numbers and booleans by their text, and an array when any element matches', () => {
    expect(like('57%', 578)).toBe(true);
    expect(like('tr__', true)).toBe(true);
    expect(like('%US%', ['GB', 'US'])).toBe(true);
    expect(like('%US%', ['GB', 'FR'])).toBe(false);
    expect(ceql.matches(where('f').notLike('%US%'), { f: ['GB', 'FR'] })).toBe(true);
  });

  it('agrees with the RegExp reading of the rules on random patterns and values', () => {
    const char = fc.constantFrom(
      'a',
      'A',
      'b',
      '%',
      '_',
      'é',
      'É',
      'ß',
      'ſ',
      's',
      'K',
      '\n',
      '.',
      '*',
      '😀',
      'İ',
    );
    const text = fc.array(char, { maxLength: 10 }).map((chars) => chars.join(''));
    fc.assert(
      fc.property(text, text, (pattern, raw) => {
        const value = raw.replaceAll('%', 'x');
        expect(like(pattern, value)).toBe(oracle(pattern).test(value));
      }),
      { numRuns: 5000 },
    );
  });

  it('a pattern without wildcards matches exactly its own text, for any text', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 12, unit: 'binary' }),
        fc.string({ minLength: 1, maxLength: 3 }),
        (s, extra) => {
          const literal = s.replace(/[%_]/g, '');
          expect(like(literal, literal)).toBe(true);
          expect(like(literal, literal + extra)).toBe(false);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('never backtracks: 20 wildcards against a 100,000-character value finish well under 50 ms', () => {
    const value = 'a'.repeat(100_000);
    const cases = [
      { pattern: `${'%a'.repeat(19)}%b%`, expected: false },
      { pattern: `${'%a'.repeat(19)}%`, expected: true },
      { pattern: `${'%a_'.repeat(10)}${'%a'.repeat(9)}%b`, expected: false },
      { pattern: `${'_%'.repeat(20)}b`, expected: false },
    ];
    for (const { pattern, expected } of cases) {
      const test = ceql.compile(where('name').like(pattern));
      const started = performance.now();
      const result = test({ name: value });
      const elapsedMs = performance.now() - started;
      expect(result).toBe(expected);
      expect(elapsedMs).toBeLessThan(50);
    }
  });

  it('the reported case, %a%a%a%a%a%a%b% on 80 characters, is instant too', () => {
    const test = ceql.compile(where('name').like('%a%a%a%a%a%a%b%'));
    const started = performance.now();
    expect(test({ name: 'a'.repeat(80) })).toBe(false);
    expect(test({ name: `${'a'.repeat(400)}b` })).toBe(true);
    expect(performance.now() - started).toBeLessThan(50);
  });
});
