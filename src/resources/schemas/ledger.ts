import { z } from 'zod';
import { bodyObject, partialBody } from './body.js';
import { DateTime, Id, Money, maybe } from './common.js';

// The element lists these resources, but Sendoso documents no endpoint for them: the shapes are our
// convention (see the README's route table), loose enough to take whatever the account returns.

export const ReturnAddress = z.looseObject({
  id: Id,
  name: maybe(z.string()),
  company_name: maybe(z.string()),
  address: maybe(z.string()),
  address2: maybe(z.string()),
  city: maybe(z.string()),
  state: maybe(z.string()),
  zip: maybe(z.string()),
  country: maybe(z.string()),
  created_at: maybe(DateTime),
});
export type ReturnAddress = z.infer<typeof ReturnAddress>;
const returnAddressFields = {
  name: z.string().min(1),
  address: z.string().min(1),
  city: z.string().min(1),
  zip: z.string().min(1),
  country: z.string().min(2),
  address2: z.string().optional(),
  state: z.string().optional(),
  company_name: z.string().optional(),
};
export const ReturnAddressCreate = bodyObject(returnAddressFields);
export type ReturnAddressCreate = z.input<typeof ReturnAddressCreate>;
export const ReturnAddressUpdate = partialBody(returnAddressFields);
export type ReturnAddressUpdate = z.input<typeof ReturnAddressUpdate>;

export const Journal = z.looseObject({
  id: Id,
  description: maybe(z.string()),
  amount: maybe(Money),
  currency: maybe(z.string()),
  created_at: maybe(DateTime),
});
export type Journal = z.infer<typeof Journal>;
const journalFields = {
  amount: Money.unwrap(),
  currency: z.string().length(3).optional(),
  description: z.string().optional(),
};
export const JournalCreate = bodyObject(journalFields);
export type JournalCreate = z.input<typeof JournalCreate>;
export const JournalUpdate = partialBody(journalFields);
export type JournalUpdate = z.input<typeof JournalUpdate>;

export const Payment = z.looseObject({
  id: Id,
  amount: maybe(Money),
  currency: maybe(z.string()),
  status: maybe(z.string()),
  created_at: maybe(DateTime),
});
export type Payment = z.infer<typeof Payment>;
const paymentFields = {
  amount: Money.unwrap(),
  currency: z.string().length(3).optional(),
  status: z.string().optional(),
};
export const PaymentCreate = bodyObject(paymentFields);
export type PaymentCreate = z.input<typeof PaymentCreate>;
export const PaymentUpdate = partialBody(paymentFields);
export type PaymentUpdate = z.input<typeof PaymentUpdate>;

export const PurchaseOrder = z.looseObject({
  id: Id,
  po_number: maybe(z.string()),
  amount: maybe(Money),
  currency: maybe(z.string()),
  status: maybe(z.string()),
  created_at: maybe(DateTime),
});
export type PurchaseOrder = z.infer<typeof PurchaseOrder>;
const purchaseOrderFields = {
  po_number: z.string().min(1),
  amount: Money.unwrap(),
  currency: z.string().length(3).optional(),
};
export const PurchaseOrderCreate = bodyObject(purchaseOrderFields);
export type PurchaseOrderCreate = z.input<typeof PurchaseOrderCreate>;
export const PurchaseOrderUpdate = partialBody(purchaseOrderFields);
export type PurchaseOrderUpdate = z.input<typeof PurchaseOrderUpdate>;

export const TaxRate = z.looseObject({
  id: Id,
  name: maybe(z.string()),
  rate: maybe(Money),
  country: maybe(z.string()),
  region: maybe(z.string()),
});
export type TaxRate = z.infer<typeof TaxRate>;
const taxRateFields = {
  name: z.string().min(1),
  rate: Money.unwrap(),
  country: z.string().min(2).optional(),
  region: z.string().optional(),
};
export const TaxRateCreate = bodyObject(taxRateFields);
export type TaxRateCreate = z.input<typeof TaxRateCreate>;
export const TaxRateUpdate = partialBody(taxRateFields);
export type TaxRateUpdate = z.input<typeof TaxRateUpdate>;

export const BulkJob = z.looseObject({
  id: Id,
  status: maybe(z.string()),
  object_name: maybe(z.string()),
  created_at: maybe(DateTime),
});
export type BulkJob = z.infer<typeof BulkJob>;

/** Any other object (`client.objects(name)`): only an id is assumed. */
export const GenericObject = z.looseObject({ id: maybe(Id) });
export type GenericObject = z.infer<typeof GenericObject>;
