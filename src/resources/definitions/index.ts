export { gifts } from './gifts.js';
export { groupMembers, groups } from './groups.js';
export { bulkJobs, journals, payments, purchaseOrders, returnAddresses, taxRates } from './ledger.js';
export { childDefinition, objectDefinition } from './objects.js';
export { touches } from './touches.js';
export { users } from './users.js';
