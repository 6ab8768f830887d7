import bulkJob from '../../fixtures/bulk-job.json' with { type: 'json' };
import group from '../../fixtures/group.json' with { type: 'json' };
import groupMember from '../../fixtures/group-member.json' with { type: 'json' };
import journal from '../../fixtures/journal.json' with { type: 'json' };
import me from '../../fixtures/me.json' with { type: 'json' };
import payment from '../../fixtures/payment.json' with { type: 'json' };
import purchaseOrder from '../../fixtures/purchase-order.json' with { type: 'json' };
import returnAddress from '../../fixtures/return-address.json' with { type: 'json' };
import send from '../../fixtures/send.json' with { type: 'json' };
import taxRate from '../../fixtures/tax-rate.json' with { type: 'json' };
import touch from '../../fixtures/touch.json' with { type: 'json' };
import user from '../../fixtures/user.json' with { type: 'json' };
import { isoWithOffset } from './clock.js';
import type { SandboxRecord, SandboxResource } from './types.js';

/**
 * Record generators: the documented example with the index worked into ids, names and values.
 * Deterministic (no randomness), so two sandboxes with the same seed hold the same data.
 */
const BASE = Date.parse('2022-09-12T12:08:27-07:00');
const MINUTE = 60_000;
const FIRST = ['Dana', 'Priya', 'Marcus', 'Elena', 'Kenji', 'Aisha', 'Tomas', 'Grace', 'Olu', 'Sven'];
const LAST = ['Whitfield', 'Raman', 'Okafor', 'Novak', 'Sato', 'Haddad', 'Ortega', 'Lindqvist', 'Chen'];
const COMPANIES = ['Northwind Traders', 'Contoso', 'Globex', 'Initech', 'Umbrella Health', 'Stark Freight'];
const STATES = ['CA', 'NY', 'TX', 'WA', 'IL', 'MA', 'CO'];
const SEND_STATUSES = ['Delivered', 'Pending', 'Shipped', 'Delivered', 'Processing'];

const pick = <T>(list: readonly T[], i: number): T => list[i % list.length] as T;
const at = (i: number, stepMinutes: number, plusMinutes = 0) =>
  isoWithOffset(BASE + (i * stepMinutes + plusMinutes) * MINUTE);
const person = (i: number) => ({ first: pick(FIRST, i), last: pick(LAST, i * 7 + 3) });
const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-');
const email = (first: string, last: string, domain: string) => `${slug(first)}.${slug(last)}@${domain}`;

/** A touch reference for generated sends: the touches actually seeded, else the fixture. */
export type TouchRef = (i: number) => { id: unknown; name: unknown; currency: unknown };

