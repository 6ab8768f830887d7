import { describe, expect, it } from 'vitest';
import { ceql } from '../../src/ceql/index.js';
import { CeqlSyntaxError, SendosoError } from '../../src/errors.js';

function syntaxError(text: string): CeqlSyntaxError {
  try {
    ceql.parse(text);
  } catch (error) {
    if (error instanceof CeqlSyntaxError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(text)} not to parse`);
}

describe('ceql.parse errors: a CeqlSyntaxError at the 0-based position, naming what was expected', () => {
  const cases: [name: string, text: string, position: number, message: RegExp][] = [
    ['unterminated string', "name = 'abc", 7, /^Unterminated string: expected a closing '/],
    ['unterminated string after a doubled quote', "name = 'it''s", 7, /^Unterminated string/],
    ['unterminated backtick', 'name = `abc', 7, /^Unterminated backtick/],
    ['unknown operator ==', 'a == 1', 2, /^Unknown operator '==': expected one of =, !=/],
    ['unknown operator <>', 'a <> 1', 2, /^Unknown operator '<>'/],
    ['unknown operator ~', 'a ~ 1', 2, /^Unknown operator '~'/],
    ['unknown operator =>', 'a => 1', 2, /^Unknown operator '=>'/],
    ['empty IN list', 'a IN ()', 6, /^Empty IN list: expected at least one value/],
    ['IN without parentheses', "a IN 'x'", 5, /^Expected '\(' after IN but found the string 'x'/],
    [
      'unclosed IN list',
      "a IN ('x'",
      9,
      /^Expected ',' or '\)' in the IN list but found the end of the query/,
    ],
    ['trailing comma in IN', "a IN ('x',)", 10, /^Expected a value after ','/],
    ['trailing token', 'a = 1 b', 6, /^Expected AND, OR or the end of the query but found 'b'/],
    ['trailing value', "a = 1 'x'", 6, /^Expected AND, OR or the end of the query/],
    ['missing value', 'a =', 3, /^Expected a value after '=' .* but found the end of the query/],
    ['missing first operand', 'AND a = 1', 0, /^Expected a field name or '\(' but found AND/],
    ['missing last operand', 'a = 1 AND', 9, /^Expected a field name or '\(' but found the end of the query/],
    ['missing operand between', 'a = 1 AND OR b = 2', 10, /^Expected a field name or '\(' but found OR/],
    ['missing operator', "a 'x'", 2, /^Expected an operator \(=, !=, <, <=, >, >=, LIKE, IN, IS NULL\)/],
    [
      'unclosed parenthesis',
      '(a = 1',
      6,
      /^Unbalanced parenthesis: expected '\)' to close the '\(' opened at offset 0/,
    ],
    [
      'unclosed inner parenthesis',
      'a = 1 AND ((b = 2)',
      18,
      /^Unbalanced parenthesis: .* opened at offset 10/,
    ],
    ['unopened parenthesis', 'a = 1)', 5, /^Unbalanced parenthesis: '\)' has no matching '\('/],
    ['extra closing parenthesis', '(a = 1))', 7, /^Unbalanced parenthesis/],
    ['empty parentheses', '()', 1, /^Expected a field name or '\(' but found '\)'/],
    ['empty input', '', 0, /^Empty query/],
    ['blank input', '   ', 3, /^Empty query/],
    ['null outside IS NULL', 'a = null', 4, /^NULL is only allowed in IS NULL or IS NOT NULL/],
    ['IS without NULL', "a IS 'x'", 5, /^Expected NULL or NOT NULL after IS/],
    ['NOT without LIKE or IN', 'a NOT = 1', 6, /^Expected LIKE or IN after NOT/],
    ['LIKE without a quoted pattern', 'a LIKE 5', 7, /^Expected a quoted pattern after LIKE/],
    ['double-quoted string', 'a = "x"', 4, /^Unexpected character '"' \(strings use single quotes/],
    ['empty backtick field', '`` = 1', 0, /^Empty field name/],
    ['number out of range', 'a = 1e999', 4, /^Number 1e999 is out of range/],
    ['value where a field belongs', "'x' = a", 0, /^Expected a field name or '\(' but found the string 'x'/],
  ];

  for (const [name, text, position, message] of cases) {
    it(`${name}: ${JSON.stringify(text)} fails at ${position}`, () => {
      const error = syntaxError(text);
      expect(error.position).toBe(position);
      expect(error.message).toMatch(message);
      expect(error.message.endsWith(` at position ${position}`)).toBe(true);
      expect(error.input).toBe(text);
      expect(error).toBeInstanceOf(SendosoError);
    });
  }

  it('reports the first problem in the text, not a later lexing error', () => {
    expect(syntaxError("AND a = 'x").position).toBe(0);
    expect(syntaxError("a = 1 b = 'x").position).toBe(6);
  });
});
