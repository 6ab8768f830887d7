/** The first argument of `list()`: a `Where`, CEQL text, or list options, checked before any request. */
import { Where } from '../ceql/index.js';
import { ValidationError } from '../errors.js';
import { checkOptions, isNumber, isString, type OptionCheck, type OptionTable } from '../option-checks.js';
import { DEFAULT_PREFETCH, MAX_PREFETCH } from '../pagination/read-ahead.js';
import type { ListAllOptions, ListOptions, ListQuery } from './resource.js';

const isWhereOrText: OptionCheck = (v) =>
  typeof v === 'string' || v instanceof Where ? undefined : 'must be a Where (from where()) or a CEQL string';

const positiveInteger = isNumber(1, { integer: true, max: Number.MAX_SAFE_INTEGER });
const isPrefetch = isNumber(0, { integer: true, max: MAX_PREFETCH });

/** Every option of `list()`, and how a given value is checked. */
const listOptionChecks: OptionTable<ListOptions> = {
  where: isWhereOrText,
  pageSize: positiveInteger,
  page: positiveInteger,
  nextPage: isString,
  orderBy: isString,
  prefetch: isPrefetch,
};

/** The list options `query` stands for; unknown keys and wrong shapes are one `ValidationError`. */
export function normalizeListQuery(query: ListQuery | undefined): ListOptions {
  if (query === undefined) return {};
  if (typeof query === 'string' || query instanceof Where) return { where: query };
  const issues = checkOptions(
    query,
    listOptionChecks,
    '',
    'a list query (a Where, a CEQL string or options)',
  );
  if (issues.length > 0) throw new ValidationError('Invalid list options', issues);
  return query;
}

/**
 * The per-call options of `list()` and `listAll()` with `prefetch` checked and defaulted; a bad one
 * is a `ValidationError`.
 */
export function checkListAllOptions(
  options: ListAllOptions,
  method: 'list' | 'listAll' = 'listAll',
): ListAllOptions & { prefetch: number } {
  const problem = options.prefetch === undefined ? undefined : isPrefetch(options.prefetch);
  if (typeof problem === 'string') {
    throw new ValidationError(`Invalid ${method} options`, [{ path: 'prefetch', message: problem }]);
  }
  return { ...options, prefetch: options.prefetch ?? DEFAULT_PREFETCH };
}
