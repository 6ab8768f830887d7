/**
 * Prints the README's route table from the resource definitions (`npx tsx scripts/route-table.ts`).
 * A test keeps the README's copy identical, so the table can never drift from the code.
 */
import { pathToFileURL } from 'node:url';
import { marketplaceProducts, smartSendDefinition } from '../src/marketplace/index.js';
import type { Operation, ResourceDefinition, Route } from '../src/resources/definition.js';
import * as definitions from '../src/resources/definitions/index.js';

const operations: Operation[] = ['list', 'get', 'create', 'update', 'delete'];

type AnyDefinition = ResourceDefinition<unknown, unknown, unknown, unknown>;

function cell(definition: AnyDefinition, operation: Operation): string {
  const route = definition.routes[operation];
  return route ? routeCell(route) : '—';
}

function routeCell(route: Route): string {
  return `\`${route.method} ${route.path}\`${route.documented ? ' ✅' : ''}`;
}

/** The scopes a route needs, after its name (the core API needs none beyond `public`). */
function scopes(route: Route | undefined): string {
  return route?.scopes ? ` (scope ${route.scopes.map((s) => `\`${s}\``).join(' or ')})` : '';
}

/** Calls beyond CRUD: a GET in the list column, anything else in the create column. */
function actionRows(prefix: string, definition: AnyDefinition): string[] {
  return Object.entries(definition.actions ?? {}).map(([name, { route }]) => {
    const cells = operations.map((o) =>
      (route.method === 'GET' ? o === 'list' : o === 'create') ? routeCell(route) : '—',
    );
    return `| \`${prefix}.${name}()\`${scopes(route)} | ${cells.join(' | ')} |`;
  });
}

export function routeTable(): string {
  const rows: AnyDefinition[] = [
    definitions.touches,
    definitions.groups,
    definitions.groupMembers,
    definitions.gifts,
    definitions.users,
    definitions.returnAddresses,
    definitions.journals,
    definitions.payments,
    definitions.purchaseOrders,
    definitions.taxRates,
    definitions.bulkJobs,
    definitions.objectDefinition('{objectName}'),
    definitions.childDefinition('{objectName}', '{childObjectName}'),
  ] as AnyDefinition[];
  const names: Record<string, string> = {
    'groups.members': '`groups.members(groupId)`',
    '{objectName}': '`objects(name)`',
    '{objectName}.{childObjectName}': '`objects(name).children(id, child)`',
  };
  const lines = [
    `| resource | ${operations.join(' | ')} |`,
    `|---|${operations.map(() => '---').join('|')}|`,
    ...rows.map(
      (d) => `| ${names[d.name] ?? `\`${d.name}\``} | ${operations.map((o) => cell(d, o)).join(' | ')} |`,
    ),
    '| `me()` | `GET /me` ✅ | — | — | — | — |',
    '| `gifts.generateEgiftLinks()` | — | — | `POST /send/generate_egift_links` ✅ | — | — |',
    `| \`marketplace.products\`${scopes(marketplaceProducts.routes.list)} | ${operations
      .map((o) => cell(marketplaceProducts as AnyDefinition, o))
      .join(' | ')} |`,
    ...actionRows('marketplace.products', marketplaceProducts as AnyDefinition),
    ...actionRows('smartSend', smartSendDefinition as AnyDefinition),
  ];
  return lines.join('\n').replaceAll('%7B', '{').replaceAll('%7D', '}');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) console.log(routeTable());
