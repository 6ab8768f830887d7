import type { ResourceDefinition } from '../definition.js';
import { Touch, TouchCreate, TouchUpdate } from '../schemas/touch.js';

export const touches: ResourceDefinition<Touch, TouchCreate, TouchUpdate> = {
  name: 'touches',
  schema: Touch,
  createBody: TouchCreate,
  updateBody: TouchUpdate,
  idField: 'id',
  routes: {
    list: { method: 'GET', path: '/touches', itemsKey: 'touches', totalKey: 'total_posts', documented: true },
    get: { method: 'GET', path: '/touches/{id}', unwrap: 'touch', documented: true },
    create: { method: 'POST', path: '/touches', wrap: 'touch', unwrap: 'touch' },
    update: { method: 'PATCH', path: '/touches/{id}', wrap: 'touch', unwrap: 'touch' },
    delete: { method: 'DELETE', path: '/touches/{id}' },
  },
  // GET /touches?delivery_type=mail|email is Sendoso's only documented list filter.
  pushdown: { delivery_type: ['='] },
};
