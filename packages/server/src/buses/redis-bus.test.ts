import { LipwaError } from '@lipwa/core';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { describeEventBusConformance } from '../testing/bus-conformance.js';
import { busView, firstView, uniqueChannel, waitingLogger } from '../testing/test-bus-kit.js';
import { REDIS_URL, useTestRedis } from '../testing/test-redis.js';
import { createRedisEventBus, type RedisEventBusOptions } from './redis-bus.js';

const redis = useTestRedis();

/** Two buses on one fresh channel, each with its own connections as two instances would be. */
async function twoBuses(options: Partial<RedisEventBusOptions> = {}) {
  const channel = uniqueChannel('lipwa:test');
  const a = createRedisEventBus({ url: REDIS_URL, channel, ...options });
  const b = createRedisEventBus({ url: REDIS_URL, channel, ...options });
  await Promise.all([a.ready(), b.ready()]);
  return { a, b, channel };
}

async function subscribers(channel: string): Promise<number> {
  const reply = (await redis.admin().pubsub('NUMSUB', channel)) as [string, number];
  return Number(reply[1]);
}

/** Kills only the connections of one test's client (never other suites' subscribers). */
async function killConnectionsNamed(name: string): Promise<void> {
  const list = (await redis.admin().call('CLIENT', 'LIST')) as string;
  const ids = list
    .split('\n')
    .filter((line) => line.includes(` name=${name} `))
    .map((line) => /(?:^|\s)id=(\d+)/.exec(line)?.[1])
    .filter((id): id is string => id !== undefined);
  expect(ids).toHaveLength(2); // the publisher and its duplicate subscriber
  for (const id of ids) await redis.admin().call('CLIENT', 'KILL', 'ID', id);
}

describeEventBusConformance('the Redis bus', async () => {
  const { a, b } = await twoBuses({ logger: waitingLogger() });
  return [a, b];
});

describe('the Redis bus', () => {
  it('ignores malformed messages on its channel', async () => {
    const channel = uniqueChannel('lipwa:test');
    const a = createRedisEventBus({ url: REDIS_URL, channel, logger: waitingLogger() });
    const logger = waitingLogger();
    const b = createRedisEventBus({ url: REDIS_URL, channel, logger });
    await Promise.all([a.ready(), b.ready()]);
    const heard: string[] = [];
    b.subscribe('pay_forged', (view) => heard.push(view.reference));
    const valid = firstView((listener) => b.subscribe('pay_forged', listener));

    await redis.admin().publish(channel, 'not json');
    a.publish('pay_forged', busView('pay_forged', 'completed'));
    await valid;

    expect(heard).toEqual(['ORDER-1']);
    // b heard the bad message before the good one: one connection keeps the order.
    expect(
      logger.entries.filter((line) => line.message.startsWith('Ignored a malformed')),
    ).toHaveLength(1);
    await Promise.all([a.close(), b.close()]);
  });

  it('resubscribes after its connections are killed and re-reads the payments it streams', async () => {
    const channel = uniqueChannel('lipwa:test');
    const name = uniqueChannel('lipwa_bus_b');
    const logger = waitingLogger();
    const stored = busView('pay_gap', 'completed');
    const a = createRedisEventBus({ url: REDIS_URL, channel, logger });
    const client = new Redis(REDIS_URL, { connectionName: name });
    client.on('error', () => undefined);
    const b = createRedisEventBus({ client, channel, logger, load: async () => stored });
    await Promise.all([a.ready(), b.ready()]);
    const resynced = firstView((listener) => b.subscribe('pay_gap', listener));

    await killConnectionsNamed(name);
    await logger.next('The Redis bus is subscribed again');
    const afterwards = firstView((listener) => b.subscribe('pay_next', listener));
    // The SUBSCRIBE is replayed around 'ready': ask the server until both buses are on (bounded).
    const deadline = Date.now() + 5_000;
    while ((await subscribers(channel)) < 2 && Date.now() < deadline);
    a.publish('pay_next', busView('pay_next', 'failed'));

    expect(await resynced).toEqual(stored);
    expect(await afterwards).toEqual(busView('pay_next', 'failed'));
    await Promise.all([a.close(), b.close()]);
    await client.quit();
  });

  it('closes its subscriber but leaves a client you own open', async () => {
    const channel = uniqueChannel('lipwa:test');
    const client = new Redis(REDIS_URL);
    const bus = createRedisEventBus({ client, channel });
    await bus.ready();
    const before = await subscribers(channel);

    await bus.close();

    expect(before).toBe(1);
    expect(await subscribers(channel)).toBe(0);
    expect(await client.ping()).toBe('PONG');
    await client.quit();
  });

  it('ends both of its connections on close when made from a URL', async () => {
    const channel = uniqueChannel('lipwa:test');
    const name = uniqueChannel('lipwa_bus_own');
    const bus = createRedisEventBus({ url: `${REDIS_URL}?connectionName=${name}`, channel });
    await bus.ready();

    await bus.close();

    expect(await subscribers(channel)).toBe(0);
    const clients = (await redis.admin().call('CLIENT', 'LIST')) as string;
    expect(clients).not.toContain(`name=${name}`);
  });

  it.each([
    [{}, 'exactly one of `url`'],
    [{ url: REDIS_URL, client: new Redis({ lazyConnect: true }) }, 'exactly one of `url`'],
    [{ url: 'http://127.0.0.1:6379' }, '`url` must start with redis://'],
    [{ url: REDIS_URL, channel: 'two words' }, '`channel` must be'],
  ] as [RedisEventBusOptions, string][])('refuses bad options %#', (options, message) => {
    const attempt = () => createRedisEventBus(options);

    expect(attempt).toThrow(LipwaError);
    expect(attempt).toThrow(message);
  });
});
