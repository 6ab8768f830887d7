import type { ResourceDefinition } from '../definition.js';
import { Group, GroupCreate, GroupMember, GroupUpdate } from '../schemas/group.js';

export const groups: ResourceDefinition<Group, GroupCreate, GroupUpdate> = {
  name: 'groups',
  schema: Group,
  createBody: GroupCreate,
  updateBody: GroupUpdate,
  idField: 'id',
  routes: {
    list: { method: 'GET', path: '/groups', itemsKey: 'groups', totalKey: 'total_groups', documented: true },
    get: { method: 'GET', path: '/groups/{id}', unwrap: 'group' },
    create: { method: 'POST', path: '/groups', wrap: 'group', unwrap: 'group' },
    update: { method: 'PATCH', path: '/groups/{id}', wrap: 'group', unwrap: 'group' },
    delete: { method: 'DELETE', path: '/groups/{id}' },
  },
};

/** `GET /groups/{groupId}/members`: a bare array. */
export const groupMembers: ResourceDefinition<GroupMember, never, never> = {
  name: 'groups.members',
  schema: GroupMember,
  idField: 'id',
  routes: {
    list: { method: 'GET', path: '/groups/{groupId}/members', itemsKey: 'members', documented: true },
  },
};
