/**
 * Wires the demo on the embedded defaults: a provider's simulator (Daraja unless told otherwise),
 * the embedded file store, an ephemeral token key. A simulator settles payments no one paid, so
 * in production the demo refuses to start unless told that is what is wanted.
 */
import { randomBytes } from 'node:crypto';
import { ConfigError } from '@lipwa/core';
import type { Lipwa } from '@lipwa/server';
import { createFileStore } from '@lipwa/server/file-store';
import { type RunningSimulator, startSimulator } from '@lipwa/simulator';
import { openOrderBook } from './orders.js';
import { type DemoProvider, registerWebhooks, simulatorEndpoints } from './providers.js';
import { type RunningShop, startShopInstance } from './shop-instance.js';

export interface DemoOptions {
  port?: number;
  simulatorPort?: number;
  /** A simulator that is already running (it stays running on close); default: start one. */
  simulator?: RunningSimulator;
  /** How long the simulator's magic numbers take to answer. */
  autoResolveDelayMs?: number;
  /** How long the kit waits for a callback before asking the provider. */
  firstQueryAfterMs?: number;
  tokenSecret?: string;
  /** Where the embedded store keeps its journal; default `.lipwa-data` in the working directory. */
  dataDirectory?: string;
  /** Origins besides the shop's own allowed to use the kit (e.g. the SPA's dev server). */
  extraOrigins?: readonly string[];
  /** The providers offered, each on its simulator; default `['daraja']`. Several: a method picker. */
  providers?: readonly DemoProvider[];
  /** When several STK providers are offered, fail over to the next when one is down. */
  failover?: boolean;
  /** `production` refuses the simulator unless `allowSimulatorInProduction`; default from NODE_ENV. */
  environment?: 'production' | 'development';
  /**
   * Per-phone prompt limits on top of the kit's defaults (3 per 10 minutes, 10 a day); `false`
   * turns them off, for a test suite that pays with the same magic numbers over and over.
   */
  phoneLimits?: boolean;
  allowSimulatorInProduction?: boolean;
  log?: (line: string) => void;
}

export interface RunningDemo {
  shopUrl: string;
  simulator: RunningSimulator;
  lipwa: Lipwa;
  close(): Promise<void>;
}

export async function startDemo(options: DemoOptions = {}): Promise<RunningDemo> {
  const log = options.log ?? ((line: string) => console.log(line));
  const environment =
    options.environment ?? (process.env.NODE_ENV === 'production' ? 'production' : 'development');
  // Before anything listens: the simulator's virtual phone and control API settle payments.
  if (environment === 'production' && options.allowSimulatorInProduction !== true) {
    throw new ConfigError(
      'The demo runs on a provider simulator, which settles payments no one paid. It will not start with NODE_ENV=production; set LIPWA_ALLOW_SIMULATOR_IN_PRODUCTION=1 only for a demo that takes no real money.',
    );
  }
  const providers = options.providers ?? ['daraja'];
  const ownSimulator = options.simulator === undefined;
  const simulator =
    options.simulator ??
    (await startSimulator({
      port: options.simulatorPort ?? 0,
      autoResolveDelayMs: options.autoResolveDelayMs ?? 3000,
      // The demo's simulated CashPay account takes the shop's currency.
      cashpayCurrency: 'KES',
    }));

  const dataDirectory = options.dataDirectory ?? '.lipwa-data';
  // The shop receives its own signed webhooks. Production refuses a plain-http endpoint, so a
  // production-mode demo (loopback only) keeps to the in-process hooks.
  const webhookSecret =
    environment === 'production'
      ? undefined
      : (process.env.LIPWA_WEBHOOK_SECRET ?? `whsec_${randomBytes(24).toString('base64')}`);
  let shop: RunningShop;
  try {
    shop = await startShopInstance({
      port: options.port ?? 0,
      simulator: simulatorEndpoints(simulator),
      providers,
      // The embedded durable store: payments survive a restart with no database server. The
      // orders live beside them, so a payment completing after a restart still finds its order.
      openStorage: async () => ({
        store: await createFileStore({ directory: dataDirectory }),
        orders: await openOrderBook(dataDirectory),
      }),
      environment,
      allowSimulatorInProduction: options.allowSimulatorInProduction === true,
      webhookSecret,
      tokenSecret: options.tokenSecret,
      failover: options.failover ?? false,
      phoneLimits: options.phoneLimits !== false,
      firstQueryAfterMs: options.firstQueryAfterMs ?? 10_000,
      extraOrigins: options.extraOrigins ?? [],
      log,
    });
  } catch (error) {
    if (ownSimulator) await simulator.close();
    throw error;
  }
  registerWebhooks(simulator, `${shop.shopUrl}/lipwa`);

  return {
    shopUrl: shop.shopUrl,
    simulator,
    lipwa: shop.lipwa,
    async close() {
      await shop.close();
      if (ownSimulator) await simulator.close();
    },
  };
}
