import { createServer, type ServerResponse } from 'node:http';
import { OAuthError } from '../index.js';

/** What arrived at the redirect URI: the code, and a way to tell the browser how the login ended. */
export interface Callback {
  code: string;
  finish(ok: boolean, message: string): void;
}

export interface CallbackListener {
  /** Resolves with the first redirect that carries this login's `state`; rejects on a refusal or a wrong `state`. */
  readonly callback: Promise<Callback>;
  close(): Promise<void>;
}

/**
 * The redirect URI as a URL the CLI can listen on itself, if it is one: plain http on a loopback
 * address (RFC 8252, section 7.3). Anything else needs the code pasted (`--code`).
 */
export function loopbackRedirect(redirectUri: string): URL | undefined {
  let url: URL;
  try {
    url = new URL(redirectUri);
  } catch {
    return undefined;
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const loopback = host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
  return url.protocol === 'http:' && loopback ? url : undefined;
}

/**
 * Listens on the redirect URI's host and port for Sendoso's redirect back from the consent page.
 * Only a request to the redirect path with the expected `state` counts (RFC 6749 section 10.12): a
 * redirect carrying another state did not come from this login and ends it.
 */
export async function listenForCallback(redirect: URL, state: string): Promise<CallbackListener> {
  let settle: { resolve(c: Callback): void; reject(e: unknown): void } | undefined;
  const callback = new Promise<Callback>((resolve, reject) => {
    settle = { resolve, reject };
  });
  // Nobody may be awaiting yet when a bad redirect arrives; the caller still sees it when it does.
  callback.catch(() => {});
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', redirect);
    if (req.method !== 'GET' || url.pathname !== redirect.pathname || !settle) {
      page(res, 404, 'Not found', 'This is the sendoso command line, waiting for Sendoso to sign you in.');
      return;
    }
    const taken = settle;
    const query = url.searchParams;
    if (query.get('state') !== state) {
      settle = undefined;
      page(res, 400, 'Sign-in refused', 'This redirect does not belong to the login that is waiting.');
      taken.reject(
        new OAuthError(
          'state_mismatch',
          'The redirect carried another state than this login sent: run sendoso login again',
        ),
      );
      return;
    }
    const error = query.get('error');
    const code = query.get('code');
    if (error || !code) {
      settle = undefined;
      const description = query.get('error_description') ?? 'Sendoso sent no authorization code';
      page(res, 400, 'Sign-in failed', description);
      taken.reject(new OAuthError(error ?? 'invalid_request', description));
      return;
    }
    settle = undefined;
    taken.resolve({
      code,
      finish: (ok, message) => page(res, ok ? 200 : 500, ok ? 'Signed in' : 'Sign-in failed', message),
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(Number(redirect.port || 80), redirect.hostname.replace(/^\[|\]$/g, ''), () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    callback,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function page(res: ServerResponse, status: number, title: string, text: string): void {
  const html = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'close',
  });
  res.end(
    `<!doctype html><meta charset="utf-8"><title>${html(title)}</title><h1>${html(title)}</h1><p>${html(text)}</p>\n`,
  );
}
