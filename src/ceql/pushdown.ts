/** Which parts of a `where` Sendoso can filter server-side (see the README, "CEQL queries"). */
import type { CeqlNode } from './ast.js';
import type { Where } from './where.js';

/** Per field, the operators the provider filters on (today only `=`). */
export type Filterable = Readonly<Record<string, readonly '='[]>>;

/** Query parameters pushed to the provider. */
export type PushdownParams = Record<string, string | number | boolean>;

/**
 * The query parameters for the top-level AND terms of `w` that are `field = literal` on a field
 * `filterable` lists with `=`. A single condition counts as a one-term AND; an OR at the top (or
 * anything nested inside one) pushes nothing, since the provider cannot express it.
 *
 * Pushing is only ever a narrowing: the caller still evaluates all of `w` on every fetched record.
 * So when one field has several `=` terms (`a = 1 AND a = 2`) the first is pushed: any record
 * matching `w` matches every one of its AND terms, so it survives the server filter either way.
 */
export function pushdown(w: Where, filterable: Filterable): PushdownParams {
  const params: PushdownParams = {};
  for (const term of topLevelTerms(w.ast)) {
    if (term.kind !== 'compare' || term.op !== '=') continue;
    if (!Object.hasOwn(filterable, term.field) || !filterable[term.field]?.includes('=')) continue;
    if (!Object.hasOwn(params, term.field)) params[term.field] = term.value;
  }
  return params;
}

function topLevelTerms(node: CeqlNode): readonly CeqlNode[] {
  return node.kind === 'and' ? node.terms : [node];
}
