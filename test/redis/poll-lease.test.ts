/**
 * Leased polling across processes: one leader per watched key, takeover within the lease when the
 * leader dies, and fenced state writes. Child processes (poll-child.ts) poll touches on the sandbox
 * with RedisStateStore and `lease`, and log every event they handle; replaying the log must rebuild
 * the sandbox's data (nothing lost).
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeState, type Token } from '../../src/index.js';
import type { Sandbox } from '../../src/testing/index.js';
import { authorizedClient, sandbox } from '../helpers.js';
import { spawnChild, stopChildren } from './children.js';
import { redisClient, redisServer } from './helpers.js';
import type { RedisServer } from './redis-server.js';

type Line = {
  kind: 'event' | 'leader' | 'follower' | 'error';
  pid: number;
  epoch?: number;
  at?: number;
  id?: string;
  type?: string;
  objectId?: string;
  name?: unknown;
  description?: unknown;
  message?: string;
};

const dirs: string[] = [];
afterEach(async () => {
  await stopChildren(); // before their log's directory goes
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(what: string, check: () => T | undefined | false, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

function readLog(log: string): Line[] {
  if (!existsSync(log)) return [];
  return readFileSync(log, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((text) => JSON.parse(text) as Line);
}

/** What a consumer that applied every event it was handed knows of the touches. */
function replay(lines: readonly Line[]): Map<string, { name: unknown; description: unknown }> {
  const view = new Map<string, { name: unknown; description: unknown }>();
  for (const line of lines) {
    if (line.kind !== 'event' || line.objectId === undefined) continue;
    if (line.type === 'deleted') view.delete(line.objectId);
    else view.set(line.objectId, { name: line.name, description: line.description });
  }
  return view;
}

function truth(s: Sandbox) {
  return new Map(
    s.data.touches.all().map((t) => [String(t.id), { name: t.name, description: t.description }]),
  );
}

type Fleet = {
  s: Sandbox;
  server: RedisServer;
  log: string;
  start(): Promise<ChildProcess>;
};

async function fleet(options: { ttlMs: number; handlerMs: number; touches: number }): Promise<Fleet> {
  const s = await sandbox({ seed: { touches: options.touches }, rateLimit: false });
  const server = await redisServer();
  const client = await authorizedClient(s, { rateLimit: false });
  const dir = await mkdtemp(join(tmpdir(), 'poll-lease-'));
  dirs.push(dir);
  const log = join(dir, 'events.ndjson');
  const setup = {
    redisUrl: server.url,
    options: s.clientOptions(),
    token: (await client.auth.getToken()) as Token,
    log,
    ttlMs: options.ttlMs,
    intervalMs: 100,
    handlerMs: options.handlerMs,
  };
  const start = async () => {
    const child = spawnChild('poll-child.ts', { POLL_CHILD: JSON.stringify(setup) }, 'log');
    await new Promise<void>((resolve, reject) => {
      child.stdout?.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('ready')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`poll process exited early (${code})`)));
    });
    return child;
  };
  return { s, server, log, start };
}

/** Inserts, updates and removes touches at random; mostly inserts and updates, so passes have work. */
function mutator(s: Sandbox) {
  let version = 0;
  return () => {
    const all = s.data.touches.all();
    const pick = all[Math.floor(Math.random() * all.length)];
    const roll = Math.random();
    if (roll < 0.4 || !pick) s.data.touches.insert({ name: `new ${++version}`, description: '' });
    else if (roll < 0.6) s.data.touches.remove(pick.id as number);
    else s.data.touches.update(pick.id as number, { description: `v${++version}` });
  };
}

