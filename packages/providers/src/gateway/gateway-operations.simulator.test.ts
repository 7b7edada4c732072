/**
 * The gateway's operations beyond `payment_c2b`, adapter against @lipwa/simulator over real HTTP
 * on 127.0.0.1: payouts with the `confirm_type` second step, status, POS deposit and withdrawal,
 * and paybill payments (signed validation answered by the shop, signed callback).
 */
import { type Msisdn, ProviderError } from '@lipwa/core';
import { gatewayConfirmationCode, type RunningSimulator, startSimulator } from '@lipwa/simulator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type MerchantEndpoint, startMerchantEndpoint } from '../testing/test-merchant-endpoint.js';
import { type GatewayAdapter, paymentGateway } from './gateway-adapter.js';
import type { GatewayOptions } from './gateway-options.js';

/** Accounts the shop knows; its paybill validation refuses any other. */
const knownAccounts = new Set(['ORDER1042']);
let validationMode: 'decide' | 'garbage' = 'decide';

let sim: RunningSimulator;
let shop: MerchantEndpoint;
let adapter: GatewayAdapter;
let orderSeq = 0;

function setupAdapter(overrides: Partial<GatewayOptions> = {}): GatewayAdapter {
  return paymentGateway({ ...sim.gateway, ...overrides });
}

beforeAll(async () => {
  sim = await startSimulator({ port: 0, autoResolveDelayMs: 0, callbackTimeoutMs: 2_000 });
  shop = await startMerchantEndpoint((input, path) => {
    if (!path.includes('/gateway-validate')) return { status: 200, body: { result: { code: 0 } } };
    if (validationMode === 'garbage') return { status: 200, body: '{"code":"0"}' };
    // The endpoint answers synchronously, so it only checks the body's shape here; the test
    // verifies the signature of what it recorded.
    const body = JSON.parse(input.rawBody) as { extra?: { BillRefNumber?: string } };
    const known = knownAccounts.has(body.extra?.BillRefNumber ?? '');
    const answer = known ? adapter.paybill.accept() : adapter.paybill.reject('unknown account');
    return { status: answer.status, body: answer.body };
  });
  adapter = setupAdapter();
});

afterAll(async () => {
  await sim.close();
  await shop.close();
});

afterEach(async () => {
  await settle();
  sim.control.reset();
  shop.received.length = 0;
  validationMode = 'decide';
});

async function settle(): Promise<void> {
  await sim.control.advance(0);
  await sim.control.idle();
}

function kes(major: number) {
  return { amount: major * 100, currency: 'KES' };
}

function nextOrder(prefix = 'payout'): string {
  orderSeq += 1;
  return `${prefix}-${orderSeq}`;
}

function payout(phone: string, major: number) {
  return {
    orderId: nextOrder(),
    phone,
    amount: kes(major),
    callbackUrl: `${shop.origin}/lipwa/callbacks/gateway/tok_payouts_1`,
  };
}

async function errorOf(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

/** Registers the shop's paybill URLs with the simulator (what the gateway's tech team does). */
async function registerPaybill(withValidation = true): Promise<void> {
  const response = await fetch(`${sim.gateway.baseUrl}/_sandbox/${sim.gateway.publicId}/paybill`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      callback_url: `${shop.origin}/lipwa/callbacks/gateway-paybill`,
      ...(withValidation
        ? { validation_url: `${shop.origin}/lipwa/callbacks/gateway-validate` }
        : {}),
    }),
  });
  expect(response.status).toBe(204);
}

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

