/** The first argument of `list()`: a `Where`, CEQL text, or list options, checked before any request. */
import { Where } from '../ceql/index.js';
import { ValidationError } from '../errors.js';
import { checkOptions, isNumber, isString, type OptionCheck, type OptionTable } from '../option-checks.js';
import type { ListOptions, ListQuery } from './resource.js';

const isWhereOrText: OptionCheck = (v) =>
  typeof v === 'string' || v instanceof Where ? undefined : 'must be a Where (from where()) or a CEQL string';

const positiveInteger = isNumber(1, { integer: true, max: Number.MAX_SAFE_INTEGER });

/** Every option of `list()`, and how a given value is checked. */
const listOptionChecks: OptionTable<ListOptions> = {
  where: isWhereOrText,
  pageSize: positiveInteger,
  page: positiveInteger,
  nextPage: isString,
  orderBy: isString,
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
