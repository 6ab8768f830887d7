/**
 * A `where` in VDR field names → the same condition in vendor paths, so the resource can push it down
 * and evaluate it on vendor records. Literals for epoch-stored dates become epoch numbers.
 */
import { type CeqlNode, ceql, type Literal, type Predicate, toWhere, Where } from '../ceql/index.js';
import { didYouMean } from '../did-you-mean.js';
import { ValidationError, type ValidationIssue } from '../errors.js';
import type { ListQuery } from '../resources/resource.js';
import { whereLiteral } from './coerce.js';
import { declaredFields, declaresPath } from './declared-paths.js';
import { type MappedField, type Mapping, overlaps } from './definition.js';

type Target = { field: string; mapped: MappedField | undefined };

/** Rewrites `w` (a `Where` or CEQL text in VDR names); unknown fields are a `ValidationError`, before any request. */
export function rewriteWhere(mapping: Mapping, vdr: string, w: Where | string): Where {
  const issues: ValidationIssue[] = [];
  const targets = new Map<string, Target>();
  const target = (field: string): Target => {
    let found = targets.get(field);
    if (!found) {
      found = resolve(mapping, field, issues);
      targets.set(field, found);
    }
    return found;
  };
  const rewrite = (node: CeqlNode): CeqlNode => {
    if (node.kind === 'and' || node.kind === 'or') return { kind: node.kind, terms: node.terms.map(rewrite) };
    const { field, mapped } = target(node.field);
    const literal = (value: Literal): Literal => (mapped ? whereLiteral(value, mapped) : value);
    if (node.kind === 'compare') return { ...node, field, value: literal(node.value) };
    if (node.kind === 'in') return { ...node, field, values: node.values.map(literal) };
    return { ...node, field };
  };
  const rewritten = rewrite(toWhere(w).ast);
  if (issues.length > 0) throw new ValidationError(`Invalid ${vdr} query`, issues);
  return new Where(rewritten);
}

/**
 * The vendor path of one VDR field: a mapped field (or a path inside an untyped mapped field) → its
 * vendor path; with pass-through, a field of the vendor records → itself, unless the mapping took it
 * over. Pass-through fields must be ones the resource's schema declares (any field on `objects:`,
 * which has no schema): a misspelt field would otherwise be a query that silently matches nothing.
 */
function resolve(mapping: Mapping, field: string, issues: ValidationIssue[]): Target {
  for (const mapped of mapping.fields) {
    if (field === mapped.name) return { field: mapped.vendorField, mapped };
    if (field.startsWith(`${mapped.name}.`) && mapped.type === undefined) {
      return { field: mapped.vendorField + field.slice(mapped.name.length), mapped: undefined };
    }
  }
  const names = mapping.fields.map((f) => f.name);
  if (!mapping.passThrough) {
    issues.push({
      path: field,
      message: `is not a field of this VDR (passThrough is off); fields: ${names.join(', ')}${didYouMean(field, names)}`,
    });
    return { field, mapped: undefined };
  }
  // Pass-through objects lack mapped vendor paths, so a query on one would not match what reads show.
  const taken = mapping.fields.find((f) => overlaps(f.vendorField, field) || f.name.startsWith(`${field}.`));
  if (taken) {
    issues.push({
      path: field,
      message: `is taken over by the mapped field ${taken.name}; query that instead`,
    });
  } else if (mapping.vendorSchema && !declaresPath(mapping.vendorSchema, field.split('.'))) {
    const known = [...names, ...declaredFields(mapping.vendorSchema)];
    issues.push({
      path: field,
      message: `is neither a field of this VDR nor one the ${mapping.resource} schema declares (map it in fields to query it)${didYouMean(field, known)}`,
    });
  }
  return { field, mapped: undefined };
}

/**
 * A listing query in VDR names → the query for the resource, plus the condition compiled against
 * mapped objects: a vendor value the mapping cannot convert reads as absent, so records matched only
 * by their raw vendor value are dropped rather than shown failing the condition.
 */
export function planQuery(
  mapping: Mapping,
  vdr: string,
  query: ListQuery | undefined,
): { query: ListQuery | undefined; holds?: Predicate } {
  const bare = typeof query === 'string' || query instanceof Where;
  const w = bare ? query : query?.where;
  if (w === undefined) return { query };
  const vendor = rewriteWhere(mapping, vdr, w);
  return { query: bare ? vendor : { ...query, where: vendor }, holds: ceql.compile(w) };
}