describe('gateway payouts against the simulator', () => {
  it('pays a customer: in progress, then a signed callback, and status says completed with a receipt', async () => {
    const request = payout('254708374149', 1500);

    const sent = await adapter.b2c.send(request);
    await settle();
    const callbacks = shop.to('/callbacks/gateway/');
    const status = await adapter.b2c.status(request.orderId);

    expect(sent).toMatchObject({
      orderId: request.orderId,
      gatewayStatus: 1,
      confirmType: 0,
      needsConfirmation: false,
      update: { status: 'pending' },
    });
    expect(sent.transactionId).toMatch(/^\d{12}$/);
    expect(callbacks).toHaveLength(1);
    // The generic callback verifies like a payment callback; it names the payout's order.
    expect(JSON.parse(callbacks[0]?.rawBody ?? '{}')).toMatchObject({ order_id: request.orderId });
    expect(status.update).toMatchObject({
      status: 'completed',
      receipt: expect.stringMatching(/^[A-Z0-9]{10}$/),
    });
  });

  it('asks for confirmation on a large payout, refuses a wrong code, then pays on the right one', async () => {
    const request = payout('254708374149', 20_000);

    const first = await adapter.b2c.send(request);
    const wrong = await adapter.b2c.confirm(request, '000000');
    const short = await adapter.b2c.confirm(request, '12');
    const right = await adapter.b2c.confirm(request, gatewayConfirmationCode);
    const again = await adapter.b2c.confirm(request, gatewayConfirmationCode);
    await settle();

    expect(first).toMatchObject({ gatewayStatus: 0, confirmType: 1, needsConfirmation: true });
    expect(wrong).toMatchObject({
      resultCode: 1,
      resultMessage: 'INVALID PIN',
      needsConfirmation: true,
    });
    expect(short).toMatchObject({ resultCode: 3, resultMessage: 'INVALID PIN LENGTH' });
    expect(right).toMatchObject({ gatewayStatus: 1, confirmType: 0, needsConfirmation: false });
    expect(again).toEqual(right);
    expect((await adapter.b2c.status(request.orderId)).update.status).toBe('completed');
  });

  it('replays the first answer for a repeated order id and pays once', async () => {
    const request = payout('254708374149', 1500);

    const first = await adapter.b2c.send(request);
    const repeat = await adapter.b2c.send(request);
    await settle();

    expect(repeat).toEqual(first);
    expect(shop.to('/callbacks/gateway/')).toHaveLength(1);
  });

  it('reports insufficient funds for 254711000001 in the status', async () => {
    const request = payout('254711000001', 1500);

    await adapter.b2c.send(request);
    await settle();

    expect((await adapter.b2c.status(request.orderId)).update).toMatchObject({
      status: 'failed',
      reason: 'insufficient_funds',
    });
  });

  it('loses the callback for 254711000099 but status still knows; doubles it for 254711000098', async () => {
    const lost = payout('254711000099', 1500);
    const doubled = payout('254711000098', 1500);

    await adapter.b2c.send(lost);
    await adapter.b2c.send(doubled);
    await settle();

    expect(
      shop.to('/callbacks/gateway/').map((input) => JSON.parse(input.rawBody).order_id),
    ).toEqual([doubled.orderId, doubled.orderId]);
    expect((await adapter.b2c.status(lost.orderId)).update.status).toBe('completed');
  });

  it('answers a busy subscriber (254711000017) with a failed payout at once', async () => {
    const sent = await adapter.b2c.send(payout('254711000017', 1500));

    expect(sent.update).toMatchObject({ status: 'failed', reason: 'subscriber_busy' });
  });

  it('refuses an invalid phone and amounts outside KES 500-150,000 before any request', async () => {
    const urls: string[] = [];
    const watched = setupAdapter({
      fetch: (input, init) => {
        urls.push(String(input));
        return fetch(input, init);
      },
    });

    const phone = await watched.b2c.send(payout('0708374149', 1500)).catch((e: unknown) => e);
    const small = await watched.b2c.send(payout('254708374149', 499)).catch((e: unknown) => e);
    const large = await watched.b2c.send(payout('254708374149', 150_001)).catch((e: unknown) => e);

    expect([phone, small, large]).toMatchObject([
      { code: 'invalid_phone' },
      { code: 'invalid_amount' },
      { code: 'invalid_amount' },
    ]);
    expect(urls).toEqual([]);
  });

  it('refuses a payout signed with another secret key with 10201', async () => {
    const forged = setupAdapter({ secretKey: 'a'.repeat(128) });

    const error = await errorOf(forged.b2c.send(payout('254708374149', 1500)));

    expect(error).toMatchObject({ code: 'provider_auth_failed', providerCode: '10201' });
  });

  it('refuses an order id already used for a payment', async () => {
    const orderId = nextOrder('shared');
    await adapter.initiate({
      paymentId: orderId,
      amount: kes(1500),
      phone: '254708374149' as Msisdn,
      reference: 'ORDER1042',
      callbackUrl: `${shop.origin}/lipwa/callbacks/gateway/tok_c2b`,
    });

    const error = await errorOf(adapter.b2c.send({ ...payout('254708374149', 1500), orderId }));

    expect(error).toMatchObject({ code: 'provider_rejected', providerCode: '4' });
  });

  it('reports 429 with its Retry-After and 500 as retryable, and a hang as ambiguous', async () => {
    sim.control.fault({
      provider: 'gateway',
      operation: 'payout',
      kind: 'http',
      status: 429,
      delayMs: 3000,
    });
    sim.control.fault({ provider: 'gateway', operation: 'payout', kind: 'http', status: 500 });
    const impatient = setupAdapter({ timeoutMs: 150 });

    const throttled = await errorOf(adapter.b2c.send(payout('254708374149', 1500)));
    const broken = await errorOf(adapter.b2c.send(payout('254708374149', 1500)));
    sim.control.fault({ provider: 'gateway', operation: 'payout', kind: 'hang' });
    const hung = await errorOf(impatient.b2c.send(payout('254708374149', 1500)));

    expect(throttled).toMatchObject({
      code: 'provider_unavailable',
      retryable: true,
      retryAfterMs: 3000,
    });
    expect(broken).toMatchObject({ code: 'provider_unavailable', retryable: true });
    expect(hung).toMatchObject({ ambiguous: true, retryable: true, details: { timedOut: true } });
  });
});

