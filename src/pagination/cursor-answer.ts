import type { ResponseInfo } from '../http/response-info.js';
import type { CursorFields } from '../resources/definition.js';

/** One answer of a cursor listing: its records, the cursor of the next page, and the whole envelope. */
export type CursorAnswer = {
  records: unknown[];
  /** Undefined on the last page. */
  next: string | undefined;
  envelope: Record<string, unknown>;
  /** The response that carried it (what `page.response` shows). */
  response: ResponseInfo;
};

/**
 * Reads a cursor envelope (`{pagination: {after, next_page: {url}}, products: [...]}`). The listing
 * goes on while a cursor comes back, in `next` or as the cursor parameter of `nextUrl`; an explicit
 * `next_page: null` ends it even when a cursor is still there (the end cursor of the last page).
 * Returns undefined when the records are not an array, so the caller can say what it got.
 */
export function readCursorAnswer(
  body: unknown,
  itemsKey: string,
  fields: CursorFields,
): Omit<CursorAnswer, 'response'> | undefined {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const envelope = body as Record<string, unknown>;
  const records = envelope[itemsKey];
  if (!Array.isArray(records)) return undefined;
  return { records, next: nextCursor(envelope, fields), envelope };
}

function nextCursor(envelope: Record<string, unknown>, fields: CursorFields): string | undefined {
  if (fields.nextUrl !== undefined) {
    const parent = fields.nextUrl.split('.').slice(0, -1).join('.');
    if (parent !== '' && dig(envelope, parent) === null) return undefined;
  }
  const next = dig(envelope, fields.next);
  if (typeof next === 'string' && next !== '') return next;
  if (typeof next === 'number') return String(next);
  const url = fields.nextUrl === undefined ? undefined : dig(envelope, fields.nextUrl);
  if (typeof url !== 'string' || url === '') return undefined;
  try {
    return new URL(url, 'https://app.sendoso.com').searchParams.get(fields.param) || undefined;
  } catch {
    return undefined;
  }
}

/** The value at a dotted path, or undefined. */
function dig(value: unknown, path: string): unknown {
  let current = value;
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}
