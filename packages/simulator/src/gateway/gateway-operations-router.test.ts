/**
 * The simulator's gateway endpoints beyond payment_c2b over HTTP: payment_b2c with its second
 * step, POS deposit and withdrawal, status for every kind of order, and the sandbox-only paybill
 * endpoints, with the gateway's signature, envelopes and codes.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RunningSimulator, startSimulator } from '../start-simulator.js';
import { type CallbackReceiver, startCallbackReceiver } from '../test-callback-receiver.js';
import { GATEWAY_CONFIRMATION_CODE } from './gateway-answers.js';
import { gatewaySandbox } from './gateway-sandbox.js';
import { gatewaySignatureValid, withGatewaySignature } from './gateway-signature.js';

let sim: RunningSimulator;
let receiver: CallbackReceiver;
let seq = 0;

beforeEach(async () => {
  sim = await startSimulator({ autoResolveDelayMs: 0 });
  receiver = await startCallbackReceiver();
});
afterEach(async () => {
  await sim.close();
  await receiver.close();
});

function post(path: string, body: unknown) {
  return fetch(`${sim.gateway.baseUrl}/${gatewaySandbox.publicId}/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

function signed<T extends object>(body: T) {
  return withGatewaySignature(body, gatewaySandbox.secretKey);
}

function b2cBody(overrides: Record<string, unknown> = {}) {
  seq += 1;
  return {
    merchant_id: gatewaySandbox.merchantId,
    customer_id: '254708374149',
    order_id: `b2c-${seq}`,
    amount: '1500.00',
    currency: 'KES',
    country: 'KE',
    callback_url: receiver.url,
    provider_id: 40,
    ...overrides,
  };
}

function posBody(overrides: Record<string, unknown> = {}) {
  seq += 1;
  return {
    merchant_id: gatewaySandbox.merchantId,
    customer_id: '254708374149',
    order_id: `pos-${seq}`,
    amount: '100.00',
    currency: 'KES',
    country: 'KE',
    provider_id: 15,
    destination_id: '2133456',
    ...overrides,
  };
}

async function json(response: Response) {
  return (await response.json()) as Record<string, unknown>;
}

describe('POST /{public_id}/payment_b2c', () => {
  it('answers in the documented order with confirm_type, then calls back signed', async () => {
    const body = b2cBody();

    const answer = await json(await post('payment_b2c', signed(body)));
    await sim.control.advance(0);
    await sim.control.idle();

    expect(Object.keys(answer)).toEqual([
      'order_id',
      'transaction_id',
      'transaction_ref',
      'status',
      'result',
      'provider_result',
      'service_id',
      'service_version',
      'service_date_time',
      'confirm_type',
    ]);
    expect(answer).toMatchObject({ order_id: body.order_id, status: 1, confirm_type: 0 });
    const callback = receiver.received[0]?.body as Record<string, unknown>;
    expect(callback).toMatchObject({ order_id: body.order_id, result: { code: 0 } });
    expect(gatewaySignatureValid(callback, gatewaySandbox.secretKey)).toBe(true);
  });

  it.each([
    ['less than KES 500.00', { amount: '499.99' }],
    ['more than KES 150,000.00', { amount: '150000.01' }],
  ])('refuses %s with result code 4', async (_, change) => {
    const response = await post('payment_b2c', signed(b2cBody(change)));

    expect(response.status).toBe(400);
    expect(await json(response)).toEqual({
      result: { code: 4, message: 'INVALID REQUEST: invalid amount' },
    });
  });

  it('waits for confirmation of a large payout: PIN IS BLANK, then the right code', async () => {
    const body = b2cBody({ amount: '10000.00' });

    const first = await json(await post('payment_b2c', signed(body)));
    const blank = await json(await post('payment_b2c', signed({ ...body, confirmation_code: '' })));
    const right = await json(
      await post('payment_b2c', signed({ ...body, confirmation_code: GATEWAY_CONFIRMATION_CODE })),
    );
    const replay = await json(await post('payment_b2c', signed(body)));

    expect(first).toMatchObject({ status: 0, confirm_type: 1 });
    expect(blank).toMatchObject({
      status: 0,
      confirm_type: 1,
      result: { code: 2, message: 'PIN IS BLANK' },
    });
    expect(right).toMatchObject({ status: 1, confirm_type: 0, result: { code: 0 } });
    expect(replay).toEqual(first);
  });

  it('keeps provider 14 in progress forever', async () => {
    const body = b2cBody({ provider_id: 14 });

    await post('payment_b2c', signed(body));
    await sim.control.advance(600_000);
    const status = await json(
      await post(
        'status',
        signed({ merchant_id: gatewaySandbox.merchantId, order_id: body.order_id }),
      ),
    );

    expect(status).toMatchObject({ status: 1, provider_result: { code: -8888, message: 'Good' } });
    expect(status.confirm_type).toBeUndefined();
  });

  it('refuses an unsigned payout with 10201', async () => {
    const response = await post('payment_b2c', { ...b2cBody(), signature: 'f'.repeat(128) });

    expect(response.status).toBe(401);
    expect(await json(response)).toEqual({
      result: { code: 10201, message: 'MERCHANT AUTHENTICATION ERROR' },
    });
  });
});

describe('POS deposit and withdrawal', () => {
  it('refuses a provider other than 15', async () => {
    const response = await post('deposit', signed(posBody({ provider_id: 40 })));

    expect(await json(response)).toEqual({
      result: { code: 4, message: 'INVALID REQUEST: invalid provider_id' },
    });
  });

  it('completes a deposit at once and replays it for the same order id', async () => {
    const body = posBody();

    const first = await json(await post('deposit', signed(body)));
    const again = await json(await post('deposit', signed(body)));

    expect(first).toMatchObject({
      status: 2,
      transaction_ref: expect.stringMatching(/^[A-Z0-9]{10}$/),
    });
    expect(again).toEqual(first);
  });

  it('refuses an order id already used by a deposit for a withdrawal', async () => {
    const body = posBody();
    await post('deposit', signed(body));

    const response = await post('withdrawal', signed(body));

    expect(await json(response)).toEqual({
      result: { code: 4, message: 'INVALID REQUEST: order_id already used' },
    });
  });

  it('answers a withdrawal with confirm_type 1 until the OTP comes', async () => {
    const body = posBody();

    const first = await json(await post('withdrawal', signed(body)));
    const wrong = await json(
      await post('withdrawal', signed({ ...body, confirmation_code: '654321' })),
    );
    const right = await json(
      await post('withdrawal', signed({ ...body, confirmation_code: GATEWAY_CONFIRMATION_CODE })),
    );

    expect(first).toMatchObject({ status: 0, confirm_type: 1 });
    expect(wrong).toMatchObject({ result: { code: 1, message: 'INVALID PIN' } });
    expect(right).toMatchObject({ status: 2, confirm_type: 0 });
  });
});

describe('sandbox paybill endpoints', () => {
  function sandbox(
    path: string,
    method: string,
    body: unknown,
    publicId: string = gatewaySandbox.publicId,
  ) {
    return fetch(`${sim.gateway.baseUrl}/_sandbox/${publicId}/${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  }

  it('sends the documented paybill callback, signed, and status reads the order', async () => {
    await sandbox('paybill', 'PUT', { callback_url: receiver.url });

    const paid = await sandbox('paybill/pay', 'POST', {
      customer_id: '254708374149',
      bill_ref_number: 'ORDER1042',
      amount: '100.00',
    });
    const { order_id: orderId } = await json(paid);
    await sim.control.idle();
    const callback = receiver.received[0]?.body as Record<string, unknown>;
    const status = await json(
      await post('status', signed({ merchant_id: gatewaySandbox.merchantId, order_id: orderId })),
    );

    expect(paid.status).toBe(202);
    expect(Object.keys(callback)).toEqual([
      'merchant_id',
      'operation_type',
      'customer_id',
      'amount',
      'currency',
      'order_id',
      'transaction_id',
      'transaction_ref',
      'status',
      'provider_id',
      'destination_id',
      'result',
      'provider_result',
      'service_id',
      'service_version',
      'service_date_time',
      'extra',
      'signature',
    ]);
    expect(callback).toMatchObject({
      operation_type: 32,
      customer_id: '2547 ***** 149',
      amount: 100,
      status: 2,
      extra: { BillRefNumber: 'ORDER1042' },
    });
    expect(gatewaySignatureValid(callback, gatewaySandbox.secretKey)).toBe(true);
    expect(status).toMatchObject({
      order_id: orderId,
      status: 2,
      amount: '100.00',
      currency: 'KES',
    });
  });

  it('refuses another public id, and a payment before any URL is registered sends nothing', async () => {
    const foreign = await sandbox('paybill', 'PUT', { callback_url: receiver.url }, 'someone-else');
    await sandbox('paybill/pay', 'POST', {
      customer_id: '254708374149',
      bill_ref_number: 'ORDER1042',
      amount: '100.00',
    });
    await sim.control.idle();

    expect(foreign.status).toBe(401);
    expect(receiver.received).toHaveLength(0);
  });
});
