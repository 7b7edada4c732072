/**
 * Wires the demo on the embedded defaults: a provider's simulator (Daraja unless told otherwise),
 * the embedded file store, an ephemeral token key. A simulator settles payments no one paid, so
 * in production the demo refuses to start unless told that is what is wanted.
 */
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigError, ValidationError } from '@lipwa/core';
import { createLipwa, type Lipwa, type PaymentFinalEvent } from '@lipwa/server';
import { createFileStore } from '@lipwa/server/file-store';
import { type RunningSimulator, startSimulator } from '@lipwa/simulator';
import { findProduct } from './catalogue.js';
import { type Order, type OrderChanges, openOrderBook } from './orders.js';
import {
  DEMO_RESULTS_TOKEN,
  type DemoProvider,
  registerPaybill,
  registerWebhooks,
  simulatedAdapter,
} from './providers.js';
import { createShopApp } from './shop-app.js';

const reviewNotes = {
  amount_mismatch: 'The amount paid differs from the order total.',
  success_after_failure: 'Money arrived after the attempt had failed.',
  second_success: 'The order was paid twice: refund the second payment.',
} as const;

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

  const port = options.port ?? 0;
  // The kit's public URL must be known before the server listens; with port 0 we bind first.
  const { createServer } = await import('node:http');
  const server: Server = createServer();
  await new Promise<void>((resolve, reject) => {
    // A port already taken fails the start with Node's EADDRINUSE instead of an unhandled event.
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  }).catch(async (error: unknown) => {
    if (ownSimulator) await simulator.close();
    throw error;
  });
  const shopUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  // The embedded durable store: payments survive a restart with no database server. The orders
  // live beside them, so a payment completing after a restart still finds its order.
  const dataDirectory = options.dataDirectory ?? '.lipwa-data';
  const store = await createFileStore({ directory: dataDirectory });
  const orders = await openOrderBook(dataDirectory);
  registerWebhooks(simulator, `${shopUrl}/lipwa`);
  // The shop receives its own signed webhooks. Production refuses a plain-http endpoint, so a
  // production-mode demo (loopback only) keeps to the in-process hooks.
  const webhookSecret =
    environment === 'production'
      ? undefined
      : (process.env.LIPWA_WEBHOOK_SECRET ?? `whsec_${randomBytes(24).toString('base64')}`);
  const adapters = providers.map((provider) => simulatedAdapter(provider, simulator));
  const lipwa = createLipwa({
    ...(webhookSecret
      ? {
          webhooks: {
            endpoints: [
              {
                id: 'shop',
                url: `${shopUrl}/webhooks/lipwa`,
                secrets: [webhookSecret],
                events: [
                  'payment.completed',
                  'payment.failed',
                  'payment.cancelled',
                  'payment.expired',
                  'payment.reversed',
                  'payment.review',
                ],
              },
            ],
          },
        }
      : {}),
    store,
    providers: adapters,
    resultsToken: DEMO_RESULTS_TOKEN,
    failover: options.failover ?? false,
    ...(options.phoneLimits === false ? { rateLimit: { phoneWindows: [] } } : {}),
    environment,
    allowSimulatorInProduction: options.allowSimulatorInProduction === true,
    publicUrl: `${shopUrl}/lipwa`,
    merchantName: 'Duka la Lipwa',
    allowedOrigins: [
      shopUrl,
      shopUrl.replace('127.0.0.1', 'localhost'),
      ...(options.extraOrigins ?? []),
    ],
    // For SPAs: `POST /lipwa/sessions { product }`. The browser names a product; the price is ours.
    resolveSession: async (req) => {
      const product = findProduct(req.body?.product);
      if (!product)
        throw new ValidationError('invalid_field', 'Name a product from the catalogue.', {
          details: { field: 'product' },
        });
      const order = await orders.open(product);
      return {
        amount: product.price,
        currency: 'KES',
        reference: order.reference,
        description: product.name,
      };
    },
    ...(options.tokenSecret ? { tokens: { secret: options.tokenSecret } } : {}),
    reconcile: { firstQueryAfterMs: options.firstQueryAfterMs ?? 10_000 },
    hooks: {
      onPaymentFinal: async ({ payment }) => {
        const current = orders.get(payment.reference);
        if (!current) return;
        const order =
          (await orders.update(payment.reference, orderChangesFor(current, payment))) ?? current;
        log(
          `order ${order.reference}: ${payment.status}${payment.reason ? ` (${payment.reason})` : ''} via ${payment.provider}${payment.phone ? ` from ${payment.phone}` : ''}`,
        );
      },
      onPaymentReview: async ({ payment, review }) => {
        const current = orders.get(payment.reference);
        if (!current) return;
        // Never shipped on a review: a person decides (a refund, or accepting the money).
        await orders.update(payment.reference, {
          ...(current.status === 'paid' ? {} : { status: 'needs_review' as const }),
          note: reviewNotes[review],
        });
        log(`order ${payment.reference}: needs review (${review})`);
      },
    },
  });
  lipwa.start();
  let paybill: string | undefined;
  for (const adapter of adapters) {
    paybill ??= await registerPaybill(adapter, simulator, `${shopUrl}/lipwa`);
  }

  server.on('request', createShopApp({ lipwa, orders, webhookSecret, log, paybill }));

  return {
    shopUrl,
    simulator,
    lipwa,
    async close() {
      await lipwa.close(); // closes the file store too
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (ownSimulator) await simulator.close();
    },
  };
}

/** What a final payment means for its order (review cases have their own hook). */
function orderChangesFor(order: Order, payment: PaymentFinalEvent['payment']): OrderChanges {
  if (payment.status === 'completed') {
    return { status: 'paid', ...(payment.receipt ? { receipt: payment.receipt } : {}) };
  }
  return order.status === 'paid' || order.status === 'needs_review'
    ? {}
    : { status: 'payment_failed' };
}
