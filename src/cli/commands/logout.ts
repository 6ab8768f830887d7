import { FileTokenStore } from '../../index.js';
import { positionals } from '../args.js';
import { defineCommand } from '../command.js';
import { loadConfig, removeSettings, signedInClient } from '../config.js';
import { say } from '../context.js';

export const logout = defineCommand({
  name: 'logout',
  summary: 'revoke the token at Sendoso and forget it',
  usage: '',
  description: `Revokes the stored token pair at Sendoso (POST /oauth/revoke), then removes token.json and
config.json from the config directory. If Sendoso cannot be reached, nothing is removed.`,
  options: {},
  optionHelp: '',
  async run(ctx, { values, positionals: given }) {
    positionals('logout', given, []);
    const config = await loadConfig(ctx, values);
    if (!(await new FileTokenStore(config.tokenPath).get())) {
      await removeSettings(config);
      await say(ctx, 'Not logged in.');
      return 0;
    }
    const client = await signedInClient(ctx, values);
    await client.auth.revoke({ signal: ctx.signal });
    await removeSettings(config);
    await say(ctx, `Logged out: the token was revoked at Sendoso and removed from ${config.dir}.`);
    return 0;
  },
});
