import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CeqlSyntaxError, ceql, SendosoError, ValidationError } from '../../src/index.js';

/** CEQL-shaped text: real tokens in random order, so the parser gets past its first token. */
const token = fc.oneof(
  fc.constantFrom('(', ')', ',', '=', '!=', '<', '<=', '>', '>=', '==', '<>', '%', '"', '`', "'"),
  fc.constantFrom('AND', 'or', 'Not', 'IN', 'like', 'IS', 'NULL', 'true', 'FALSE', 'name', 'a.b.c', '`x y`'),
  fc.string({ maxLength: 6 }).map((s) => `'${s.replaceAll("'", "''")}'`),
  fc.string({ maxLength: 6 }),
  fc.double().map(String),
  fc.constant('('.repeat(150)),
  fc.constant('('.repeat(5000)),
  fc.constant('a = 1 AND '.repeat(300)),
);
const ceqlish = fc.array(token, { maxLength: 40 }).map((tokens) => tokens.join(' '));

function outcome(run: () => unknown): unknown {
  try {
    run();
    return undefined;
  } catch (error) {
    return error;
  }
}

describe('ceql.parse on arbitrary input', () => {
  it('either parses, and round-trips, or throws a SendosoError: never a RangeError or TypeError', () => {
    fc.assert(
      fc.property(fc.oneof(ceqlish, fc.string({ maxLength: 200, unit: 'binary' })), (text) => {
        let parsed: ReturnType<typeof ceql.parse> | undefined;
        const error = outcome(() => {
          parsed = ceql.parse(text);
        });
        if (error !== undefined) {
          expect(error).toBeInstanceOf(CeqlSyntaxError);
          return;
        }
        expect(ceql.parse(String(parsed)).equals(parsed!)).toBe(true);
        expect(typeof ceql.matches(parsed!, { name: 'x', a: { b: { c: 1 } } })).toBe('boolean');
      }),
      { numRuns: 3000 },
    );
  });

  it('refuses anything that is not text with a SendosoError', () => {
    fc.assert(
      fc.property(
        fc.anything({
          withBigInt: true,
          withDate: true,
          withMap: true,
          withSet: true,
          withNullPrototype: true,
        }),
        (value) => {
          fc.pre(typeof value !== 'string');
          const error = outcome(() => ceql.parse(value as string));
          expect(error).toBeInstanceOf(ValidationError);
          expect(error).toBeInstanceOf(SendosoError);
        },
      ),
      { numRuns: 500 },
    );
  });
});
