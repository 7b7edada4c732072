import { ConfigError } from '@lipwa/core';
import { describe, expect, it } from 'vitest';
import { createLipwa } from '../create-lipwa.js';
import type { PaymentStore } from '../stores/payment-store.js';
import { createScriptedAdapter, darajaSuccess } from '../testing/test-adapter.js';
import { callbackPath, SHOP_ORIGIN, setupKit, TEST_SECRET } from '../testing/test-harness.js';
import { hasOutbox } from './webhook-delivery.js';
import type { WebhooksOptions } from './webhook-options.js';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

function webhooks(
  fetchFn: typeof fetch,
  overrides: Partial<WebhooksOptions> = {},
): WebhooksOptions {
  return {
    endpoints: [
      {
        id: 'orders',
        url: 'http://127.0.0.1:4000/webhooks',
        secrets: [SECRET],
        events: ['payment.completed', 'payment.review'],
      },
    ],
    fetch: fetchFn,
    random: () => 0.5,
    ...overrides,
  };
}

async function paidKit(fetchFn: typeof fetch, amountShillings = 1500) {
  const kit = setupKit({ webhooks: webhooks(fetchFn) });
  const { payment } = await kit.startPayment(await kit.session(), { phone: '0708374149' });
  const providerRef = (await kit.store.get(payment.id))?.providerRef ?? '';
  const { token } = callbackPath(kit.adapter.lastCallbackUrl());
  await kit.handleCallback('daraja', token, {
    headers: {},
    rawBody: darajaSuccess(providerRef, amountShillings),
  });
  return { ...kit, payment };
}

const okFetch = (async () => new Response('ok')) as unknown as typeof fetch;

describe('merchant webhooks in the kit', () => {
  it('writes a payment.completed delivery with the status change and sends it from the sender', async () => {
    const bodies: string[] = [];
    const kit = await paidKit((async (_url: unknown, init?: RequestInit) => {
      bodies.push(String(init?.body));
      return new Response('ok');
    }) as typeof fetch);

    const [pending] = await kit.lipwa.webhooks.list({ status: 'pending' });
    const sent = await kit.sendWebhooksOnce();

    expect(pending).toMatchObject({
      eventType: 'payment.completed',
      paymentId: kit.payment.id,
      attempts: 0,
    });
    expect(sent).toBe(1);
    expect(bodies.map((body) => JSON.parse(body))).toEqual([
      expect.objectContaining({
        type: 'payment.completed',
        data: expect.objectContaining({ reference: 'ORDER-1' }),
      }),
    ]);
    expect(await kit.lipwa.webhooks.list({ status: 'delivered' })).toHaveLength(1);
    expect(await kit.sendWebhooksOnce()).toBe(0);
  });

  it('never lets a merchant endpoint that hangs hold up a payment', async () => {
    const hanging = (() => new Promise<Response>(() => undefined)) as typeof fetch;
    const kit = await paidKit(hanging);
    kit.lipwa.start();

    expect(await kit.lipwa.payments.retrieve(kit.payment.id)).toMatchObject({
      status: 'completed',
    });
    expect(kit.finals).toHaveLength(1);
    await kit.lipwa.close();
  });

  it('writes a payment.review delivery when the amount paid is not the amount asked', async () => {
    const kit = await paidKit(okFetch, 1000);

    const deliveries = await kit.lipwa.webhooks.list();

    expect(deliveries.map((delivery) => delivery.eventType)).toContain('payment.review');
    expect(
      JSON.parse(deliveries.find((d) => d.eventType === 'payment.review')?.payload ?? '{}'),
    ).toMatchObject({
      data: { review: 'amount_mismatch' },
    });
  });

  it('replays a delivery: pending again, due now, the same webhook-id', async () => {
    const kit = await paidKit(okFetch);
    const [delivery] = await kit.lipwa.webhooks.list();
    if (!hasOutbox(kit.store) || !delivery) throw new Error('no outbox');
    await kit.store.updateDelivery(delivery.id, {
      status: 'failed',
      lastError: 'HTTP 500; retries spent',
    });
    kit.clock.advance(1000);

    const replayed = await kit.lipwa.webhooks.replay(delivery.id);

    expect(replayed).toMatchObject({
      id: delivery.id,
      status: 'pending',
      nextAttemptAt: kit.clock.now(),
    });
    expect(await kit.lipwa.webhooks.list({ status: 'failed' })).toEqual([]);
    await expect(kit.lipwa.webhooks.replay('msg_unknown')).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(kit.lipwa.webhooks.list({ status: 'lost' as 'failed' })).rejects.toMatchObject({
      code: 'invalid_request',
    });
  });

  it('refuses an endpoint that is not https in production, with a clear error', () => {
    expect(() =>
      createLipwa({
        providers: [createScriptedAdapter()],
        publicUrl: 'https://shop.example/lipwa',
        merchantName: 'Duka',
        allowedOrigins: [SHOP_ORIGIN],
        tokens: { secret: TEST_SECRET },
        environment: 'production',
        logger: { info() {}, warn() {}, error() {} },
        webhooks: webhooks(okFetch),
      }),
    ).toThrow(/webhooks endpoint "orders" must use https:/);
  });

  it('refuses webhooks on a store that keeps no outbox', () => {
    const { leaseDeliveries: _, ...plain } = setupKit().store as PaymentStore & {
      leaseDeliveries?: unknown;
    };
    expect(() => setupKit({ store: plain as PaymentStore, webhooks: webhooks(okFetch) })).toThrow(
      ConfigError,
    );
  });
});
