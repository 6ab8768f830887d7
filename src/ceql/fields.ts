/** Field-level views of a `where`: which fields it reads, and renaming them. */
import type { CeqlNode } from './ast.js';
import { Where } from './where.js';

/** The distinct field paths `w` reads, in order of first appearance. */
export function fieldsOf(w: Where): string[] {
  const seen = new Set<string>();
  const visit = (node: CeqlNode): void => {
    if (node.kind === 'and' || node.kind === 'or') node.terms.forEach(visit);
    else seen.add(node.field);
  };
  visit(w.ast);
  return [...seen];
}

/**
 * `w` with every field path replaced by `rename(path)`, e.g. to turn a user's field names into the
 * provider's paths. Throws `ValidationError` if `rename` returns an empty name.
 */
export function mapFields(w: Where, rename: (field: string) => string): Where {
  const map = (node: CeqlNode): CeqlNode => {
    if (node.kind === 'and' || node.kind === 'or') return { kind: node.kind, terms: node.terms.map(map) };
    return { ...node, field: rename(node.field) };
  };
  return new Where(map(w.ast));
}
