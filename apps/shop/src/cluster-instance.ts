#!/usr/bin/env node
/**
 * One shop instance of `npm run start:cluster`, a child process of cluster.ts: the shop and its
 * kit on PostgreSQL (payments, webhook outbox, orders, abuse limits) with the PostgreSQL bus, so
 * any instance can serve any page, stream or callback. Its public base URL (where providers call
 * back and webhooks land) is the other instance's: every callback crosses instances.
 */
import type { IncomingMessage } from 'node:http';
import {
  createPostgresEventBus,
  createPostgresLimitStore,
  createPostgresStore,
} from '@lipwa/server/postgres';
import pg from 'pg';
import { z } from 'zod';
import { openPostgresOrderBook, SCHEMA_NAME } from './postgres-orders.js';
import { demoProviders, type SimulatorEndpoints } from './providers.js';
import { type RunningShop, startShopInstance } from './shop-instance.js';

/** What cluster.ts hands each instance, as JSON in `LIPWA_CLUSTER_INSTANCE`. */
export const instanceConfigSchema = z.object({
  name: z.string().min(1),
  port: z.number().int().nonnegative(),
  publicBaseUrl: z.string().url(),
  databaseUrl: z.string().min(1),
  schema: z.string().regex(SCHEMA_NAME),
  // Plain data from `simulatorEndpoints()` in the parent, which built it from the simulator.
  simulator: z.custom<SimulatorEndpoints>((value) => typeof value === 'object' && value !== null),
  providers: z.array(z.enum(demoProviders)).min(1),
  webhookSecret: z.string().startsWith('whsec_'),
  tokenSecret: z.string().min(32),
  phoneLimits: z.boolean(),
  firstQueryAfterMs: z.number().int().positive(),
});
export type InstanceConfig = z.infer<typeof instanceConfigSchema>;

/** The message an instance sends its parent once it serves pages. */
export interface InstanceReady {
  readonly ready: true;
  readonly name: string;
  readonly shopUrl: string;
}

/** Names the provider whose callback reached this instance (never the path's secret token). */
function callbackProvider(req: IncomingMessage): string | undefined {
  const match = /^\/lipwa\/(callbacks|c2b)\/([a-z-]+)/.exec(req.url ?? '');
  return req.method === 'POST' && match ? `${match[1]}/${match[2]}` : undefined;
}

export async function startClusterInstance(config: InstanceConfig): Promise<RunningShop> {
  const log = (line: string) => console.log(`[${config.name}] ${line}`);
  const pool = new pg.Pool({ connectionString: config.databaseUrl, max: 10 });
  return startShopInstance({
    port: config.port,
    publicBaseUrl: config.publicBaseUrl,
    simulator: config.simulator,
    providers: config.providers,
    openStorage: async () => {
      // cluster.ts migrated the tables before starting the instances.
      const store = createPostgresStore({ pool, schema: config.schema, pendingLeaseMs: 30_000 });
      return {
        store,
        bus: createPostgresEventBus({ pool, channel: config.schema }),
        limits: createPostgresLimitStore({ pool, schemaName: config.schema }),
        orders: await openPostgresOrderBook({ pool, schema: config.schema }),
        close: () => pool.end(),
      };
    },
    onRequest: (req) => {
      const provider = callbackProvider(req);
      if (provider) log(`provider callback (${provider}) reached instance ${config.name}`);
    },
    environment: 'development',
    allowSimulatorInProduction: false,
    webhookSecret: config.webhookSecret,
    tokenSecret: config.tokenSecret,
    failover: false,
    phoneLimits: config.phoneLimits,
    firstQueryAfterMs: config.firstQueryAfterMs,
    extraOrigins: [],
    log,
  });
}

// Run as a child of cluster.ts: start, report ready, stop when told or when the parent goes.
if (process.send) {
  const config = instanceConfigSchema.parse(JSON.parse(process.env.LIPWA_CLUSTER_INSTANCE ?? ''));
  const shop = await startClusterInstance(config);
  let closing = false;
  const stop = () => {
    if (closing) return;
    closing = true;
    shop.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, stop);
  process.once('disconnect', stop);
  process.send({ ready: true, name: config.name, shopUrl: shop.shopUrl } satisfies InstanceReady);
}
