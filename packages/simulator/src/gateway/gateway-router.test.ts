import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RunningSimulator, startSimulator } from '../start-simulator.js';
import { type CallbackReceiver, startCallbackReceiver } from '../test-callback-receiver.js';
import { gatewaySandbox } from './gateway-sandbox.js';
import { gatewaySignatureValid, withGatewaySignature } from './gateway-signature.js';

let sim: RunningSimulator;
let receiver: CallbackReceiver;
let orderSeq = 0;

beforeEach(async () => {
  sim = await startSimulator({ autoResolveDelayMs: 1000, promptTimeoutMs: 60_000 });
  receiver = await startCallbackReceiver();
});
afterEach(async () => {
  await sim.close();
  await receiver.close();
});

function c2bBody(phone: string, overrides: Record<string, unknown> = {}) {
  orderSeq += 1;
  return {
    merchant_id: gatewaySandbox.merchantId,
    customer_id: phone,
    order_id: `order-${orderSeq}`,
    amount: '1500.00',
    currency: 'KES',
    country: 'KE',
    callback_url: receiver.url,
    provider_id: 40,
    ...overrides,
  };
}

function post(path: string, body: unknown, init: { contentType?: string; publicId?: string } = {}) {
  return fetch(`${sim.gateway.baseUrl}/${init.publicId ?? gatewaySandbox.publicId}/${path}`, {
    method: 'POST',
    headers: { 'content-type': init.contentType ?? 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

function signed<T extends object>(body: T) {
  return withGatewaySignature(body, gatewaySandbox.secretKey);
}

async function pay(phone: string, overrides: Record<string, unknown> = {}) {
  const body = c2bBody(phone, overrides);
  const response = await post('payment_c2b', signed(body));
  return { body, response, answer: (await response.json()) as Record<string, unknown> };
}

async function status(orderId: string) {
  const response = await post(
    'status',
    signed({ merchant_id: gatewaySandbox.merchantId, order_id: orderId }),
  );
  return { response, answer: (await response.json()) as Record<string, unknown> };
}

const authError = { result: { code: 10201, message: 'MERCHANT AUTHENTICATION ERROR' } };

describe('POST /{public_id}/payment_c2b', () => {
  it('accepts a signed request: in progress, the documented answer fields in order', async () => {
    const { body, response, answer } = await pay('254711000000');

    expect(response.status).toBe(200);
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
    ]);
    expect(answer).toMatchObject({
      order_id: body.order_id,
      transaction_id: expect.stringMatching(/^\d{12}$/),
      transaction_ref: '',
      status: 1,
      result: { code: 0, message: 'OK' },
      service_id: 1,
      service_version: '1.03/1.14|1.0/1.26|1.0/1.0|1.01/1.01|1.01/1.01||1.01/1.27',
      service_date_time: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$/),
    });
  });

  it('puts the prompt on the virtual phone, named by the transaction id', async () => {
    const { answer } = await pay('254708374149');

    expect(sim.control.prompts()).toEqual([
      expect.objectContaining({
        id: answer.transaction_id,
        provider: 'gateway',
        phone: '254708374149',
        amount: '1500.00',
        currency: 'KES',
      }),
    ]);
  });

  it('sends a signed generic callback (no status) once the customer pays, and status says success', async () => {
    const { body, answer } = await pay('254711000000');

    await sim.control.advance(1000);
    const { answer: final } = await status(body.order_id);

    expect(receiver.received).toHaveLength(1);
    const callback = receiver.received[0]?.body as Record<string, unknown>;
    expect(Object.keys(callback)).toEqual([
      'transaction_id',
      'order_id',
      'service_id',
      'service_version',
      'service_date_time',
      'result',
      'signature',
    ]);
    expect(callback).toMatchObject({
      transaction_id: answer.transaction_id,
      order_id: body.order_id,
      service_version: '5.2.0',
      result: { code: 0, message: 'OK' },
    });
    expect(gatewaySignatureValid(callback, gatewaySandbox.secretKey)).toBe(true);
    expect(final).toMatchObject({
      status: 2,
      result: { code: 0, message: 'OK' },
      provider_result: { code: 0 },
      transaction_ref: expect.stringMatching(/^[A-Z0-9]{10}$/),
      service_version: 11.1,
    });
  });

  it.each([
    ['254711000001', 3, 0, 1],
    ['254711002001', 3, 1, 2001],
    ['254711000032', 4, 0, 1032],
    ['254711000037', 3, 0, 1037],
  ])('settles %s as status %i, result %i, provider %i', async (phone, code, result, provider) => {
    const { body } = await pay(phone);

    await sim.control.advance(1000);
    const { answer } = await status(body.order_id);

    expect(answer).toMatchObject({
      status: code,
      result: { code: result },
      provider_result: { code: provider },
      transaction_ref: '',
    });
    expect(receiver.received).toHaveLength(1);
  });

  it('loses the callback for 254711000099 but status still says success', async () => {
    const { body } = await pay('254711000099');

    await sim.control.advance(1000);

    expect(receiver.received).toHaveLength(0);
    expect((await status(body.order_id)).answer.status).toBe(2);
  });

  it('sends the callback twice for 254711000098', async () => {
    await pay('254711000098');

    await sim.control.advance(1000);

    expect(receiver.received).toHaveLength(2);
    expect(receiver.received[1]?.body).toEqual(receiver.received[0]?.body);
  });

  it('refuses 254711000017 at once: failed, Safaricom’s 1001 in provider_result, no prompt', async () => {
    const { answer } = await pay('254711000017');

    expect(answer).toMatchObject({
      status: 3,
      result: { code: 0, message: 'OK' },
      provider_result: {
        code: 1001,
        message:
          'Unable to lock subscriber, a transaction is already in process for the current subscriber',
      },
    });
    expect(sim.control.prompts()).toHaveLength(0);
  });

  it('waits for the virtual phone, then says the customer’s answer', async () => {
    const { body, answer } = await pay('254708374149');

    const before = await status(body.order_id);
    await sim.control.answer(String(answer.transaction_id), 'cancelled');
    const after = await status(body.order_id);

    expect(before.answer.status).toBe(1);
    expect(after.answer).toMatchObject({ status: 4, provider_result: { code: 1032 } });
    expect(receiver.received).toHaveLength(1);
  });

  it('settles an unanswered prompt as no response when it times out', async () => {
    const { body } = await pay('254708374149');

    await sim.control.advance(60_000);

    expect((await status(body.order_id)).answer).toMatchObject({
      status: 3,
      provider_result: { code: 1037 },
    });
  });

  it('keeps provider 14 (the gateway’s own simulator) in progress forever, with no prompt and no callback', async () => {
    const { body, answer } = await pay('254711000000', { provider_id: 14 });

    await sim.control.advance(3_600_000);

    expect(answer).toMatchObject({
      status: 1,
      provider_result: { code: -8888, message: 'Good' },
      confirm_type: 0,
    });
    expect(sim.control.prompts()).toHaveLength(0);
    expect(receiver.received).toHaveLength(0);
    expect((await status(body.order_id)).answer).toMatchObject({ status: 1 });
  });

  it('replays the first answer to a repeat of the same order_id and prompts only once', async () => {
    const body = c2bBody('254708374149');
    const first = await (await post('payment_c2b', signed(body))).json();

    const again = await (await post('payment_c2b', signed({ ...body, amount: '9.00' }))).json();

    expect(again).toEqual(first);
    expect(sim.control.prompts()).toHaveLength(1);
  });

  it('sends no callback when the request has no callback_url', async () => {
    const { callback_url: _, ...body } = c2bBody('254711000000');

    const response = await post('payment_c2b', signed(body));
    await sim.control.advance(1000);

    expect(response.status).toBe(200);
    expect(sim.control.callbacks()).toHaveLength(0);
  });
});

describe('authentication', () => {
  it('answers 10201 to a signature that does not match the body', async () => {
    const body = signed(c2bBody('254711000000'));

    const response = await post('payment_c2b', { ...body, amount: '1.00' });

    expect(response.status).toBe(401);
    expect(await response.json()).toEqual(authError);
    expect(sim.control.prompts()).toHaveLength(0);
  });

  it('answers 10201 to a request signed with another secret key', async () => {
    const body = withGatewaySignature(c2bBody('254711000000'), 'not-the-secret');

    expect(await (await post('payment_c2b', body)).json()).toEqual(authError);
  });

  it('answers 10201 to an unsigned request', async () => {
    expect(await (await post('payment_c2b', c2bBody('254711000000'))).json()).toEqual(authError);
  });

  it('answers 10201 to another merchant id or another public id', async () => {
    const foreign = await post(
      'payment_c2b',
      signed(c2bBody('254711000000', { merchant_id: 'someone-else' })),
    );
    const wrongPath = await post('payment_c2b', signed(c2bBody('254711000000')), {
      publicId: 'not-our-public-id',
    });

    expect(await foreign.json()).toEqual(authError);
    expect(await wrongPath.json()).toEqual(authError);
  });

  it('checks the signature over the order the parameters were sent in', async () => {
    const { merchant_id, ...rest } = c2bBody('254711000000');
    const signedInOrder = signed({ merchant_id, ...rest });

    const reordered = { ...rest, merchant_id, signature: signedInOrder.signature };

    expect((await post('payment_c2b', reordered)).status).toBe(401);
  });
});

describe('field rules (after the signature)', () => {
  it.each([
    ['an amount without two decimals', { amount: '1500' }, 'amount'],
    ['an amount as a number', { amount: 1500 }, 'amount'],
    ['an unlisted currency', { currency: 'EUR' }, 'currency'],
    ['an unlisted provider', { provider_id: 99 }, 'provider_id'],
    ['an order_id with spaces', { order_id: 'order 1' }, 'order_id'],
    ['a phone not in 254 format', { customer_id: '0711000000' }, 'customer_id'],
    ['less than KES 1.00', { amount: '0.50' }, 'amount'],
    ['more than KES 150,000.00', { amount: '150000.01' }, 'amount'],
  ])('answers 400 with result code 4 to %s', async (_, overrides, field) => {
    const response = await post('payment_c2b', signed(c2bBody('254711000000', overrides)));

    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      result: { code: 4, message: `INVALID REQUEST: invalid ${field}` },
    });
  });

  it('answers 400 with result code 4 to a body that is not JSON', async () => {
    const response = await post('payment_c2b', 'merchant_id=1', {
      contentType: 'application/x-www-form-urlencoded',
    });

    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      result: { code: 4, message: 'INVALID REQUEST: expected application/json' },
    });
  });
});

