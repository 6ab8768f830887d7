import { AbortError, NotFoundError } from '../errors.js';

/** GETs in flight at once while confirming deletes; the client's rate limiter still paces them. */
export const CONFIRM_CONCURRENCY = 4;

/**
 * Runs `stillThere(id)` for every id, a few at a time, and resolves to the ids that are gone: those
 * whose lookup threw `NotFoundError` (Sendoso answered 404) or answered false (the record exists but
 * no longer belongs to the watched set). Any other error rejects, so a failing lookup never turns
 * into a delete.
 */
export async function confirmGoneBy(
  ids: readonly string[],
  stillThere: (id: string) => Promise<boolean>,
  signal?: AbortSignal,
): Promise<string[]> {
  const gone = new Array<boolean>(ids.length).fill(false);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < ids.length) {
      if (signal?.aborted) throw new AbortError();
      const index = next++;
      try {
        gone[index] = !(await stillThere(ids[index]!));
      } catch (err) {
        if (!(err instanceof NotFoundError)) throw err;
        gone[index] = true;
      }
    }
  };
  const workers = Math.min(CONFIRM_CONCURRENCY, ids.length);
  await Promise.all(Array.from({ length: workers }, worker));
  return ids.filter((_, i) => gone[i]);
}
