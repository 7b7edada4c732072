/**
 * The payment-apps adapter's payouts and airtime against @lipwa/simulator over real HTTP, with
 * their webhooks, refusals before sending and typed failures.
 */
import { ProviderError, ValidationError } from '@lipwa/core';
import { paymentAppsSandboxApps as apps } from '@lipwa/simulator';
import { describe, expect, it } from 'vitest';
import {
  adapter,
  adapterWith,
  events,
  fault,
  KES,
  rejectionOf,
  sent,
  startWorldForEachTest,
  world,
} from './test-payment-apps-operations.js';

startWorldForEachTest();

describe('payment-apps payouts and airtime against the simulator', () => {
  it('sends money from the payout app: accepted now, completed by a verified webhook', async () => {
    const accepted = await adapter.b2c.send({
      phone: '254708374149',
      amount: KES(500),
      commandId: 'SalaryPayment',
      remarks: 'March salary',
    });
    const [event] = await events();
    const [forCheckout] = await Promise.all(
      world.received().map((input) => adapter.verifyCallback(input)),
    );

    expect(sent[0]?.url.pathname).toBe(`/payment-apps/api/pay/${apps.b2c}/sendMoney`);
    expect(accepted).toMatchObject({
      transactionId: expect.stringMatching(/^\d+$/),
      conversationId: expect.stringMatching(/^AG_/),
    });
    expect(event?.transaction).toMatchObject({
      id: accepted.transactionId,
      type: 'PAYMENT_OUT',
      subType: 'SalaryPayment',
      status: 'STATUS_COMPLETED',
      amount: KES(500),
      payee: { account: '254708374149' },
      receipt: expect.stringMatching(/^[A-Z0-9]{10}$/),
    });
    expect(event?.outcome).toMatchObject({ status: 'completed', providerCode: '0' });
    expect(forCheckout?.updates).toEqual([]);
  });

  it('hears a failed payout as failed with the reason, and its status says so too', async () => {
    const accepted = await adapter.b2c.send({ phone: '254711000001', amount: KES(500) });
    const [event] = await events();

    const status = await adapter.transactions.status(accepted.transactionId ?? '', {
      app: apps.b2c,
    });

    expect(event?.outcome).toMatchObject({ status: 'failed', reason: 'insufficient_funds' });
    expect(status).toMatchObject({
      status: 'failed',
      reason: 'insufficient_funds',
      resultCode: '1',
    });
  });

  it.each([
    ['a phone that is not 2547…', { phone: '0708374149', amount: KES(500) }, 'invalid_phone'],
    ['less than KES 10', { phone: '254708374149', amount: KES(5) }, 'invalid_amount'],
    ['more than KES 250,000', { phone: '254708374149', amount: KES(250_001) }, 'invalid_amount'],
    [
      'cents',
      { phone: '254708374149', amount: { amount: 50_050, currency: 'KES' } },
      'invalid_amount',
    ],
    [
      'dollars',
      { phone: '254708374149', amount: { amount: 50_000, currency: 'USD' } },
      'invalid_amount',
    ],
  ])('refuses a payout with %s before sending', async (_case, payout, code) => {
    const error = await rejectionOf(adapter.b2c.send(payout));

    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ code });
    expect(sent).toHaveLength(0);
  });

  it('refuses a payout without a payout app before sending', async () => {
    const none = adapterWith({ payoutApp: undefined });

    await expect(none.b2c.send({ phone: '254708374149', amount: KES(500) })).rejects.toMatchObject({
      code: 'invalid_field',
      details: { field: 'app' },
    });
    expect(none.capabilities.has('payout')).toBe(false);
    expect(sent).toHaveLength(0);
  });

  it('reports sendMoney from an STK app as a refusal, not an outage', async () => {
    const error = await rejectionOf(
      adapter.b2c.send({ phone: '254708374149', amount: KES(500) }, { app: apps.express }),
    );

    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({
      code: 'provider_rejected',
      providerCode: '500',
      retryable: false,
      reason: 'not_permitted',
    });
  });

  it('reports a hung payout as ambiguous and never sends it twice', async () => {
    fault({ operation: 'api', kind: 'hang' });
    const hurried = adapterWith({ timeoutMs: 300 });

    const error = await rejectionOf(hurried.b2c.send({ phone: '254708374149', amount: KES(500) }));

    expect(error).toMatchObject({
      code: 'provider_unavailable',
      ambiguous: true,
      retryable: false,
    });
    expect(sent).toHaveLength(1);
  });

  it('reports the busy magic number as a retryable subscriber_busy refusal', async () => {
    const error = await rejectionOf(adapter.b2c.send({ phone: '254711000017', amount: KES(500) }));

    expect(error).toMatchObject({
      reason: 'subscriber_busy',
      retryable: true,
      providerCode: '502',
    });
  });

  it('sends airtime and refuses more than KES 10,000 before sending', async () => {
    const accepted = await adapter.airtime.send({ phone: '254708374149', amount: KES(50) });
    const [event] = await events();
    const tooMuch = await rejectionOf(
      adapter.airtime.send({ phone: '254708374149', amount: KES(10_001) }),
    );

    expect(event?.transaction).toMatchObject({
      id: accepted.transactionId,
      subType: 'Airtime',
      amount: KES(50),
    });
    expect(tooMuch).toMatchObject({ name: 'ValidationError', code: 'invalid_amount' });
    expect(sent).toHaveLength(1);
  });

  it('reads the payout app’s balance as Money, less what was paid out', async () => {
    await adapter.b2c.send({ phone: '254708374149', amount: KES(1_000) });
    await world.idle();

    const balance = await adapter.balance.check();

    expect(balance.accounts).toEqual([
      expect.objectContaining({ name: 'Working Account', available: KES(0) }),
      expect.objectContaining({ name: 'Utility Account', available: KES(499_000) }),
      expect.objectContaining({ name: 'Charges Paid Account', current: KES(0) }),
    ]);
    expect(balance.conversationId).toMatch(/^AG_/);
  });
});
