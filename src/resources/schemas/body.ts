/**
 * Request bodies know their fields: a key the schema does not list (`delivery_tpye`) is refused with a
 * did-you-mean before anything is sent, because Sendoso ignores unknown keys silently and a typo in a
 * paid send would otherwise ship a gift without the option the caller meant to set.
 */
import { z } from 'zod';
import { didYouMean } from '../../did-you-mean.js';

/** The declared type of a body schema: exact keys, no index signature, so a typo fails to compile too. */
export type BodySchema<S extends Record<string, z.ZodType>> = z.ZodObject<S, z.core.$strict>;

/**
 * An object body with exactly the fields of `shape`. Unknown keys get one issue each, at their own
 * path and with the nearest known field, alongside every other issue of the body (zod's strict
 * objects report them as one issue without a suggestion, and refinements skip bodies with errors).
 */
export function bodyObject<S extends Record<string, z.ZodType>>(shape: S): BodySchema<S> {
  const known = Object.keys(shape);
  const schema = z.looseObject(shape).superRefine(
    (value, ctx) => {
      for (const key of Object.keys(value)) {
        if (Object.hasOwn(shape, key)) continue;
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: `is not a known field${didYouMean(key, known)}`,
        });
      }
    },
    { when: (payload) => isPlainObject(payload.value) },
  );
  // The runtime schema is loose plus the check above; its type is the strict object it behaves as.
  return schema as unknown as BodySchema<S>;
}

/** The update form of a create shape: every field optional, unknown keys still refused. */
export function partialBody<S extends Record<string, z.ZodType>>(
  shape: S,
): BodySchema<{ [K in keyof S]: z.ZodOptional<S[K]> }> {
  const partial = Object.fromEntries(Object.entries(shape).map(([key, field]) => [key, field.optional()]));
  return bodyObject(partial as { [K in keyof S]: z.ZodOptional<S[K]> });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