/** Leadership is exclusive and ordered: one process per epoch, epochs growing in the order they happen. */
function expectOneLeaderAtATime(lines: readonly Line[]) {
  const pidOf = new Map<number, number>();
  let last = 0;
  for (const line of lines) {
    if (line.kind === 'leader') {
      expect(line.epoch ?? 0).toBeGreaterThan(last);
      last = line.epoch ?? 0;
    }
    if (line.kind === 'event' || line.kind === 'leader') {
      const epoch = line.epoch ?? -1;
      expect(pidOf.get(epoch) ?? line.pid, `epoch ${epoch} was used by two processes`).toBe(line.pid);
      pidOf.set(epoch, line.pid);
      // No delivery by a leader whose epoch a newer leader has already replaced.
      if (line.kind === 'event') expect(epoch).toBe(last);
    }
  }
}

describe('polling one key from many processes with a lease', () => {
  it('3 processes: one leads, every change is delivered once, by id, and only by the leader', async () => {
    const f = await fleet({ ttlMs: 3_000, handlerMs: 5, touches: 30 });
    const children = [await f.start(), await f.start(), await f.start()];
    // The first pass (initial: 'emit') announces the 30 touches.
    await until('the first pass', () => replay(readLog(f.log)).size === 30);
    const mutate = mutator(f.s);
    for (let i = 0; i < 30; i++) {
      mutate();
      await sleep(Math.random() * 150);
    }
    const expected = truth(f.s);
    await until('every change', () => isDeepStrictEqual(replay(readLog(f.log)), expected));
    await sleep(500); // a pass or two more: nothing further may come

    const lines = readLog(f.log);
    const leaders = lines.filter((l) => l.kind === 'leader');
    expect(leaders).toHaveLength(1);
    const leader = leaders[0]?.pid;
    const followers = new Set(lines.filter((l) => l.kind === 'follower').map((l) => l.pid));
    expect(followers).toEqual(new Set(children.map((c) => c.pid).filter((pid) => pid !== leader)));
    const events = lines.filter((l) => l.kind === 'event');
    expect(new Set(events.map((l) => l.pid))).toEqual(new Set([leader]));
    const ids = events.map((l) => l.id);
    expect(ids.length).toBe(new Set(ids).size); // nobody delivered any change twice
    expect(replay(lines)).toEqual(truth(f.s));
    expectOneLeaderAtATime(lines);
    expect(lines.filter((l) => l.kind === 'error')).toEqual([]);
  }, 120_000);

  it('kill -9 of the leader mid-pass, 10 times: a follower takes over within ttlMs and nothing is lost', async () => {
    const ttlMs = 1_500;
    const f = await fleet({ ttlMs, handlerMs: 25, touches: 20 });
    const alive = new Map<number, ChildProcess>();
    const add = async () => {
      const child = await f.start();
      alive.set(child.pid as number, child);
    };
    await add();
    await add();
    await add();
    await until('the first pass', () => replay(readLog(f.log)).size === 20);
    const mutate = mutator(f.s);
    const takeovers: number[] = [];
    let killedMidPass = 0;

    for (let round = 0; round < 10; round++) {
      const before = readLog(f.log);
      const leader = before.filter((l) => l.kind === 'leader').at(-1);
      const child = alive.get(leader?.pid ?? -1);
      if (!leader || !child) throw new Error(`round ${round}: no live leader`);
      for (let i = 0; i < 10; i++) mutate();
      // Kill it while it is handing out this round's events (each handler takes 25 ms).
      const n = 1 + Math.floor(Math.random() * 4);
      const handed = () =>
        readLog(f.log)
          .slice(before.length)
          .filter((l) => l.kind === 'event' && l.pid === leader.pid).length;
      await until(`round ${round}: events from the leader`, () => handed() >= n, 10_000);
      const killedAt = Date.now();
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
      alive.delete(leader.pid);
      if (handed() < 10) killedMidPass++;
      const next = await until(
        `round ${round}: a new leader`,
        () =>
          readLog(f.log)
            .slice(before.length)
            .find((l) => l.kind === 'leader' && l.pid !== leader.pid),
        ttlMs + 10_000,
      );
      takeovers.push((next.at ?? 0) - killedAt);
      await add();
    }

    const expected = truth(f.s);
    await until('every change', () => isDeepStrictEqual(replay(readLog(f.log)), expected));
    const lines = readLog(f.log);
    expect(replay(lines)).toEqual(truth(f.s));
    expectOneLeaderAtATime(lines);
    // Redis lets the lease lapse 100 ms before ttlMs after the leader's last renewal (so before ttlMs after
    // the kill), and a follower asks again just after that. 250 ms more allow for a loaded machine's timers.
    expect(takeovers.filter((ms) => ms > ttlMs + 250)).toEqual([]);
    expect(killedMidPass).toBeGreaterThan(0);
    const events = lines.filter((l) => l.kind === 'event').length;
    const distinct = new Set(lines.filter((l) => l.kind === 'event').map((l) => l.id)).size;
    console.log(
      `poll-lease kill -9: takeovers after ${takeovers.join(', ')} ms (ttlMs ${ttlMs}); ${events} events, ${events - distinct} redelivered`,
    );
  }, 240_000);

  it('a leader frozen past its lease (SIGSTOP) and then resumed: its state write is refused, and nothing is rolled back', async () => {
    const ttlMs = 1_000;
    const f = await fleet({ ttlMs, handlerMs: 300, touches: 3 });
    const first = await f.start();
    await until('the first pass', () => replay(readLog(f.log)).size === 3);
    await f.start();
    await until('a follower', () => readLog(f.log).some((l) => l.kind === 'follower'));

    const ids = [1, 2, 3, 4].map((i) => String(f.s.data.touches.insert({ name: `late ${i}` }).id));
    await until('the leader handing out the new touches', () =>
      readLog(f.log).some((l) => l.kind === 'event' && l.pid === first.pid && ids.includes(l.objectId ?? '')),
    );
    first.kill('SIGSTOP');
    const frozenAt = readLog(f.log).length;

    // The other process takes over and acknowledges all four.
    const redis = await redisClient(f.server);
    const [stateKey] = await redis.keys('sendoso:acme:poll:*:state');
    const acknowledged = async () => {
      const raw = await redis.sendCommand<Buffer | null>(['HGET', stateKey ?? '', 'data'], {
        typeMapping: { 36: Buffer },
      });
      if (!raw) return false;
      const { state } = decodeState(raw);
      return ids.every((id) => [...state.ids].includes(id)) && !state.announced?.length;
    };
    const deadline = Date.now() + 20_000;
    while (!(await acknowledged())) {
      if (Date.now() > deadline) throw new Error('the new leader never acknowledged the new touches');
      await sleep(20);
    }
    const saved = await redis.hGetAll(stateKey ?? '');
    const newLeader = readLog(f.log).find((l) => l.kind === 'leader' && l.pid !== first.pid);
    expect(newLeader?.epoch).toBeGreaterThan(1);

    first.kill('SIGCONT');
    const refused = await until('the resumed process to report its refused write', () =>
      readLog(f.log).find((l) => l.kind === 'error' && l.pid === first.pid),
    );
    expect(refused).toMatchObject({ name: 'PollLeaseLostError', message: expect.stringMatching(/fencing/) });
    // The state is the new leader's, byte for byte, epoch included.
    expect(await redis.hGetAll(stateKey ?? '')).toEqual(saved);
    // Resumed, the former leader handed out nothing more: the new leader has the key.
    const afterResume = readLog(f.log).slice(frozenAt);
    expect(afterResume.filter((l) => l.kind === 'event' && l.pid === first.pid)).toEqual([]);
    await until('the former leader to follow', () =>
      readLog(f.log)
        .slice(frozenAt)
        .some((l) => l.kind === 'follower' && l.pid === first.pid),
    );
    // And the new leader goes on: a later change comes from it.
    const later = String(f.s.data.touches.insert({ name: 'after the freeze' }).id);
    const event = await until('the later change', () =>
      readLog(f.log).find((l) => l.kind === 'event' && l.objectId === later),
    );
    expect(event.pid).toBe(newLeader?.pid);
  }, 120_000);
});
