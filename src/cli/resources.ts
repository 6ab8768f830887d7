import type { ListOptions, Page, RequestOptions, ResourceName, SendosoClient } from '../index.js';
import { UsageError } from './exit.js';

/** A record as the CLI handles it: whatever Sendoso sent, snake_case fields kept. */
export type CliRecord = Record<string, unknown>;

/** The part of a resource module the CLI uses. */
export interface ReadableResource {
  readonly name: string;
  list(query: ListOptions, options?: RequestOptions): AsyncIterable<CliRecord> & Promise<Page<CliRecord>>;
  get(id: string, options?: RequestOptions): Promise<CliRecord>;
}

/** Every resource the CLI knows, with the columns its table shows (dotted paths reach nested fields). */
const COLUMNS: Record<ResourceName, readonly string[]> = {
  touches: ['id', 'name', 'status', 'delivery_type', 'currency', 'start_date', 'end_date'],
  groups: ['id', 'name', 'budget', 'monthly_budget', 'team_id'],
  gifts: ['id', 'status', 'recipient.email', 'touch.name', 'current_total_cost', 'created_at'],
  users: ['id', 'email', 'first_name', 'last_name', 'team_group_id'],
  returnAddresses: ['id', 'name', 'company_name', 'city', 'country'],
  journals: ['id', 'description', 'amount', 'currency', 'created_at'],
  payments: ['id', 'amount', 'currency', 'status', 'created_at'],
  purchaseOrders: ['id', 'po_number', 'amount', 'currency', 'status'],
  taxRates: ['id', 'name', 'rate'],
  bulkJobs: ['id', 'status', 'created_at'],
};

const NAMES = Object.keys(COLUMNS) as ResourceName[];

/** Sendoso calls gifts "sends" (`/send`); both names work. */
const ALIASES: Record<string, ResourceName> = { sends: 'gifts', send: 'gifts' };

/** The element's names (`return-addresses`), the client's (`returnAddresses`) and snake_case all resolve. */
export function resourceNamed(name: string): ResourceName {
  const folded = name.toLowerCase().replace(/[-_]/g, '');
  const found = NAMES.find((n) => n.toLowerCase() === folded) ?? ALIASES[folded];
  if (!found) {
    const names = NAMES.map((n) => n.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`));
    throw new UsageError(`unknown resource "${name}"; use one of ${names.join(', ')}`);
  }
  return found;
}

export function resourceModule(client: SendosoClient, name: ResourceName): ReadableResource {
  return client[name] as unknown as ReadableResource;
}

export function columnsOf(name: ResourceName): readonly string[] {
  return COLUMNS[name];
}