describe('gateway POS against the simulator', () => {
  it('completes a deposit at once and reports it to the registered URL', async () => {
    await registerPaybill(false);
    const orderId = nextOrder('deposit');

    const deposit = await adapter.pos.deposit({
      orderId,
      phone: '254708374149',
      amount: kes(1000),
      destinationId: '2133456',
      extra: { terminal: 'T1' },
    });
    await settle();

    expect(deposit.update).toMatchObject({ status: 'completed', receipt: expect.any(String) });
    expect(JSON.parse(shop.to('/gateway-paybill')[0]?.rawBody ?? '{}')).toMatchObject({
      order_id: orderId,
    });
    expect((await adapter.pos.status(orderId)).gatewayStatus).toBe(2);
  });

  it('asks for the customer’s OTP on a withdrawal, then completes it', async () => {
    const request = { orderId: nextOrder('withdrawal'), phone: '254708374149', amount: kes(1000) };

    const first = await adapter.pos.withdrawal(request);
    const done = await adapter.pos.confirmWithdrawal(request, gatewayConfirmationCode);

    expect(first).toMatchObject({ gatewayStatus: 0, needsConfirmation: true });
    expect(done.update).toMatchObject({ status: 'completed' });
  });

  it('takes the OTP in the first request, and fails a withdrawal the customer cannot cover', async () => {
    const direct = await adapter.pos.withdrawal(
      { orderId: nextOrder('withdrawal'), phone: '254708374149', amount: kes(10) },
      gatewayConfirmationCode,
    );
    const broke = await adapter.pos.withdrawal(
      { orderId: nextOrder('withdrawal'), phone: '254711000001', amount: kes(10) },
      gatewayConfirmationCode,
    );

    expect(direct.update.status).toBe('completed');
    expect(broke.update).toMatchObject({ status: 'failed', reason: 'insufficient_funds' });
  });

  it('reports a POS fault in the gateway’s envelope', async () => {
    sim.control.fault({
      provider: 'gateway',
      operation: 'pos',
      kind: 'http',
      status: 503,
      errorCode: '-1',
    });

    const error = await errorOf(
      adapter.pos.deposit({
        orderId: nextOrder('deposit'),
        phone: '254708374149',
        amount: kes(10),
      }),
    );

    expect(error).toMatchObject({ code: 'provider_unavailable', providerCode: '-1' });
  });
});

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
