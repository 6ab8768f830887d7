import { describe, expect, it } from 'vitest';
import { NotFoundError } from '../../src/errors.js';
import { CONFIRM_CONCURRENCY, confirmGoneBy } from '../../src/poll/confirm-gone.js';

const ids = Array.from({ length: 50 }, (_, i) => String(i + 1));

describe('confirmGoneBy', () => {
  it("counts Sendoso's 404 about a record and a false answer as gone, a true answer as still there", async () => {
    const gone = await confirmGoneBy(ids.slice(0, 6), async (id) => {
      if (id === '1') throw new NotFoundError({ status: 404, body: { message: 'Touch not found' } });
      return Number(id) % 2 === 1;
    });
    expect(gone).toEqual(['1', '2', '4', '6']);
  });

  it('proves nothing on a 404 without a record body, and stops looking up once it knows that', async () => {
    let calls = 0;
    const gone = await confirmGoneBy(ids, async () => {
      calls++;
      throw new NotFoundError({ status: 404, body: { status: 404, error: 'Not Found' } });
    });
    expect(gone).toBeUndefined();
    expect(calls).toBeLessThanOrEqual(CONFIRM_CONCURRENCY);
  });

  it('rejects on any other error, so a failing lookup never turns into a delete', async () => {
    await expect(
      confirmGoneBy(ids, async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
  });
});
