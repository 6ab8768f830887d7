import { describe, expect, it } from 'vitest';
import { type PollOptions, ValidationError } from '../../src/index.js';
import { authorizedClient, sandbox } from '../helpers.js';

describe('poller options from plain JavaScript', () => {
  it('unknown keys and wrong shapes are one ValidationError naming each, at construction', async () => {
    const s = await sandbox();
    const client = await authorizedClient(s);
    s.clearRequests();
    const refusal = (options: unknown) => {
      try {
        client.poll('touches', options as PollOptions);
      } catch (error) {
        expect(error).toBeInstanceOf(ValidationError);
        return (error as ValidationError).issues;
      }
      throw new Error('accepted');
    };
    expect(refusal({ interval: 5, autoStart: false })).toEqual([
      { path: 'interval', message: 'unknown option; did you mean "intervalMs"?' },
    ]);
    expect(
      refusal({
        store: {},
        ignoreFields: 'updated_at',
        deletes: 'yes',
        signal: {},
        initial: 'all',
        intervalMs: -1,
      }),
    ).toEqual([
      { path: 'store', message: 'must be a PollStateStore: missing method load, save' },
      { path: 'ignoreFields', message: 'must be an array of strings' },
      { path: 'deletes', message: 'must be true or false' },
      { path: 'signal', message: 'must be an AbortSignal' },
      { path: 'initial', message: "must be one of 'baseline', 'emit'" },
      { path: 'intervalMs', message: 'must be a positive number' },
    ]);
    for (const options of [null, 'fast', []]) {
      expect(refusal(options)).toEqual([
        { path: '', message: 'poller options must be a plain object ({ ... })' },
      ]);
    }
    expect(s.requests).toEqual([]);
  });
});
