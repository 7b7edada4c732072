/**
 * Paybill payments completing the checkout, over real HTTP: the kit on the real `daraja()`
 * adapter, the simulator playing Daraja and the customer (`c2b.simulate`), C2B URLs registered
 * at the kit's `/c2b/daraja/validation|confirmation/:token` routes.
 */

import type { Msisdn } from '@lipwa/core';
import { type DarajaAdapter, daraja } from '@lipwa/providers';
import { type RunningSimulator, startSimulator } from '@lipwa/simulator';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Kit } from '../testing/test-harness.js';
import type { UnmatchedPaymentEvent } from './manual-payments.js';
import { deliverDue, kes, pendingCheckout, servedPaybillKit } from './test-served-kit.js';

const TOKEN = 'tok_c2b_7e1d9a4c2b';

let simulator: RunningSimulator;
let adapter: DarajaAdapter;
let kit: Kit & { url: string; close(): Promise<void> };
let unmatched: UnmatchedPaymentEvent[];

beforeAll(async () => {
  simulator = await startSimulator({ port: 0, autoResolveDelayMs: 0 });
});

afterAll(async () => {
  await simulator.close();
});

beforeEach(async () => {
  adapter = daraja({ ...simulator.daraja, callbackToken: TOKEN });
  ({ kit, unmatched } = await servedPaybillKit([adapter]));
  await adapter.c2b.registerUrls({
    validationUrl: `${kit.url}/c2b/daraja/validation/${TOKEN}`,
    confirmationUrl: `${kit.url}/c2b/daraja/confirmation/${TOKEN}`,
    responseType: 'Completed',
  });
});

afterEach(async () => {
  await deliverDue(simulator);
  await kit.close();
  simulator.control.reset();
});

async function payByPaybill(billRefNumber: string, shillings = 1500): Promise<void> {
  await adapter.c2b.simulate({ phone: '254708374149', amount: kes(shillings), billRefNumber });
  await deliverDue(simulator);
}

