/** LIKE patterns, compiled to a RegExp once per condition. */
import { asText, type ScalarTest } from './compare.js';

const META = /[\\^$.*+?()[\]{}|/]/g;

/**
 * The RegExp for a LIKE pattern: case-insensitive, anchored at both ends, `%` any run of characters
 * (newlines included), `_` exactly one character; every other character is literal. A leading or
 * trailing `%` drops that anchor rather than adding a `.*` to scan.
 */
export function likeRegExp(pattern: string): RegExp {
  const parts = pattern.split(/%+/); // '%a%b' -> ['', 'a', 'b']
  const open = parts.length > 1 && parts[0] === '';
  const close = parts.length > 1 && parts[parts.length - 1] === '';
  const inner = parts.slice(open ? 1 : 0, close ? -1 : parts.length);
  const body = inner.map((part) => part.replace(META, '\\$&').replaceAll('_', '.')).join('.*');
  return new RegExp(`${open ? '' : '^'}${body}${close ? '' : '$'}`, 'isu');
}

/** `value LIKE pattern` for one record value; numbers and booleans match by their text. */
export function likeTest(pattern: string): ScalarTest {
  const re = likeRegExp(pattern);
  return (v) => {
    if (typeof v === 'string') return re.test(v);
    const s = asText(v);
    return s !== undefined && re.test(s);
  };
}
