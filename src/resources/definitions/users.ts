import type { ResourceDefinition } from '../definition.js';
import { User, UserCreate, UserInvitation, UserUpdate } from '../schemas/user.js';

export const users: ResourceDefinition<User, UserCreate, UserUpdate, UserInvitation> = {
  name: 'users',
  schema: User,
  createBody: UserCreate,
  updateBody: UserUpdate,
  createResult: UserInvitation,
  idField: 'id',
  routes: {
    list: { method: 'GET', path: '/users', itemsKey: 'users', totalKey: 'total_users', documented: true },
    get: { method: 'GET', path: '/users/{id}', unwrap: 'user' },
    create: { method: 'POST', path: '/users', wrap: 'user', documented: true },
    update: { method: 'PATCH', path: '/users/{id}', wrap: 'user', unwrap: 'user' },
    delete: { method: 'DELETE', path: '/users/{id}' },
  },
};
