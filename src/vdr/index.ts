// Placeholder: the VDR module is being written (issue 7). Replaced wholesale by src/vdr/*.
import { ValidationError } from '../errors.js';
import type { Resource } from '../resources/resource.js';

export type VdrDefinition<T> = { resource: string; fields: Record<string, unknown>; __type?: T };
export type VdrModule<T> = { readonly name: string; __type?: T };

export function createVdrModule<T>(
  _name: string,
  _definition: unknown,
  _resource: Resource<Record<string, unknown>, unknown, unknown, unknown> | undefined,
): VdrModule<T> {
  throw new ValidationError('VDR', [{ path: '', message: 'not implemented yet' }]);
}
