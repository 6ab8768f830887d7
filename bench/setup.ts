/** The two sides most benchmarks compare: the SDK client, and axios with the same token. */
import http from 'node:http';
import axios, { type AxiosInstance } from 'axios';
import { type ClientOptions, SendosoClient } from '../src/index.js';

export type Sides = {
  /** The client, authorized with the code (rate limit and logging off unless `options` say otherwise). */
  client: SendosoClient;
  /** Plain axios with a keep-alive agent, as a hand-written integration would use it. */
  raw: AxiosInstance;
  /** The Authorization header for `raw`, with the client's access token. */
  headers: { Authorization: string };
};

/** A client for `connection` that exchanged `code`, and axios ready to send the same token. */
export async function clientAndAxios(
  connection: ClientOptions,
  code: string,
  options: ClientOptions = {},
): Promise<Sides> {
  const client = new SendosoClient({ ...connection, rateLimit: false, logLevel: 'off', ...options });
  const token = await client.auth.exchangeCode(code);
  const raw = axios.create({ httpAgent: new http.Agent({ keepAlive: true }) });
  return { client, raw, headers: { Authorization: `Bearer ${token.accessToken}` } };
}
