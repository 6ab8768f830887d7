/**
 * The core's public types, imported by the package's own name: the declarations of
 * `sendoso-element/redis` then refer to the core entry's declarations instead of carrying copies,
 * and a copy of a class type (the poll state's id and record tables) would not be assignable to
 * the original. Types only: at run time this entry bundles what it needs.
 */
export type {
  PollLockOptions,
  PollState,
  PollStateLease,
  PollStateStore,
  RateLimiter,
  Release,
  Token,
  TokenStore,
} from 'sendoso-element';
