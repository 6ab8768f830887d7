import { z } from 'zod';
import { ValidationError, type ValidationIssue } from '../errors.js';
import { plainDataIssues } from '../option-checks.js';
import type { Gift } from './schemas/gift.js';
import type { Group } from './schemas/group.js';
import type { BulkJob, Journal, Payment, PurchaseOrder, ReturnAddress, TaxRate } from './schemas/ledger.js';
import type { Touch } from './schemas/touch.js';
import type { User } from './schemas/user.js';
import { toIssues } from './validate.js';

/** The record type of each named resource of the client. */
export type ResourceRecords = {
  touches: Touch;
  groups: Group;
  gifts: Gift;
  users: User;
  returnAddresses: ReturnAddress;
  journals: Journal;
  payments: Payment;
  purchaseOrders: PurchaseOrder;
  taxRates: TaxRate;
  bulkJobs: BulkJob;
};

export type ResourceName = keyof ResourceRecords;

export const RESOURCE_NAMES: readonly ResourceName[] = [
  'touches',
  'groups',
  'gifts',
  'users',
  'returnAddresses',
  'journals',
  'payments',
  'purchaseOrders',
  'taxRates',
  'bulkJobs',
];

/** The element's own (hyphenated) names for its resources, and the client property each means. */
export type ElementAliases = {
  'return-addresses': 'returnAddresses';
  'purchase-orders': 'purchaseOrders';
  'tax-rates': 'taxRates';
  'bulk-jobs': 'bulkJobs';
};

export type ElementName = keyof ElementAliases;

export const ELEMENT_NAMES: ElementAliases = {
  'return-addresses': 'returnAddresses',
  'purchase-orders': 'purchaseOrders',
  'tax-rates': 'taxRates',
  'bulk-jobs': 'bulkJobs',
};

/** The record type behind a resource name or an element alias. */
export type RecordOf<K extends ResourceName | ElementName> = K extends ResourceName
  ? ResourceRecords[K]
  : K extends ElementName
    ? ResourceRecords[ElementAliases[K]]
    : never;

/** A name or alias as the client's property name, or undefined when it is neither. */
export function resourceName(name: string): ResourceName | undefined {
  if ((RESOURCE_NAMES as readonly string[]).includes(name)) return name as ResourceName;
  return Object.hasOwn(ELEMENT_NAMES, name) ? ELEMENT_NAMES[name as ElementName] : undefined;
}

const routePatch = z.strictObject({
  method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD']).optional(),
  path: z.string().startsWith('/', 'must start with "/"').optional(),
  wrap: z.string().min(1).optional(),
  unwrap: z.string().min(1).optional(),
  itemsKey: z.string().min(1).optional(),
  totalKey: z.string().min(1).optional(),
  documented: z.boolean().optional(),
});
const operations = z.partialRecord(z.enum(['list', 'get', 'create', 'update', 'delete']), routePatch);
const overrides = z.partialRecord(z.enum(RESOURCE_NAMES as [ResourceName, ...ResourceName[]]), operations);

/**
 * Issues with a `resources` option, paths relative to it. A typo would silently keep the default
 * route, so unknown resources, operations and fields are refused, each named.
 */
export function overrideIssues(value: unknown): ValidationIssue[] {
  const structural = plainDataIssues(value);
  if (structural.length > 0) return structural;
  const result = overrides.safeParse(value);
  return result.success ? [] : toIssues(result.error);
}

/** Throws one `ValidationError` naming every problem of a `resources` option. */
export function checkOverrides(value: unknown): void {
  if (value === undefined) return;
  const issues = overrideIssues(value).map((i) => ({
    ...i,
    path: i.path ? `resources.${i.path}` : 'resources',
  }));
  if (issues.length > 0) throw new ValidationError('Invalid option', issues);
}
