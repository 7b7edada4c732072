/**
 * Wires the demo on the embedded defaults: the simulator as the provider, the kit's default
 * store, an ephemeral token key. Real Daraja credentials in the environment switch the provider.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ValidationError } from '@lipwa/core';
import { daraja } from '@lipwa/providers';
import { createLipwa, type Lipwa } from '@lipwa/server';
import { createFileStore } from '@lipwa/server/file-store';
import { type RunningSimulator, startSimulator } from '@lipwa/simulator';
import { findProduct } from './catalogue.js';
import { createOrderBook } from './orders.js';
import { createShopApp } from './shop-app.js';

const reviewNotes = {
  amount_mismatch: 'The amount paid differs from the order total.',
  success_after_failure: 'Money arrived after the attempt had failed.',
  second_success: 'The order was paid twice: refund the second payment.',
} as const;

export interface DemoOptions {
  port?: number;
  simulatorPort?: number;
  /** How long the simulator's magic numbers take to answer. */
  autoResolveDelayMs?: number;
  /** How long the kit waits for a callback before asking the provider. */
  firstQueryAfterMs?: number;
  tokenSecret?: string;
  /** Where the embedded store keeps its journal; default `.lipwa-data` in the working directory. */
  dataDirectory?: string;
  /** Origins besides the shop's own allowed to use the kit (e.g. the SPA's dev server). */
  extraOrigins?: readonly string[];
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
  const simulator = await startSimulator({
    port: options.simulatorPort ?? 0,
    autoResolveDelayMs: options.autoResolveDelayMs ?? 3000,
  });

  const port = options.port ?? 0;
  const orders = createOrderBook();
  // The kit's public URL must be known before the server listens; with port 0 we bind first.
  const { createServer } = await import('node:http');
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const shopUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  // The embedded durable store: payments survive a restart with no database server.
  const store = await createFileStore({ directory: options.dataDirectory ?? '.lipwa-data' });
  const lipwa = createLipwa({
    store,
    provider: daraja({ ...simulator.daraja }),
    publicUrl: `${shopUrl}/lipwa`,
    merchantName: 'Duka la Lipwa',
    allowedOrigins: [
      shopUrl,
      shopUrl.replace('127.0.0.1', 'localhost'),
      ...(options.extraOrigins ?? []),
    ],
    // For SPAs: `POST /lipwa/sessions { product }`. The browser names a product; the price is ours.
    resolveSession: (req) => {
      const product = findProduct(req.body?.product);
      if (!product)
        throw new ValidationError('invalid_field', 'Name a product from the catalogue.', {
          details: { field: 'product' },
        });
      const order = orders.open(product);
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
      onPaymentFinal: ({ payment }) => {
        const order = orders.get(payment.reference);
        if (!order) return;
        if (payment.status === 'completed') {
          order.status = 'paid';
          if (payment.receipt) order.receipt = payment.receipt;
        } else if (order.status !== 'paid' && order.status !== 'needs_review') {
          order.status = 'payment_failed';
        }
        log(
          `order ${order.reference}: ${payment.status}${payment.reason ? ` (${payment.reason})` : ''} via ${payment.provider}${payment.phone ? ` from ${payment.phone}` : ''}`,
        );
      },
      onPaymentReview: ({ payment, review }) => {
        const order = orders.get(payment.reference);
        if (!order) return;
        // Never shipped on a review: a person decides (a refund, or accepting the money).
        if (order.status !== 'paid') order.status = 'needs_review';
        order.note = reviewNotes[review];
        log(`order ${order.reference}: needs review (${review})`);
      },
    },
  });
  lipwa.start();

  server.on('request', createShopApp({ lipwa, orders }));

  return {
    shopUrl,
    simulator,
    lipwa,
    async close() {
      await lipwa.close();
      await store.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await simulator.close();
    },
  };
}
