/**
 * Extra paths that serve one of the sandbox's resources, for clients configured with route overrides
 * (`resources: { journals: { list: { path: '/ledger/journals' } } }`): an account whose routes differ
 * from the element's conventions can be played by the sandbox without changing the client.
 */
import { RESOURCES } from './resource-table.js';
import type { SandboxResource } from './types.js';

/** One alias: the path's segments below /api/v3 and the resource they serve. */
export type RouteAlias = { readonly segments: readonly string[]; readonly resource: SandboxResource };

/** Checks `createSandbox({ routes })` and turns it into aliases, longest path first. */
export function routeAliases(routes: Record<string, unknown> | undefined): RouteAlias[] {
  if (routes === undefined) return [];
  if (typeof routes !== 'object' || routes === null || Array.isArray(routes)) {
    throw new TypeError(
      "createSandbox: routes must map paths to resources, e.g. { '/ledger/journals': 'journals' }",
    );
  }
  const aliases = Object.entries(routes).map(([path, resource]): RouteAlias => {
    const segments = path.split('/').filter((s) => s !== '');
    if (!path.startsWith('/') || segments.length === 0 || segments.some((s) => s === '.' || s === '..')) {
      throw new TypeError(
        `createSandbox: routes key "${path}" must be a path below the API base, like "/ledger/journals"`,
      );
    }
    if (typeof resource !== 'string' || !Object.hasOwn(RESOURCES, resource)) {
      throw new TypeError(
        `createSandbox: routes["${path}"] must be one of ${Object.keys(RESOURCES).join(', ')}, got ${String(resource)}`,
      );
    }
    return { segments, resource: resource as SandboxResource };
  });
  // The most specific alias wins when one path lies under another.
  return aliases.sort((a, b) => b.segments.length - a.segments.length);
}

/** The alias `segments` starts with, and the segments after it (id, child), if any alias matches. */
export function matchAlias(
  aliases: readonly RouteAlias[],
  segments: readonly string[],
): { alias: RouteAlias; rest: string[] } | undefined {
  for (const alias of aliases) {
    if (alias.segments.every((s, i) => segments[i] === s)) {
      return { alias, rest: segments.slice(alias.segments.length) };
    }
  }
  return undefined;
}
