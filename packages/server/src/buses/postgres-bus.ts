/**
 * An `EventBus` that reaches every instance sharing a PostgreSQL database, over LISTEN/NOTIFY.
 * One dedicated connection holds `LISTEN`; `publish` delivers to this instance's listeners at
 * once and sends `pg_notify` for the others, which ignore nothing but their own notifications.
 */
import pg from 'pg';
import { createBusRelay } from './bus-relay.js';
import {
  type PostgresEventBusOptions,
  parsePostgresEventBusOptions,
} from './postgres-bus-options.js';
import type { RemoteEventBus } from './remote-event-bus.js';

export type { PostgresEventBusOptions } from './postgres-bus-options.js';

/** LISTEN/NOTIFY: `ready()` waits for the first LISTEN; `close()` ends it (and a pool it made). */
export type PostgresEventBus = RemoteEventBus;

// PostgreSQL refuses NOTIFY payloads of 8000 bytes or more.
const MAX_PAYLOAD_BYTES = 8000;

// A factory closure over one LISTEN connection and its reconnect state; longer than ~60 lines
// only because it holds the bus's methods and reconnect steps, each a few lines.
export function createPostgresEventBus(options: PostgresEventBusOptions): PostgresEventBus {
  const config = parsePostgresEventBusOptions(options);
  const { channel } = config;
  const ownsPool = config.pool === undefined;
  // Two connections: one held by LISTEN, one for NOTIFY.
  const pool = config.pool ?? new pg.Pool({ connectionString: config.connectionString, max: 2 });
  const relay = createBusRelay({
    name: `PostgreSQL bus ${channel}`,
    logger: config.logger,
    load: config.load,
    maxPayloadBytes: MAX_PAYLOAD_BYTES,
  });
  let listener: pg.PoolClient | undefined;
  let listenedOnce = false;
  let failures = 0;
  let timer: NodeJS.Timeout | undefined;
  let closing: Promise<void> | undefined;
  let listening: Promise<void> = Promise.resolve();
  let sending: Promise<void> = Promise.resolve();
  let markReady = (): void => {};
  const readiness = new Promise<void>((resolve) => {
    markReady = resolve;
  });

  function onNotification(message: pg.Notification): void {
    if (message.channel === channel && message.payload !== undefined) {
      relay.receive(message.payload);
    }
  }

  function scheduleListen(): void {
    const delay = Math.min(config.reconnectDelayMs * 2 ** failures, config.maxReconnectDelayMs);
    failures += 1;
    timer = setTimeout(() => {
      timer = undefined;
      listening = listen();
    }, delay);
    timer.unref();
  }

  function lost(client: pg.PoolClient, error: unknown): void {
    if (listener !== client) return;
    listener = undefined;
    client.release(true);
    if (closing) return;
    // Changes published meanwhile are missed here; resync() re-reads watched payments after.
    relay.logger().warn(
      {
        channel,
        error,
      },
      'The PostgreSQL bus lost its LISTEN connection; reconnecting',
    );
    scheduleListen();
  }

  async function listen(): Promise<void> {
    let client: pg.PoolClient | undefined;
    try {
      client = await pool.connect();
      const held = client;
      held.on('notification', onNotification);
      held.on('error', (error) => lost(held, error));
      held.on('end', () => lost(held, new Error('The LISTEN connection ended.')));
      await held.query(`LISTEN "${channel}"`);
    } catch (error) {
      client?.release(true);
      if (closing) return;
      relay.logger().warn({ channel, error }, 'The PostgreSQL bus could not LISTEN; retrying');
      scheduleListen();
      return;
    }
    if (closing) {
      client.release(true);
      return;
    }
    listener = client;
    failures = 0;
    if (listenedOnce) {
      relay.logger().info({ channel }, 'The PostgreSQL bus is listening again');
      relay.resync();
    }
    listenedOnce = true;
    markReady();
  }

  listening = listen();

  return {
    channel,
    instanceId: relay.origin,
    ready: () => readiness,
    attach: (context) => relay.attach(context),
    subscribe: (paymentId, listen) => relay.subscribe(paymentId, listen),
    publish(paymentId, view) {
      relay.deliverLocal(paymentId, view);
      if (closing) return;
      const payload = relay.encode(paymentId, view);
      // One at a time, so other instances hear a payment's changes in the order they happened.
      sending = sending
        .then(() => pool.query('SELECT pg_notify($1, $2)', [channel, payload]))
        .then(
          () => undefined,
          (error: unknown) =>
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
        if (timer) clearTimeout(timer);
        timer = undefined;
        markReady();
        await Promise.all([sending, listening]);
        const client = listener;
        listener = undefined;
        client?.release(true);
        if (ownsPool) await pool.end();
      })();
      return closing;
    },
  };
}
