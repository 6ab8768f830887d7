/**
 * A VDR definition: its types, the zod schema that checks one (it may come from JSON config), and
 * the normalised form the mapper works from.
 */
import { z } from 'zod';
import { DATE_FORMATS, FIELD_TYPES, type VdrDateFormat, type VdrFieldType } from './coerce.js';
import { type Path, parseFieldName, parseVendorPath } from './paths.js';

export type { VdrDateFormat, VdrFieldType } from './coerce.js';

/** A plain object, as both sides of a mapping are. */
export type VdrRecord = Record<string, unknown>;

/** Which operation a transform runs for (`create` results are the vendor's answer to the create). */
export type VdrOperation = 'list' | 'get' | 'create' | 'update';

/** What a transform is told besides the records. */
export type VdrTransformContext = { readonly vdr: string; readonly operation: VdrOperation };

/**
 * One mapped field: a vendor path (`'recipient.email'`, `'status_updates[0].status'`), copied as is,
 * or `{ path, type, format? }` to convert (`format` only for `date`: `'iso'` default, `'epoch-ms'`, `'epoch-s'`).
 */
export type VdrFieldSpec = string | { path: string; type?: VdrFieldType; format?: VdrDateFormat };

/** Code run after the mapping, in each direction. Functions only: a JSON definition has none. */
export type VdrTransform = {
  /** Reads: receives the mapped object and the vendor record; returns the VDR object. */
  fromVendor?: (mapped: VdrRecord, vendorRecord: VdrRecord, context: VdrTransformContext) => VdrRecord;
  /** Writes: receives the mapped vendor body and the caller's object; returns the body to send. */
  toVendor?: (vendorBody: VdrRecord, vdrObject: VdrRecord, context: VdrTransformContext) => VdrRecord;
};

/** What a VDR definition says besides the resource underneath. */
export type VdrDefinitionBody<T = VdrRecord> = {
  /** Your field name (`email`, `address.city`) → the vendor path it maps to. */
  fields: Record<string, VdrFieldSpec>;
  /** Validates mapped objects on reads and your objects on writes; `T` is inferred from it. */
  schema?: z.ZodType<T>;
  /** Default true: unmapped vendor fields appear on reads, unmapped fields of yours are sent on writes. */
  passThrough?: boolean;
  transform?: VdrTransform;
  description?: string;
};

/**
 * `client.vdr(name, definition)`: your object model, mapped onto one of the element's resources
 * (`resource: 'gifts'`, `'touches'`, `'return-addresses'`, ...) or onto any other object name of the
 * element (`objects: 'widgets'`, the `/{name}` routes of `client.objects(name)`). An object name is
 * never guessed from `resource`: a misspelt resource would otherwise silently read `/{typo}`.
 */
export type VdrDefinition<T = VdrRecord> = VdrDefinitionBody<T> &
  (
    | {
        /** An element resource: `'gifts'`, `'touches'`, `'return-addresses'` (or `'returnAddresses'`), ... */
        resource: string;
        objects?: undefined;
      }
    | {
        /** Any other object name of the element, served at `/{name}` without a schema. */
        objects: string;
        resource?: undefined;
      }
  );

/** A field after checking: parsed paths on both sides and its conversion. */
export type MappedField = {
  readonly name: string;
  readonly path: Path;
  readonly vendorPath: Path;
  /** The vendor path in CEQL's dotted form (`status_updates.0.status`). */
  readonly vendorField: string;
  readonly type: VdrFieldType | undefined;
  readonly format: VdrDateFormat;
};

/** A checked definition. */
export type Mapping = {
  /** The element resource or object name underneath. */
  readonly resource: string;
  readonly fields: readonly MappedField[];
  readonly passThrough: boolean;
  readonly schema: z.ZodType | undefined;
  /** The schema of the vendor records (`undefined` for `objects:`, which has none: any field). */
  readonly vendorSchema: z.ZodType | undefined;
  readonly transform: VdrTransform;
};

const fn = z.custom<(...args: never[]) => unknown>((v) => typeof v === 'function', 'must be a function');

