/** Turns what `client.vdr()` was given (code or parsed JSON) into a checked `Mapping`, or throws. */
import { ValidationError, type ValidationIssue } from '../errors.js';
import { toIssues } from '../resources/validate.js';
import { checkFields, type Mapping, VdrDefinitionSchema } from './definition.js';
import { type ResolvedResource, resolveResource, type VdrResources } from './resolve.js';

/**
 * Checks a definition at definition time, so a bad config fails at start-up rather than on the first
 * request. Every problem is reported at once, each with its path (`fields.sentAt.type`), including a
 * `resource` the element does not have.
 */
export function loadDefinition(
  name: unknown,
  definition: unknown,
  resources: VdrResources,
): { mapping: Mapping; resolved: ResolvedResource } {
  const what = `Invalid VDR definition${typeof name === 'string' && name ? ` "${name}"` : ''}`;
  const issues: ValidationIssue[] = [];
  if (typeof name !== 'string' || !/^[A-Za-z_$][\w$.-]*$/.test(name)) {
    issues.push({ path: 'name', message: 'must be a non-empty name (letters, digits, _ . -)' });
  }
  const parsed = VdrDefinitionSchema.safeParse(definition);
  if (!parsed.success) issues.push(...toIssues(parsed.error));
  const resolved = resolveResource(definition, resources, issues);
  const fields = isRecord(definition) && isRecord(definition.fields) ? definition.fields : undefined;
  const checked = fields ? checkFields(fields) : undefined;
  issues.push(...(checked?.issues ?? []));
  if (!parsed.success || !checked || !resolved || issues.length > 0) throw new ValidationError(what, issues);
  const def = parsed.data;
  const mapping: Mapping = {
    resource: resolved.name,
    fields: checked.fields,
    passThrough: def.passThrough ?? true,
    schema: def.schema,
    vendorSchema: resolved.schema,
    transform: {
      ...(def.transform?.fromVendor ? { fromVendor: def.transform.fromVendor } : {}),
      ...(def.transform?.toVendor ? { toVendor: def.transform.toVendor } : {}),
    } as Mapping['transform'],
  };
  return { mapping, resolved };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
