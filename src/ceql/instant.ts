/**
 * Strict ISO-8601 date-time detection, so two date-times compare as instants with offsets honoured.
 * Hand-rolled over char codes rather than a RegExp with captures: it runs once per record in a
 * compiled date comparison, and allocating match arrays there dominated the benchmark.
 */

const ZERO = 48;

/** The value of `count` decimal digits at `at`, or -1 if any is not a digit. */
function digits(s: string, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const d = s.charCodeAt(i) - ZERO;
    if (d < 0 || d > 9) return -1; // also NaN past the end
    value = value * 10 + d;
  }
  return value;
}

/** Days from 1970-01-01 to a proleptic Gregorian date (valid for every year, unlike `Date.UTC` for 0-99). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/**
 * Epoch milliseconds (sub-millisecond fractions kept) of `YYYY-MM-DD` or
 * `YYYY-MM-DDTHH:MM[:SS[.fff...]][Z|±HH[:MM]|±HHMM]`, or `undefined` if `text` is not exactly that.
 * Without an offset the time is taken as UTC, so results never depend on the machine's time zone.
 */
export function isoInstant(text: string): number | undefined {
  const length = text.length;
  // Cheap reject first: most strings compared in a predicate are not dates.
  if (length < 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return undefined;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  let ms = daysFromCivil(year, month, day) * 86_400_000;
  if (length === 10) return ms;
  if (text.charCodeAt(10) !== 84 /* T */ || text.charCodeAt(13) !== 58 /* : */) return undefined;
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59) return undefined;
  ms += (hour * 60 + minute) * 60_000;
  let i = 16;
  if (text.charCodeAt(i) === 58 /* : */) {
    const second = digits(text, i + 1, 2);
    if (second < 0 || second > 60) return undefined;
    ms += second * 1000;
    i += 3;
    if (text.charCodeAt(i) === 46 /* . */) {
      let fraction = 0;
      let scale = 1;
      for (i++; i < length; i++) {
        const d = text.charCodeAt(i) - ZERO;
        if (d < 0 || d > 9) break;
        fraction = fraction * 10 + d;
        scale *= 10;
      }
      if (scale === 1) return undefined;
      ms += (fraction * 1000) / scale;
    }
  }
  return withOffset(text, i, ms);
}

/** Applies the zone designator at `i` (none, `Z`, `±HH`, `±HHMM`, `±HH:MM`) which must end the text. */
function withOffset(text: string, i: number, ms: number): number | undefined {
  const rest = text.length - i;
  if (rest === 0) return ms;
  const c = text.charCodeAt(i);
  if (c === 90 /* Z */) return rest === 1 ? ms : undefined;
  if (c !== 43 /* + */ && c !== 45 /* - */) return undefined;
  const hours = digits(text, i + 1, 2);
  let minutes = 0;
  if (rest === 5) minutes = digits(text, i + 3, 2);
  else if (rest === 6 && text.charCodeAt(i + 3) === 58) minutes = digits(text, i + 4, 2);
  else if (rest !== 3) return undefined;
  if (hours < 0 || hours > 23 || minutes < 0 || minutes > 59) return undefined;
  return ms - (c === 45 ? -1 : 1) * (hours * 60 + minutes) * 60_000;
}
