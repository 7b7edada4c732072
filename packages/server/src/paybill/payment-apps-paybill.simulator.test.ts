/**
 * Payment-apps paybill payments completing the checkout, over real HTTP: the kit on the real
 * `paymentApps()` adapter with `paybillApp` set, the simulator playing the gateway and the
 * customer (`simulateTransaction` on the paybill app), its signed webhooks posted to the one URL
 * registered in the dashboard, the kit's fixed `/callbacks/payment-apps` route. The gateway asks
 * the merchant nothing before taking the money, so what would be refused at validation elsewhere
 * is kept for review here.
 */
import type { Msisdn } from '@lipwa/core';
import { type PaymentAppsAdapter, paymentApps } from '@lipwa/providers';
import {
  paymentAppsSandboxApps,
  paymentAppsSignature,
  type RunningSimulator,
  startSimulator,
} from '@lipwa/simulator';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Kit } from '../testing/test-harness.js';
import type { UnmatchedPaymentEvent } from './manual-payments.js';
import { deliverDue, kes, pendingCheckout, servedPaybillKit } from './test-served-kit.js';

/** The sandbox paybill app's business number (app 4's shortcode). */
const PAYBILL_NUMBER = '600984';
/** A payer whose payment the simulated gateway reports twice. */
const TWICE_REPORTED_PAYER = '254711000098';

let simulator: RunningSimulator;
let adapter: PaymentAppsAdapter;
let kit: Kit & { url: string; close(): Promise<void> };
let unmatched: UnmatchedPaymentEvent[];

beforeAll(async () => {
  simulator = await startSimulator({ port: 0, autoResolveDelayMs: 0 });
});

afterAll(async () => {
  await simulator.close();
});

beforeEach(async () => {
  adapter = paymentApps({ ...simulator.paymentApps });
  ({ kit, unmatched } = await servedPaybillKit([adapter]));
  simulator.control.setWebhookUrl('payment-apps', `${kit.url}/callbacks/payment-apps`);
});

afterEach(async () => {
  await deliverDue(simulator);
  await kit.close();
  simulator.control.reset();
});

async function payByPaybill(
  reference: string,
  shillings = 1500,
  phone = '254708374149',
): Promise<void> {
  await adapter.transactions.simulate(
    { phone, amount: kes(shillings), reference },
    { app: paymentAppsSandboxApps.c2b },
  );
  await deliverDue(simulator);
}

describe('payment-apps paybill payments matched to the checkout', () => {
  it('completes the pending checkout paid to the paybill app with its reference and amount, telling the merchant once', async () => {
    const payment = await pendingCheckout(kit, simulator);
    const seen: string[] = [];
    const stop = kit.subscribe(payment.id, (view) => seen.push(view.status));

    await payByPaybill('ORDER-1');

    const paid = await kit.lipwa.payments.retrieve(payment.id);
    expect(paid.status).toBe('completed');
    expect(paid.receipt).toMatch(/^[A-Z0-9]{10}$/);
    expect(seen).toContain('completed');
    expect(kit.finals).toEqual([expect.objectContaining({ status: 'completed' })]);
    stop();
  });

  it('completes the checkout paid with the virtual phone’s Pay by Paybill form to the paybill app’s number', async () => {
    const payment = await pendingCheckout(kit, simulator);
    const paid = await fetch(`${simulator.url}/phone/paybill`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({
        phone: '254708374149',
        businessNumber: PAYBILL_NUMBER,
        accountNumber: 'ORDER-1',
        amount: '1500',
        pin: '1234',
      }),
    }).then((response) => response.json() as Promise<{ verdict: string }>);
    await deliverDue(simulator);

    expect(paid).toMatchObject({ verdict: 'accepted' });
    expect((await kit.lipwa.payments.retrieve(payment.id)).status).toBe('completed');
    expect(kit.finals).toHaveLength(1);
  });

  it('applies a payment the gateway reports twice once', async () => {
    const payment = await pendingCheckout(kit, simulator);

    await payByPaybill('ORDER-1', 1500, TWICE_REPORTED_PAYER);

    expect((await kit.lipwa.payments.retrieve(payment.id)).status).toBe('completed');
    expect(kit.finals).toHaveLength(1);
    expect(kit.reviews).toEqual([]);
    expect(await kit.store.unmatched()).toEqual([]);
  });

  it('keeps and reports a payment for an unknown reference, once, even when reported twice', async () => {
    await pendingCheckout(kit, simulator);

    await payByPaybill('NO-SUCH-ORDER', 1500, TWICE_REPORTED_PAYER);

    expect(unmatched).toEqual([
      expect.objectContaining({
        provider: 'payment-apps',
        accountReference: 'NO-SUCH-ORDER',
        amount: kes(1500),
      }),
    ]);
    const kept = await kit.store.unmatched();
    expect(kept).toEqual([
      expect.objectContaining({ provider: 'payment-apps', status: 'completed', amount: kes(1500) }),
    ]);
    expect(kit.finals).toEqual([]);
  });

  it('never marks paid a payment of the wrong amount: the checkout goes to review', async () => {
    const payment = await pendingCheckout(kit, simulator);

    await payByPaybill('ORDER-1', 1000);

    expect((await kit.lipwa.payments.retrieve(payment.id)).status).not.toBe('completed');
    expect(kit.reviews).toEqual([
      expect.objectContaining({ review: 'amount_mismatch', reportedAmount: kes(1000) }),
    ]);
  });

  it('reports a second payment for a paid reference for refund, not as a new sale', async () => {
    const payment = await pendingCheckout(kit, simulator);
    await payByPaybill('ORDER-1');
    await payByPaybill('ORDER-1');

    expect((await kit.lipwa.payments.retrieve(payment.id)).status).toBe('completed');
    expect(kit.finals).toHaveLength(1);
    expect(kit.reviews).toEqual([expect.objectContaining({ review: 'second_success' })]);
  });

  it('still completes checkouts by STK prompt on the same webhook route', async () => {
    const { payment } = await kit.startPayment(await kit.session(), {
      phone: '254711000000' as Msisdn,
    });
    await deliverDue(simulator);

    expect((await kit.lipwa.payments.retrieve(payment.id)).status).toBe('completed');
    expect(await kit.store.unmatched()).toEqual([]);
  });

  it.each([
    ['unsigned', undefined],
    ['signed with another secret', 'not-the-webhook-secret'],
  ])('refuses a paybill webhook that is %s, recording nothing', async (_, secret) => {
    const payment = await pendingCheckout(kit, simulator);
    const rawBody = JSON.stringify({
      id: 999,
      app_id: paymentAppsSandboxApps.c2b,
      status: 'STATUS_COMPLETED',
      transaction_type: 'PAYMENT_IN',
      transaction_sub_type: 'CustomerPayBillOnline',
      payment_provider: 'MpesaKeC2B',
      payer_account: '254708374149',
      reference: 'ORDER-1',
      transaction_id: 'UCF1AB2CD3',
      amount: '1500.00',
      currency: 'KES',
    });
    const forged = await fetch(`${kit.url}/callbacks/payment-apps`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(secret ? { 'x-salami-signature': paymentAppsSignature(secret, rawBody) } : {}),
      },
      body: rawBody,
    });

    expect(forged.status).toBe(401);
    expect((await kit.lipwa.payments.retrieve(payment.id)).status).toBe('pending');
    expect(await kit.store.unmatched()).toEqual([]);
    expect(kit.finals).toEqual([]);
  });

  it('says payment-apps has no validation step', async () => {
    const response = await fetch(`${kit.url}/c2b/payment-apps/validation`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });

    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ code: 'not_found' });
  });
});
