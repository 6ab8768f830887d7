import { AbortError, NotFoundError } from '../errors.js';

/** GETs in flight at once while confirming deletes; the client's rate limiter still paces them. */
export const CONFIRM_CONCURRENCY = 4;

/**
 * Runs `stillThere(id)` for every id, a few at a time, and resolves to the ids that are gone: those
 * whose lookup threw `NotFoundError` with Sendoso's answer about a record (`{ message: "Touch not
 * found" }`) or answered false (the record exists but no longer belongs to the watched set). Any
 * other error rejects, so a failing lookup never turns into a delete. A 404 without Sendoso's body
 * (a web server's "no such route", e.g. for a get route Sendoso does not serve) proves nothing
 * about the record: then it resolves `undefined`, and the poller waits for two consistent listings.
 */
export async function confirmGoneBy(
  ids: readonly string[],
  stillThere: (id: string) => Promise<boolean>,
  signal?: AbortSignal,
): Promise<string[] | undefined> {
  const gone = new Array<boolean>(ids.length).fill(false);
  let unprovable = false;
  let next = 0;
  const worker = async (): Promise<void> => {
    // Once one lookup proved nothing, the answer is `undefined` whatever the rest say: ask no more.
    while (next < ids.length && !unprovable) {
      if (signal?.aborted) throw new AbortError();
      const index = next++;
      try {
        gone[index] = !(await stillThere(ids[index]!));
      } catch (err) {
        if (!(err instanceof NotFoundError)) throw err;
        if (isRecordNotFound(err.body)) gone[index] = true;
        else unprovable = true;
      }
    }
  };
  const workers = Math.min(CONFIRM_CONCURRENCY, ids.length);
  await Promise.all(Array.from({ length: workers }, worker));
  return unprovable ? undefined : ids.filter((_, i) => gone[i]);
}

/** Sendoso's 404 about a record: a JSON object with its `message` (`"Touch not found"`). */
function isRecordNotFound(body: unknown): boolean {
  return (
    typeof body === 'object' && body !== null && typeof (body as { message?: unknown }).message === 'string'
  );
}
