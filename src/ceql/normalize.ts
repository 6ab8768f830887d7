/**
 * The one gate every `Where` passes: checks a syntax tree (which may come from a caller), flattens
 * nested And/Or groups, unwraps one-term groups and freezes the result, so two equal conditions
 * always have identical trees however they were built or parsed. It also enforces the size limits of
 * `limits.ts`, so no later step (printing, evaluating, comparing) can run out of stack.
 */
import { ValidationError } from '../errors.js';
import { type CeqlNode, type CompareOp, compareOps } from './ast.js';
import { MAX_CONDITIONS, MAX_NESTING } from './limits.js';
import { checkField, toLiteral, toLiterals, toPattern } from './values.js';

/** Size of a normalised node: the conditions it holds and how deep its groups nest. */
type Size = { readonly conditions: number; readonly depth: number };

/**
 * Nodes this module produced, with their size. They are checked, flat and frozen already, so
 * `a.and(b)` reuses `a` and `b` as they are instead of checking them again: chaining `.and()` stays
 * linear per call rather than re-walking the whole condition each time.
 */
const sizes = new WeakMap<CeqlNode, Size>();
const PREDICATE: Size = { conditions: 1, depth: 0 };

/** A checked, flattened, frozen copy of `node`; throws `ValidationError` on a malformed or oversized tree. */
export function normalize(node: CeqlNode): CeqlNode {
  return normalizeAt(node, 0);
}

function normalizeAt(node: CeqlNode, level: number): CeqlNode {
  if (node === null || typeof node !== 'object') return invalid(`expected a CEQL node, got ${String(node)}`);
  if (sizes.has(node)) return node;
  switch (node.kind) {
    case 'compare': {
      const field = checkField(node.field);
      if (!compareOps.includes(node.op as CompareOp)) return invalid(`unknown operator ${String(node.op)}`);
      return predicate({ kind: 'compare', field, op: node.op, value: toLiteral(node.value, field) });
    }
    case 'like': {
      const field = checkField(node.field);
      const pattern = toPattern(node.pattern, field);
      return predicate({ kind: 'like', field, pattern, negated: node.negated === true });
    }
    case 'in': {
      const field = checkField(node.field);
      const values = Object.freeze(toLiterals(node.values, field));
      return predicate({ kind: 'in', field, values, negated: node.negated === true });
    }
    case 'isNull':
      return predicate({ kind: 'isNull', field: checkField(node.field), negated: node.negated === true });
    case 'and':
    case 'or':
      if (level >= MAX_NESTING) return tooDeep();
      return group(node.kind, node.terms, level);
    default:
      return invalid(`unknown node kind ${String((node as { kind: unknown }).kind)}`);
  }
}

function predicate(node: CeqlNode): CeqlNode {
  Object.freeze(node);
  sizes.set(node, PREDICATE);
  return node;
}

function group(kind: 'and' | 'or', terms: readonly CeqlNode[], level: number): CeqlNode {
  if (!Array.isArray(terms) || terms.length === 0) {
    return invalid(`${kind.toUpperCase()} needs at least one condition`);
  }
  if (terms.length > MAX_CONDITIONS) return tooMany();
  let flat: CeqlNode[] = [];
  let conditions = 0;
  let depth = 0;
  for (const term of terms) {
    const n = normalizeAt(term, level + 1);
    const size = sizes.get(n) ?? PREDICATE;
    conditions += size.conditions;
    if (conditions > MAX_CONDITIONS) return tooMany();
    if (n.kind === kind) {
      // A group of the same kind is spliced in; its terms are one level shallower than it.
      depth = Math.max(depth, size.depth - 1);
      flat = flat.length === 0 ? n.terms.slice() : flat.concat(n.terms);
    } else {
      depth = Math.max(depth, size.depth);
      flat.push(n);
    }
  }
  if (flat.length === 1) return flat[0]!;
  if (depth + 1 > MAX_NESTING) return tooDeep();
  const node = Object.freeze({ kind, terms: Object.freeze(flat) });
  sizes.set(node, { conditions, depth: depth + 1 });
  return node;
}

function tooMany(): never {
  return invalid(
    `holds more than ${MAX_CONDITIONS} conditions (put a long list of values in one IN, which counts as one)`,
  );
}

function tooDeep(): never {
  return invalid(`AND/OR groups nest more than ${MAX_NESTING} levels deep`);
}

function invalid(message: string): never {
  throw new ValidationError('Invalid CEQL condition', [{ path: '', message }]);
}
