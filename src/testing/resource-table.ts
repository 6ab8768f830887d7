import type { SandboxResource } from './types.js';

export type Operation = 'list' | 'get' | 'create' | 'update' | 'delete';

/** How the sandbox serves one resource: where it lives and how its bodies are shaped. */
export interface ResourceDef {
  /** The collection name, which is also the path below /api/v3 (`'bulk/jobs'`). */
  path: string;
  /** List envelope: `{current_page, per_page, <totalKey>, <listKey>: [...]}`, or a bare array page. */
  envelope: 'keyed' | 'bare';
  listKey: string;
  totalKey: string;
  /** Wraps create/update bodies and responses (`{send: {...}}`). */
  singular: string;
  /** `GET /{path}/{id}` answers `{success: true, <singular>: record}` instead of the bare record. */
  wrapGet: boolean;
  notFound: Record<string, unknown>;
  operations: readonly Operation[];
  /** Query parameters filtered server-side by equality. */
  filters: readonly string[];
  /** Documented creates with their own handler; the rest follow the convention (201 + wrapped record). */
  create: 'convention' | 'send' | 'invite';
}

const CRUD: readonly Operation[] = ['list', 'get', 'create', 'update', 'delete'];

const notFound = (message: string) => ({ success: false, message });

function conventional(path: string, singular: string, label: string): ResourceDef {
  return {
    path,
    envelope: 'keyed',
    listKey: path,
    totalKey: 'total_count',
    singular,
    wrapGet: false,
    notFound: notFound(`${label} not found`),
    operations: CRUD,
    filters: [],
    create: 'convention',
  };
}

/** The element's resources; documented shapes per docs/sendoso-api.md, conventions for the rest. */
export const RESOURCES: Readonly<Record<SandboxResource, ResourceDef>> = {
  touches: {
    ...conventional('touches', 'touch', 'Touch'),
    totalKey: 'total_posts',
    wrapGet: true,
    filters: ['delivery_type'],
  },
  groups: {
    ...conventional('groups', 'group', 'Group'),
    totalKey: 'total_groups',
    notFound: notFound('Group not found!'),
  },
  gifts: { ...conventional('send', 'send', 'Send'), listKey: 'sends', create: 'send' },
  users: { ...conventional('users', 'user', 'User'), totalKey: 'total_users', create: 'invite' },
  returnAddresses: conventional('return_addresses', 'return_address', 'Return address'),
  journals: conventional('journals', 'journal', 'Journal'),
  payments: conventional('payments', 'payment', 'Payment'),
  purchaseOrders: conventional('purchase_orders', 'purchase_order', 'Purchase order'),
  taxRates: conventional('tax_rates', 'tax_rate', 'Tax rate'),
  // Bulk answers a bare array so the SDK's bare-array paging path has something to walk.
  bulkJobs: {
    ...conventional('bulk/jobs', 'job', 'Job'),
    listKey: 'jobs',
    envelope: 'bare',
    operations: ['list', 'get'],
  },
};

const byPath = new Map<string, ResourceDef>(Object.values(RESOURCES).map((def) => [def.path, def]));

/** The definition serving `path`: a table entry, or a generic `/{name}` object collection. */
export function resourceFor(path: string): ResourceDef {
  const known = byPath.get(path);
  if (known) return known;
  const singular = path.endsWith('s') ? path.slice(0, -1) : path;
  const label = singular.charAt(0).toUpperCase() + singular.slice(1).replaceAll('_', ' ');
  return conventional(path, singular, label);
}

/** `'send'` → `'gifts'`, etc. */
export function collectionName(resource: SandboxResource): string {
  return RESOURCES[resource].path;
}
