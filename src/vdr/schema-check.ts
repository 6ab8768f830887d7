/** The definition's zod `schema`, applied to objects read (after mapping) and written (before mapping). */
import type { z } from 'zod';
import { ValidationError } from '../errors.js';
import { toIssues } from '../resources/validate.js';
import type { VdrRecord } from './definition.js';

/**
 * A mapped object checked against `schema`, as the schema parses it (defaults and transforms applied;
 * a `z.object` strips pass-through fields, a `z.looseObject` keeps them). Without a schema, as is.
 */
export function checkRead(schema: z.ZodType | undefined, object: VdrRecord, what: string): unknown {
  if (!schema) return object;
  const result = schema.safeParse(object);
  if (!result.success) throw new ValidationError(what, toIssues(result.error));
  return result.data;
}

/**
 * Checks the caller's object before anything is sent; an update is checked against `schema.partial()`
 * when the schema is an object schema. The caller's own object is what gets mapped (like resource
 * bodies), so a stripping schema does not drop pass-through fields from a write.
 */
export function checkWrite(
  schema: z.ZodType | undefined,
  object: unknown,
  partial: boolean,
  what: string,
): VdrRecord {
  if (typeof object !== 'object' || object === null || Array.isArray(object)) {
    throw new ValidationError(what, [{ path: '', message: 'must be an object' }]);
  }
  const checked = partial ? partialOf(schema) : schema;
  const result = checked?.safeParse(object);
  if (result && !result.success) throw new ValidationError(what, toIssues(result.error));
  return object as VdrRecord;
}

/** A transform's result must still be an object; a forgotten `return` would otherwise surface far away. */
export function checkTransformed(value: unknown, what: string): VdrRecord {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as VdrRecord;
  throw new ValidationError(what, [{ path: '', message: 'the transform must return an object' }]);
}

/** `schema.partial()` for object schemas (duck-typed, like the definition check); others as they are. */
function partialOf(schema: z.ZodType | undefined): z.ZodType | undefined {
  const withPartial = schema as { partial?: () => z.ZodType } | undefined;
  return typeof withPartial?.partial === 'function' ? withPartial.partial() : schema;
}
