/**
 * One running shop: an HTTP server bound first (so the kit knows its own URL, even on port 0)
 * that answers 503 until the kit, store and order book are ready, then the shop's app.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EventBus, LimitStore, Lipwa, PaymentStore } from '@lipwa/server';
import type { OrderBook } from './orders.js';
import {
  type DemoProvider,
  registerPaybill,
  type SimulatorEndpoints,
  simulatedAdapter,
} from './providers.js';
import { createShopApp } from './shop-app.js';
import { createShopKit, type ShopKitOptions } from './shop-kit.js';

/** Where the shop keeps payments and orders; opened once the shop's URL is known. */
export interface ShopStorage {
  readonly store: PaymentStore;
  readonly orders: OrderBook;
  /** For several instances: the bus that carries status changes between them. */
  readonly bus?: EventBus | undefined;
  /** For several instances: where the abuse limits count, shared by all of them. */
  readonly limits?: LimitStore | undefined;
  /** Closes what `lipwa.close()` does not (the store and bus are closed by the kit). */
  readonly close?: (() => Promise<void>) | undefined;
}

export interface ShopInstanceOptions
  extends Omit<ShopKitOptions, 'shopUrl' | 'store' | 'bus' | 'limits' | 'orders' | 'adapters'> {
  readonly port: number;
  readonly simulator: SimulatorEndpoints;
  readonly providers: readonly DemoProvider[];
  readonly openStorage: () => Promise<ShopStorage>;
  /** Sees every request before the app (the cluster names the instance a callback reached). */
  readonly onRequest?: ((req: IncomingMessage) => void) | undefined;
}

export interface RunningShop {
  readonly shopUrl: string;
  readonly lipwa: Lipwa;
  close(): Promise<void>;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** Listens on `port`; until `handler.current` is set, every request is answered 503. */
async function listenNotReady(
  port: number,
): Promise<{ server: Server; handler: { current?: Handler } }> {
  const handler: { current?: Handler } = {};
  const server = createServer((req, res) => {
    if (handler.current) {
      handler.current(req, res);
      return;
    }
    res.writeHead(503, { 'Content-Type': 'text/plain', 'Retry-After': '1' });
    res.end('Starting: try again in a moment.');
  });
  await new Promise<void>((resolve, reject) => {
    // A port already taken fails the start with Node's EADDRINUSE instead of an unhandled event.
    server.once('error', reject);
    // A flash sale connects thousands at once: with Node's default queue of 511 pending
    // connections, 180 of 1,000 simultaneous checkouts on the file store failed to connect
    // (239 on PostgreSQL); with 4,096, none (bench/server checkouts row, docs/performance.md).
    server.listen({ port, host: '127.0.0.1', backlog: 4096 }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return { server, handler };
}

async function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

export async function startShopInstance(options: ShopInstanceOptions): Promise<RunningShop> {
  const { port, simulator, providers, openStorage, onRequest, ...kitOptions } = options;
  const { server, handler } = await listenNotReady(port);
  const shopUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let storage: ShopStorage;
  try {
    storage = await openStorage();
  } catch (error) {
    await closeServer(server);
    throw error;
  }
  const adapters = providers.map((provider) => simulatedAdapter(provider, simulator));
  const { store, bus, limits, orders } = storage;
  const lipwa = createShopKit({ ...kitOptions, shopUrl, store, bus, limits, orders, adapters });
  lipwa.start();
  const baseUrl = options.publicBaseUrl ?? shopUrl;
  let paybill: string | undefined;
  for (const adapter of adapters) {
    paybill ??= await registerPaybill(adapter, simulator, `${baseUrl}/lipwa`);
  }
  const app = createShopApp({
    lipwa,
    orders,
    webhookSecret: options.webhookSecret,
    log: options.log,
    paybill,
  });
  handler.current = (req, res) => {
    onRequest?.(req);
    app(req, res);
  };

  return {
    shopUrl,
    lipwa,
    async close() {
      await lipwa.close(); // closes the store and the bus too
      await closeServer(server);
      await storage.close?.();
    },
  };
}
