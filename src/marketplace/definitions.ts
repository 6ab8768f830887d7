import { z } from 'zod';
import type { ResourceDefinition, Route } from '../resources/definition.js';
import {
  CategoryGroup,
  Product,
  ProductFilters,
  ProductSend,
  ProductSendResult,
  RecommendationQuery,
  SmartSendBody,
} from './schemas.js';

// Every Marketplace and SmartSend route counts against their own limit of 100 requests a minute per
// user (besides the client-wide one) and needs its OAuth scope. Sends are POSTs, so the request path
// never retries them once they may have reached Sendoso: it does not deduplicate them.
const limited = { rateLimit: 'marketplace', documented: true } as const satisfies Partial<Route>;

export const marketplaceProducts: ResourceDefinition<Product, never, never, never> = {
  name: 'marketplace.products',
  schema: Product,
  idField: 'id',
  routes: {
    list: {
      method: 'GET',
      path: '/marketplace/products',
      itemsKey: 'products',
      paging: 'cursor',
      cursor: { param: 'after', next: 'pagination.after', nextUrl: 'pagination.next_page.url' },
      scopes: ['marketplace'],
      ...limited,
    },
  },
  listQuery: ProductFilters,
  pageFields: { categories: z.array(CategoryGroup).default([]) },
  actions: {
    send: {
      route: {
        method: 'POST',
        path: '/marketplace/products/send',
        scopes: ['marketplace', 'smartsend'],
        ...limited,
      },
      input: ProductSend,
      result: ProductSendResult,
    },
  },
};

export const smartSend: ResourceDefinition<Product, never, never, never> = {
  name: 'smartSend',
  schema: Product,
  idField: 'id',
  routes: {},
  actions: {
    recommendations: {
      route: {
        method: 'GET',
        path: '/smartsend/recommendations',
        unwrap: 'products',
        scopes: ['smartsend'],
        ...limited,
      },
      input: RecommendationQuery,
      result: z.array(Product),
    },
    send: {
      route: { method: 'POST', path: '/smartsend/recommendations/send', scopes: ['smartsend'], ...limited },
      input: SmartSendBody,
      result: ProductSendResult,
    },
  },
};
