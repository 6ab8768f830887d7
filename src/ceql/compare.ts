/**
 * Tests on one non-null, non-array record value, built once per literal with the rules in the
 * README's "CEQL queries": number vs number or numeric string compares numerically; two ISO-8601
 * date-times compare as instants; booleans compare with booleans; everything else compares as
 * case-sensitive strings. The literal's number and instant forms are worked out here, at compile time.
 */
import type { Literal } from './ast.js';
import { isoInstant } from './instant.js';

/** A test on one record value that is neither null/undefined nor an array. */
export type ScalarTest = (value: unknown) => boolean;

/** The operators a compiled comparison runs (`!=` is evaluated as "no element equals"). */
export type OrderOp = '=' | '<' | '<=' | '>' | '>=';

/** The grammar of a numeric string; `numericValue` is the fast equivalent used per record. */
export const NUMERIC_STRING = /^-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/**
 * The number a numeric string (`"578.0"`, `"-3"`, `".5"`, `"1e3"`) stands for, or NaN when `text` is
 * not one. `Number()` does the parsing; the char checks turn away what it accepts and CEQL does not:
 * `""`, surrounding whitespace, `"+1"`, `"0x1f"`, `"0b1"`, `"0o7"` and `"Infinity"`.
 */
export function numericValue(text: string): number {
  const n = Number(text);
  if (Number.isNaN(n)) return n;
  const first = text.charCodeAt(0);
  const last = text.charCodeAt(text.length - 1);
  if (!(isDigit(first) || first === 45 || first === 46) || !(isDigit(last) || last === 46)) return Number.NaN;
  const second = text.charCodeAt(1) | 32; // lower-cased
  if (first === 48 && (second === 120 || second === 98 || second === 111)) return Number.NaN;
  return n;
}

const numbers: Record<OrderOp, (a: number, b: number) => boolean> = {
  '=': (a, b) => a === b,
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
};

const strings: Record<OrderOp, (a: string, b: string) => boolean> = {
  '=': (a, b) => a === b,
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
};

/**
 * The same string, internalized. V8 compares two internalized strings by identity; record values
 * from JSON and code usually are, but a literal sliced out of parsed text is not, and comparing it
 * char by char made `IN` three times slower than hand-written code.
 */
function internalize(text: string): string {
  return Object.keys({ [text]: 0 })[0] ?? text;
}

/** The text a non-string value compares as; `undefined` for objects, which never compare. */
export function asText(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
    case 'boolean':
    case 'bigint':
      return String(value);
    case 'object':
      return value instanceof Date && !Number.isNaN(value.getTime()) ? value.toISOString() : undefined;
    default:
      return undefined;
  }
}

/** `value op literal` for one record value. */
export function compareTest(op: OrderOp, literal: Literal): ScalarTest {
  if (typeof literal === 'number') return numberTest(op, literal);
  if (typeof literal === 'boolean') return booleanTest(op, literal);
  return stringTest(op, literal);
}

function numberTest(op: OrderOp, literal: number): ScalarTest {
  const byNumber = numbers[op];
  const byString = strings[op];
  const text = String(literal);
  const onString = (s: string): boolean => {
    const n = numericValue(s);
    return Number.isNaN(n) ? byString(s, text) : byNumber(n, literal);
  };
  return (v) => {
    if (typeof v === 'number') return byNumber(v, literal);
    if (typeof v === 'string') return onString(v);
    const s = asText(v);
    return s !== undefined && onString(s);
  };
}

function booleanTest(op: OrderOp, literal: boolean): ScalarTest {
  const byNumber = numbers[op];
  const byString = strings[op];
  const text = String(literal);
  const rank = literal ? 1 : 0;
  return (v) => {
    if (typeof v === 'boolean') return byNumber(v ? 1 : 0, rank);
    const s = asText(v);
    return s !== undefined && byString(s, text);
  };
}

function stringTest(op: OrderOp, literal: string): ScalarTest {
  const byNumber = numbers[op];
  const byString = strings[op];
  const text = internalize(literal);
  const instant = isoInstant(text);
  const number = NUMERIC_STRING.test(text) ? Number(text) : undefined;
  const onString =
    instant === undefined
      ? (s: string): boolean => byString(s, text)
      : (s: string): boolean => {
          const t = isoInstant(s);
          return t === undefined ? byString(s, text) : byNumber(t, instant);
        };
  return (v) => {
    if (typeof v === 'string') return onString(v);
    if (typeof v === 'number' && number !== undefined) return byNumber(v, number);
    const s = asText(v);
    return s !== undefined && onString(s);
  };
}

/** `value IN (literals)`: equal to any of them. */
export function inTest(literals: readonly Literal[]): ScalarTest {
  const numbers = literals.filter((l): l is number => typeof l === 'number');
  const strings = literals.filter((l): l is string => typeof l === 'string' && isoInstant(l) === undefined);
  const others = literals.filter(
    (l) => typeof l === 'boolean' || (typeof l === 'string' && isoInstant(l) !== undefined),
  );
  const tests: ScalarTest[] = [];
  if (numbers.length > 0) tests.push(numbers.length > 8 ? numberSetTest(numbers) : anyOf(numbers));
  if (strings.length > 0) tests.push(stringListTest(strings));
  if (others.length > 0) tests.push(anyOf(others));
  const [only] = tests;
  return tests.length === 1 && only ? only : anyOfTests(tests);
}

function anyOf(literals: readonly Literal[]): ScalarTest {
  return anyOfTests(literals.map((l) => compareTest('=', l)));
}

function anyOfTests(tests: readonly ScalarTest[]): ScalarTest {
  return (v) => {
    for (const test of tests) if (test(v)) return true;
    return false;
  };
}

/**
 * `=` against many numbers in one hash lookup: exactly what testing each with `compareTest('=', n)`
 * gives (numbers and numeric strings by value, any other text by the numbers' own text), without a
 * pass over the whole list per record.
 */
function numberSetTest(numbers: readonly number[]): ScalarTest {
  const values: ReadonlySet<number> = new Set(numbers);
  const texts: ReadonlySet<string> = new Set(numbers.map(String));
  const onString = (s: string): boolean => {
    const n = numericValue(s);
    return Number.isNaN(n) ? texts.has(s) : values.has(n);
  };
  return (v) => {
    if (typeof v === 'number') return values.has(v);
    if (typeof v === 'string') return onString(v);
    const s = asText(v);
    return s !== undefined && onString(s);
  };
}

/**
 * Strings that are not date-times equal a string record value only when identical: direct
 * comparisons for short lists (faster than hashing), a Set lookup for long ones. Other record values
 * (a number against `'5'`) take the general rule per literal.
 */
function stringListTest(literals: readonly string[]): ScalarTest {
  const any = anyOf(literals);
  const list = literals.map(internalize);
  const [a, b, c] = list;
  if (list.length > 8) {
    const set: ReadonlySet<unknown> = new Set(list);
    return (v) => (typeof v === 'string' ? set.has(v) : any(v));
  }
  if (list.length <= 3) {
    return (v) => (typeof v === 'string' ? v === a || v === b || v === c : any(v));
  }
  return (v) => {
    if (typeof v !== 'string') return any(v);
    for (let i = 0; i < list.length; i++) if (list[i] === v) return true;
    return false;
  };
}
