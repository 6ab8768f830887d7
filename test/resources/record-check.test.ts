import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  BulkJob,
  Gift,
  Group,
  GroupMember,
  Journal,
  Me,
  Payment,
  PurchaseOrder,
  ReturnAddress,
  TaxRate,
  Touch,
  User,
} from '../../src/index.js';
import { compileRecordCheck } from '../../src/resources/record-check.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures');
const example = (file: string) =>
  JSON.parse(readFileSync(join(fixtures, file), 'utf8')) as Record<string, unknown>;

const cases: Array<[string, z.ZodType, Record<string, unknown>]> = [
  ['Touch', Touch, example('touch.json')],
  ['Gift', Gift, example('send.json')],
  ['Group', Group, example('group.json')],
  ['GroupMember', GroupMember, example('group-member.json')],
  ['User', User, example('user.json')],
  ['Me', Me, example('me.json')],
  ['ReturnAddress', ReturnAddress, example('return-address.json')],
  ['Journal', Journal, example('journal.json')],
  ['Payment', Payment, example('payment.json')],
  ['PurchaseOrder', PurchaseOrder, example('purchase-order.json')],
  ['TaxRate', TaxRate, example('tax-rate.json')],
  ['BulkJob', BulkJob, example('bulk-job.json')],
];

/** Values that sit on either side of the schemas' rules. */
const tricky = fc.oneof(
  fc.anything(),
  fc.constantFrom(
    null,
    undefined,
    '',
    '578.0',
    0,
    -1,
    1.5,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    true,
    [],
    {},
    ['US'],
    [1],
  ),
  fc.string(),
  fc.integer(),
  fc.double(),
);

describe('the compiled record check agrees with zod', () => {
  it.each(cases)('%s: accepts the documented example', (_, schema, record) => {
    expect(compileRecordCheck(schema)(record)).toBe(true);
  });

  it.each(cases)(
    '%s: never accepts what zod rejects, and rarely defers what zod accepts',
    (_, schema, record) => {
      const check = compileRecordCheck(schema);
      const keys = [...Object.keys(record), 'id', 'unknown_extra'];
      let deferred = 0;
      fc.assert(
        fc.property(
          fc.dictionary(fc.constantFrom(...keys), tricky, { maxKeys: 4 }),
          fc.boolean(),
          (patch, drop) => {
            const value: Record<string, unknown> = { ...record, ...patch };
            if (drop) delete value[keys[0] ?? 'id'];
            const zodAccepts = schema.safeParse(value).success;
            const fastAccepts = check(value);
            if (fastAccepts) expect(zodAccepts).toBe(true);
            if (zodAccepts && !fastAccepts) deferred++;
          },
        ),
        { numRuns: 400 },
      );
      // Deferring to zod is correct but slow: it should be the exception.
      expect(deferred).toBeLessThan(40);
    },
  );

  it('defers formats, refinements and strict objects to zod', () => {
    const email = compileRecordCheck(z.looseObject({ email: z.email() }));
    expect(email({ email: 'a@example.com' })).toBe(true);
    expect(email({ email: 'nope' })).toBe(false);
    const refined = compileRecordCheck(z.object({ n: z.number() }).refine((v) => v.n > 1));
    expect(refined({ n: 2 })).toBe(true);
    expect(refined({ n: 0 })).toBe(false);
    const strict = compileRecordCheck(z.strictObject({ a: z.string() }));
    expect(strict({ a: 'x', b: 1 })).toBe(false);
    expect(compileRecordCheck(z.number())(Number.POSITIVE_INFINITY)).toBe(false);
  });
});
