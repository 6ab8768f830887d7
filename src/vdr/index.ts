/**
 * Virtual data resources (issue 7): your own object model mapped onto an element resource, for reads,
 * writes, `where` and poll events. `client.vdr(name, definition)` is the entry point.
 */
import { ValidationError } from '../errors.js';
import { loadDefinition } from './load.js';
import { VdrModule } from './vdr-module.js';
import type { VendorResource } from './vendor-resource.js';

export { DATE_FORMATS, FIELD_TYPES } from './coerce.js';
export type {
  VdrDateFormat,
  VdrDefinition,
  VdrFieldSpec,
  VdrFieldType,
  VdrOperation,
  VdrRecord,
  VdrTransform,
  VdrTransformContext,
} from './definition.js';
export { VdrDefinitionSchema } from './definition.js';
export { type VdrCreated, VdrModule } from './vdr-module.js';
export type { VendorResource } from './vendor-resource.js';

/**
 * Checks `definition` (code or parsed JSON) and builds the module over `resource`, the element
 * resource the client resolved from `definition.resource` (`undefined` when it could not).
 * Throws `ValidationError` listing every problem, each with its path; nothing is requested.
 */
export function createVdrModule<T>(
  name: string,
  definition: unknown,
  resource: VendorResource | undefined,
): VdrModule<T> {
  const mapping = loadDefinition(name, definition, resource !== undefined);
  // loadDefinition has already refused a definition whose resource was not found; this narrows the type.
  if (!resource)
    throw new ValidationError('Invalid VDR definition', [{ path: 'resource', message: 'not found' }]);
  return new VdrModule<T>(name, mapping, resource);
}