describe('Paybill payments matched to the checkout', () => {
  it('completes the pending checkout paid by Paybill with its reference and amount, telling the merchant once', async () => {
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

  it('completes the checkout paid with the virtual phone’s Pay by Paybill form', async () => {
    const payment = await pendingCheckout(kit, simulator);
    const form = (overrides: Record<string, string>) =>
      fetch(`${simulator.url}/phone/paybill`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: new URLSearchParams({
          phone: '254708374149',
          businessNumber: simulator.daraja.shortcode,
          accountNumber: 'ORDER-1',
          amount: '1500',
          pin: '1234',
          ...overrides,
        }),
      }).then((response) => response.json() as Promise<{ verdict: string }>);

    expect(await form({ pin: '0000' })).toMatchObject({ verdict: 'wrong_pin' });
    expect(await form({ accountNumber: 'NO-SUCH-ORDER' })).toMatchObject({ verdict: 'rejected' });
    expect(await form({})).toMatchObject({ verdict: 'accepted' });
    await deliverDue(simulator);

    expect((await kit.lipwa.payments.retrieve(payment.id)).status).toBe('completed');
    expect(kit.finals).toHaveLength(1);
  });

  it('refuses at validation a payment for an unknown reference, so no money is taken', async () => {
    await pendingCheckout(kit, simulator);
    await payByPaybill('NO-SUCH-ORDER');

    expect(kit.finals).toEqual([]);
    expect(unmatched).toEqual([]);
    expect(await kit.store.unmatched()).toEqual([]);
  });

  it('refuses at validation a payment of the wrong amount, leaving the checkout pending', async () => {
    const payment = await pendingCheckout(kit, simulator);
    await payByPaybill('ORDER-1', 1000);

    expect((await kit.lipwa.payments.retrieve(payment.id)).status).toBe('pending');
    expect(kit.finals).toEqual([]);
    expect(kit.reviews).toEqual([]);
  });

  it('refuses at validation a second payment for a reference already paid', async () => {
    const payment = await pendingCheckout(kit, simulator);
    await payByPaybill('ORDER-1');
    await payByPaybill('ORDER-1');

    expect((await kit.lipwa.payments.retrieve(payment.id)).status).toBe('completed');
    expect(kit.finals).toHaveLength(1);
    expect(kit.reviews).toEqual([]);
  });

  it('keeps and reports a confirmed payment that matches no checkout, once', async () => {
    await validationUnreachable();
    await payByPaybill('NO-SUCH-ORDER');

    expect(unmatched).toEqual([
      expect.objectContaining({ accountReference: 'NO-SUCH-ORDER', amount: kes(1500) }),
    ]);
    const [kept] = await kit.store.unmatched();
    expect(kept).toMatchObject({ provider: 'daraja', status: 'completed', amount: kes(1500) });
    expect(kit.finals).toEqual([]);
  });

  it('never marks paid a confirmed payment of the wrong amount: the checkout goes to review', async () => {
    const payment = await pendingCheckout(kit, simulator);
    await validationUnreachable();
    await payByPaybill('ORDER-1', 1000);

    const view = await kit.lipwa.payments.retrieve(payment.id);
    expect(view.status).not.toBe('completed');
    expect(kit.reviews).toEqual([
      expect.objectContaining({ review: 'amount_mismatch', reportedAmount: kes(1000) }),
    ]);
  });

  it('reports a second confirmed payment for a paid reference for refund, not as a new sale', async () => {
    const payment = await pendingCheckout(kit, simulator);
    await payByPaybill('ORDER-1');
    await validationUnreachable();
    await payByPaybill('ORDER-1');

    expect((await kit.lipwa.payments.retrieve(payment.id)).status).toBe('completed');
    expect(kit.finals).toHaveLength(1);
    expect(kit.reviews).toEqual([expect.objectContaining({ review: 'second_success' })]);
  });

  it('records a Paybill payment after the prompt failed as a new attempt, and tells the open stream', async () => {
    const { payment } = await kit.startPayment(await kit.session(), {
      phone: '254711000001' as Msisdn,
    });
    await deliverDue(simulator);
    expect((await kit.lipwa.payments.retrieve(payment.id)).status).toBe('failed');
    const seen: { id: string; status: string }[] = [];
    const stop = kit.subscribe(payment.id, (view) => seen.push(view));

    await payByPaybill('ORDER-1');

    const latest = await kit.store.latestForReference('ORDER-1');
    expect(latest).toMatchObject({ status: 'completed', provider: 'daraja' });
    expect(latest?.id).not.toBe(payment.id);
    expect(seen).toEqual([expect.objectContaining({ id: latest?.id, status: 'completed' })]);
    expect(kit.finals.map((event) => event.status)).toEqual(['failed', 'completed']);
    stop();
  });

  it('refuses a forged confirmation (wrong token) and records nothing as paid', async () => {
    const payment = await pendingCheckout(kit, simulator);
    const forged = await fetch(`${kit.url}/c2b/daraja/confirmation/tok_forged_0000000000`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        TransactionType: 'Pay Bill',
        TransID: 'RKTQDM7W6S',
        TransTime: '20261201101500',
        TransAmount: '1500.00',
        BusinessShortCode: simulator.daraja.shortcode,
        BillRefNumber: 'ORDER-1',
        MSISDN: '254708374149',
      }),
    });

    expect(forged.status).toBeGreaterThanOrEqual(400);
    expect((await kit.lipwa.payments.retrieve(payment.id)).status).toBe('pending');
    expect(kit.finals).toEqual([]);
  });
});

/** Daraja cannot reach the validation URL (a wrong token is refused) and confirms anyway. */
async function validationUnreachable(): Promise<void> {
  await adapter.c2b.registerUrls({
    validationUrl: `${kit.url}/c2b/daraja/validation/tok_wrong_000000000`,
    confirmationUrl: `${kit.url}/c2b/daraja/confirmation/${TOKEN}`,
    responseType: 'Completed',
  });
}
