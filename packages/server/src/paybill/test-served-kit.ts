/** Test-only: the kit served on port 0 with its real URL as publicUrl. */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Msisdn, ProviderAdapter } from '@lipwa/core';
import type { RunningSimulator } from '@lipwa/simulator';
import express from 'express';
import { expect } from 'vitest';
import { type Kit, setupKit } from '../testing/test-harness.js';
import type { UnmatchedPaymentEvent } from './manual-payments.js';

/** The kit served on port 0, its publicUrl the real one (STK callbacks must reach it). */
export async function servedKit(
  overrides: Parameters<typeof setupKit>[0],
  /** Routes mounted before the kit's router (e.g. a test's interceptor). */
  before?: (app: express.Express) => void,
) {
  const app = express();
  before?.(app);
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/lipwa`;
  const served = setupKit({ publicUrl: url, ...overrides });
  app.use('/lipwa', served.lipwa.router());
  return {
    ...served,
    url,
    async close() {
      await served.lipwa.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Lets the simulator run what is due now (prompts answered, callbacks and results posted) and waits until it is idle. */
export async function deliverDue(simulator: RunningSimulator): Promise<void> {
  await simulator.control.advance(0);
  await simulator.control.idle();
}

/** Whole shillings as `Money`. */
export const kes = (shillings: number) => ({ amount: shillings * 100, currency: 'KES' });

/** A checkout for `reference` whose STK prompt is out and unanswered (the simulator does not settle that number by itself). */
export async function pendingCheckout(
  kit: Pick<Kit, 'startPayment' | 'session' | 'lipwa'>,
  simulator: RunningSimulator,
  reference = 'ORDER-1',
) {
  const { payment } = await kit.startPayment(await kit.session({ reference }), {
    phone: '254712345678' as Msisdn,
  });
  await deliverDue(simulator);
  expect((await kit.lipwa.payments.retrieve(payment.id)).status).toBe('pending');
  return payment;
}

/**
 * The kit served for Paybill matching: final and review events kept on the kit as ever, and the
 * payments no checkout claimed collected in `unmatched`.
 */
export async function servedPaybillKit(providers: readonly ProviderAdapter[]) {
  const unmatched: UnmatchedPaymentEvent[] = [];
  const kit = await servedKit({
    providers: [...providers],
    hooks: {
      onPaymentFinal: (event) => void kit.finals.push(event),
      onPaymentReview: (event) => void kit.reviews.push(event),
      onUnmatchedPayment: (event) => void unmatched.push(event),
    },
  });
  return { kit, unmatched };
}
