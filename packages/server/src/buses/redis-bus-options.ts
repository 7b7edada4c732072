/**
 * Options of `createRedisEventBus`, parsed once into a frozen configuration.
 */
import { ConfigError } from '@lipwa/core';
import type { Redis } from 'ioredis';
import type { Logger } from '../logger.js';
import { assertLoadOption, type LoadPayment } from './bus-relay.js';

export interface RedisEventBusOptions {
  /** e.g. `redis://127.0.0.1:6379`; the bus opens both connections and `close()` ends them. */
  readonly url?: string;
  /** An ioredis client you own: the bus publishes on it and subscribes on a `duplicate()`. */
  readonly client?: Redis;
  /** The pub/sub channel every instance of one shop shares. Default `lipwa:payments`. */
  readonly channel?: string;
  /** Re-reads the payments this instance streams after a reconnect. `createLipwa` supplies one. */
  readonly load?: LoadPayment;
  /** Default: the kit's logger once passed to `createLipwa`, else the console logger. */
  readonly logger?: Logger;
}

export interface RedisEventBusConfig {
  readonly url?: string | undefined;
  readonly client?: Redis | undefined;
  readonly channel: string;
  readonly load?: LoadPayment | undefined;
  readonly logger?: Logger | undefined;
}

const CHANNEL = /^[\x21-\x7e]{1,200}$/;

export function parseRedisEventBusOptions(options: RedisEventBusOptions): RedisEventBusConfig {
  const hasClient = options?.client !== undefined;
  const hasUrl = options?.url !== undefined;
  if (hasClient === hasUrl) {
    throw new ConfigError(
      'createRedisEventBus needs exactly one of `url` (e.g. process.env.REDIS_URL) or `client` (an ioredis client you own).',
    );
  }
  if (hasUrl && (typeof options.url !== 'string' || !/^rediss?:\/\//.test(options.url))) {
    throw new ConfigError(
      'createRedisEventBus `url` must start with redis:// or rediss://, e.g. "redis://127.0.0.1:6379".',
    );
  }
  const channel = options.channel ?? 'lipwa:payments';
  if (typeof channel !== 'string' || !CHANNEL.test(channel)) {
    throw new ConfigError(
      `createRedisEventBus \`channel\` must be 1 to 200 visible ASCII characters without spaces; got ${JSON.stringify(channel)}.`,
    );
  }
  assertLoadOption('createRedisEventBus', options.load);
  return Object.freeze({
    url: options.url,
    client: options.client,
    channel,
    load: options.load,
    logger: options.logger,
  });
}
