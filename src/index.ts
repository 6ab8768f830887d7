/**
 * sendoso-element: a TypeScript SDK for Sendoso through the "Sendoso element" surface — OAuth 2.0,
 * typed resources with CRUD and auto-pagination, CEQL `where` queries and polling change events.
 */
export { AuthApi } from './auth/auth-api.js';
export { FileTokenStore } from './auth/file-token-store.js';
export type { Token } from './auth/token.js';
export { MemoryTokenStore, type TokenStore } from './auth/token-store.js';
export {
  type AndNode,
  and,
  type CeqlNode,
  type CompareNode,
  type CompareOp,
  ceql,
  type InNode,
  type LikeNode,
  type Literal,
  type NullNode,
  type OrNode,
  or,
  type Predicate,
  type PredicateNode,
  type Value,
  Where,
  WhereField,
  type WhereObject,
  where,
} from './ceql/index.js';
export {
  type ClientEvents,
  type ElementConfiguration,
  type Pollable,
  type PollableResources,
  type PollOptions,
  type ReadOnlyResource,
  SendosoClient,
} from './client.js';
export {
  AbortError,
  ApiError,
  type ApiErrorInit,
  AuthenticationError,
  BadRequestError,
  CeqlSyntaxError,
  ConflictError,
  ConnectionError,
  CoordinationError,
  InternalServerError,
  ListingChangedError,
  NotFoundError,
  OAuthError,
  PermissionDeniedError,
  RateLimitError,
  type ResponseHeaders,
  ResponseTooLargeError,
  SendosoError,
  TimeoutError,
  TokenPersistError,
  TokenStoreError,
  UnprocessableEntityError,
  ValidationError,
  type ValidationIssue,
  WebhookVerificationError,
  type WebhookVerificationReason,
} from './errors.js';
export { ApiPromise } from './http/api-promise.js';
export {
  type RateLimiter,
  type Release,
  SlidingWindowLimiter,
  type WindowLimit,
} from './http/rate-limiter.js';
export type { HttpMethod, RequestEvent, ResponseEvent, RetryEvent } from './http/request-sender.js';
export type { ResponseInfo, WithResponse } from './http/response-info.js';
export type { Logger, LogLevel } from './logger.js';
export {
  type CatalogPage,
  Category,
  CategoryGroup,
  type Marketplace,
  MarketplaceProductsResource,
  Product,
  ProductFilters,
  ProductImage,
  type ProductListQuery,
  ProductPrice,
  ProductSend,
  ProductSendResult,
  ProductVariant,
  RecommendationQuery,
  SmartSendBody,
  SmartSendResource,
} from './marketplace/index.js';
export type { ClientOptions, ClientOverrides, RequestOptions } from './options.js';
export { CursorPage, CursorPagePromise, type PageWith } from './pagination/cursor-page.js';
export { PaginationLoopError, type PaginationLoopReason } from './pagination/errors.js';
export { Page, type PageLoader, PagePromise } from './pagination/page.js';
export {
  type ChangeEvent,
  type ChangeHandler,
  type ChangeType,
  decodeState,
  encodeState,
  FileStateStore,
  type FileStateStoreOptions,
  type IdTable,
  type LeaseChange,
  MassDeleteError,
  MemoryStateStore,
  Poller,
  type PollerEventMap,
  type PollerOptions,
  PollerStalledError,
  PollHandlerError,
  PollLeaseHeldError,
  PollLeaseLostError,
  type PollLockHolder,
  type PollLockOptions,
  type PollResult,
  type PollSource,
  type PollState,
  PollStateError,
  type PollStateLease,
  type PollStateLock,
  PollStateLockedError,
  type PollStateStore,
  type PollStateV1,
  type PollStatus,
  type RecordState,
  type RecordTable,
} from './poll/index.js';
export type {
  Action,
  CursorFields,
  Operation,
  ResourceDefinition,
  ResourceOverrides,
  Route,
  RouteTable,
} from './resources/definition.js';
export type { FieldName, FieldPath } from './resources/field-path.js';
export { GiftsResource } from './resources/gifts-resource.js';
export { GroupsResource } from './resources/groups-resource.js';
export type {
  ElementAliases,
  ElementName,
  RecordOf,
  ResourceName,
  ResourceRecords,
} from './resources/names.js';
export { ObjectsResource, UntypedResource } from './resources/objects-resource.js';
export { type ListAllOptions, type ListOptions, type ListQuery, Resource } from './resources/resource.js';
export type { BodySchema } from './resources/schemas/body.js';
export { DateTime, Id, Money } from './resources/schemas/common.js';
export * from './resources/schemas/gift.js';
export * from './resources/schemas/group.js';
export * from './resources/schemas/ledger.js';
export * from './resources/schemas/touch.js';
export * from './resources/schemas/user.js';
export {
  type VdrCreated,
  type VdrDateFormat,
  type VdrDefinition,
  type VdrDefinitionBody,
  type VdrFieldSpec,
  type VdrFieldType,
  VdrModule,
  type VdrOperation,
  type VdrRecord,
  type VdrTransform,
  type VdrTransformContext,
} from './vdr/index.js';
export { VERSION } from './version.js';
export {
  createWebhookHandler,
  MemoryWebhookDedupeStore,
  type MemoryWebhookDedupeStoreOptions,
  type VerifyWebhookOptions,
  verifyWebhook,
  type WebhookDedupeStore,
  type WebhookEvent,
  type WebhookHandler,
  type WebhookHandlerOptions,
  type WebhookHeaders,
  type WebhookPollTarget,
  type WebhookRequest,
  type WebhookResponse,
  type WebhookSecret,
} from './webhooks/index.js';
