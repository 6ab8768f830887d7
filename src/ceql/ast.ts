/**
 * The CEQL syntax tree. A `Where` holds one of these, normalised (see `normalize.ts`): And/Or groups
 * are flattened and have at least two terms, Date values are ISO-8601 strings, and every node is frozen.
 */

/** A literal a condition compares against. Dates are stored as their `toISOString()` text. */
export type Literal = string | number | boolean;

/** Operators that compare a field with one literal. */
export type CompareOp = '=' | '!=' | '<' | '<=' | '>' | '>=';

export const compareOps: readonly CompareOp[] = ['=', '!=', '<', '<=', '>', '>='];

/** `field op literal`. */
export type CompareNode = {
  readonly kind: 'compare';
  readonly field: string;
  readonly op: CompareOp;
  readonly value: Literal;
};

/** `field LIKE 'pattern'` (`negated`: `NOT LIKE`, an extension). */
export type LikeNode = {
  readonly kind: 'like';
  readonly field: string;
  readonly pattern: string;
  readonly negated: boolean;
};

/** `field IN (a, b)` (`negated`: `NOT IN`, an extension). */
export type InNode = {
  readonly kind: 'in';
  readonly field: string;
  readonly values: readonly Literal[];
  readonly negated: boolean;
};

/** `field IS NULL` (`negated`: `IS NOT NULL`, an extension). */
export type NullNode = {
  readonly kind: 'isNull';
  readonly field: string;
  readonly negated: boolean;
};

export type AndNode = { readonly kind: 'and'; readonly terms: readonly CeqlNode[] };
export type OrNode = { readonly kind: 'or'; readonly terms: readonly CeqlNode[] };

/** A condition on one field. */
export type PredicateNode = CompareNode | LikeNode | InNode | NullNode;

/** Any CEQL expression. */
export type CeqlNode = PredicateNode | AndNode | OrNode;

/** Structural equality. Values compare with `===` (so `1` and `'1'` differ; Dates are already strings). */
export function nodesEqual(a: CeqlNode, b: CeqlNode): boolean {
  switch (a.kind) {
    case 'compare':
      return b.kind === 'compare' && a.field === b.field && a.op === b.op && a.value === b.value;
    case 'like':
      return b.kind === 'like' && a.field === b.field && a.pattern === b.pattern && a.negated === b.negated;
    case 'isNull':
      return b.kind === 'isNull' && a.field === b.field && a.negated === b.negated;
    case 'in':
      return (
        b.kind === 'in' &&
        a.field === b.field &&
        a.negated === b.negated &&
        a.values.length === b.values.length &&
        a.values.every((v, i) => v === b.values[i])
      );
    case 'and':
    case 'or':
      return (
        b.kind === a.kind &&
        a.terms.length === b.terms.length &&
        a.terms.every((t, i) => {
          const other = b.terms[i];
          return other !== undefined && nodesEqual(t, other);
        })
      );
  }
}
