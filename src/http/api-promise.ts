import { type ResponseInfo, toResponseInfo, type WithResponse } from './response-info.js';

/** A call's answer before its body is parsed: the response, and how to turn the body into the result. */
export type Sent<T> = { response: ResponseInfo; parse(): T };

let sentOf: <T>(promise: ApiPromise<T>) => Promise<Sent<T>>;

/**
 * What every method returns: a `Promise<T>` (`await` it for the data) with two more ways to read
 * the answer. `.withResponse()` gives `{ data, response }`; `.asResponse()` gives the response
 * alone, without parsing the body (so it resolves even when the body does not match the schema).
 * The request starts when the method is called, as with any promise; the body is parsed once, on
 * the first `await`, `then` or `withResponse()`.
 */
export class ApiPromise<T> extends Promise<T> {
  // Promises derived from this one (then/catch/finally) are plain promises.
  static override get [Symbol.species](): PromiseConstructor {
    return Promise;
  }

  static {
    sentOf = (promise) => promise.#sent;
  }

  readonly #sent: Promise<Sent<T>>;
  #parsed: Promise<T> | undefined;

  /** @internal Created by the SDK's methods. */
  constructor(sent: Promise<Sent<T>>) {
    // The executor's value is never used: every consumer goes through #data().
    super((resolve) => resolve(undefined as T));
    this.#sent = sent;
  }

  /** The response alone (status, headers, request id, elapsed ms); the body is not parsed. */
  asResponse(): Promise<ResponseInfo> {
    return this.#sent.then((sent) => sent.response);
  }

  /** The parsed data and the response it came from. */
  withResponse(): Promise<WithResponse<T>> {
    return this.#sent.then(async (sent) => ({ data: await this.#data(), response: sent.response }));
  }

  #data(): Promise<T> {
    this.#parsed ??= this.#sent.then((sent) => sent.parse());
    return this.#parsed;
  }

  // biome-ignore lint/suspicious/noThenProperty: an ApiPromise is a promise.
  override then<A = T, B = never>(
    onFulfilled?: ((value: T) => A | PromiseLike<A>) | null,
    onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    return this.#data().then(onFulfilled, onRejected);
  }

  override catch<B = never>(onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null): Promise<T | B> {
    return this.#data().catch(onRejected);
  }

  override finally(onFinally?: (() => void) | null): Promise<T> {
    return this.#data().finally(onFinally);
  }
}

/**
 * Starts a call: `run` sends the request and says how to parse the answer. A throw in `run` (bad
 * input found before anything is sent) rejects the promise, as it would in an `async` method.
 */
export function callApi<T>(run: () => Promise<Sent<T>>): ApiPromise<T> {
  let started: Promise<Sent<T>>;
  try {
    started = run();
  } catch (err) {
    started = Promise.reject(err);
  }
  return new ApiPromise(started);
}

/** The `Sent` of a request path answer: the response info, and the parse to run on demand. */
export function sent<T>(
  response: { status: number; headers: Record<string, string>; requestId?: string; elapsedMs: number },
  parse: () => T,
): Sent<T> {
  return { response: toResponseInfo(response), parse };
}

/**
 * Another call's promise with its data mapped (a VDR maps vendor records into its own model): the
 * response stays the one Sendoso sent. `source` may throw (bad input): the result then rejects.
 */
export function mapApi<T, U>(source: () => ApiPromise<T>, map: (data: T) => U): ApiPromise<U> {
  return callApi(async () => {
    const inner = await sentOf(source());
    return { response: inner.response, parse: () => map(inner.parse()) };
  });
}
