import { childDefinition } from './definitions/objects.js';
import { Resource } from './resource.js';
import type { GenericObject } from './schemas/ledger.js';
import { checkId, checkSegment } from './validate.js';

/** `client.objects(name)`: any other object of the element, at `/{name}`. */
export class ObjectsResource extends Resource<
  GenericObject,
  Record<string, unknown>,
  Record<string, unknown>
> {
  /** `/{name}/{id}/{childName}` as a resource of its own. */
  children(
    id: string | number,
    childName: string,
  ): Resource<GenericObject, Record<string, unknown>, Record<string, unknown>> {
    const child = checkSegment(childName, 'childName');
    return new Resource(childDefinition(this.name, child), this.sender, { parentId: checkId(id) });
  }
}
