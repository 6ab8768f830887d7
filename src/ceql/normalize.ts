/**
 * The one gate every `Where` passes: checks a syntax tree (which may come from a caller), flattens
 * nested And/Or groups, unwraps one-term groups and freezes the result, so two equal conditions
 * always have identical trees however they were built or parsed.
 */
import { ValidationError } from '../errors.js';
import { type CeqlNode, type CompareOp, compareOps } from './ast.js';
import { checkField, toLiteral, toLiterals, toPattern } from './values.js';

/** A checked, flattened, frozen copy of `node`; throws `ValidationError` on a malformed tree. */
export function normalize(node: CeqlNode): CeqlNode {
  if (node === null || typeof node !== 'object') return invalid(`expected a CEQL node, got ${String(node)}`);
  switch (node.kind) {
    case 'compare': {
      const field = checkField(node.field);
      if (!compareOps.includes(node.op as CompareOp)) return invalid(`unknown operator ${String(node.op)}`);
      return Object.freeze({ kind: 'compare', field, op: node.op, value: toLiteral(node.value, field) });
    }
    case 'like': {
      const field = checkField(node.field);
      const pattern = toPattern(node.pattern, field);
      return Object.freeze({ kind: 'like', field, pattern, negated: node.negated === true });
    }
    case 'in': {
      const field = checkField(node.field);
      const values = Object.freeze(toLiterals(node.values, field));
      return Object.freeze({ kind: 'in', field, values, negated: node.negated === true });
    }
    case 'isNull':
      return Object.freeze({ kind: 'isNull', field: checkField(node.field), negated: node.negated === true });
    case 'and':
    case 'or':
      return group(node.kind, node.terms);
    default:
      return invalid(`unknown node kind ${String((node as { kind: unknown }).kind)}`);
  }
}

function group(kind: 'and' | 'or', terms: readonly CeqlNode[]): CeqlNode {
  if (!Array.isArray(terms) || terms.length === 0) {
    return invalid(`${kind.toUpperCase()} needs at least one condition`);
  }
  const flat: CeqlNode[] = [];
  for (const term of terms) {
    const n = normalize(term);
    if (n.kind === kind) flat.push(...n.terms);
    else flat.push(n);
  }
  if (flat.length === 1) return flat[0]!;
  return Object.freeze({ kind, terms: Object.freeze(flat) });
}

function invalid(message: string): never {
  throw new ValidationError('Invalid CEQL condition', [{ path: '', message }]);
}
