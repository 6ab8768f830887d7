import { randomBytes } from 'node:crypto';
import { type SendosoClient, TimeoutError } from '../../index.js';
import { positionals } from '../args.js';
import { openBrowser } from '../browser.js';
import { defineCommand } from '../command.js';
import { type CliConfig, createClient, loadConfig, saveSettings } from '../config.js';
import { type CliContext, say, write } from '../context.js';
import { UsageError } from '../exit.js';
import { listenForCallback, loopbackRedirect } from '../loopback.js';
import { ask, canPrompt } from '../prompt.js';

/** Doorkeeper (Sendoso's OAuth server) lets a code live 10 minutes; waiting longer is pointless. */
const WAIT_MS = 10 * 60_000;

export const login = defineCommand({
  name: 'login',
  summary: 'sign in to Sendoso (OAuth authorization code flow)',
  usage: '[--code CODE] [--scope SCOPE ...]',
  description: `Prints Sendoso's consent URL (and opens it in a browser on a terminal). When the redirect URI
is a loopback address (http://127.0.0.1:PORT/..., RFC 8252), sendoso listens there, checks the
state and exchanges the code itself. Otherwise paste the code from the browser with --code.
The token goes to token.json in the config directory (mode 0600); the settings used go to
config.json (mode 0600, it holds the client secret) so later commands can refresh the token.
Needs SENDOSO_CLIENT_ID, SENDOSO_CLIENT_SECRET and SENDOSO_REDIRECT_URI (or the flags).`,
  options: {
    code: { type: 'string' },
    scope: { type: 'string', multiple: true },
    'no-browser': { type: 'boolean' },
  },
  optionHelp: `  --code CODE             the authorization code from the redirect (for a non-loopback redirect URI)
  --scope SCOPE           a scope to ask for (repeatable; default public)
  --no-browser            print the URL only`,
  async run(ctx, { values, positionals: given }) {
    positionals('login', given, []);
    const config = await loadConfig(ctx, values);
    const redirectUri = requireSettings(config);
    const client = createClient(ctx, config, ctx.debug);
    const scopes = values.scope?.flatMap((s) => s.split(/[\s,]+/)).filter(Boolean);
    if (values.code !== undefined) return finish(ctx, client, config, values.code);

    const state = randomBytes(24).toString('base64url');
    const url = client.auth.authorizationUrl({ state, ...(scopes?.length ? { scopes } : {}) });
    const loopback = loopbackRedirect(redirectUri);
    if (!loopback) {
      await say(ctx, `Open this URL in a browser and sign in to Sendoso:\n\n  ${url}\n`);
      if (!canPrompt(ctx)) {
        await say(ctx, 'Then run: sendoso login --code CODE (the code parameter of the page you land on).');
        return 0;
      }
      const pasted = await ask(ctx, 'Paste the code (or the whole URL you landed on): ');
      return finish(ctx, client, config, codeFrom(pasted, state));
    }

    const listener = await listenForCallback(loopback, state).catch((err: NodeJS.ErrnoException) => {
      throw new UsageError(
        `cannot listen on ${loopback.host} for the redirect (${err.code ?? err.message}); free that port, or sign in with --code`,
      );
    });
    try {
      await say(ctx, `Open this URL in a browser and sign in to Sendoso:\n\n  ${url}\n`);
      await say(ctx, `Waiting for the redirect to ${loopback.origin}${loopback.pathname} ...`);
      if (canPrompt(ctx) && !values['no-browser']) openBrowser(url, ctx.platform);
      const callback = await waitFor(listener.callback, ctx.signal, WAIT_MS);
      try {
        const code = await finish(ctx, client, config, callback.code);
        callback.finish(
          true,
          'You are signed in to Sendoso. You can close this tab and return to the terminal.',
        );
        return code;
      } catch (err) {
        callback.finish(false, 'The sign-in could not be completed; the terminal says why.');
        throw err;
      }
    } finally {
      await listener.close();
    }
  },
});

/** Exchanges the code, keeps the settings that made it work, and says who is signed in. */
async function finish(
  ctx: CliContext,
  client: SendosoClient,
  config: CliConfig,
  code: string,
): Promise<number> {
  if (!code) throw new UsageError('--code needs the authorization code');
  await client.auth.exchangeCode(code, { signal: ctx.signal });
  await saveSettings(config);
  const me = await client.me({ signal: ctx.signal });
  const name = [me.first_name, me.last_name].filter(Boolean).join(' ');
  await write(
    ctx.stdout,
    `Logged in to Sendoso as ${me.email ?? `user ${me.id}`}${name ? ` (${name})` : ''}.\n`,
  );
  return 0;
}

function requireSettings(config: CliConfig): string {
  const { clientId, clientSecret, redirectUri } = config.settings;
  const missing = [
    clientId ? undefined : 'a client id (SENDOSO_CLIENT_ID or --client-id)',
    clientSecret ? undefined : 'a client secret (SENDOSO_CLIENT_SECRET)',
    redirectUri ? undefined : 'a redirect URI (SENDOSO_REDIRECT_URI or --redirect-uri)',
  ].filter(Boolean);
  if (missing.length > 0 || !redirectUri) {
    throw new UsageError(`login needs ${missing.join(', ')}; Sendoso issues them (try sendoso sandbox)`);
  }
  return redirectUri;
}

/** A pasted code, or the URL the browser landed on (then its `state` must be this login's). */
function codeFrom(pasted: string, state: string): string {
  if (!/^https?:\/\//i.test(pasted)) return pasted;
  if (!URL.canParse(pasted)) throw new UsageError('that is not a URL sendoso can read; paste the code alone');
  const query = new URL(pasted).searchParams;
  if (query.get('state') !== null && query.get('state') !== state) {
    throw new UsageError('that URL belongs to another login (its state differs): run sendoso login again');
  }
  return query.get('code') ?? '';
}

function waitFor<T>(promise: Promise<T>, signal: AbortSignal, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new TimeoutError(ms, 'Waiting for the sign-in redirect')), ms);
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
    });
  });
}
