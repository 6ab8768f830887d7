import { conventionalRoutes, type ResourceDefinition } from '../definition.js';
import {
  BulkJob,
  Journal,
  JournalCreate,
  JournalUpdate,
  Payment,
  PaymentCreate,
  PaymentUpdate,
  PurchaseOrder,
  PurchaseOrderCreate,
  PurchaseOrderUpdate,
  ReturnAddress,
  ReturnAddressCreate,
  ReturnAddressUpdate,
  TaxRate,
  TaxRateCreate,
  TaxRateUpdate,
} from '../schemas/ledger.js';

// Element resources that Sendoso documents no endpoint for: the element's conventional routes.

export const returnAddresses: ResourceDefinition<
  ReturnAddress,
  ReturnAddressCreate,
  Partial<ReturnAddressCreate>
> = {
  name: 'returnAddresses',
  schema: ReturnAddress,
  createBody: ReturnAddressCreate,
  updateBody: ReturnAddressUpdate,
  idField: 'id',
  routes: conventionalRoutes('/return_addresses', 'return_address', 'return_addresses'),
};

export const journals: ResourceDefinition<Journal, JournalCreate, Partial<JournalCreate>> = {
  name: 'journals',
  schema: Journal,
  createBody: JournalCreate,
  updateBody: JournalUpdate,
  idField: 'id',
  routes: conventionalRoutes('/journals', 'journal', 'journals'),
};

export const payments: ResourceDefinition<Payment, PaymentCreate, Partial<PaymentCreate>> = {
  name: 'payments',
  schema: Payment,
  createBody: PaymentCreate,
  updateBody: PaymentUpdate,
  idField: 'id',
  routes: conventionalRoutes('/payments', 'payment', 'payments'),
};

export const purchaseOrders: ResourceDefinition<
  PurchaseOrder,
  PurchaseOrderCreate,
  Partial<PurchaseOrderCreate>
> = {
  name: 'purchaseOrders',
  schema: PurchaseOrder,
  createBody: PurchaseOrderCreate,
  updateBody: PurchaseOrderUpdate,
  idField: 'id',
  routes: conventionalRoutes('/purchase_orders', 'purchase_order', 'purchase_orders'),
};

export const taxRates: ResourceDefinition<TaxRate, TaxRateCreate, Partial<TaxRateCreate>> = {
  name: 'taxRates',
  schema: TaxRate,
  createBody: TaxRateCreate,
  updateBody: TaxRateUpdate,
  idField: 'id',
  routes: conventionalRoutes('/tax_rates', 'tax_rate', 'tax_rates'),
};

/** Bulk is "not supported" by the element; its jobs can still be listed and read. */
export const bulkJobs: ResourceDefinition<BulkJob, never, never> = {
  name: 'bulkJobs',
  schema: BulkJob,
  idField: 'id',
  routes: {
    list: { method: 'GET', path: '/bulk/jobs', itemsKey: 'jobs', totalKey: 'total_count' },
    get: { method: 'GET', path: '/bulk/jobs/{id}', unwrap: 'job' },
  },
};