describe('POST /{public_id}/status', () => {
  it('answers 404 with result code 4 for an order it does not know', async () => {
    const { response, answer } = await status('never-made');

    expect(response.status).toBe(404);
    expect(answer).toEqual({ result: { code: 4, message: 'INVALID REQUEST: unknown order_id' } });
  });

  it('forgets orders on reset', async () => {
    const { body } = await pay('254711000000');

    sim.control.reset();

    expect((await status(body.order_id)).response.status).toBe(404);
  });
});

describe('faults for provider "gateway"', () => {
  it('answers an http 429 fault in the envelope with Retry-After', async () => {
    sim.control.fault({
      provider: 'gateway',
      operation: 'stkpush',
      kind: 'http',
      status: 429,
      delayMs: 5000,
    });

    const { response, answer } = await pay('254711000000');

    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('5');
    expect(answer).toEqual({
      result: { code: 429, message: 'System is busy. Please try again in few minutes.' },
    });
  });

  it('answers an http 500 fault on status with the envelope, then recovers', async () => {
    const { body } = await pay('254711000000');
    sim.control.fault({
      provider: 'gateway',
      operation: 'query',
      kind: 'http',
      status: 500,
      errorCode: '-1',
      errorMessage: 'INTERNAL ERROR',
    });

    const failed = await status(body.order_id);
    const recovered = await status(body.order_id);

    expect(failed.response.status).toBe(500);
    expect(failed.answer).toEqual({ result: { code: -1, message: 'INTERNAL ERROR' } });
    expect(recovered.response.status).toBe(200);
  });

  it('never answers a hang fault, and nothing is processed', async () => {
    sim.control.fault({ provider: 'gateway', operation: 'stkpush', kind: 'hang' });

    const error = await fetch(`${sim.gateway.baseUrl}/${gatewaySandbox.publicId}/payment_c2b`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(signed(c2bBody('254711000000'))),
      signal: AbortSignal.timeout(100),
    }).catch((e: unknown) => e);

    expect(error).toMatchObject({ name: 'TimeoutError' });
    expect(sim.control.prompts()).toHaveLength(0);
  });

  it('does not apply Daraja’s faults to the gateway', async () => {
    sim.control.fault({ operation: 'stkpush', kind: 'http', status: 500 });

    expect((await pay('254711000000')).response.status).toBe(200);
  });

  it('drops a callback on a callback drop fault', async () => {
    sim.control.fault({ provider: 'gateway', operation: 'callback', kind: 'drop' });
    await pay('254711000000');

    await sim.control.advance(1000);

    expect(receiver.received).toHaveLength(0);
    expect(sim.control.callbacks()).toEqual([
      expect.objectContaining({ provider: 'gateway', error: 'dropped by fault' }),
    ]);
  });
});
