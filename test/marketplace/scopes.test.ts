import { describe, expect, it } from 'vitest';
import { PermissionDeniedError } from '../../src/index.js';
import { sandbox } from '../helpers.js';
import { knownRecipient, marketplaceClient } from './helpers.js';

describe('Marketplace and SmartSend scopes', () => {
  it("a token without 'marketplace' gets a PermissionDeniedError that names the scope to ask for", async () => {
    const s = await sandbox();
    const client = await marketplaceClient(s, {}, ['public']);
    const err = await client.marketplace.products.list().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PermissionDeniedError);
    const denied = err as PermissionDeniedError;
    expect(denied.status).toBe(403);
    expect(denied.message).toContain("requires the 'marketplace' scope");
    expect(denied.message).toContain('authorizationUrl({ scopes:');
    // Sendoso's own words are kept, and its body too.
    expect(denied.message).toContain('Access to this resource requires scope "marketplace"');
    expect(denied.body).toEqual({
      success: false,
      message: 'Access to this resource requires scope "marketplace".',
    });
  });

  it("a token without 'smartsend' is told so by recommendations and SmartSend sends", async () => {
    const s = await sandbox();
    const client = await marketplaceClient(s, {}, ['public', 'marketplace']);
    const email = knownRecipient(s);
    const calls = [
      client.smartSend.recommendations({ recipient_email: email }),
      client.smartSend.send({ recipient_email: email, recipient_first_name: 'A', recipient_last_name: 'B' }),
    ];
    for (const call of calls) {
      const err = await call.catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PermissionDeniedError);
      expect((err as Error).message).toContain("requires the 'smartsend' scope");
    }
  });

  it("a product send takes either scope: 'smartsend' alone is enough", async () => {
    const s = await sandbox();
    const client = await marketplaceClient(s, {}, ['public', 'smartsend']);
    const result = await client.marketplace.products.send({
      variant_ids: ['50001-1'],
      recipient_email: 'ada@example.com',
      recipient_first_name: 'Ada',
      recipient_last_name: 'Lovelace',
    });
    expect(typeof result.send.id).toBe('string');
    const denied = await marketplaceClient(s, {}, ['public']);
    const err = await denied.marketplace.products
      .send({
        variant_ids: ['50001-1'],
        recipient_email: 'ada@example.com',
        recipient_first_name: 'Ada',
        recipient_last_name: 'Lovelace',
      })
      .catch((e: unknown) => e);
    expect((err as Error).message).toContain("requires the 'marketplace' or 'smartsend' scope");
  });

  it('the core API is not affected by the marketplace scopes', async () => {
    const s = await sandbox();
    const client = await marketplaceClient(s, {}, ['public']);
    expect((await client.touches.get(1)).id).toBe(1);
  });
});
