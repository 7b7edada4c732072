/**
 * Options of `createPostgresEventBus`, parsed once into a frozen configuration.
 */
import { ConfigError } from '@lipwa/core';
import type { Pool } from 'pg';
import type { Logger } from '../logger.js';
import { assertLoadOption, type LoadPayment } from './bus-relay.js';

export interface PostgresEventBusOptions {
  /** A `pg` pool you own (the bus never ends it); one of its connections holds `LISTEN`. */
  readonly pool?: Pool;
  /** e.g. `postgres://user@host:5432/db`; the bus makes a small pool and `close()` ends it. */
  readonly connectionString?: string;
  /** The NOTIFY channel every instance of one shop shares. Default `lipwa_payments`. */
  readonly channel?: string;
  /** Re-reads a payment whose view did not fit a notification. `createLipwa` supplies one. */
  readonly load?: LoadPayment;
  /** Default: the kit's logger once passed to `createLipwa`, else the console logger. */
  readonly logger?: Logger;
  /** Delay before the first reconnect of a lost LISTEN connection; doubles up to 30 s. Default 250. */
  readonly reconnectDelayMs?: number;
}

export interface PostgresEventBusConfig {
  readonly pool?: Pool | undefined;
  readonly connectionString?: string | undefined;
  readonly channel: string;
  readonly load?: LoadPayment | undefined;
  readonly logger?: Logger | undefined;
  readonly reconnectDelayMs: number;
  readonly maxReconnectDelayMs: number;
}

// Lower-case identifiers only: LISTEN takes an identifier, pg_notify a string; both must agree.
const CHANNEL = /^[a-z_][a-z0-9_]{0,62}$/;

export function parsePostgresEventBusOptions(
  options: PostgresEventBusOptions,
): PostgresEventBusConfig {
  const hasPool = options?.pool !== undefined;
  const hasUrl = options?.connectionString !== undefined;
  if (hasPool === hasUrl) {
    throw new ConfigError(
      'createPostgresEventBus needs exactly one of `pool` (a pg Pool you own) or `connectionString` (e.g. process.env.DATABASE_URL).',
    );
  }
  if (hasUrl && (typeof options.connectionString !== 'string' || options.connectionString === '')) {
    throw new ConfigError(
      'createPostgresEventBus `connectionString` is empty; pass e.g. process.env.DATABASE_URL.',
    );
  }
  const channel = options.channel ?? 'lipwa_payments';
  if (typeof channel !== 'string' || !CHANNEL.test(channel)) {
    throw new ConfigError(
      `createPostgresEventBus \`channel\` must be a lower-case identifier (letters, digits, _; at most 63); got ${JSON.stringify(channel)}.`,
    );
  }
  const delay = options.reconnectDelayMs ?? 250;
  if (!Number.isInteger(delay) || delay < 1) {
    throw new ConfigError(
      `createPostgresEventBus \`reconnectDelayMs\` must be a whole number of milliseconds, at least 1; got ${String(delay)}.`,
    );
  }
  assertLoadOption('createPostgresEventBus', options.load);
  return Object.freeze({
    pool: options.pool,
    connectionString: options.connectionString,
    channel,
    load: options.load,
    logger: options.logger,
    reconnectDelayMs: delay,
    maxReconnectDelayMs: Math.max(delay, 30_000),
  });
}
