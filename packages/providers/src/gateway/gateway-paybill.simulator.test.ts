/**
 * The gateway's paybill payments against @lipwa/simulator over real HTTP: the signed validation
 * answered by the shop, and the signed callback.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  adapter,
  kes,
  registerPaybill,
  settle,
  setupAdapter,
  shop,
  sim,
  startSimulatorAndShop,
} from './test-gateway-operations.js';

/** Accounts the shop knows; its paybill validation refuses any other. */
const knownAccounts = new Set(['ORDER1042']);
let validationMode: 'decide' | 'garbage' = 'decide';

// Registered before the fixture's own afterEach, so it runs after it (hooks run as a stack):
// the validation mode is reset once the requests a test left owing have arrived.
afterEach(() => {
  validationMode = 'decide';
});

startSimulatorAndShop((input) => {
  if (validationMode === 'garbage') return { status: 200, body: '{"code":"0"}' };
  // The endpoint answers synchronously, so it only checks the body's shape here; the test
  // verifies the signature of what it recorded.
  const body = JSON.parse(input.rawBody) as { extra?: { BillRefNumber?: string } };
  const known = knownAccounts.has(body.extra?.BillRefNumber ?? '');
  const answer = known ? adapter.paybill.accept() : adapter.paybill.reject('unknown account');
  return { status: answer.status, body: answer.body };
});

/** A customer pays the paybill from the M-Pesa menu. */
async function payBill(phone: string, account: string, amount = '1500.00'): Promise<string> {
  const response = await fetch(
    `${sim.gateway.baseUrl}/_sandbox/${sim.gateway.publicId}/paybill/pay`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ customer_id: phone, bill_ref_number: account, amount }),
    },
  );
  expect(response.status).toBe(202);
  return ((await response.json()) as { order_id: string }).order_id;
}

describe('gateway paybill against the simulator', () => {
  it('asks the shop to validate (signed), takes the payment on code 0, then calls back signed', async () => {
    await registerPaybill();

    const orderId = await payBill('254708374149', 'ORDER1042');
    await settle();
    const validation = await adapter.paybill.parseValidation(
      shop.to('/gateway-validate')[0] ?? fail(),
    );
    const paid = await adapter.paybill.parseCallback(shop.to('/gateway-paybill')[0] ?? fail());
    const status = await adapter.transactions.status(orderId);

    expect(validation).toMatchObject({
      orderId,
      billRefNumber: 'ORDER1042',
      amount: kes(1500),
      customer: '2547 ***** 149',
      update: { status: 'pending' },
    });
    expect(paid).toMatchObject({
      orderId,
      billRefNumber: 'ORDER1042',
      amount: kes(1500),
      destinationId: '7000000',
      update: { status: 'completed', receipt: expect.stringMatching(/^[A-Z0-9]{10}$/) },
    });
    expect(status.update).toMatchObject({ status: 'completed', amount: kes(1500) });
    // The checkout's own callback handling acknowledges paybill callbacks without an update.
    expect(
      (await adapter.verifyCallback(shop.to('/gateway-paybill')[0] ?? fail())).updates,
    ).toEqual([]);
  });

  it('cancels the payment when validation refuses the account: no callback, status cancelled', async () => {
    await registerPaybill();

    const orderId = await payBill('254708374149', 'UNKNOWN');
    await settle();

    expect(shop.to('/gateway-validate')).toHaveLength(1);
    expect(shop.to('/gateway-paybill')).toHaveLength(0);
    expect((await adapter.transactions.status(orderId)).update.status).toBe('cancelled');
  });

  it('counts only "code":0 as a number: any other answer cancels', async () => {
    await registerPaybill();
    validationMode = 'garbage';

    await payBill('254708374149', 'ORDER1042');
    await settle();

    expect(shop.to('/gateway-paybill')).toHaveLength(0);
  });

  it('calls back without asking when no validation URL was given', async () => {
    await registerPaybill(false);

    await payBill('254708374149', 'ANYTHING');
    await settle();

    expect(shop.to('/gateway-validate')).toHaveLength(0);
    expect(shop.to('/gateway-paybill')).toHaveLength(1);
  });

  it('refuses a forged paybill callback and one altered on the way', async () => {
    await registerPaybill(false);
    await payBill('254708374149', 'ORDER1042');
    await settle();
    const genuine = shop.to('/gateway-paybill')[0] ?? fail();

    const forged = setupAdapter({ secretKey: 'b'.repeat(128) });
    const altered = {
      ...genuine,
      rawBody: genuine.rawBody.replace('"amount":1500', '"amount":150000'),
    };

    await expect(forged.paybill.parseCallback(genuine)).rejects.toMatchObject({
      code: 'invalid_signature',
    });
    await expect(adapter.paybill.parseCallback(altered)).rejects.toMatchObject({
      code: 'invalid_signature',
    });
  });

  it('doubles the callback for 254711000098; both read the same', async () => {
    await registerPaybill(false);

    await payBill('254711000098', 'ORDER1042');
    await settle();
    const [a, b] = await Promise.all(
      shop.to('/gateway-paybill').map((input) => adapter.paybill.parseCallback(input)),
    );

    expect(a).toEqual(b);
  });
});

function fail(): never {
  throw new Error('expected a request from the simulator');
}
