/**
 * An `EventBus` that reaches every instance sharing a Redis server, over pub/sub. `publish`
 * delivers to this instance's listeners at once and publishes for the others; a duplicate
 * connection subscribes. ioredis reconnects and resubscribes by itself; after it does, the bus
 * re-reads the payments it streams, since messages sent meanwhile were missed.
 */
import { Redis } from 'ioredis';
import { createBusRelay } from './bus-relay.js';
import { parseRedisEventBusOptions, type RedisEventBusOptions } from './redis-bus-options.js';
import type { RemoteEventBus } from './remote-event-bus.js';

export type { RedisEventBusOptions } from './redis-bus-options.js';

/** Pub/sub on a duplicate connection: `close()` ends the subscriber (and a publisher it made). */
export type RedisEventBus = RemoteEventBus;

async function quit(connection: Redis): Promise<void> {
  if (connection.status === 'end') return;
  try {
    await connection.quit();
  } catch {
    // Already disconnected (or never connected): dropping it is all that is left to do.
    connection.disconnect();
  }
}

// A factory closure over the publisher and subscriber connections; long only because it holds
// the bus's methods, each a few lines.
export function createRedisEventBus(options: RedisEventBusOptions): RedisEventBus {
  const config = parseRedisEventBusOptions(options);
  const { channel } = config;
  const ownsPublisher = config.client === undefined;
  const publisher = config.client ?? new Redis(config.url ?? '');
  const subscriber = publisher.duplicate();
  const relay = createBusRelay({
    name: `Redis bus ${channel}`,
    logger: config.logger,
    load: config.load,
  });
  let subscribedOnce = false;
  let closing: Promise<void> | undefined;

  const logError = (connection: string) => (error: unknown) =>
    relay.logger().warn(
      {
        channel,
        connection,
        error,
      },
      'The Redis bus connection failed; ioredis is reconnecting',
    );
  // A client you pass keeps your own error handling.
  if (ownsPublisher) publisher.on('error', logError('publisher'));
  subscriber.on('error', logError('subscriber'));
  subscriber.on('message', (from: string, message: string) => {
    if (from === channel) relay.receive(message);
  });
  subscriber.on('ready', () => {
    if (!subscribedOnce || closing) return;
    relay.logger().info({ channel }, 'The Redis bus is subscribed again');
    relay.resync();
  });

  const readiness = subscriber.subscribe(channel).then(
    () => {
      subscribedOnce = true;
    },
    (error: unknown) => {
      if (!closing) relay.logger().error({ channel, error }, 'The Redis bus could not subscribe');
    },
  );

  return {
    channel,
    instanceId: relay.origin,
    ready: () => (closing ? Promise.resolve() : readiness),
    attach: (context) => relay.attach(context),
    subscribe: (paymentId, listener) => relay.subscribe(paymentId, listener),
    publish(paymentId, view) {
      relay.deliverLocal(paymentId, view);
      if (closing) return;
      // One connection keeps the order of a payment's changes for the other instances.
      publisher.publish(channel, relay.encode(paymentId, view)).catch((error: unknown) =>
        relay.logger().error(
          {
            channel,
            paymentId,
            error,
          },
          'Could not notify other instances of a status change',
        ),
      );
    },
    close() {
      closing ??= (async () => {
        await quit(subscriber);
        if (ownsPublisher) await quit(publisher);
      })();
      return closing;
    },
  };
}
export { createRedisLimitStore, type RedisLimitStoreOptions } from '../limits/redis-limit-store.js';
