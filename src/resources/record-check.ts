import type { z } from 'zod';

/** True when a value is certainly accepted by the schema it was compiled from. */
export type RecordCheck = (value: unknown) => boolean;

/** The parts of zod 4's schema definition (`schema._zod.def`, its documented core) read here. */
type Def = {
  type: string;
  checks?: unknown[];
  innerType?: z.ZodType;
  options?: z.ZodType[];
  element?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
  values?: unknown[];
  entries?: Record<string, unknown>;
};

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/**
 * Compiles a response schema into plain predicates, because zod's per-field wrappers cost about a
 * microsecond per record, which is most of a 100,000-record walk's overhead. The compiled check is
 * conservative: whatever it cannot express exactly (formats, refinements, coercions, ...) is asked of
 * zod for that node only, and a `false` means "let zod decide", never "invalid". So a record it
 * accepts is one zod accepts (test/resources/record-check.test.ts checks this on random records).
 */
export function compileRecordCheck(schema: z.ZodType): RecordCheck {
  const def = defOf(schema);
  const viaZod: RecordCheck = (v) => schema.safeParse(v).success;
  const plain = (keys: string[]) =>
    Object.keys(def).every((k) => keys.includes(k)) && (def.checks === undefined || def.checks.length === 0);
  switch (def.type) {
    case 'string':
      return plain(['type', 'checks']) ? (v) => typeof v === 'string' : viaZod;
    case 'number':
      return plain(['type', 'checks']) ? (v) => typeof v === 'number' && Number.isFinite(v) : viaZod;
    case 'boolean':
      return plain(['type', 'checks']) ? (v) => typeof v === 'boolean' : viaZod;
    case 'null':
      return (v) => v === null;
    case 'unknown':
    case 'any':
      return () => true;
    case 'optional': {
      if (!plain(['type', 'innerType']) || !def.innerType) return viaZod;
      const inner = compileRecordCheck(def.innerType);
      return (v) => v === undefined || inner(v);
    }
    case 'nullable': {
      if (!plain(['type', 'innerType']) || !def.innerType) return viaZod;
      const inner = compileRecordCheck(def.innerType);
      return (v) => v === null || inner(v);
    }
    case 'union': {
      if (!plain(['type', 'options']) || !def.options) return viaZod;
      const options = def.options.map(compileRecordCheck);
      return (v) => options.some((check) => check(v));
    }
    case 'array': {
      if (!plain(['type', 'element', 'checks']) || !def.element) return viaZod;
      const element = compileRecordCheck(def.element);
      return (v) => Array.isArray(v) && v.every(element);
    }
    case 'literal': {
      const values = def.values ?? [];
      return plain(['type', 'values']) ? (v) => values.includes(v) : viaZod;
    }
    case 'enum': {
      const values = Object.values(def.entries ?? {});
      return plain(['type', 'entries']) ? (v) => values.includes(v) : viaZod;
    }
    case 'object':
      return compileObject(def, viaZod);
    default:
      return viaZod;
  }
}

function compileObject(def: Def, viaZod: RecordCheck): RecordCheck {
  const extra = Object.keys(def).some((k) => !['type', 'shape', 'catchall', 'checks'].includes(k));
  const loose = def.catchall === undefined || defOf(def.catchall).type === 'unknown';
  if (extra || !loose || (def.checks?.length ?? 0) > 0 || !def.shape) return viaZod;
  const fields = Object.entries(def.shape).map(([key, field]) => [key, compileRecordCheck(field)] as const);
  return (v) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
    const record = v as Record<string, unknown>;
    for (const [key, check] of fields) if (!check(record[key])) return false;
    return true;
  };
}
