import { type WhereField, where } from '../ceql/index.js';
import { childDefinition } from './definitions/objects.js';
import { Resource } from './resource.js';
import type { GenericObject } from './schemas/ledger.js';
import { checkId, checkSegment } from './validate.js';

/** A resource without a schema (any object of the element): bodies and `where` take any field. */
export class UntypedResource extends Resource<
  GenericObject,
  Record<string, unknown>,
  Record<string, unknown>
> {
  /** `where(field)` for any field: the element's generic objects declare none. */
  override where(field: string): WhereField {
    return where(field);
  }
}

/** `client.objects(name)`: any other object of the element, at `/{name}`. */
export class ObjectsResource extends UntypedResource {
  /** `/{name}/{id}/{childName}` as a resource of its own. */
  children(id: string | number, childName: string): UntypedResource {
    const child = checkSegment(childName, 'childName');
    return new UntypedResource(childDefinition(this.name, child), this.sender, { parentId: checkId(id) });
  }
}
