import { numericValue } from '../ceql/compare.js';
import { isoInstant } from '../ceql/instant.js';
import { accessor } from '../ceql/path.js';
import { ValidationError } from '../errors.js';

export type Comparator = (a: unknown, b: unknown) => number;

/**
 * Compiles `orderBy` ("created_at desc, name" — fields by CEQL paths, `asc` by default) into a
 * comparator with CEQL's value rules: numbers and numeric strings as numbers, ISO-8601 date-times as
 * instants, otherwise text; missing and null values last in either direction.
 */
export function compileOrderBy(orderBy: string): Comparator {
  const keys = orderBy.split(',').map((part, index) => {
    const match = /^\s*([A-Za-z_][\w.]*)\s*(asc|desc)?\s*$/i.exec(part);
    if (!match?.[1]) {
      throw new ValidationError('Invalid list options', [
        { path: `orderBy[${index}]`, message: `"${part.trim()}" is not "field [asc|desc]"` },
      ]);
    }
    return { get: accessor(match[1]), sign: match[2]?.toLowerCase() === 'desc' ? -1 : 1 };
  });
  return (a, b) => {
    for (const { get, sign } of keys) {
      const x = get(a);
      const y = get(b);
      const xMissing = x === undefined || x === null;
      const yMissing = y === undefined || y === null;
      if (xMissing || yMissing) {
        if (xMissing !== yMissing) return xMissing ? 1 : -1;
        continue;
      }
      const order = compareValues(x, y);
      if (order !== 0) return order * sign;
    }
    return 0;
  };
}

function compareValues(x: unknown, y: unknown): number {
  const nx = typeof x === 'number' ? x : typeof x === 'string' ? numericValue(x) : Number.NaN;
  const ny = typeof y === 'number' ? y : typeof y === 'string' ? numericValue(y) : Number.NaN;
  if (!Number.isNaN(nx) && !Number.isNaN(ny)) return nx - ny;
  if (typeof x === 'string' && typeof y === 'string') {
    const tx = isoInstant(x);
    const ty = isoInstant(y);
    if (tx !== undefined && ty !== undefined) return tx - ty;
  }
  const sx = String(x);
  const sy = String(y);
  return sx < sy ? -1 : sx > sy ? 1 : 0;
}
