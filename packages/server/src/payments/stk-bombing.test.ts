/**
 * Proof under abuse (issue 8): STK bombing. 1, 5 and 20 attacking clients, each from its own
 * address and with a fresh session for every try, aim prompts at one victim's phone, typed in
 * every form the number can take. The figure is how many prompts reach the provider (the counting
 * adapter the kit calls): it must be the documented per-phone limit, not a multiple of it, on one
 * instance and on two instances sharing one Redis.
 *
 * Time is the kit's fake clock plus vitest's faked `Date`, which the limit stores read to pick a
 * window's sub-window (windows slide, see `limits/sliding-window.ts`). Redis only expires keys on
 * its own, real clock, after a window and a sub-window, long after a run ends: which counts a hit
 * adds up follows the simulated clock, so a simulated day runs on Redis with every default window.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRedisLimitStore } from '../limits/redis-limit-store.js';
import type { LipwaOptions } from '../options.js';
import { type Kit, SHOP_ORIGIN, START, setupKit } from '../testing/test-harness.js';
import { REDIS_URL, useTestRedis } from '../testing/test-redis.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** The documented per-phone defaults (options.ts, docs/security.md): 3 per 10 minutes, 10 a day. */
const PER_TEN_MINUTES = 3;
const PER_DAY = 10;
const VICTIM_FORMS = ['0712345678', '+254 712 345 678', '254712345678', '712345678'];

interface Attack {
  readonly kits: readonly Kit[];
  readonly clients: number;
  readonly durationMs: number;
  /** Each client tries once per `everyMs`. */
  readonly everyMs: number;
}

interface AttackFigures {
  readonly attempts: number;
  readonly reached: number;
  readonly refusals: Record<string, number>;
}

/** Moves every kit's clock and the faked `Date` together. */
function advance(kits: readonly Kit[], ms: number): void {
  vi.setSystemTime(Date.now() + ms);
  for (const kit of kits) kit.clock.advance(ms);
}

/** One client's try: a fresh session on its instance, then a prompt to the victim. */
async function tryOnce(kit: Kit, client: number, tick: number, refusals: Record<string, number>) {
  const token = await kit.session({ reference: `ATTACK-${client}-${tick}` });
  const phone = VICTIM_FORMS[(client + tick) % VICTIM_FORMS.length];
  try {
    await kit.startPayment(token, { phone }, { clientIp: `10.0.0.${client}`, origin: SHOP_ORIGIN });
  } catch (error) {
    const { code, details } = error as { code?: string; details?: { limit?: string } };
    const key = `${code}${details?.limit ? `:${details.limit}` : ''}`;
    refusals[key] = (refusals[key] ?? 0) + 1;
  }
}

/** Every tick, all clients try at once (client `c` on instance `c % kits.length`). */
async function bomb(attack: Attack): Promise<AttackFigures> {
  const refusals: Record<string, number> = {};
  let attempts = 0;
  for (let tick = 0; tick * attack.everyMs < attack.durationMs; tick++) {
    await Promise.all(
      Array.from({ length: attack.clients }, (_, client) =>
        tryOnce(attack.kits[client % attack.kits.length] as Kit, client + 1, tick, refusals),
      ),
    );
    attempts += attack.clients;
    advance(attack.kits, attack.everyMs);
  }
  const reached = attack.kits.reduce((sum, kit) => sum + kit.adapter.initiated.length, 0);
  return { attempts, reached, refusals };
}

function report(label: string, figures: AttackFigures, limit: number): void {
  console.log(
    `stk-bombing ${label}: ${figures.attempts} attempts, ${figures.reached} prompts reached the provider (limit ${limit}); refused ${JSON.stringify(figures.refusals)}`,
  );
}

const runs = [
  {
    span: '10 simulated minutes',
    durationMs: 10 * MINUTE,
    everyMs: 10_000,
    limit: PER_TEN_MINUTES,
  },
  { span: 'one simulated day', durationMs: DAY, everyMs: 5 * MINUTE, limit: PER_DAY },
] as const;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(START);
});
afterEach(() => {
  vi.useRealTimers();
});

// Thousands of simulated tries per test: more than vitest's 5 s default on a busy machine.
vi.setConfig({ testTimeout: 30_000 });

describe('STK bombing one phone, one instance (memory limit store)', () => {
  for (const run of runs) {
    it.each([1, 5, 20])(
      `lets only the per-phone limit through from %i clients over ${run.span}`,
      async (clients) => {
        const kit = setupKit();
        try {
          const figures = await bomb({ kits: [kit], clients, ...run });
          report(`1 instance, ${clients} client(s), ${run.span}`, figures, run.limit);
          expect(figures.reached).toBe(run.limit);
          expect(new Set(kit.adapter.initiated.map((request) => request.phone))).toEqual(
            new Set(['254712345678']),
          );
        } finally {
          await kit.lipwa.close();
        }
      },
    );
  }
});

describe('STK bombing one phone, two instances sharing Redis', () => {
  useTestRedis();
  const connections: Redis[] = [];
  afterAll(async () => {
    await Promise.all(connections.map((connection) => connection.quit()));
  });

  /** Two kits, each with its own Redis connection, on one key prefix unique to this run. */
  function twoInstances(rateLimit: LipwaOptions['rateLimit'] = {}): Kit[] {
    const prefix = `lipwa-g-bomb-${randomBytes(4).toString('hex')}`;
    return [0, 1].map(() => {
      const redis = new Redis(REDIS_URL);
      connections.push(redis);
      return setupKit({
        rateLimit: { ...rateLimit, store: createRedisLimitStore({ redis, prefix }) },
      });
    });
  }

  async function closeAll(kits: readonly Kit[]) {
    await Promise.all(kits.map((kit) => kit.lipwa.close()));
  }

  it.each([1, 5, 20])(
    'lets 3 prompts through from %i clients over 10 simulated minutes, not 3 per instance',
    async (clients) => {
      const kits = twoInstances();
      try {
        const figures = await bomb({ kits, clients, durationMs: 10 * MINUTE, everyMs: 10_000 });
        report(
          `2 instances on Redis, ${clients} client(s), 10 simulated minutes`,
          figures,
          PER_TEN_MINUTES,
        );
        expect(figures.reached).toBe(PER_TEN_MINUTES);
      } finally {
        await closeAll(kits);
      }
    },
  );

  it.each([1, 5, 20])(
    'lets the day cap (10) through from %i clients over a simulated day, not 10 per instance',
    async (clients) => {
      const kits = twoInstances();
      try {
        const figures = await bomb({ kits, clients, durationMs: DAY, everyMs: 30 * MINUTE });
        report(
          `2 instances on Redis (default windows), ${clients} client(s), one simulated day`,
          figures,
          PER_DAY,
        );
        expect(figures.reached).toBe(PER_DAY);
      } finally {
        await closeAll(kits);
      }
    },
  );
});
