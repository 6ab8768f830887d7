/**
 * A hand-written recursive-descent parser for CEQL (the README's "CEQL queries"), plus the extensions
 * `IS NOT NULL`, `NOT IN` and `NOT LIKE`. Every failure is a `CeqlSyntaxError` at the 0-based offset
 * of the offending token (or of the end of the text) whose message names what was expected.
 */
import { CeqlSyntaxError } from '../errors.js';
import type { CeqlNode, Literal, PredicateNode } from './ast.js';
import type { Keyword } from './keywords.js';
import { Lexer, type Token } from './lexer.js';
import { MAX_CONDITIONS, MAX_PARENTHESES } from './limits.js';

/** Parses CEQL text into a (not yet normalised) syntax tree. */
export function parseCeql(input: string): CeqlNode {
  return new Parser(input).query();
}

class Parser {
  private readonly lexer: Lexer;
  private token: Token;
  /** Parentheses open around the current token, and conditions read so far (see `limits.ts`). */
  private depth = 0;
  private conditions = 0;

  constructor(private readonly input: string) {
    this.lexer = new Lexer(input);
    this.token = this.lexer.next();
  }

  query(): CeqlNode {
    if (this.atEnd()) this.fail("Empty query: expected a condition such as name = 'x'");
    const node = this.orExpr();
    if (this.isPunct(')')) this.fail("Unbalanced parenthesis: ')' has no matching '('");
    if (!this.atEnd()) this.expected('AND, OR or the end of the query');
    return node;
  }

  private orExpr(): CeqlNode {
    const terms = [this.andExpr()];
    while (this.isKeyword('OR')) {
      this.advance();
      terms.push(this.andExpr());
    }
    return terms.length === 1 ? terms[0]! : { kind: 'or', terms };
  }

  private andExpr(): CeqlNode {
    const terms = [this.term()];
    while (this.isKeyword('AND')) {
      this.advance();
      terms.push(this.term());
    }
    return terms.length === 1 ? terms[0]! : { kind: 'and', terms };
  }

  private term(): CeqlNode {
    if (!this.isPunct('(')) return this.predicate();
    if (this.depth >= MAX_PARENTHESES) {
      this.fail(`Too deeply nested: parentheses may nest at most ${MAX_PARENTHESES} levels`);
    }
    const open = this.advance();
    this.depth++;
    const node = this.orExpr();
    this.depth--;
    if (!this.isPunct(')')) {
      this.fail(
        `Unbalanced parenthesis: expected ')' to close the '(' opened at offset ${open.pos}, but found ${describe(this.token)}`,
      );
    }
    this.advance();
    return node;
  }

  private predicate(): PredicateNode {
    if (++this.conditions > MAX_CONDITIONS) {
      this.fail(
        `Too many conditions: a query holds at most ${MAX_CONDITIONS} (put a long list of values in one IN)`,
      );
    }
    const field = this.field();
    const token = this.token;
    if (token.kind === 'op') {
      this.advance();
      return { kind: 'compare', field, op: token.text, value: this.literal(`a value after '${token.text}'`) };
    }
    let negated = false;
    if (this.isKeyword('NOT')) {
      this.advance();
      negated = true;
      if (!this.isKeyword('LIKE') && !this.isKeyword('IN')) this.expected('LIKE or IN after NOT');
    }
    if (this.isKeyword('LIKE')) {
      this.advance();
      return { kind: 'like', field, pattern: this.pattern(), negated };
    }
    if (this.isKeyword('IN')) {
      this.advance();
      return { kind: 'in', field, values: this.list(), negated };
    }
    if (this.isKeyword('IS')) {
      this.advance();
      if (this.isKeyword('NOT')) {
        this.advance();
        negated = true;
      }
      if (!this.isKeyword('NULL')) this.expected(negated ? 'NULL after IS NOT' : 'NULL or NOT NULL after IS');
      this.advance();
      return { kind: 'isNull', field, negated };
    }
    return this.expected('an operator (=, !=, <, <=, >, >=, LIKE, IN, IS NULL)');
  }

  private field(): string {
    const token = this.token;
    if (token.kind === 'name') {
      this.advance();
      return token.text;
    }
    if (token.kind === 'quoted') {
      if (token.text === '') this.fail('Empty field name: expected a name between the backticks');
      this.advance();
      return token.text;
    }
    return this.expected("a field name or '('");
  }

  private literal(what: string): Literal {
    const token = this.token;
    switch (token.kind) {
      case 'string':
      case 'quoted':
        this.advance();
        return token.text;
      case 'number':
        this.advance();
        return token.value;
      case 'keyword':
        if (token.text === 'TRUE' || token.text === 'FALSE') {
          this.advance();
          return token.text === 'TRUE';
        }
        if (token.text === 'NULL') this.fail('NULL is only allowed in IS NULL or IS NOT NULL');
    }
    return this.expected(`${what} (a quoted string, a number, true or false)`);
  }

  private pattern(): string {
    const token = this.token;
    if (token.kind !== 'string' && token.kind !== 'quoted')
      return this.expected("a quoted pattern after LIKE, e.g. 'Acc%'");
    this.advance();
    return token.text;
  }

  private list(): Literal[] {
    if (!this.isPunct('(')) this.expected("'(' after IN");
    this.advance();
    if (this.isPunct(')')) this.fail('Empty IN list: expected at least one value inside IN (...)');
    const values = [this.literal('a value inside IN (...)')];
    while (this.isPunct(',')) {
      this.advance();
      values.push(this.literal("a value after ','"));
    }
    if (!this.isPunct(')')) this.expected("',' or ')' in the IN list");
    this.advance();
    return values;
  }

  private advance(): Token {
    const token = this.token;
    this.token = this.lexer.next();
    return token;
  }

  private atEnd(): boolean {
    return this.token.kind === 'end';
  }

  private isKeyword(word: Keyword): boolean {
    return this.token.kind === 'keyword' && this.token.text === word;
  }

  private isPunct(text: '(' | ')' | ','): boolean {
    return this.token.kind === 'punct' && this.token.text === text;
  }

  private expected(what: string): never {
    return this.fail(`Expected ${what} but found ${describe(this.token)}`);
  }

  private fail(message: string, pos = this.token.pos): never {
    throw new CeqlSyntaxError(message, pos, this.input);
  }
}

function describe(token: Token): string {
  switch (token.kind) {
    case 'end':
      return 'the end of the query';
    case 'string':
      return `the string '${clip(token.text).replaceAll("'", "''")}'`;
    case 'quoted':
      return `\`${clip(token.text).replaceAll('`', '``')}\``;
    case 'number':
      return `the number ${token.value}`;
    case 'keyword':
      return token.text;
    case 'name':
      return `'${token.text}'`;
    default:
      return `'${token.text}'`;
  }
}

/** Long values are cut in messages; the position already says where they are. */
function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
