import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CeqlSyntaxError, type ListQuery, SendosoError, ValidationError, where } from '../../src/index.js';
import { authorizedClient, sandbox } from '../helpers.js';

/** Options that are sometimes right: real keys with values of any type, plus stray keys. */
const listOptions = fc.record(
  {
    where: fc.oneof(
      fc.constantFrom(
        "delivery_type = 'mail'",
        "name LIKE 'Touch 1%'",
        'name = ',
        where('currency').eq('USD'),
      ),
      fc.string({ maxLength: 30 }),
      fc.anything(),
    ),
    pageSize: fc.oneof(fc.integer({ min: -5, max: 150 }), fc.anything()),
    page: fc.oneof(fc.integer({ min: -2, max: 5 }), fc.double(), fc.anything()),
    nextPage: fc.oneof(fc.string({ maxLength: 40 }), fc.base64String({ maxLength: 60 }), fc.anything()),
    orderBy: fc.oneof(
      fc.constantFrom('created_at desc', 'name, id', 'name sideways', ''),
      fc.string(),
      fc.anything(),
    ),
    limit: fc.anything(),
    __proto__: fc.anything(),
  },
  { requiredKeys: [] },
);

const anything = fc.anything({
  withBigInt: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withObjectString: true,
  withTypedArray: true,
  withSparseArray: true,
});

describe('list() on arbitrary input', () => {
  it('answers or fails with a SendosoError, and sends nothing when it refuses the input', async () => {
    const s = await sandbox({ rateLimit: false });
    const client = await authorizedClient(s, { rateLimit: false, maxRetries: 0 });
    let refused = 0;
    let answered = 0;
    await fc.assert(
      fc.asyncProperty(fc.oneof(listOptions, fc.string({ maxLength: 60 }), anything), async (query) => {
        const before = s.requests.length;
        try {
          await client.touches.list(query as ListQuery);
          answered++;
        } catch (error) {
          expect(error).toBeInstanceOf(SendosoError);
          if (error instanceof ValidationError || error instanceof CeqlSyntaxError) {
            refused++;
            expect(s.requests.length).toBe(before);
          }
        }
      }),
      { numRuns: 400 },
    );
    expect(refused).toBeGreaterThan(50);
    expect(answered).toBeGreaterThan(0);
  }, 120_000);
});
