/**
 * A polled refund the provider never settles, on the kit's injected clock over real HTTP: the
 * kit on the real `paymentApps()` adapter (reverseTransaction, settled by polling
 * getTransactionStatus), the simulator's clock held still after the payment so the reversal
 * stays unsettled at the gateway. At `reconcile.moneyOutReviewAfterMs` it goes to review.
 */
import type { Msisdn } from '@lipwa/core';
import { paymentApps } from '@lipwa/providers';
import { type RunningSimulator, startSimulator } from '@lipwa/simulator';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { servedKit } from '../paybill/test-served-kit.js';
import type { Kit } from '../testing/test-harness.js';

/** The simulator settles after this much of its own time, which only the payment is given. */
const SETTLE_DELAY_MS = 1_000;
const WEBHOOK_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const timing = { firstQueryAfterMs: 20_000, maxIntervalMs: 60_000, moneyOutReviewAfterMs: 600_000 };

let simulator: RunningSimulator;
let kit: Kit & { url: string; close(): Promise<void> };
let webhookTypes: string[];
let reversals: number;

beforeAll(async () => {
  simulator = await startSimulator({ port: 0, autoResolveDelayMs: SETTLE_DELAY_MS });
});

afterAll(async () => {
  await simulator.close();
});

beforeEach(async () => {
  webhookTypes = [];
  reversals = 0;
  kit = await servedKit({
    providers: [
      paymentApps({
        ...simulator.paymentApps,
        fetch: (input, init) => {
          if (
            String(input instanceof Request ? input.url : input).includes('/reverseTransaction')
          ) {
            reversals += 1;
          }
          return globalThis.fetch(input, init);
        },
      }),
    ],
    reconcile: timing,
    hooks: { onPaymentReview: (event) => void kit.reviews.push(event) },
    webhooks: {
      endpoints: [
        {
          id: 'reviews',
          url: 'http://127.0.0.1:9/merchant-webhooks',
          secrets: [WEBHOOK_SECRET],
          events: ['payment.review'],
        },
      ],
      fetch: (async (_url: unknown, init?: RequestInit) => {
        webhookTypes.push((JSON.parse(String(init?.body)) as { type: string }).type);
        return new Response('ok');
      }) as typeof fetch,
    },
  });
  simulator.control.setWebhookUrl('payment-apps', `${kit.url}/callbacks/payment-apps`);
});

afterEach(async () => {
  await kit.close();
  simulator.control.reset();
});

/** Passes of the reconciler every `maxIntervalMs` until `untilMs` after `from`. */
async function reconcileUntil(from: number, untilMs: number): Promise<void> {
  while (kit.clock.now() - from + timing.maxIntervalMs <= untilMs) {
    kit.clock.advance(timing.maxIntervalMs);
    await kit.reconcileOnce();
  }
}

describe('a polled refund the provider never settles', () => {
  it('goes to review at the deadline: the payment stays completed, the merchant is told once, nothing is requested again', async () => {
    const { payment } = await kit.startPayment(await kit.session(), {
      phone: '254711000000' as Msisdn,
    });
    await simulator.control.advance(SETTLE_DELAY_MS);
    await simulator.control.idle();
    expect((await kit.lipwa.payments.retrieve(payment.id)).status).toBe('completed');
    const requestedAt = kit.clock.now();
    await kit.lipwa.payments.refund(payment.id);

    await reconcileUntil(requestedAt, timing.moneyOutReviewAfterMs - 1);
    expect(kit.reviews).toEqual([]);
    kit.clock.advance(timing.maxIntervalMs);
    await kit.reconcileOnce();
    await kit.reconcileOnce();
    await kit.sendWebhooksOnce();

    expect((await kit.lipwa.payments.retrieve(payment.id)).status).toBe('completed');
    expect(kit.reviews).toEqual([
      expect.objectContaining({
        payment: expect.objectContaining({ id: payment.id, status: 'completed' }),
        review: 'refund_unsettled',
        reportedStatus: 'reversed',
      }),
    ]);
    expect(webhookTypes).toEqual(['payment.review']);
    expect(reversals).toBe(1);
    await expect(kit.lipwa.payments.refund(payment.id)).rejects.toMatchObject({
      details: { refusal: 'refund_pending' },
    });
    expect(reversals).toBe(1);
    const logged = kit.logger.entries.filter((entry) =>
      entry.message.includes('refund the provider has not settled'),
    );
    expect(logged).toEqual([
      expect.objectContaining({
        level: 'warn',
        fields: expect.objectContaining({ phone: '2547•••••000' }),
      }),
    ]);
  });
});
