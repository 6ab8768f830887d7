import type { ResourceDefinition } from '../definition.js';
import {
  Gift,
  GiftCreate,
  type GiftSendResult,
  GiftUpdate,
  GiftSendResult as SendResult,
} from '../schemas/gift.js';

export const gifts: ResourceDefinition<Gift, GiftCreate, GiftUpdate, GiftSendResult> = {
  name: 'gifts',
  schema: Gift,
  createBody: GiftCreate,
  updateBody: GiftUpdate,
  createResult: SendResult,
  idField: 'id',
  routes: {
    list: { method: 'GET', path: '/send', itemsKey: 'sends', totalKey: 'total_count', documented: true },
    get: { method: 'GET', path: '/send/{id}', unwrap: 'send' },
    // POST: the request path never retries it once it may have reached Sendoso (no deduplication).
    create: { method: 'POST', path: '/send', wrap: 'send', documented: true },
    update: { method: 'PATCH', path: '/send/{id}', wrap: 'send', unwrap: 'send' },
    delete: { method: 'DELETE', path: '/send/{id}' },
  },
};
