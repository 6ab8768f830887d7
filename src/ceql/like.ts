/**
 * LIKE patterns, compiled once per condition into a wildcard matcher. A RegExp would be shorter, but
 * a pattern such as `%a%a%a%b%` makes a backtracking engine try every split of the value, so one
 * record of a few hundred characters took seconds. This matcher never backtracks further than one
 * segment: each run of text between two `%` is placed at its leftmost fit, which is always a valid
 * choice because the `%` on its right can absorb whatever that leaves. Time grows with the value's
 * length times the longest segment, never exponentially.
 */
import { asText, type ScalarTest } from './compare.js';

/** A folded text, as code units (a string) or, when it holds astral characters, as code points. */
type Units = string | readonly string[];

/** Nothing above U+007F: case folding is plain `toLowerCase`. */
const NON_ASCII = /[^\0-\x7f]/;
const SURROGATE = /[\ud800-\udfff]/;

/** One character case-folded like a case-insensitive Unicode RegExp does, never changing its length. */
function foldChar(c: string): string {
  const upper = c.toUpperCase();
  const lower = (upper.length === c.length ? upper : c).toLowerCase();
  return lower.length === c.length ? lower : c;
}

/**
 * `text` case-folded and split into characters: a string when every character is one code unit, so
 * the common case stays on fast string operations; code points otherwise, so `_` matches an emoji.
 */
function units(text: string): Units {
  const folded = !NON_ASCII.test(text) ? text.toLowerCase() : Array.from(text, foldChar).join('');
  return SURROGATE.test(folded) ? Array.from(folded) : folded;
}

/** True when `part` (with `_` for any one character) matches `text` at offset `at`. */
function matchAt(text: Units, at: number, part: Units): boolean {
  for (let i = 0; i < part.length; i++) {
    const p = part[i];
    if (p !== '_' && p !== text[at + i]) return false;
  }
  return true;
}

/** The leftmost offset in [from, end - part.length] where `part` matches, or -1. */
function find(text: Units, from: number, end: number, part: Units): number {
  const last = end - part.length;
  if (typeof text === 'string' && typeof part === 'string' && !part.includes('_')) {
    const i = text.indexOf(part, from);
    return i !== -1 && i <= last ? i : -1;
  }
  for (let i = from; i <= last; i++) if (matchAt(text, i, part)) return i;
  return -1;
}

/**
 * A matcher for a LIKE pattern: case-insensitive, anchored at both ends, `%` any run of characters
 * (newlines included), `_` exactly one character; every other character is literal.
 */
export function likeMatcher(pattern: string): (value: string) => boolean {
  const parts = pattern.split(/%+/).map(units); // '%a%b' -> ['', 'a', 'b']
  const first = parts[0] ?? '';
  if (parts.length === 1) {
    return (value) => {
      const text = units(value);
      return text.length === first.length && matchAt(text, 0, first);
    };
  }
  const last = parts[parts.length - 1] ?? '';
  if (parts.length === 2 && last.length === 0) {
    // "Starts with", the most common pattern: only the head of the value is folded. Its first
    // `first.length` characters take at most twice as many code units.
    const head = 2 * first.length;
    return (value) => {
      const text = units(value.length > head ? value.slice(0, head) : value);
      return text.length >= first.length && matchAt(text, 0, first);
    };
  }
  const middle = parts.slice(1, -1).filter((part) => part.length > 0);
  const minLength = parts.reduce((sum, part) => sum + part.length, 0);
  return (value) => {
    const text = units(value);
    if (text.length < minLength) return false;
    const end = text.length - last.length;
    if (!matchAt(text, 0, first) || !matchAt(text, end, last)) return false;
    let at = first.length;
    for (const part of middle) {
      const found = find(text, at, end, part);
      if (found === -1) return false;
      at = found + part.length;
    }
    return true;
  };
}

/** `value LIKE pattern` for one record value; numbers and booleans match by their text. */
export function likeTest(pattern: string): ScalarTest {
  const matches = likeMatcher(pattern);
  return (v) => {
    if (typeof v === 'string') return matches(v);
    const s = asText(v);
    return s !== undefined && matches(s);
  };
}
