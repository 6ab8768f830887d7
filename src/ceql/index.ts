/**
 * CEQL, the query language behind `where`: a builder, a parser, a canonical printer, a compiled
 * evaluator and the pushdown split used by `list()`. See the README, "CEQL queries".
 */
import { ValidationError } from '../errors.js';
import { compileWhere, type Predicate } from './evaluate.js';
import { parseCeql } from './parser.js';
import { Where } from './where.js';

export type {
  AndNode,
  CeqlNode,
  CompareNode,
  CompareOp,
  InNode,
  LikeNode,
  Literal,
  NullNode,
  OrNode,
  PredicateNode,
} from './ast.js';
export type { Predicate } from './evaluate.js';
export { fieldsOf, mapFields } from './fields.js';
export { type Filterable, type PushdownParams, pushdown } from './pushdown.js';
export type { Value } from './values.js';
export { and, or, Where, WhereField, type WhereObject, where } from './where.js';

/** Parses CEQL text; throws `CeqlSyntaxError` with the 0-based `position` and what was expected. */
function parse(text: string): Where {
  if (typeof text !== 'string') {
    throw new ValidationError('Invalid CEQL query', [{ path: '', message: 'ceql.parse() takes a string' }]);
  }
  return new Where(parseCeql(text));
}

/** A `Where` as is, or a CEQL string parsed into one. */
export function toWhere(input: Where | string): Where {
  if (input instanceof Where) return input;
  if (typeof input === 'string') return parse(input);
  throw new ValidationError('Invalid CEQL query', [
    { path: '', message: 'expected a Where (from where()) or a CEQL string' },
  ]);
}

/** Compiles `w` once into a predicate to apply per record (cached per `Where`). */
function compile(w: Where | string): Predicate {
  return compileWhere(toWhere(w));
}

/**
 * True when `record` satisfies `w` (rules in the README, "CEQL queries": dotted paths, nulls, numeric strings, ...).
 * A string is parsed on every call; to test many records, `compile` once and reuse the predicate.
 */
function matches(w: Where | string, record: unknown): boolean {
  return compile(w)(record);
}

/** CEQL text in and out: `ceql.parse`, `ceql.compile`, `ceql.matches`. */
export const ceql = Object.freeze({ parse, compile, matches });
