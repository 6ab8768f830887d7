import { encodeSegment } from '../../http/path.js';
import { conventionalRoutes, type ResourceDefinition } from '../definition.js';
import { GenericObject } from '../schemas/ledger.js';

/** `client.objects(name)`: the element's generic `/{objectName}` routes. */
export function objectDefinition(
  name: string,
): ResourceDefinition<GenericObject, Record<string, unknown>, Record<string, unknown>> {
  const path = `/${encodeSegment(name)}`;
  return {
    name,
    schema: GenericObject,
    idField: 'id',
    routes: conventionalRoutes(path, singularOf(name), name),
  };
}

/** `objects(name).children(id, child)`: `/{objectName}/{objectId}/{childObjectName}`. */
export function childDefinition(
  name: string,
  child: string,
): ResourceDefinition<GenericObject, Record<string, unknown>, Record<string, unknown>> {
  const path = `/${encodeSegment(name)}/{parentId}/${encodeSegment(child)}`;
  return {
    name: `${name}.${child}`,
    schema: GenericObject,
    idField: 'id',
    routes: conventionalRoutes(path, singularOf(child), child),
  };
}

function singularOf(name: string): string {
  return name.endsWith('s') ? name.slice(0, -1) : name;
}
