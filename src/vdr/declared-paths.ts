/**
 * Which vendor paths a resource's record schema declares (`recipient.email` on gifts, not
 * `recipient.emial`). A VDR `where` on a pass-through field must name one of them, so a typo is a
 * ValidationError instead of a query that silently matches nothing.
 */
import type { z } from 'zod';
import { isIndex, type Path } from './paths.js';

type Def = { type: string } & Record<string, unknown>;

const defOf = (schema: unknown): Def => (schema as z.core.$ZodType)._zod.def as unknown as Def;

/** True when `path` leads through what `schema` declares; anything below an untyped value counts. */
export function declaresPath(schema: z.ZodType, path: Path): boolean {
  return walk(schema, path, 0, 0);
}

/** The top-level field names `schema` declares (for did-you-mean suggestions). */
export function declaredFields(schema: z.ZodType): string[] {
  const def = unwrap(defOf(schema));
  return def.type === 'object' ? Object.keys(def.shape as object) : [];
}

function walk(schema: unknown, path: Path, at: number, depth: number): boolean {
  const def = unwrap(defOf(schema));
  if (at === path.length) return true;
  // Record schemas are shallow; a path this deep is not one of their fields.
  if (depth > 16) return false;
  const segment = path[at] as string;
  switch (def.type) {
    case 'object': {
      const shape = def.shape as Record<string, unknown>;
      return Object.hasOwn(shape, segment) && walk(shape[segment], path, at + 1, depth + 1);
    }
    case 'array':
      return isIndex(segment) && walk(def.element, path, at + 1, depth + 1);
    case 'union':
      return (def.options as unknown[]).some((option) => walk(option, path, at, depth + 1));
    case 'unknown':
    case 'any':
      return true;
    default:
      return false;
  }
}

/** Through the wrappers that do not change which fields exist (`nullish()`, defaults, pipes). */
function unwrap(def: Def): Def {
  let current = def;
  for (let i = 0; i < 16; i++) {
    if (
      ['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional'].includes(
        current.type,
      )
    ) {
      current = defOf(current.innerType);
    } else if (current.type === 'pipe') {
      current = defOf(current.in);
    } else {
      return current;
    }
  }
  return current;
}
