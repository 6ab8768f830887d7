import type { RequestOptions } from '../options.js';
import type { PagePromise } from '../pagination/page.js';
import { groupMembers } from './definitions/groups.js';
import { Resource } from './resource.js';
import type { Group, GroupCreate, GroupMember, GroupUpdate } from './schemas/group.js';
import { checkId } from './validate.js';

/** `client.groups`, with the members of a group as children. */
export class GroupsResource extends Resource<Group, GroupCreate, GroupUpdate> {
  /** `GET /groups/{id}/members`. */
  members(groupId: string | number, options: RequestOptions = {}): PagePromise<GroupMember> {
    return new Resource(groupMembers, this.sender, { groupId: checkId(groupId, 'groupId') }).list(
      undefined,
      options,
    );
  }
}
