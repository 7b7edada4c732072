import { ProviderError, ValidationError } from '@lipwa/core';
import { describe, expect, it } from 'vitest';
import { createGatewaySigner, gatewaySignature } from './gateway-signature.js';
import { confirmPayout, sendPayout } from './payout.js';
import { json, operationAnswer, sample, setupGateway } from './test-fake-gateway.js';

function setupPayouts() {
  const setup = setupGateway();
  const signer = createGatewaySigner(sample.secretKey);
  return {
    ...setup,
    send: (request: Parameters<typeof sendPayout>[2]) => sendPayout(setup.config, signer, request),
    confirm: (request: Parameters<typeof sendPayout>[2], code: string) =>
      confirmPayout(setup.config, signer, request, code),
  };
}

const payout = {
  orderId: 'payout-1042',
  phone: '254708374149',
  amount: { amount: 150_000, currency: 'KES' },
  callbackUrl: 'https://shop.example/lipwa/callbacks/gateway/tok_p1',
};

function errorOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe('gateway payouts (payment_b2c)', () => {
  it('signs the documented fields in order and posts them to /{public_id}/payment_b2c', async () => {
    const { fake, send } = setupPayouts();

    const result = await send(payout);

    const [request] = fake.requestsTo('payment_b2c');
    expect(request?.url).toBe(`https://gateway.test/${sample.publicId}/payment_b2c`);
    expect(request?.headers.get('authorization')).toBeNull();
    const { signature, ...params } = request?.json ?? {};
    expect(params).toEqual({
      merchant_id: sample.merchantId,
      customer_id: '254708374149',
      order_id: 'payout-1042',
      amount: '1500.00',
      currency: 'KES',
      country: 'KE',
      callback_url: payout.callbackUrl,
      provider_id: 40,
    });
    expect(signature).toBe(await gatewaySignature(params, sample.secretKey));
    expect(result).toMatchObject({
      orderId: 'payout-1042',
      gatewayStatus: 1,
      update: { status: 'pending', providerRef: 'payout-1042' },
      confirmType: 0,
      needsConfirmation: false,
    });
  });

  it('asks for the second step when confirm_type is non-zero, then sends the code last', async () => {
    const { fake, send, confirm } = setupPayouts();
    fake.script(
      'payment_b2c',
      json(200, operationAnswer('payout-1042', 0, { confirm_type: 1 })),
      json(200, operationAnswer('payout-1042', 2, { confirm_type: 0 })),
    );

    const first = await send(payout);
    const second = await confirm(payout, '123456');

    expect(first).toMatchObject({ confirmType: 1, needsConfirmation: true });
    expect(Object.keys(fake.requestsTo('payment_b2c')[1]?.json ?? {}).slice(-2)).toEqual([
      'confirmation_code',
      'signature',
    ]);
    expect(second).toMatchObject({
      needsConfirmation: false,
      update: { status: 'completed', receipt: 'TAF1B2C3D4' },
    });
  });

  it('still needs confirmation when the code was refused (result 1 INVALID PIN)', async () => {
    const { fake, confirm } = setupPayouts();
    fake.script(
      'payment_b2c',
      json(
        200,
        operationAnswer('payout-1042', 0, {
          confirm_type: 1,
          result: { code: 1, message: 'INVALID PIN' },
        }),
      ),
    );

    const result = await confirm(payout, '000000');

    expect(result).toMatchObject({
      resultCode: 1,
      resultMessage: 'INVALID PIN',
      needsConfirmation: true,
    });
  });

  it('returns a failed payout with its reason rather than throwing', async () => {
    const { fake, send } = setupPayouts();
    fake.script(
      'payment_b2c',
      json(
        200,
        operationAnswer('payout-1042', 3, { provider_result: { code: 1, message: 'No funds' } }),
      ),
    );

    const result = await send(payout);

    expect(result.update).toMatchObject({
      status: 'failed',
      reason: 'insufficient_funds',
      providerCode: '3',
    });
  });

  it.each([
    ['an invalid phone', { phone: '0708374149' }, 'invalid_phone'],
    ['less than KES 500.00', { amount: { amount: 49_999, currency: 'KES' } }, 'invalid_amount'],
    [
      'more than KES 150,000.00',
      { amount: { amount: 15_000_001, currency: 'KES' } },
      'invalid_amount',
    ],
    [
      'a currency the account does not take',
      { amount: { amount: 100_000, currency: 'USD' } },
      'invalid_amount',
    ],
    ['an order id with spaces', { orderId: 'payout 1' }, 'invalid_field'],
    ['a callback URL that is not one', { callbackUrl: 'shop/callback' }, 'invalid_field'],
  ])('refuses %s before signing or sending', async (_, change, code) => {
    const { fake, send } = setupPayouts();

    const error = await errorOf(send({ ...payout, ...change }));

    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ code });
    expect(fake.requests).toHaveLength(0);
  });

  it('refuses an empty confirmation code before sending', async () => {
    const { fake, confirm } = setupPayouts();

    const error = await errorOf(confirm(payout, ''));

    expect(error).toMatchObject({ code: 'invalid_field', details: { field: 'confirmationCode' } });
    expect(fake.requests).toHaveLength(0);
  });

  it('keeps the gateway’s result code when it refuses the request', async () => {
    const { fake, send } = setupPayouts();
    fake.script(
      'payment_b2c',
      json(401, { result: { code: 10201, message: 'MERCHANT AUTHENTICATION ERROR' } }),
    );

    const error = await errorOf(send(payout));

    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ code: 'provider_auth_failed', providerCode: '10201' });
  });

  it('calls a timed-out payout ambiguous but safe to repeat with the same order id', async () => {
    const { fake, send } = setupPayouts();
    fake.script('payment_b2c', { kind: 'timeout' });

    const error = await errorOf(send(payout));

    expect(error).toMatchObject({ code: 'provider_unavailable', ambiguous: true, retryable: true });
  });

  it('honours Retry-After on a 429', async () => {
    const { fake, send } = setupPayouts();
    fake.script(
      'payment_b2c',
      json(429, { result: { code: 429, message: 'Busy' } }, { 'Retry-After': '7' }),
    );

    const error = await errorOf(send(payout));

    expect(error).toMatchObject({ retryable: true, retryAfterMs: 7_000 });
  });

  it('refuses an answer about another order as ambiguous', async () => {
    const { fake, send } = setupPayouts();
    fake.script('payment_b2c', json(200, operationAnswer('someone-else', 1)));

    const error = await errorOf(send(payout));

    expect(error).toMatchObject({ code: 'provider_unavailable', ambiguous: true });
  });

  it('keeps a malformed 200 in details, shortened, as provider_unavailable', async () => {
    const { fake, send } = setupPayouts();
    fake.script('payment_b2c', { status: 200, text: '{"order_id":' });

    const error = (await errorOf(send(payout))) as ProviderError;

    expect(error).toMatchObject({ code: 'provider_unavailable', ambiguous: true });
    expect(error.details.answer).toBe('{"order_id":');
  });
});
