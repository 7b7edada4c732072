/**
 * The simulator's payment gateway refusing requests (authentication, then field rules after the
 * signature) and its faults for provider "gateway".
 */
import { describe, expect, it } from 'vitest';
import { gatewaySandbox } from './gateway-sandbox.js';
import { withGatewaySignature } from './gateway-signature.js';
import {
  authError,
  c2bBody,
  pay,
  post,
  receiver,
  signed,
  sim,
  startSimulatorForEachTest,
  status,
} from './test-gateway-router-setup.js';

startSimulatorForEachTest();

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
