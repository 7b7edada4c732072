/**
 * Sliding windows, the same specification on each backend: memory, Redis and PostgreSQL, each
 * with an injected clock choosing the sub-window (Redis and PostgreSQL only expire keys on their
 * own clocks, after a window and a sub-window, long after these tests end). No sleeps.
 */
import { randomBytes } from 'node:crypto';
import { type FakeClock, fakeClock } from '@lipwa/core/testing';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { useTestSchema } from '../testing/test-postgres.js';
import { REDIS_URL, useTestRedis } from '../testing/test-redis.js';
import type { LimitRule, LimitStore } from './limit-store.js';
import { createMemoryLimitStore } from './memory-limit-store.js';
import { createPostgresLimitStore } from './postgres-limit-store.js';
import { createRedisLimitStore } from './redis-limit-store.js';

const MINUTE = 60_000;
const rule: LimitRule = { name: 'phone_window', max: 3, windowMs: 10 * MINUTE };
const PHONE = '254712345678';
/** 9:59:30 on a day in 2026: the minute before a fixed 10-minute window's edge at 10:00. */
const AT_9_59_30 = Date.UTC(2026, 2, 2, 9, 59, 30);

type MakeStore = (clock: FakeClock) => LimitStore;

async function allowedOf(store: LimitStore, tries: number, key = PHONE): Promise<number> {
  let allowed = 0;
  for (let i = 0; i < tries; i++) if ((await store.consume(rule, key)).allowed) allowed += 1;
  return allowed;
}

/** The specification every backend meets. */
function slidingSpecification(make: MakeStore) {
  it('3 per 10 minutes: 3 at 9:59 and 0 more at 10:01, allowed again once the first leave', async () => {
    const clock = fakeClock(AT_9_59_30);
    const store = make(clock);
    expect(await allowedOf(store, 5)).toBe(3);

    clock.set(Date.UTC(2026, 2, 2, 10, 1));
    const refused = await store.consume(rule, PHONE);
    expect(refused.allowed).toBe(false);
    // The 9:59 sub-window counts until its last instant is 10 minutes old: 10:10:00.
    expect(refused.retryAfterMs).toBe(9 * MINUTE);

    clock.advance(refused.retryAfterMs - 1);
    expect((await store.consume(rule, PHONE)).allowed).toBe(false);
    clock.advance(1);
    expect(await allowedOf(store, 5)).toBe(3);
  });

  it('gives no second allowance across a fixed window edge (3 at 9:59:50, 3 at 10:00:10)', async () => {
    const clock = fakeClock(Date.UTC(2026, 2, 2, 9, 59, 50));
    const store = make(clock);
    expect(await allowedOf(store, 3)).toBe(3);
    clock.advance(20_000);
    expect(await allowedOf(store, 3)).toBe(0);
  });

  it('never lets more than the allowance through in any 10 minutes, trying every 30 s for 2 hours', async () => {
    const clock = fakeClock(AT_9_59_30);
    const store = make(clock);
    const granted: number[] = [];
    for (let t = 0; t < 2 * 60 * MINUTE; t += 30_000) {
      if ((await store.consume(rule, PHONE)).allowed) granted.push(clock.now());
      clock.advance(30_000);
    }
    const busiest = Math.max(
      ...granted.map((at) => granted.filter((t) => t > at - rule.windowMs && t <= at).length),
    );
    console.log(
      `sliding window: 240 tries every 30 s over 2 h, ${granted.length} granted, at most ${busiest} in any 10 minutes`,
    );
    expect(busiest).toBeLessThanOrEqual(3);
    // Yet the allowance comes back: at least 3 per window and a sub-window (11 minutes).
    expect(granted.length).toBeGreaterThanOrEqual(3 * Math.floor(120 / 11));
  }, 30_000);

  it('does not count a refused hit: knocking on does not push the wait back', async () => {
    const clock = fakeClock(AT_9_59_30);
    const store = make(clock);
    await allowedOf(store, 3);
    clock.advance(MINUTE);
    const first = await store.consume(rule, PHONE);
    const opensAt = clock.now() + first.retryAfterMs;
    for (let i = 0; i < 10; i++) {
      clock.advance(10_000);
      expect((await store.consume(rule, PHONE)).allowed).toBe(false);
    }
    clock.set(opensAt);
    expect((await store.consume(rule, PHONE)).allowed).toBe(true);
  });

  it('counts a penalty even over the allowance, so the wait lengthens', async () => {
    const clock = fakeClock(AT_9_59_30);
    const store = make(clock);
    await allowedOf(store, 3);
    clock.advance(5 * MINUTE);
    await store.penalize(rule, PHONE, 2);
    // The three from 9:59 leave at 10:10, the penalty from 10:04 only at 10:15.
    clock.set(Date.UTC(2026, 2, 2, 10, 10));
    expect(await allowedOf(store, 3)).toBe(1);
  });

  it('keeps keys and rules apart', async () => {
    const store = make(fakeClock(AT_9_59_30));
    expect(await allowedOf(store, 4, 'one')).toBe(3);
    expect(await allowedOf(store, 4, 'two')).toBe(3);
    expect((await store.consume({ ...rule, name: 'phone_day' }, 'one')).allowed).toBe(true);
  });
}

