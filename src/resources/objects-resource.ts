import { childDefinition } from './definitions/objects.js';
import { Resource } from './resource.js';
import type { GenericObject } from './schemas/ledger.js';
import { checkId } from './validate.js';

type Body = Record<string, unknown>;

/** `client.objects(name)`: any other object of the element, at `/{name}`. */
export class ObjectsResource extends Resource<GenericObject, Body, Body> {
  /** `/{name}/{id}/{childName}` as a resource of its own. */
  children(id: string | number, childName: string): Resource<GenericObject, Body, Body> {
    return new Resource(childDefinition(this.name, childName), this.sender, { parentId: checkId(id) });
  }
}