/** A message for a value of the wrong type only; other issues (unknown keys) keep zod's own. */
const wrongType = (message: string) => (issue: { code: string }) =>
  issue.code === 'invalid_type' ? message : undefined;

const FieldObject = z.strictObject(
  {
    path: z.string({ error: 'must be a vendor path string' }),
    type: z.enum(FIELD_TYPES, { error: `must be one of ${FIELD_TYPES.join(', ')}` }).optional(),
    format: z.enum(DATE_FORMATS, { error: `must be one of ${DATE_FORMATS.join(', ')}` }).optional(),
  },
  { error: wrongType('must be a vendor path string or { path, type?, format? }') },
);

const FieldSpec = z.preprocess((v) => (typeof v === 'string' ? { path: v } : v), FieldObject);

/** The definition's schema: what `client.vdr()` checks before anything else happens. */
export const VdrDefinitionSchema = z.strictObject(
  {
    resource: z
      .string({ error: 'must name an element resource' })
      .min(1, 'must name an element resource')
      .optional(),
    objects: z
      .string({ error: 'must be an object name of the element' })
      .min(1, 'must be an object name of the element')
      .optional(),
    // Each field is checked on its own (checkFields), so one bad field does not hide the others' issues.
    fields: z.record(z.string(), z.unknown(), { error: 'must map your field names to vendor paths' }),
    // Duck-typed, so a schema built with another copy of zod is accepted too.
    schema: z
      .custom<z.ZodType>(
        (v) => typeof (v as { safeParse?: unknown })?.safeParse === 'function',
        'must be a zod schema',
      )
      .optional(),
    passThrough: z.boolean({ error: 'must be true or false' }).optional(),
    transform: z
      .strictObject(
        { fromVendor: fn.optional(), toVendor: fn.optional() },
        { error: wrongType('must be { fromVendor?, toVendor? } with functions') },
      )
      .optional(),
    description: z.string().optional(),
  },
  { error: wrongType('a VDR definition must be an object') },
);

type Issue = { path: string; message: string };

/** Checks names, specs, paths and overlaps of the fields; returns them normalised and the issues found. */
export function checkFields(fields: Record<string, unknown>): { fields: MappedField[]; issues: Issue[] } {
  const issues: Issue[] = [];
  const mapped: MappedField[] = [];
  const entries = Object.entries(fields);
  if (entries.length === 0) issues.push({ path: 'fields', message: 'must map at least one field' });
  for (const [name, raw] of entries) {
    const at = `fields.${name}`;
    const parsed = FieldSpec.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        issues.push({ path: [at, ...issue.path.map(String)].join('.'), message: issue.message });
      }
      continue;
    }
    const spec = parsed.data;
    const path = parseFieldName(name);
    const vendorPath = parseVendorPath(spec.path);
    if (!path) issues.push({ path: at, message: 'a field name must be identifiers joined by dots' });
    if (!vendorPath) {
      issues.push({ path: `${at}.path`, message: 'must be a dotted vendor path like a.b or a[0].b' });
    }
    if (spec.format !== undefined && spec.type !== 'date') {
      issues.push({ path: `${at}.format`, message: 'is only for fields of type date' });
    }
    if (!path || !vendorPath) continue;
    const vendorField = vendorPath.join('.');
    for (const other of mapped) {
      if (overlaps(other.vendorField, vendorField)) {
        const clash =
          other.vendorField === vendorField
            ? `already mapped by fields.${other.name}`
            : `which overlaps ${other.vendorField} (fields.${other.name})`;
        issues.push({ path: at, message: `maps ${vendorField}, ${clash}: both could not be written back` });
      }
      if (overlaps(other.name, name)) {
        issues.push({ path: at, message: `overlaps the field ${other.name}` });
      }
    }
    mapped.push({ name, path, vendorPath, vendorField, type: spec.type, format: spec.format ?? 'iso' });
  }
  return { fields: mapped, issues };
}

/** Equal paths, or one inside the other. */
export function overlaps(a: string, b: string): boolean {
  return a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`);
}
