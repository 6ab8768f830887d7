import { Agent, request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from '../../src/testing/index.js';
import { api, issueToken } from './helpers.js';

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

describe('sandbox lifecycle', () => {
  it('listens on a random loopback port and derives its URLs from it', async () => {
    sandbox = await createSandbox();
    expect(sandbox.port).toBeGreaterThan(0);
    expect(sandbox.baseUrl).toBe(`http://127.0.0.1:${sandbox.port}/api/v3`);
    expect(sandbox.authBaseUrl).toBe(`http://127.0.0.1:${sandbox.port}`);
    expect(sandbox.redirectUri).toBe('http://127.0.0.1/callback');
    expect(sandbox.clientId).toMatch(/^[\w-]{43}$/);
    expect(sandbox.clientSecret).toMatch(/^[\w-]{43}$/);
    expect(sandbox.clientSecret).not.toBe(sandbox.clientId);
  });

  it('uses the credentials, redirect URI and port it is given', async () => {
    const probe = await createSandbox();
    const port = probe.port;
    await probe.close();
    sandbox = await createSandbox({
      port,
      clientId: 'id',
      clientSecret: 'secret',
      redirectUri: 'https://app.example/cb',
    });
    expect([sandbox.port, sandbox.clientId, sandbox.clientSecret, sandbox.redirectUri]).toEqual([
      port,
      'id',
      'secret',
      'https://app.example/cb',
    ]);
  });

  it('refuses invalid options with an error naming the option', async () => {
    await expect(createSandbox({ rateLimit: 0 })).rejects.toThrow(/rateLimit/);
    await expect(createSandbox({ port: 70_000 })).rejects.toThrow(/port/);
    await expect(createSandbox({ tokenTtlSeconds: -1 })).rejects.toThrow(/tokenTtlSeconds/);
    await expect(createSandbox({ redirectUri: 'not a url' })).rejects.toThrow(/redirectUri/);
    await expect(createSandbox({ seed: { touches: -3 } })).rejects.toThrow(/seed\.touches/);
  });

  it('rejects when the port is taken', async () => {
    sandbox = await createSandbox();
    await expect(createSandbox({ port: sandbox.port })).rejects.toThrow(/EADDRINUSE/);
  });

  it('stamps every response with X-Request-Id and a JSON content type', async () => {
    sandbox = await createSandbox({ rateLimit: 1 });
    const token = await issueToken(sandbox);
    const replies = [
      await api(sandbox, token.access_token, '/me'), // 200
      await api(sandbox, token.access_token, '/me'), // 429
      await fetch(`${sandbox.authBaseUrl}/oauth/authorize?client_id=${sandbox.clientId}&response_type=code`, {
        redirect: 'manual',
      }), // 302
      await fetch(`${sandbox.authBaseUrl}/nowhere`), // 404
    ];
    expect(replies.map((r) => r.status)).toEqual([200, 429, 302, 404]);
    const ids = replies.map((r) => r.headers.get('x-request-id'));
    for (const reply of replies) {
      expect(reply.headers.get('content-type')).toBe('application/json; charset=utf-8');
    }
    for (const id of ids) expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('close() ends keep-alive connections at once and is idempotent', async () => {
    sandbox = await createSandbox();
    const agent = new Agent({ keepAlive: true });
    const idle = new Promise<void>((resolve) => agent.once('free', () => resolve()));
    const socketClosed = new Promise<void>((resolve) => {
      const req = request(`${sandbox?.authBaseUrl}/`, { agent }, (res) => {
        res.resume();
        res.on('end', () => req.socket?.once('close', () => resolve()));
      });
      req.end();
    });
    // Wait until the answered socket is idle in the agent's pool, held open by keep-alive (a fixed
    // sleep was too short for a first request on a loaded machine).
    await idle;
    const started = Date.now();
    await Promise.all([sandbox.close(), sandbox.close()]);
    await socketClosed;
    expect(Date.now() - started).toBeLessThan(1_000);
    await sandbox.close();
    await expect(fetch(`${sandbox.baseUrl}/me`)).rejects.toThrow();
    agent.destroy();
  });

  it('close() does not wait for a request held by an injected delay', async () => {
    sandbox = await createSandbox();
    const token = await issueToken(sandbox);
    sandbox.faults.next(1, { delayMs: 60_000 });
    const pending = api(sandbox, token.access_token, '/me').catch((err: Error) => err);
    await new Promise((r) => setTimeout(r, 50));
    const started = Date.now();
    await sandbox.close();
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(await pending).toBeInstanceOf(Error);
  });
});