export const generators: Record<SandboxResource, (i: number, touchRef: TouchRef) => SandboxRecord> = {
  // Spelled out instead of spreading the fixture: this one is generated 100,000 times in benchmarks.
  touches: (i) => {
    const id = i + 1;
    const byEmail = i % 2 === 0;
    const price = byEmail ? 10 + (i % 10) * 5 : null; // physical touches carry no eGift price
    const start = BASE + i * 10 * MINUTE;
    const startDate = isoWithOffset(start);
    return {
      id,
      name: `Touch ${id}`,
      start_date: startDate,
      end_date: isoWithOffset(start + 90 * 1_440 * MINUTE),
      description: `Campaign ${id}: ${byEmail ? 'eGift by email' : 'gift box by mail'}`,
      created_at: startDate,
      user_id: touch.user_id,
      gift_id: 77_000 + i,
      starting_egift_price: price,
      ending_egift_price: price === null ? null : price + (i % 3) * 5,
      status: i % 10 === 9 ? 'Inactive' : 'Active',
      is_default_price: i % 4 !== 1,
      delivery_type: byEmail ? 'email' : 'mail',
      hubspot_key: `sendoso_touch_${id}`,
      ship_to_countries: i % 5 === 4 ? ['US', 'CA'] : ['US'],
      currency: i % 4 === 3 ? 'EUR' : 'USD',
    };
  },
  gifts: (i, touchRef) => {
    const id = 900_001 + i;
    const { first, last } = person(i);
    const company = pick(COMPANIES, i);
    const ref = touchRef(i);
    const egift = i % 3 !== 2;
    const created = at(i, 7);
    const status = pick(SEND_STATUSES, i);
    return {
      ...send,
      id,
      send_gid: Buffer.from(`gid://sendoso/Send/${id}`).toString('base64'),
      type: egift ? 'egift' : 'physical',
      subtype: egift ? 'single_email_address' : 'single_person_or_company',
      currency: ref.currency,
      current_total_cost: `${(2 + (i % 40) * 1.5).toFixed(1)}`,
      status,
      created_at: created,
      touch: { id: ref.id, name: ref.name },
      recipient: {
        name: `${first} ${last}`,
        email: email(first, `${last}${id}`, `${slug(company)}.com`),
        company_name: company,
      },
      sender: { ...send.sender },
      sent_via: egift ? 'single_email_address' : 'single_person_or_company',
      status_updates:
        status === 'Pending'
          ? [{ status: 'Pending', occurred_at: created }]
          : [
              { status: 'Pending', occurred_at: created },
              { status, occurred_at: at(i, 7, 35) },
            ],
    };
  },
  groups: (i) => ({
    ...group,
    id: 400 + i + 1,
    name: `Group ${i + 1}`,
    budget: 10_000 + (i % 9) * 5_000,
    monthly_budget: `${5_000 + (i % 5) * 1_000}`,
    rollover: i % 3 === 0,
    created_at: at(i, 60),
    updated_at: at(i + 1, 60),
  }),
  users: (i) => {
    const { first, last } = person(i);
    return {
      ...user,
      id: 5_000 + i + 1,
      first_name: first,
      last_name: last,
      email: email(first, `${last}${i + 1}`, 'acme-revenue.com'),
      team_group_id: 401 + (i % 3),
    };
  },
  returnAddresses: (i) => ({
    ...returnAddress,
    id: i + 1,
    name: `Office ${i + 1}`,
    state: pick(STATES, i),
    zip: `${94_100 + i}`,
    is_default: i === 0,
    created_at: at(i, 90),
    updated_at: at(i + 1, 90),
  }),
  journals: (i) => ({
    ...journal,
    id: 30_000 + i + 1,
    entry_type: i % 4 === 0 ? 'credit' : 'debit',
    amount: `${25 + (i % 8) * 5}.0`,
    balance_after: `${12_500 - i * 25}.0`,
    reference_id: 900_001 + i,
    description: `Journal entry ${i + 1}`,
    created_at: at(i, 30),
    updated_at: at(i, 30),
  }),
  payments: (i) => ({
    ...payment,
    id: 1_200 + i + 1,
    amount: 1_000 * ((i % 5) + 1),
    status: i % 7 === 6 ? 'failed' : 'succeeded',
    invoice_number: `INV-2022-${String(1_000 + i)}`,
    paid_at: at(i, 1_440),
    created_at: at(i, 1_440),
    updated_at: at(i, 1_440),
  }),
  purchaseOrders: (i) => ({
    ...purchaseOrder,
    id: 80 + i + 1,
    po_number: `PO-${10_480 + i}`,
    amount: `${(i % 6) * 5_000 + 5_000}.0`,
    status: i % 5 === 4 ? 'pending' : 'approved',
    created_at: at(i, 1_440),
    updated_at: at(i + 1, 1_440),
  }),
  taxRates: (i) => ({
    ...taxRate,
    id: i + 1,
    name: `${pick(STATES, i)} sales tax ${i + 1}`,
    state: pick(STATES, i),
    rate: (0.04 + (i % 7) * 0.0025).toFixed(4),
    created_at: at(i, 1_440),
    updated_at: at(i, 1_440),
  }),
  bulkJobs: (i) => ({
    ...bulkJob,
    id: 300 + i + 1,
    status: i % 6 === 5 ? 'failed' : 'completed',
    total_records: 100 + i,
    processed_records: 100 + i - (i % 3),
    failed_records: i % 3,
    created_at: at(i, 120),
    completed_at: at(i, 120, 3),
  }),
};

/** A member of group `groupId`, the `n`-th (0-based) of that group. */
export function generateMember(groupId: unknown, n: number, index: number): SandboxRecord {
  const { first, last } = person(index);
  return {
    ...groupMember,
    id: 6_000 + index + 1,
    first_name: first,
    last_name: last,
    email: email(first, `${last}${index + 1}`, 'acme-revenue.com'),
    balance: `${100 + n * 50}.0`,
    team_group_id: groupId,
    key: Buffer.from(`member-${index + 1}`)
      .toString('hex')
      .padEnd(32, '0')
      .slice(0, 32),
  };
}

/** The current user, `GET /me`. */
export const currentUser: SandboxRecord = me;
