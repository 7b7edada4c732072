/**
 * Cashfin's typed subscriptions, payment links and shop orders against @lipwa/simulator over real
 * HTTP.
 */
import { ValidationError } from '@lipwa/core';
import { describe, expect, it } from 'vitest';
import {
  adapter,
  basket,
  customer,
  KES,
  rejectionOf,
  sent,
  shuka,
  startWorldForEachTest,
  towel,
  world,
} from './test-cashfin-operations.js';

startWorldForEachTest();

describe('Cashfin subscriptions against the simulator', () => {
  it('creates a subscription with a trial and reads it back', async () => {
    const created = await adapter.subscriptions.create({
      customerId: customer?._id ?? '',
      items: [{ itemId: towel?._id ?? '', quantity: 1, rate: KES(999) }],
      billingCycle: 'quarterly',
      autoRenew: true,
      trial: { days: 7 },
    });

    expect(created).toMatchObject({
      status: 'trial',
      billingCycle: 'quarterly',
      autoRenew: true,
      amount: KES(999),
      trialDays: 7,
      nextBillingDate: expect.any(String),
    });
    expect(await adapter.subscriptions.details(created.id)).toEqual(created);
  });

  it('refuses an unknown cycle or a trial of no days before sending', async () => {
    const base = {
      customerId: customer?._id ?? '',
      items: [{ itemId: towel?._id ?? '', quantity: 1, rate: KES(999) }],
    };

    await expect(
      adapter.subscriptions.create({ ...base, billingCycle: 'daily' as never }),
    ).rejects.toBeInstanceOf(ValidationError);
    await expect(
      adapter.subscriptions.create({ ...base, trial: { days: 0 } }),
    ).rejects.toBeInstanceOf(ValidationError);
    expect(sent).toHaveLength(0);
  });
});

describe('Cashfin payment links against the simulator', () => {
  it('creates, lists and reads payment links', async () => {
    const link = await adapter.paymentLinks.create({
      title: 'Deposit',
      amount: KES(500),
      type: 'reusable',
    });

    const listed = [];
    for await (const each of adapter.paymentLinks.list()) listed.push(each);

    expect(link).toMatchObject({
      title: 'Deposit',
      amount: KES(500),
      type: 'reusable',
      active: true,
      url: expect.stringContaining('/cashfin/pay/'),
    });
    expect(listed).toEqual([link]);
    expect(await adapter.paymentLinks.details(link.id)).toEqual(link);
  });

  it.each([
    ['with cents', { amount: 50_050, currency: 'KES' }],
    ['above KES 250,000', KES(250_001)],
    ['in another currency', { amount: 50_000, currency: 'USD' }],
  ])('refuses an amount %s before sending', async (_case, amount) => {
    const error = await rejectionOf(adapter.paymentLinks.create({ title: 'x', amount }));

    expect(error).toMatchObject({ name: 'ValidationError', code: 'invalid_amount' });
    expect(sent).toHaveLength(0);
  });
});

describe('Cashfin shop orders against the simulator', () => {
  it('checks out an order whose prompt settles through the usual signed webhook', async () => {
    const order = await adapter.orders.checkout({
      items: [
        { productId: towel?._id ?? '', quantity: 1 },
        { productId: shuka?._id ?? '', quantity: 1 },
      ],
      phone: '254711000000',
      reference: 'SHOP-42',
    });
    await world.idle();
    const [webhook] = world.received();
    const result = await adapter.verifyCallback(webhook as never);

    expect(order).toMatchObject({
      number: 'ORD-000001',
      status: 'pending',
      total: KES(4000),
      referenceId: 'SHOP-42',
      checkoutRequestId: expect.stringMatching(/^ws_CO_/),
    });
    expect(result.updates).toEqual([
      expect.objectContaining({
        providerRef: order.checkoutRequestId,
        status: 'completed',
        amount: KES(4000),
      }),
    ]);
  });

  it('refuses a phone that is not 2547… before sending', async () => {
    const error = await rejectionOf(
      adapter.orders.checkout({
        items: [{ productId: towel?._id ?? '', quantity: 1 }],
        phone: '0712345678',
      }),
    );

    expect(error).toMatchObject({ name: 'ValidationError', code: 'invalid_phone' });
    expect(sent).toHaveLength(0);
  });

  it('reports more than the stock as Cashfin’s 409 refusal, never retried', async () => {
    const error = await rejectionOf(
      adapter.orders.checkout({
        items: [{ productId: basket?._id ?? '', quantity: 2 }],
        phone: '254708374149',
      }),
    );

    expect(error).toMatchObject({
      code: 'provider_rejected',
      providerCode: '409',
      retryable: false,
    });
    expect(sent).toHaveLength(1);
    expect(world.simulator.control.prompts()).toEqual([]);
  });
});
