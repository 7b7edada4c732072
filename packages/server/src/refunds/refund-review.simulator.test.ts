/**
 * A refund the provider never settles, on the kit's injected clock over real HTTP: the kit on the
 * real `paymentApps()` adapter (reverseTransaction, settled by polling getTransactionStatus) and
 * the real `daraja()` adapter (its reversal result posted back), the simulator's clock held still
 * after the payment so the reversal stays unsettled (Daraja posts no result). At
 * `reconcile.moneyOutReviewAfterMs` it goes to review.
 */
import type { Msisdn } from '@lipwa/core';
import { daraja, paymentApps } from '@lipwa/providers';
import { type RunningSimulator, startSimulator } from '@lipwa/simulator';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { servedKit } from '../paybill/test-served-kit.js';
import type { Kit } from '../testing/test-harness.js';

/** The simulator settles after this much of its own time, which only the payment is given. */
const SETTLE_DELAY_MS = 1_000;
const WEBHOOK_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const TOKEN = 'tok_results_7c4d2e9b1a';
const timing = { firstQueryAfterMs: 20_000, maxIntervalMs: 60_000, moneyOutReviewAfterMs: 600_000 };

let simulator: RunningSimulator;
let kit: Kit & { url: string; close(): Promise<void> };
let webhookTypes: string[];
let reversals: number;
let darajaReversals: number;

beforeAll(async () => {
  simulator = await startSimulator({ port: 0, autoResolveDelayMs: SETTLE_DELAY_MS });
});

afterAll(async () => {
  await simulator.close();
});

beforeEach(async () => {
  webhookTypes = [];
  reversals = 0;
  darajaReversals = 0;
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
      daraja({
        ...simulator.daraja,
        callbackToken: TOKEN,
        fetch: (input, init) => {
          if (String(input instanceof Request ? input.url : input).includes('/reversal/')) {
            darajaReversals += 1;
          }
          return globalThis.fetch(input, init);
        },
      }),
    ],
    resultsToken: TOKEN,
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

/** The kit's log lines for a refund put in review because the provider never settled it. */
const unsettledRefundLogLines = () =>
  kit.logger.entries.filter((entry) =>
    entry.message.includes('refund the provider has not settled'),
  );

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
    const logged = unsettledRefundLogLines();
    expect(logged).toEqual([
      expect.objectContaining({
        level: 'warn',
        fields: expect.objectContaining({ phone: '2547•••••000' }),
      }),
    ]);
  });
});

describe('a refund whose posted result never comes', () => {
  it('goes to review at the deadline like a polled one; the result that still arrives reverses the payment', async () => {
    const started = await kit.startPayment(await kit.session(), {
      phone: '254711000000' as Msisdn,
      method: 'daraja',
    });
    const paymentId = started.payment.id;
    await simulator.control.advance(SETTLE_DELAY_MS);
    await simulator.control.idle();
    expect((await kit.lipwa.payments.retrieve(paymentId)).status).toBe('completed');
    const requestedAt = kit.clock.now();
    await kit.lipwa.payments.refund(paymentId);

    await reconcileUntil(requestedAt, timing.moneyOutReviewAfterMs - 1);
    expect(kit.reviews).toEqual([]);
    kit.clock.advance(timing.maxIntervalMs);
    await kit.reconcileOnce();
    await kit.reconcileOnce();
    await kit.sendWebhooksOnce();

    expect((await kit.lipwa.payments.retrieve(paymentId)).status).toBe('completed');
    expect(kit.reviews).toEqual([
      expect.objectContaining({
        payment: expect.objectContaining({ id: paymentId, status: 'completed' }),
        review: 'refund_unsettled',
      }),
    ]);
    expect(webhookTypes).toEqual(['payment.review']);
    expect(darajaReversals).toBe(1);
    const logged = unsettledRefundLogLines();
    expect(logged).toEqual([
      expect.objectContaining({
        level: 'warn',
        fields: expect.objectContaining({ provider: 'daraja', phone: '2547•••••000' }),
      }),
    ]);

    // Daraja posts the reversal result at last.
    await simulator.control.advance(SETTLE_DELAY_MS);
    await simulator.control.idle();
    expect((await kit.lipwa.payments.retrieve(paymentId)).status).toBe('reversed');
    expect(darajaReversals).toBe(1);
  });
});
