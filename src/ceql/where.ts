/** The immutable `Where` condition and the builder that makes one: `where('x').eq(1)`, `and()`, `or()`. */
import { ValidationError } from '../errors.js';
import { type CeqlNode, type CompareOp, nodesEqual } from './ast.js';
import { normalize } from './normalize.js';
import { printNode } from './printer.js';
import { checkField, toLiteral, toLiterals, toPattern, type Value } from './values.js';

/**
 * A CEQL condition. Immutable: `and`/`or` return new conditions. Values are data, never spliced text,
 * so `where('name').eq("x' OR '1'='1")` matches only that literal name.
 */
export class Where {
  /** The normalised, frozen syntax tree. */
  readonly ast: CeqlNode;

  /** Wraps a syntax tree after checking, flattening and freezing it (`ValidationError` if malformed). */
  constructor(ast: CeqlNode) {
    this.ast = normalize(ast);
    Object.freeze(this);
  }

  /** This condition AND all of `others`. */
  and(...others: Where[]): Where {
    return new Where({ kind: 'and', terms: [this.ast, ...others.map(astOf)] });
  }

  /** This condition OR any of `others`. */
  or(...others: Where[]): Where {
    return new Where({ kind: 'or', terms: [this.ast, ...others.map(astOf)] });
  }

  /** True when `other` is the same condition (same canonical text). */
  equals(other: Where): boolean {
    return other instanceof Where && nodesEqual(this.ast, other.ast);
  }

  /** The canonical CEQL text, e.g. `status = 'Active' AND (currency IN ('USD', 'EUR') OR name LIKE 'Q4%')`. */
  toString(): string {
    return printNode(this.ast);
  }
}

/** The conditions one field can take; returned by `where('field')`. */
export class WhereField {
  /** The field path; dots walk nested objects (`recipient.email`). */
  readonly field: string;

  constructor(field: string) {
    this.field = checkField(field);
    Object.freeze(this);
  }

  /** `field = value` */
  eq(value: Value): Where {
    return this.compare('=', value);
  }
  /** `field != value` */
  ne(value: Value): Where {
    return this.compare('!=', value);
  }
  /** `field < value` */
  lt(value: Value): Where {
    return this.compare('<', value);
  }
  /** `field <= value` */
  lte(value: Value): Where {
    return this.compare('<=', value);
  }
  /** `field > value` */
  gt(value: Value): Where {
    return this.compare('>', value);
  }
  /** `field >= value` */
  gte(value: Value): Where {
    return this.compare('>=', value);
  }
  /** `field LIKE 'pattern'`: case-insensitive, `%` any run of characters, `_` one character. */
  like(pattern: string): Where {
    return new Where({
      kind: 'like',
      field: this.field,
      pattern: toPattern(pattern, this.field),
      negated: false,
    });
  }
  /** `field NOT LIKE 'pattern'` (an extension). */
  notLike(pattern: string): Where {
    return new Where({
      kind: 'like',
      field: this.field,
      pattern: toPattern(pattern, this.field),
      negated: true,
    });
  }
  /** `field IN (a, b, ...)`; needs at least one value. */
  in(values: readonly Value[]): Where {
    return new Where({
      kind: 'in',
      field: this.field,
      values: toLiterals(values, this.field),
      negated: false,
    });
  }
  /** `field NOT IN (a, b, ...)` (an extension). */
  notIn(values: readonly Value[]): Where {
    return new Where({
      kind: 'in',
      field: this.field,
      values: toLiterals(values, this.field),
      negated: true,
    });
  }
  /** `field IS NULL`: the field is null or missing. */
  isNull(): Where {
    return new Where({ kind: 'isNull', field: this.field, negated: false });
  }
  /** `field IS NOT NULL` (an extension). */
  isNotNull(): Where {
    return new Where({ kind: 'isNull', field: this.field, negated: true });
  }

  private compare(op: CompareOp, value: Value): Where {
    return new Where({ kind: 'compare', field: this.field, op, value: toLiteral(value, this.field) });
  }
}

/** The object form of `where`: each key is a field; an array means IN, `null` means IS NULL. */
export type WhereObject = Readonly<Record<string, Value | readonly Value[] | null>>;

/**
 * Starts a condition on `field` (`where('currency').eq('USD')`), or builds one from an object:
 * `where({ status: 'Active', currency: ['USD', 'EUR'], archived_at: null })` ANDs one equality per
 * key, IN for an array and IS NULL for null. Throws `ValidationError` for an empty field or object.
 */
export function where(field: string): WhereField;
export function where(conditions: WhereObject): Where;
export function where(arg: string | WhereObject): WhereField | Where {
  if (typeof arg === 'string') return new WhereField(arg);
  if (arg === null || typeof arg !== 'object' || Array.isArray(arg)) {
    throw new ValidationError('Invalid CEQL condition', [
      { path: '', message: 'where() takes a field name or an object of field values' },
    ]);
  }
  const terms = Object.entries(arg).map(([field, value]): CeqlNode => {
    const f = new WhereField(field);
    if (value === null) return f.isNull().ast;
    if (Array.isArray(value)) return f.in(value).ast;
    return f.eq(value as Value).ast;
  });
  if (terms.length === 0) {
    throw new ValidationError('Invalid CEQL condition', [
      { path: '', message: 'where({}) needs at least one field' },
    ]);
  }
  return new Where({ kind: 'and', terms });
}

/** All of `conditions` (at least one). */
export function and(...conditions: Where[]): Where {
  return new Where({ kind: 'and', terms: nonEmpty('and', conditions).map(astOf) });
}

/** Any of `conditions` (at least one). */
export function or(...conditions: Where[]): Where {
  return new Where({ kind: 'or', terms: nonEmpty('or', conditions).map(astOf) });
}

function nonEmpty(name: string, conditions: Where[]): Where[] {
  if (conditions.length === 0) {
    throw new ValidationError('Invalid CEQL condition', [
      { path: '', message: `${name}() needs at least one condition` },
    ]);
  }
  return conditions;
}

function astOf(condition: Where): CeqlNode {
  if (condition instanceof Where) return condition.ast;
  throw new ValidationError('Invalid CEQL condition', [
    { path: '', message: 'expected a Where (build one with where() or ceql.parse())' },
  ]);
}
