/** Canonical CEQL text: the one spelling `String(where)` gives and `ceql.parse` reads back. */
import type { CeqlNode, Literal } from './ast.js';
import { isKeyword } from './keywords.js';

/** A field that prints bare; anything else (spaces, dashes, a keyword, a leading digit) goes in backticks. */
const PLAIN_FIELD = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*$/;

/** `field`, or `` `field` `` with backticks doubled when it is not a plain dotted name. */
export function printField(field: string): string {
  if (PLAIN_FIELD.test(field) && !isKeyword(field)) return field;
  return `\`${field.replaceAll('`', '``')}\``;
}

/** Strings single-quoted with `'` doubled; numbers and booleans bare. */
export function printLiteral(value: Literal): string {
  if (typeof value === 'string') return `'${value.replaceAll("'", "''")}'`;
  return String(value);
}

/** The canonical text of a normalised node. */
export function printNode(node: CeqlNode): string {
  switch (node.kind) {
    case 'compare':
      return `${printField(node.field)} ${node.op} ${printLiteral(node.value)}`;
    case 'like':
      return `${printField(node.field)} ${node.negated ? 'NOT LIKE' : 'LIKE'} ${printLiteral(node.pattern)}`;
    case 'in':
      return `${printField(node.field)} ${node.negated ? 'NOT IN' : 'IN'} (${node.values.map(printLiteral).join(', ')})`;
    case 'isNull':
      return `${printField(node.field)} ${node.negated ? 'IS NOT NULL' : 'IS NULL'}`;
    case 'and':
      // AND binds tighter than OR, so only an OR group inside an AND needs parentheses.
      return node.terms.map((t) => (t.kind === 'or' ? `(${printNode(t)})` : printNode(t))).join(' AND ');
    case 'or':
      return node.terms.map(printNode).join(' OR ');
  }
}
