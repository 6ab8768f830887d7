import { ceql, toWhere, type Where } from '../ceql/index.js';
import { SendosoError, ValidationError } from '../errors.js';
import type { ApiRequest, ApiResponse } from '../http/request-sender.js';
import { toResponseInfo } from '../http/response-info.js';
import type { RequestOptions } from '../options.js';
import { queryFingerprint } from '../pagination/cursor.js';
import { readCursorAnswer } from '../pagination/cursor-answer.js';
import type { CursorSpec } from '../pagination/cursor-walk.js';
import type { CursorFields, ResourceDefinition, Route } from './definition.js';
import { toQuery } from './query-params.js';
import { parseOutput, toIssues } from './validate.js';

/** A cursor listing's plan: what to fetch and how to read it, decided before the first request. */
export type CursorPlan<T> = { spec: CursorSpec<T>; nextPage: string | undefined };

type Inputs<T> = {
  name: string;
  definition: ResourceDefinition<T, unknown, unknown, unknown>;
  route: Route;
  query: unknown;
  parse: (record: unknown) => T;
  send: (query: NonNullable<ApiRequest['query']>, options: RequestOptions) => Promise<ApiResponse>;
};

const DEFAULT_CURSOR: CursorFields = { param: 'after', next: 'pagination.after' };

/**
 * Splits `list()`'s argument into a local `where`, a resume token and Sendoso's own filters, and
 * validates the filters with the definition's `listQuery` before anything is sent.
 */
export function planCursorListing<T>({
  name,
  definition,
  route,
  query,
  parse,
  send,
}: Inputs<T>): CursorPlan<T> {
  const { where, nextPage, filters } = splitQuery(query);
  const params = toQuery(checkFilters(name, definition, filters));
  const fields = route.cursor ?? DEFAULT_CURSOR;
  const itemsKey = route.itemsKey ?? name;
  const fingerprint = queryFingerprint(
    [route.path, JSON.stringify(Object.entries(params).sort()), where ? String(where) : ''].join('\n'),
  );
  const spec: CursorSpec<T> = {
    resource: name,
    fingerprint,
    parse,
    matches: where ? ceql.compile(where) : undefined,
    fetch: async (cursor, options) => {
      const response = await send(
        cursor === undefined ? params : { ...params, [fields.param]: cursor },
        options,
      );
      const answer = readCursorAnswer(response.data, itemsKey, fields);
      if (!answer) {
        throw new SendosoError(
          `Unexpected response shape for ${name}.list: expected an array under "${itemsKey}"`,
        );
      }
      return { ...answer, response: toResponseInfo(response) };
    },
    fields: (envelope) => {
      const parsed: Record<string, unknown> = {};
      for (const [field, schema] of Object.entries(definition.pageFields ?? {})) {
        parsed[field] = parseOutput(schema, envelope[field], `${name}.list ${field}`, 200);
      }
      return parsed;
    },
  };
  return { spec, nextPage };
}

function splitQuery(query: unknown): {
  where: Where | undefined;
  nextPage: string | undefined;
  filters: Record<string, unknown>;
} {
  if (query === undefined) return { where: undefined, nextPage: undefined, filters: {} };
  if (typeof query === 'string' || isWhere(query))
    return { where: toWhere(query), nextPage: undefined, filters: {} };
  if (typeof query !== 'object' || query === null || Array.isArray(query)) {
    throw new ValidationError('Invalid list query', [
      { path: '', message: 'must be an object of filters, a Where or a CEQL string' },
    ]);
  }
  const { where, nextPage, ...filters } = query as Record<string, unknown>;
  if (nextPage !== undefined && typeof nextPage !== 'string') {
    throw new ValidationError('Invalid list options', [{ path: 'nextPage', message: 'must be a string' }]);
  }
  return {
    where: where === undefined ? undefined : toWhere(where as Where | string),
    nextPage,
    filters,
  };
}

function checkFilters(
  name: string,
  definition: ResourceDefinition<unknown, unknown, unknown, unknown>,
  filters: Record<string, unknown>,
): unknown {
  const schema = definition.listQuery;
  if (!schema) {
    const keys = Object.keys(filters);
    if (keys.length === 0) return {};
    throw new ValidationError(
      `Invalid ${name}.list query`,
      keys.map((key) => ({ path: key, message: 'is not a filter of this listing' })),
    );
  }
  const result = schema.safeParse(filters);
  if (!result.success) throw new ValidationError(`Invalid ${name}.list query`, toIssues(result.error));
  return filters;
}

function isWhere(value: unknown): value is Where {
  return (
    typeof value === 'object' && value !== null && 'ast' in value && typeof value.toString === 'function'
  );
}
