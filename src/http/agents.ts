/**
 * The HTTP agents every request to Sendoso goes through (API calls, and OAuth token requests when
 * the app chose agents or a proxy). Corporate networks often reach the internet only through a
 * forward proxy: `proxy` tunnels every request through it with CONNECT (hpagent), so TLS runs end
 * to end between this process and Sendoso and the proxy never sees a token.
 */
import http from 'node:http';
import https from 'node:https';
import { HttpProxyAgent, HttpsProxyAgent } from 'hpagent';
import { loopbackLookup } from './loopback-lookup.js';

export type AgentChoice = {
  httpAgent?: http.Agent | undefined;
  httpsAgent?: https.Agent | undefined;
  proxy?: URL | undefined;
};

export type Agents = {
  http: http.Agent;
  https: https.Agent;
  /** The app chose them (its own agents, or a proxy): OAuth requests must take them too. */
  chosen: boolean;
};

export function createAgents(choice: AgentChoice): Agents {
  if (choice.proxy) {
    const options = { keepAlive: true, proxy: choice.proxy };
    return { http: new HttpProxyAgent(options), https: new HttpsProxyAgent(options), chosen: true };
  }
  return {
    http: choice.httpAgent ?? new http.Agent({ keepAlive: true, lookup: loopbackLookup }),
    https: choice.httpsAgent ?? new https.Agent({ keepAlive: true, lookup: loopbackLookup }),
    chosen: choice.httpAgent !== undefined || choice.httpsAgent !== undefined,
  };
}

/**
 * A proxy that refuses the tunnel (407 without credentials, 403 for a blocked host) fails the
 * connection with `Bad response: <status>`: say so in words, never with the proxy URL (it may hold a
 * password).
 */
export function proxyRefusal(error: unknown): string | undefined {
  const message = (error as { message?: unknown } | null)?.message;
  const match = typeof message === 'string' ? /^Bad response: (\d{3})$/.exec(message) : null;
  return match ? `the proxy refused the tunnel with HTTP ${match[1]}` : undefined;
}