/** Two instances (own connections) on one shared backend grant one allowance between them. */
function sharedSpecification(makeTwo: (clock: FakeClock) => readonly LimitStore[]) {
  it('grants two instances one allowance between them, at 9:59 and across the 10:00 edge', async () => {
    const clock = fakeClock(AT_9_59_30);
    const [a, b] = makeTwo(clock) as [LimitStore, LimitStore];
    const tries = await Promise.all([a, b, a, b, a, b].map((store) => store.consume(rule, PHONE)));
    expect(tries.filter((decision) => decision.allowed)).toHaveLength(3);
    clock.set(Date.UTC(2026, 2, 2, 10, 1));
    expect((await a.consume(rule, PHONE)).allowed).toBe(false);
    expect((await b.consume(rule, PHONE)).allowed).toBe(false);
    clock.set(Date.UTC(2026, 2, 2, 10, 10));
    expect((await b.consume(rule, PHONE)).allowed).toBe(true);
  });
}

describe('sliding limits in memory', () => {
  slidingSpecification((clock) => createMemoryLimitStore({ clock }));
});

describe('sliding limits on Redis', () => {
  const redis = useTestRedis();
  const prefixes: string[] = [];
  const clients: Redis[] = [];
  function store(clock: FakeClock, prefix: string): LimitStore {
    const client = new Redis(REDIS_URL);
    clients.push(client);
    return createRedisLimitStore({ redis: client, prefix, clock });
  }
  function newPrefix(): string {
    const prefix = `lipwa-a-slide-${randomBytes(4).toString('hex')}`;
    prefixes.push(prefix);
    return prefix;
  }
  afterAll(async () => {
    for (const prefix of prefixes) {
      const keys = await redis.admin().keys(`${prefix}:*`);
      if (keys.length > 0) await redis.admin().del(...keys);
    }
    await Promise.all(clients.map((client) => client.quit()));
  });

  slidingSpecification((clock) => store(clock, newPrefix()));
  sharedSpecification((clock) => {
    const prefix = newPrefix();
    return [store(clock, prefix), store(clock, prefix)];
  });
});

describe('sliding limits on PostgreSQL', () => {
  const db = useTestSchema();
  const options = () => ({ schemaName: db.schema, tableName: 'a_limits' });
  let run = 0;

  slidingSpecification((clock) =>
    createPostgresLimitStore({ pool: db.newPool(), ...options(), prefix: `a${run++}`, clock }),
  );
  sharedSpecification((clock) => {
    const prefix = `a${run++}`;
    return [db.newPool(), db.newPool()].map((pool) =>
      createPostgresLimitStore({ pool, ...options(), prefix, clock }),
    );
  });
});
