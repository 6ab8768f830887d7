import { describe, expect, it } from 'vitest';
import { ceql, fieldsOf, mapFields, pushdown, where } from '../../src/ceql/index.js';
import { ValidationError } from '../../src/errors.js';

const touches = { delivery_type: ['='], status: ['='] } as const;
const push = (text: string) => pushdown(ceql.parse(text), touches);

describe('pushdown: top-level AND terms that are field = literal on a filterable field', () => {
  it('pushes a single predicate (a one-term AND)', () => {
    expect(push("delivery_type = 'egift'")).toEqual({ delivery_type: 'egift' });
  });

  it('pushes the filterable = terms of a top-level AND and leaves the rest', () => {
    expect(push("delivery_type = 'egift' AND name LIKE 'Q%' AND status = 'Active' AND price > 5")).toEqual({
      delivery_type: 'egift',
      status: 'Active',
    });
  });

  it('pushes nothing for a top-level OR', () => {
    expect(push("delivery_type = 'egift' OR status = 'Active'")).toEqual({});
    expect(push("delivery_type = 'egift' AND status = 'Active' OR name = 'x'")).toEqual({});
  });

  it('pushes nothing from inside a nested OR, but still pushes its AND siblings', () => {
    expect(push("status = 'Active' AND (delivery_type = 'egift' OR delivery_type = 'physical')")).toEqual({
      status: 'Active',
    });
  });

  it('pushes only =, not !=, <, IN, LIKE or IS NULL', () => {
    expect(
      push(
        "delivery_type != 'egift' AND status IN ('Active') AND delivery_type LIKE 'e%' AND status IS NULL AND status > 'A'",
      ),
    ).toEqual({});
  });

  it('pushes nothing for fields the resource does not filter, including inherited names', () => {
    expect(push("name = 'x' AND constructor = 'y' AND toString = 'z'")).toEqual({});
    expect(pushdown(where('delivery_type').eq('egift'), {})).toEqual({});
  });

  it('pushes the first of two = terms on one field (the local filter still sees both)', () => {
    expect(push("delivery_type = 'egift' AND delivery_type = 'physical'")).toEqual({
      delivery_type: 'egift',
    });
  });

  it('passes numbers, booleans and Dates (as ISO text) through', () => {
    const w = where({ status: 3, delivery_type: true });
    expect(pushdown(w, touches)).toEqual({ status: 3, delivery_type: true });
    const d = where('status').eq(new Date('2024-01-01T00:00:00Z'));
    expect(pushdown(d, touches)).toEqual({ status: '2024-01-01T00:00:00.000Z' });
  });
});

describe('fieldsOf and mapFields', () => {
  const w = ceql.parse(
    "name = 'x' AND (recipient.email LIKE '%@a.co' OR name IS NULL) AND `Account Name` IN (1)",
  );

  it('lists each field once, in order of first appearance', () => {
    expect(fieldsOf(w)).toEqual(['name', 'recipient.email', 'Account Name']);
  });

  it('rewrites every field path and keeps the structure', () => {
    const renamed = mapFields(w, (f) => `touch.${f.replaceAll(' ', '_')}`);
    expect(String(renamed)).toBe(
      "touch.name = 'x' AND (touch.recipient.email LIKE '%@a.co' OR touch.name IS NULL) AND touch.Account_Name IN (1)",
    );
    expect(String(w)).toBe(
      "name = 'x' AND (recipient.email LIKE '%@a.co' OR name IS NULL) AND `Account Name` IN (1)",
    );
  });

  it('rejects a rename to an empty field', () => {
    expect(() => mapFields(w, () => '')).toThrow(ValidationError);
  });
});
