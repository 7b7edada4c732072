/**
 * The kit over the real `daraja()` adapter and the simulator, over real HTTP, next to the same
 * kit on the scripted double: each magic number's documented callback must end both payments the
 * same way, so the double the other tests use cannot drift from the adapter it stands in for.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CallbackInput, PaymentView } from '@lipwa/core';
import { daraja } from '@lipwa/providers';
import { type RunningSimulator, startSimulator } from '@lipwa/simulator';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callbackPath, setupKit } from './test-harness.js';

let simulator: RunningSimulator;

beforeAll(async () => {
  simulator = await startSimulator({ port: 0, autoResolveDelayMs: 0 });
});

afterAll(async () => {
  await simulator.close();
});

/** A kit on the real adapter, served on port 0, that keeps every callback body it verified. */
async function realKit() {
  const app = express();
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/lipwa`;
  const adapter = daraja({ ...simulator.daraja });
  const bodies: string[] = [];
  const kit = setupKit({
    publicUrl: url,
    providers: [
      {
        ...adapter,
        verifyCallback: (input: CallbackInput) => {
          bodies.push(input.rawBody);
          return adapter.verifyCallback(input);
        },
      },
    ],
  });
  app.use('/lipwa', kit.lipwa.router());
  return {
    ...kit,
    bodies,
    async close() {
      await kit.lipwa.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** What the merchant would act on. */
function outcome(view: PaymentView) {
  return {
    status: view.status,
    reason: view.reason,
    providerCode: view.providerCode,
    receipt: view.receipt,
  };
}

describe('the kit on the real daraja() adapter and the simulator, against the scripted double', () => {
  it.each([
    ['254711000000', 'completed', undefined],
    ['254711000001', 'failed', 'insufficient_funds'],
    ['254711000032', 'cancelled', 'cancelled_by_user'],
    // The old double said `expired` here; the real result-code table says `failed`.
    ['254711000037', 'failed', 'no_response'],
    ['254711002001', 'failed', 'wrong_pin'],
  ])('ends a payment from %s as %s (%s), the same way on both', async (phone, status, reason) => {
    const real = await realKit();
    try {
      const { payment } = await real.startPayment(await real.session(), { phone });
      await simulator.control.advance(0);
      await simulator.control.idle();
      const paid = await real.lipwa.payments.retrieve(payment.id);
      expect(paid).toMatchObject({ status, ...(reason ? { reason } : {}) });
      expect(real.finals).toEqual([expect.objectContaining({ status })]);
      expect(real.bodies).toHaveLength(1);

      // The same documented callback, through the double the rest of the tests use.
      const double = setupKit();
      const providerRef = (await real.store.get(payment.id))?.providerRef ?? '';
      double.adapter.onInitiate = async () => ({ providerRef, next: { type: 'stk' } });
      const started = await double.startPayment(await double.session(), { phone });
      const { token } = callbackPath(double.adapter.lastCallbackUrl());
      await double.handleCallback('daraja', token, { headers: {}, rawBody: real.bodies[0] ?? '' });

      expect(outcome(await double.lipwa.payments.retrieve(started.payment.id))).toEqual(
        outcome(paid),
      );
    } finally {
      await real.close();
    }
  });
});
