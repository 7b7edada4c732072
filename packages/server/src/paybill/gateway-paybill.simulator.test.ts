/**
 * Payment Gateway paybill payments completing the checkout, over real HTTP: the gateway asks the
 * kit's signed validation route (`{"code":0}` takes the payment) and posts a signed paybill
 * callback to the confirmation route.
 */
import { type GatewayAdapter, paymentGateway } from '@lipwa/providers';
import { type RunningSimulator, startSimulator } from '@lipwa/simulator';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Kit } from '../testing/test-harness.js';
import { deliverDue, pendingCheckout, servedKit } from './test-served-kit.js';

let simulator: RunningSimulator;
let adapter: GatewayAdapter;
let kit: Kit & { url: string; close(): Promise<void> };

beforeAll(async () => {
  simulator = await startSimulator({ port: 0, autoResolveDelayMs: 0, callbackTimeoutMs: 2_000 });
});

afterAll(async () => {
  await simulator.close();
});

beforeEach(async () => {
  adapter = paymentGateway({ ...simulator.gateway });
  kit = await servedKit({ providers: [adapter] });
  const registered = await fetch(
    `${simulator.gateway.baseUrl}/_sandbox/${simulator.gateway.publicId}/paybill`,
    {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        callback_url: `${kit.url}/c2b/gateway/confirmation`,
        validation_url: `${kit.url}/c2b/gateway/validation`,
      }),
    },
  );
  expect(registered.status).toBe(204);
});

afterEach(async () => {
  await deliverDue(simulator);
  await kit.close();
  simulator.control.reset();
});

async function payBill(account: string, amount = '1500.00'): Promise<string> {
  const response = await fetch(
    `${simulator.gateway.baseUrl}/_sandbox/${simulator.gateway.publicId}/paybill/pay`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ customer_id: '254708374149', bill_ref_number: account, amount }),
    },
  );
  expect(response.status).toBe(202);
  await deliverDue(simulator);
  return ((await response.json()) as { order_id: string }).order_id;
}

describe('gateway paybill payments matched to the checkout', () => {
  it('validates with {"code":0} and completes the pending checkout from the signed callback', async () => {
    const payment = await pendingCheckout(kit, simulator);
    const orderId = await payBill('ORDER-1');

    expect((await kit.lipwa.payments.retrieve(payment.id)).status).toBe('completed');
    expect(kit.finals).toEqual([expect.objectContaining({ status: 'completed' })]);
    expect((await adapter.transactions.status(orderId)).update.status).toBe('completed');
  });

  it('refuses an unknown account at validation, so the gateway cancels the payment', async () => {
    await pendingCheckout(kit, simulator);
    const orderId = await payBill('NO-SUCH-ORDER');

    expect((await adapter.transactions.status(orderId)).update.status).toBe('cancelled');
    expect(kit.finals).toEqual([]);
  });

  it('refuses an unsigned paybill callback and records nothing as paid', async () => {
    const payment = await pendingCheckout(kit, simulator);
    const forged = await fetch(`${kit.url}/c2b/gateway/confirmation`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        operation_type: 32,
        amount: '1500.00',
        extra: { BillRefNumber: 'ORDER-1' },
      }),
    });

    expect(forged.status).toBeGreaterThanOrEqual(400);
    expect((await kit.lipwa.payments.retrieve(payment.id)).status).toBe('pending');
  });
});
