/**
 * Compiles a `Where` once into nested closures, so filtering a million records runs no parsing,
 * no tree walking and no per-record regex building. Null and array rules live here; value
 * comparison rules live in `compare.ts`.
 */
import type { CeqlNode } from './ast.js';
import { compareTest, inTest, type ScalarTest } from './compare.js';
import { likeTest } from './like.js';
import { type Accessor, accessor } from './path.js';
import type { Where } from './where.js';

/** A compiled condition: true when the record matches. */
export type Predicate = (record: unknown) => boolean;

const cache = new WeakMap<Where, Predicate>();

/** The predicate for `w`, compiled on first use and cached for the life of `w`. */
export function compileWhere(w: Where): Predicate {
  let predicate = cache.get(w);
  if (predicate === undefined) {
    predicate = compileNode(w.ast);
    cache.set(w, predicate);
  }
  return predicate;
}

export function compileNode(node: CeqlNode): Predicate {
  switch (node.kind) {
    case 'compare':
      return node.op === '!='
        ? none(accessor(node.field), compareTest('=', node.value))
        : some(accessor(node.field), compareTest(node.op, node.value));
    case 'like':
      return (node.negated ? none : some)(accessor(node.field), likeTest(node.pattern));
    case 'in':
      return (node.negated ? none : some)(accessor(node.field), inTest(node.values));
    case 'isNull': {
      const get = accessor(node.field);
      return node.negated ? (r) => get(r) != null : (r) => get(r) == null;
    }
    case 'and':
      return all(node.terms.map(compileNode));
    case 'or':
      return any(node.terms.map(compileNode));
  }
}

/** Null or missing fails; an array holds if any element holds. */
function some(get: Accessor, test: ScalarTest): Predicate {
  return (r) => {
    const v = get(r);
    if (v === undefined || v === null) return false;
    if (typeof v === 'object' && Array.isArray(v)) return anyElement(v, test);
    return test(v);
  };
}

/** Null or missing fails; otherwise holds when the value (or no array element) passes `test`. */
function none(get: Accessor, test: ScalarTest): Predicate {
  return (r) => {
    const v = get(r);
    if (v === undefined || v === null) return false;
    if (typeof v === 'object' && Array.isArray(v)) return !anyElement(v, test);
    return !test(v);
  };
}

function anyElement(values: readonly unknown[], test: ScalarTest): boolean {
  for (const e of values) if (e !== undefined && e !== null && test(e)) return true;
  return false;
}

// Unrolled for up to four terms: no loop, and each call site sees one callee V8 can inline. Longer
// groups run a flat loop, so even thousands of terms nest no closures and cannot exhaust the stack.
function all(terms: Predicate[]): Predicate {
  const [a, b, c, d] = terms as [Predicate, Predicate, Predicate?, Predicate?];
  if (terms.length === 2) return (r) => a(r) && b(r);
  if (terms.length === 3 && c) return (r) => a(r) && b(r) && c(r);
  if (terms.length === 4 && c && d) return (r) => a(r) && b(r) && c(r) && d(r);
  return (r) => {
    for (const term of terms) if (!term(r)) return false;
    return true;
  };
}

function any(terms: Predicate[]): Predicate {
  return (r) => {
    for (const term of terms) if (term(r)) return true;
    return false;
  };
}
