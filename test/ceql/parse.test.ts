import { describe, expect, it } from 'vitest';
import { ceql, where } from '../../src/ceql/index.js';

describe('ceql.parse: the inputs listed in docs/ceql.md', () => {
  const cases: [string, string][] = [
    ["Name='Edge Communications'", "Name = 'Edge Communications'"],
    ["Name='Account Name' AND Industry='Electronics'", "Name = 'Account Name' AND Industry = 'Electronics'"],
    [
      "LastModifiedDate>'2018-01-15T00:00:00.000Z' AND (Name='Account Name' OR Industry='Apparel')",
      "LastModifiedDate > '2018-01-15T00:00:00.000Z' AND (Name = 'Account Name' OR Industry = 'Apparel')",
    ],
    ["Name LIKE 'Acc%'", "Name LIKE 'Acc%'"],
    ['AnnualRevenue >= 100000', 'AnnualRevenue >= 100000'],
    ["Department!='Procurement'", "Department != 'Procurement'"],
    ["Name='Churro''s TestDude'", "Name = 'Churro''s TestDude'"],
    ["name IN ('Penguins.jpg','Dice.png')", "name IN ('Penguins.jpg', 'Dice.png')"],
    [
      "activityTypeIds in (123) and fromDate = '2016-12-25T11:39:58Z'",
      "activityTypeIds IN (123) AND fromDate = '2016-12-25T11:39:58Z'",
    ],
    ['lastModifiedDate = `2014-01-15T00:00:00.000Z`', "lastModifiedDate = '2014-01-15T00:00:00.000Z'"],
  ];

  for (const [input, canonical] of cases) {
    it(`parses ${input} and prints ${canonical}`, () => {
      const w = ceql.parse(input);
      expect(String(w)).toBe(canonical);
      expect(w.toString()).toBe(canonical);
      expect(ceql.parse(canonical).equals(w)).toBe(true);
    });
  }

  it("reads a doubled quote as one: Name='Churro''s TestDude' has the value Churro's TestDude", () => {
    expect(ceql.parse("Name='Churro''s TestDude'").ast).toEqual({
      kind: 'compare',
      field: 'Name',
      op: '=',
      value: "Churro's TestDude",
    });
  });

  it('keeps literal types: numbers, booleans, strings, backtick strings', () => {
    const w = ceql.parse("a = 1 AND b = -2.5 AND c = 1e3 AND d = TRUE AND e = false AND f = '7' AND g = `x`");
    expect(w.ast.kind === 'and' && w.ast.terms.map((t) => (t.kind === 'compare' ? t.value : null))).toEqual([
      1,
      -2.5,
      1000,
      true,
      false,
      '7',
      'x',
    ]);
  });
});

describe('ceql.parse: syntax', () => {
  it('reads keywords in any case', () => {
    expect(String(ceql.parse("a in (1, 2) And b Like 'x%' oR c is null aNd d Is Not Null"))).toBe(
      "a IN (1, 2) AND b LIKE 'x%' OR c IS NULL AND d IS NOT NULL",
    );
  });

  it('needs no whitespace around operators and tolerates plenty of it', () => {
    expect(String(ceql.parse("a>=1 AND b<'x' AND c!=2 AND(d<=3)"))).toBe(
      "a >= 1 AND b < 'x' AND c != 2 AND d <= 3",
    );
    expect(String(ceql.parse("\n\t a   =\n 'x'  "))).toBe("a = 'x'");
  });

  it('binds AND tighter than OR, and parenthesizes only an OR inside an AND', () => {
    expect(String(ceql.parse('a = 1 AND b = 2 OR c = 3'))).toBe('a = 1 AND b = 2 OR c = 3');
    expect(ceql.parse('a = 1 AND b = 2 OR c = 3').ast.kind).toBe('or');
    expect(String(ceql.parse('a = 1 AND (b = 2 OR c = 3)'))).toBe('a = 1 AND (b = 2 OR c = 3)');
    expect(String(ceql.parse('(a = 1 AND b = 2) OR (c = 3)'))).toBe('a = 1 AND b = 2 OR c = 3');
  });

  it('flattens nested groups and drops redundant parentheses', () => {
    const w = ceql.parse('((a = 1 AND (b = 2 AND c = 3))) AND ((d = 4 OR (e = 5 OR f = 6)))');
    expect(String(w)).toBe('a = 1 AND b = 2 AND c = 3 AND (d = 4 OR e = 5 OR f = 6)');
    expect(w.ast.kind === 'and' && w.ast.terms.length).toBe(4);
  });

  it('reads dotted and backtick-quoted fields, doubling a backtick inside', () => {
    expect(ceql.parse("recipient.email = 'a@b.co'").ast).toMatchObject({ field: 'recipient.email' });
    expect(ceql.parse("`Account Name` = 'x'").ast).toMatchObject({ field: 'Account Name' });
    expect(ceql.parse("`a``b` = 'x'").ast).toMatchObject({ field: 'a`b' });
    expect(ceql.parse('`and` = 1').ast).toMatchObject({ field: 'and' });
    expect(String(ceql.parse('`plain` = 1'))).toBe('plain = 1');
  });

  it('reads the documented extensions IS NOT NULL, NOT IN and NOT LIKE', () => {
    expect(String(ceql.parse("a is not null and b not in ('x') and c not like 'y%'"))).toBe(
      "a IS NOT NULL AND b NOT IN ('x') AND c NOT LIKE 'y%'",
    );
  });

  it('gives the same Where as the builder', () => {
    const built = where('status')
      .eq('Active')
      .and(where('currency').in(['USD', 'EUR']).or(where('name').like('Q4%')));
    expect(
      ceql.parse("status = 'Active' AND (currency IN ('USD','EUR') OR name LIKE 'Q4%')").equals(built),
    ).toBe(true);
  });
});
