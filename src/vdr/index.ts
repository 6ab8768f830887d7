/**
 * Virtual data resources: your own object model mapped onto an element resource, for reads,
 * writes, `where` and poll events. `client.vdr(name, definition)` is the entry point.
 */
import { loadDefinition } from './load.js';
import type { VdrResources } from './resolve.js';
import { VdrModule } from './vdr-module.js';

export { DATE_FORMATS, FIELD_TYPES } from './coerce.js';
export type {
  VdrDateFormat,
  VdrDefinition,
  VdrDefinitionBody,
  VdrFieldSpec,
  VdrFieldType,
  VdrOperation,
  VdrRecord,
  VdrTransform,
  VdrTransformContext,
} from './definition.js';
export { VdrDefinitionSchema } from './definition.js';
export type { VdrResources } from './resolve.js';
export { type VdrCreated, VdrModule } from './vdr-module.js';
export type { VendorResource } from './vendor-resource.js';

/**
 * Checks `definition` (code or parsed JSON), resolves the resource it names through `resources`, and
 * builds the module. Throws `ValidationError` listing every problem, each with its path; nothing is
 * requested.
 */
export function createVdrModule<T>(name: string, definition: unknown, resources: VdrResources): VdrModule<T> {
  const { mapping, resolved } = loadDefinition(name, definition, resources);
  return new VdrModule<T>(name, mapping, resolved.resource);
}
