/**
 * The setup factory for the kit's tests: the shared fake clock and recording logger
 * (`@lipwa/core/testing`), the scripted adapter, recording hooks, the kit's internals (what the
 * router calls), and optionally the router served over real HTTP on 127.0.0.1 port 0.
 */

import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type FakeClock,
  fakeClock,
  type RecordingLogger,
  recordingLogger,
  TEST_START_MS,
} from '@lipwa/core/testing';
import express from 'express';
import { createLipwa } from '../create-lipwa.js';
import { internalsOf, type LipwaInternals } from '../kit-internals.js';
import type { Lipwa } from '../lipwa.js';
import type { LipwaOptions, PaymentFinalEvent, PaymentReviewEvent } from '../options.js';
import { createMemoryStore } from '../stores/memory-store.js';
import type { PaymentStore } from '../stores/payment-store.js';
import { createScriptedAdapter, type ScriptedAdapter } from './test-adapter.js';

export { type FakeClock, fakeClock, type LogEntry, recordingLogger } from '@lipwa/core/testing';

export const TEST_SECRET = 'test-secret-that-is-at-least-32-bytes-long!';
export const SHOP_ORIGIN = 'https://shop.example';
export const START = TEST_START_MS;

/** The kit's internals, as the router calls them (`internalsOf(lipwa)`). */
type KitInternals = Omit<LipwaInternals, 'config'>;

export interface Kit extends KitInternals {
  lipwa: Lipwa;
  clock: FakeClock;
  adapter: ScriptedAdapter;
  store: PaymentStore;
  logger: RecordingLogger;
  finals: PaymentFinalEvent[];
  reviews: PaymentReviewEvent[];
  /** A fresh session token for KES 1,500.00, reference ORDER-1. */
  session(overrides?: Partial<Parameters<Lipwa['sessions']['create']>[0]>): Promise<string>;
}

export function setupKit(overrides: Partial<LipwaOptions> = {}): Kit {
  const clock = fakeClock();
  const adapter = createScriptedAdapter();
  const store = overrides.store ?? createMemoryStore();
  const logger = recordingLogger();
  const finals: PaymentFinalEvent[] = [];
  const reviews: PaymentReviewEvent[] = [];
  const lipwa = createLipwa({
    ...(overrides.providers || overrides.provider ? {} : { providers: [adapter] }),
    publicUrl: 'http://127.0.0.1:3000/lipwa',
    merchantName: 'Duka la Lipwa',
    allowedOrigins: [SHOP_ORIGIN],
    tokens: { secret: TEST_SECRET },
    store,
    environment: 'development',
    clock,
    logger,
    hooks: {
      onPaymentFinal: (event) => void finals.push(event),
      onPaymentReview: (event) => void reviews.push(event),
    },
    ...overrides,
  });
  const { config: _config, ...internals } = internalsOf(lipwa);
  return {
    ...internals,
    lipwa,
    clock,
    adapter,
    store,
    logger,
    finals,
    reviews,
    async session(input = {}) {
      const { token } = await lipwa.sessions.create({
        amount: 150000,
        currency: 'KES',
        reference: 'ORDER-1',
        description: 'Kikoi',
        ...input,
      });
      return token;
    },
  };
}

export interface ServedKit extends Kit {
  url: string;
  close(): Promise<void>;
}

/** How the test server is set up beyond the kit's options. */
export interface ServeSettings {
  /**
   * Trust `X-Forwarded-For` from loopback (Express `trust proxy`), so one test can speak as
   * several client addresses, as behind the merchant's reverse proxy.
   */
  readonly trustProxy?: boolean;
}

export async function serveKit(
  overrides: Partial<LipwaOptions> = {},
  settings: ServeSettings = {},
): Promise<ServedKit> {
  const kit = setupKit(overrides);
  const app = express();
  if (settings.trustProxy) app.set('trust proxy', 'loopback');
  app.use('/lipwa', kit.lipwa.router());
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  // A loaded machine can leave a pooled keep-alive socket idle past Node's 5 s default: the
  // server would close it as the client reuses it (a reset no kit code caused).
  server.keepAliveTimeout = 60_000;
  const { port } = server.address() as AddressInfo;
  return {
    ...kit,
    url: `http://127.0.0.1:${port}/lipwa`,
    async close() {
      await kit.lipwa.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The path part of a callback URL the kit handed the adapter: `/callbacks/daraja/<token>`. */
export function callbackPath(callbackUrl: string): { provider: string; token: string } {
  const match = /\/callbacks\/([^/]+)\/([^/]+)$/.exec(callbackUrl);
  if (!match?.[1] || !match[2]) throw new Error(`not a callback URL: ${callbackUrl}`);
  return { provider: match[1], token: match[2] };
}
