import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  BulkJob,
  CategoryGroup,
  EgiftLinksResult,
  Gift,
  GiftSendResult,
  Group,
  GroupMember,
  Journal,
  Me,
  Payment,
  Product,
  ProductSendResult,
  PurchaseOrder,
  ReturnAddress,
  TaxRate,
  Touch,
  User,
  UserInvitation,
} from '../../src/index.js';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures');

// Each fixture is a documented Sendoso example (or, for undocumented element resources, our convention).
const schemas: Record<string, z.ZodType> = {
  'bulk-job.json': BulkJob,
  'egift-links-response.json': EgiftLinksResult,
  'group-member.json': GroupMember,
  'group.json': Group,
  'journal.json': Journal,
  'marketplace-category-group.json': CategoryGroup,
  'marketplace-product.json': Product,
  'marketplace-send-response.json': ProductSendResult,
  'me.json': Me,
  'payment.json': Payment,
  'purchase-order.json': PurchaseOrder,
  'return-address.json': ReturnAddress,
  'send-response.json': GiftSendResult,
  'send.json': Gift,
  'tax-rate.json': TaxRate,
  'touch.json': Touch,
  'user.json': User,
  'users-invite-response.json': UserInvitation,
};

describe('schemas and the documented examples in fixtures/', () => {
  it('every fixture has a schema', () => {
    expect(
      readdirSync(dir)
        .filter((f) => f.endsWith('.json'))
        .sort(),
    ).toEqual(Object.keys(schemas).sort());
  });

  it.each(Object.entries(schemas))(
    '%s parses unchanged (no transforms, unknown fields kept)',
    (file, schema) => {
      const example: unknown = JSON.parse(readFileSync(join(dir, file), 'utf8'));
      const withExtra = { ...(example as object), a_field_sendoso_adds_later: { nested: [1, 'two'] } };
      expect(schema.parse(withExtra)).toEqual(withExtra);
    },
  );

  it('accepts the documented variance: ids as strings, money as numbers or null', () => {
    const touch = JSON.parse(readFileSync(join(dir, 'touch.json'), 'utf8')) as Record<string, unknown>;
    expect(
      Touch.parse({ ...touch, id: 'T-1', starting_egift_price: null, ending_egift_price: '25.0' }).id,
    ).toBe('T-1');
    const me = JSON.parse(readFileSync(join(dir, 'me.json'), 'utf8')) as Record<string, unknown>;
    expect(Me.parse({ ...me, balance: 578 }).balance).toBe(578);
    expect(Me.parse({ ...me, balance: '578.0' }).balance).toBe('578.0');
    expect(Touch.safeParse({ ...touch, id: { not: 'an id' } }).success).toBe(false);
  });
});
