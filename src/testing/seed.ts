import touchFixture from '../../fixtures/touch.json' with { type: 'json' };
import { generateMember, generators, type TouchRef } from './generators.js';
import { RESOURCES } from './resource-table.js';
import type { Store } from './store.js';
import type { SandboxRecord, SandboxResource, SandboxSeed } from './types.js';

export const DEFAULT_COUNTS: Readonly<Record<SandboxResource, number>> = {
  touches: 250,
  gifts: 250,
  groups: 120,
  users: 120,
  returnAddresses: 30,
  journals: 30,
  payments: 30,
  purchaseOrders: 30,
  taxRates: 30,
  bulkJobs: 30,
};
const MEMBER_GROUPS = 3;
const MEMBERS_PER_GROUP = 5;

/** Touches first: generated sends point at seeded touches. */
const ORDER = Object.keys(DEFAULT_COUNTS) as SandboxResource[];

/** Loads `seed` (defaults for whatever it leaves out) into an empty store. */
export function seedStore(store: Store, seed: SandboxSeed = {}): void {
  const touchRef = touchRefFor(store);
  for (const resource of ORDER) {
    const spec = seed[resource] ?? DEFAULT_COUNTS[resource];
    const collection = store.collection(RESOURCES[resource].path);
    if (Array.isArray(spec)) {
      for (const record of spec) collection.insert(record);
      continue;
    }
    if (!Number.isSafeInteger(spec) || spec < 0) {
      throw new TypeError(`seed.${resource} must be a non-negative integer or an array, got ${String(spec)}`);
    }
    const generate = generators[resource];
    const records = new Array(spec);
    for (let i = 0; i < spec; i++) records[i] = generate(i, touchRef);
    collection.load(records);
  }
  seedMembers(store, seed.members);
}

function touchRefFor(store: Store): TouchRef {
  let touches: SandboxRecord[] | undefined;
  return (i) => {
    touches ??= store.collection(RESOURCES.touches.path).all();
    const touch = touches.length === 0 ? touchFixture : (touches[i % touches.length] ?? touchFixture);
    return { id: touch.id, name: touch.name, currency: touch.currency ?? 'USD' };
  };
}

function seedMembers(store: Store, members: SandboxSeed['members']): void {
  if (members) {
    for (const [groupId, list] of Object.entries(members)) {
      const collection = store.collection(`groups/${groupId}/members`);
      for (const record of list) collection.insert(record);
    }
    return;
  }
  const groups = store.collection(RESOURCES.groups.path).all().slice(0, MEMBER_GROUPS);
  groups.forEach((group, g) => {
    const collection = store.collection(`groups/${String(group.id)}/members`);
    const records = [];
    for (let n = 0; n < MEMBERS_PER_GROUP; n++) {
      records.push(generateMember(group.id, n, g * MEMBERS_PER_GROUP + n));
    }
    collection.load(records);
  });
}
