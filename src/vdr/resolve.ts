/**
 * What a VDR definition sits on: `resource` names one of the element's resources, `objects` any other
 * object name. The two are kept apart so `resource: 'gfits'` is refused with a suggestion instead of
 * silently becoming the generic object `/gfits`.
 */
import type { z } from 'zod';
import { closestName } from '../did-you-mean.js';
import type { ValidationIssue } from '../errors.js';
import {
  bulkJobs,
  gifts,
  groups,
  journals,
  payments,
  purchaseOrders,
  returnAddresses,
  taxRates,
  touches,
  users,
} from '../resources/definitions/index.js';
import {
  ELEMENT_NAMES as ALIASES,
  RESOURCE_NAMES,
  type ResourceName,
  resourceName,
} from '../resources/names.js';
import type { VendorResource } from './vendor-resource.js';

/** How `client.vdr()` reaches the modules a definition can name. */
export type VdrResources = {
  /** One of the client's resource modules (`gifts`, `returnAddresses`, ...). */
  element(name: ResourceName): VendorResource;
  /** `client.objects(name)`. */
  objects(name: string): VendorResource;
};

/** The module under a VDR and the schema of its records (`undefined`: no schema, any field). */
export type ResolvedResource = {
  readonly name: string;
  readonly resource: VendorResource;
  readonly schema: z.ZodType | undefined;
};

/** The record schema of each element resource: what pass-through `where` fields are checked against. */
const RECORD_SCHEMAS: Readonly<Record<ResourceName, z.ZodType>> = {
  touches: touches.schema,
  groups: groups.schema,
  gifts: gifts.schema,
  users: users.schema,
  returnAddresses: returnAddresses.schema,
  journals: journals.schema,
  payments: payments.schema,
  purchaseOrders: purchaseOrders.schema,
  taxRates: taxRates.schema,
  bulkJobs: bulkJobs.schema,
};

const ELEMENT_NAMES = [...RESOURCE_NAMES, ...Object.keys(ALIASES)];

/** Resolves `definition.resource` / `definition.objects`, pushing an issue for each problem. */
export function resolveResource(
  definition: unknown,
  resources: VdrResources,
  issues: ValidationIssue[],
): ResolvedResource | undefined {
  if (typeof definition !== 'object' || definition === null) return undefined;
  const { resource, objects } = definition as { resource?: unknown; objects?: unknown };
  if (resource === undefined && objects === undefined) {
    issues.push({
      path: 'resource',
      message: `must name an element resource (${ELEMENT_NAMES.join(', ')}), or use objects: for any other object name`,
    });
    return undefined;
  }
  if (resource !== undefined && objects !== undefined) {
    issues.push({
      path: 'objects',
      message: 'give resource (an element resource) or objects (any other object name), not both',
    });
    return undefined;
  }
  if (typeof resource === 'string' && resource) return element(resource, resources, issues);
  if (typeof objects === 'string' && objects) return objectsNamed(objects, resources, issues);
  // A value of the wrong type: the definition's schema reports it.
  return undefined;
}

function element(
  name: string,
  resources: VdrResources,
  issues: ValidationIssue[],
): ResolvedResource | undefined {
  const key = resourceName(name);
  if (key) return { name, resource: resources.element(key), schema: RECORD_SCHEMAS[key] };
  const near = closestName(name, ELEMENT_NAMES);
  issues.push({
    path: 'resource',
    message:
      `unknown element resource "${name}"` +
      (near ? `; did you mean "${near}"?` : `; element resources: ${ELEMENT_NAMES.join(', ')}`) +
      ` (for another object name of the element, use objects: "${name}")`,
  });
  return undefined;
}

function objectsNamed(
  name: string,
  resources: VdrResources,
  issues: ValidationIssue[],
): ResolvedResource | undefined {
  if (name === '.' || name === '..') {
    issues.push({ path: 'objects', message: 'must be an object name other than "." and ".."' });
    return undefined;
  }
  return { name, resource: resources.objects(name), schema: undefined };
}
