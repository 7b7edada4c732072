/// <reference types="node" />
/**
 * `manualPayments` of the payment-apps adapter against @lipwa/simulator over real HTTP: the
 * customer pays the sandbox paybill app (`simulateTransaction`), the signed webhook reaches the
 * registered URL, and the hook reads it as a Paybill payment; the checkout's own webhooks, other
 * apps and forgeries are not.
 */
import { CallbackError } from '@lipwa/core';
import { paymentAppsSandboxApps } from '@lipwa/simulator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type PaymentAppsWorld, paymentAppsFixture } from './test-payment-apps-fixture.js';

let world: PaymentAppsWorld;

beforeEach(async () => {
  world = (await paymentAppsFixture.start()) as PaymentAppsWorld;
});

afterEach(async () => {
  await world.close();
});

const kes = (shillings: number) => ({ amount: shillings * 100, currency: 'KES' });

async function paybillWebhook(reference = 'ORDER-1') {
  await world.adapter.transactions.simulate(
    { phone: '254708374149', amount: kes(1500), reference },
    { app: paymentAppsSandboxApps.c2b },
  );
  await world.idle();
  const [input] = world.received();
  if (!input) throw new Error('the simulator sent no webhook');
  return input;
}

describe('payment-apps manualPayments', () => {
  it('is offered only with paybillApp', () => {
    expect(world.adapter.manualPayments).toBeDefined();
    expect(world.adapterWith({ paybillApp: undefined }).manualPayments).toBeUndefined();
  });

  it('reads a verified payment to the paybill app as the checkout reference, amount and receipt', async () => {
    const input = await paybillWebhook();

    const payment = await world.adapter.manualPayments?.parseWebhook(input);

    expect(payment).toEqual({
      accountReference: 'ORDER-1',
      amount: kes(1500),
      receipt: expect.stringMatching(/^[A-Z0-9]{10}$/),
      phone: '254708374149',
      paidAt: expect.any(String),
      settled: true,
    });
    expect(await world.adapter.manualPayments?.parseConfirmation(input)).toEqual(payment);
    expect(world.adapter.manualPayments?.acknowledge()).toEqual({
      status: 200,
      body: { received: true },
    });
  });

  it('leaves the checkout’s own webhooks to verifyCallback, and refuses them as confirmations', async () => {
    await world.adapter.initiate(world.request('254711000000'));
    await world.idle();
    const [input] = world.received();
    if (!input) throw new Error('the simulator sent no webhook');

    expect(await world.adapter.manualPayments?.parseWebhook(input)).toBeUndefined();
    await expect(world.adapter.manualPayments?.parseConfirmation(input)).rejects.toMatchObject({
      code: 'invalid_callback',
    });
  });

  it('ignores payments to another paybill app than the configured one', async () => {
    const input = await paybillWebhook();
    const other = world.adapterWith({ paybillApp: 99 });

    expect(await other.manualPayments?.parseWebhook(input)).toBeUndefined();
  });

  it('refuses a forged webhook before reading it', async () => {
    const input = await paybillWebhook();
    const forged = { ...input, rawBody: input.rawBody.replace('"1500.00"', '"15.00"') };

    const error = await world.adapter.manualPayments?.parseWebhook(forged).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(CallbackError);
    expect(error).toMatchObject({ code: 'invalid_signature' });
  });
});
