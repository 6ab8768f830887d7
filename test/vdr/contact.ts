/** The `contact` VDR over gifts that the VDR tests share, and its mapping done by hand for comparison. */
import { z } from 'zod';
import type { SendosoClient } from '../../src/index.js';
import type { SandboxRecord } from '../../src/testing/index.js';

/** A contact: who a send went to, and when. Loose, so pass-through fields are kept. */
export const Contact = z.looseObject({
  email: z.email(),
  company: z.string().optional(),
  sentAt: z.date().optional(),
});

type Recipient = { email?: unknown; company_name?: unknown };

/** `client.vdr('contact', ...)` over gifts; creating one sends touch 1 by email. */
export function contacts(client: SendosoClient) {
  return client.vdr('contact', {
    resource: 'gifts',
    schema: Contact,
    fields: {
      email: 'recipient.email',
      company: 'recipient.company_name',
      sentAt: { path: 'created_at', type: 'date' },
    },
    transform: {
      // POST /send takes a flat body, not the `recipient` object that sends are read with.
      toVendor: (body, _contact, { operation }) => {
        if (operation !== 'create') return body;
        const { recipient, ...rest } = body;
        const { email, company_name } = (recipient ?? {}) as Recipient;
        return {
          ...rest,
          email,
          company_name,
          touch_id: 1,
          via: 'single_email_address',
          via_from: 'vdr-test',
        };
      },
    },
  });
}

/** What the contact VDR should read for a stored send, mapped by hand (pass-through included). */
export function contactOf(send: SandboxRecord): Record<string, unknown> {
  const { recipient, created_at, ...rest } = send;
  const { email, company_name, ...recipientRest } = recipient as Record<string, unknown>;
  return {
    ...rest,
    ...(Object.keys(recipientRest).length > 0 ? { recipient: recipientRest } : {}),
    email,
    company: company_name,
    sentAt: new Date(String(created_at)),
  };
}
