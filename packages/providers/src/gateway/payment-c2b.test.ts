/**
 * Longer than ~300 lines because it is one operation's specification, the gateway's payment_c2b:
 * the signed request it builds and every answer it maps.
 */
import { ProviderError, ValidationError } from '@lipwa/core';
import { describe, expect, it } from 'vitest';
import { createGatewaySigner } from './gateway-signature.js';
import { buildPaymentC2b, paymentC2b } from './payment-c2b.js';
import {
  json,
  operationAnswer,
  paymentRequest,
  sample,
  setupGateway,
} from './test-fake-gateway.js';

async function initiate(setup: ReturnType<typeof setupGateway>, overrides = {}) {
  return paymentC2b(setup.config, createGatewaySigner(sample.secretKey), paymentRequest(overrides));
}

describe('payment_c2b request', () => {
  it('sends the documented fields in order, signed, to /{public_id}/payment_c2b with no auth header', async () => {
    const setup = setupGateway();

    await initiate(setup);
    const [sent] = setup.fake.requestsTo('payment_c2b');

    expect(sent?.url).toBe(`https://gateway.test/${sample.publicId}/payment_c2b`);
    expect(sent?.headers.get('authorization')).toBeNull();
    expect(sent?.headers.get('content-type')).toBe('application/json');
    expect(Object.keys(sent?.json ?? {})).toEqual([
      'merchant_id',
      'customer_id',
      'order_id',
      'amount',
      'currency',
      'country',
      'callback_url',
      'provider_id',
      'signature',
    ]);
    expect(sent?.json).toMatchObject({
      merchant_id: sample.merchantId,
      customer_id: '254708374149',
      order_id: 'pay_01J2Z3',
      amount: '1500.00',
      currency: 'KES',
      country: 'KE',
      callback_url: 'https://shop.example/lipwa/callbacks/gateway/tok_9f8e7d',
      provider_id: 40,
    });
    const { signature, ...signed } = sent?.json ?? {};
    expect(await createGatewaySigner(sample.secretKey).verify(signed, signature)).toBe(true);
  });

  it('never sends the secret key', async () => {
    const setup = setupGateway();

    await initiate(setup);

    expect(setup.fake.requests[0]?.rawBody).not.toContain(sample.secretKey);
  });

  it('writes cents as two decimals', () => {
    const { config } = setupGateway();

    expect(
      buildPaymentC2b(config, paymentRequest({ amount: { amount: 105, currency: 'KES' } })).amount,
    ).toBe('1.05');
  });

  it('sends the configured provider id (40 is Safaricom; brands differ)', async () => {
    const setup = setupGateway({ providerId: 43 });

    await initiate(setup);

    expect(setup.fake.requests[0]?.json.provider_id).toBe(43);
  });

  it.each([
    [
      'a currency the account does not take',
      { amount: { amount: 1000, currency: 'USD' } },
      'invalid_amount',
    ],
    ['less than KES 1.00', { amount: { amount: 99, currency: 'KES' } }, 'invalid_amount'],
    [
      'more than KES 150,000.00',
      { amount: { amount: 15_000_001, currency: 'KES' } },
      'invalid_amount',
    ],
    ['a fractional amount', { amount: { amount: 10.5, currency: 'KES' } }, 'invalid_amount'],
    ['a phone not normalised to 2547…', { phone: '0712345678' }, 'invalid_phone'],
    ['no phone', { phone: undefined }, 'invalid_phone'],
    ['an order id the gateway refuses', { paymentId: 'pay 1/2' }, 'invalid_field'],
    ['an order id over 128 characters', { paymentId: 'p'.repeat(129) }, 'invalid_field'],
    ['a relative callback URL', { callbackUrl: '/lipwa/callbacks/gateway/t' }, 'invalid_field'],
  ])('refuses %s before sending anything', async (_, overrides, code) => {
    const setup = setupGateway();

    const error = await initiate(setup, overrides).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ code });
    expect(setup.fake.requests).toHaveLength(0);
  });

  it('takes USD when the account is configured for it', async () => {
    const setup = setupGateway({ currencies: ['KES', 'USD'] });

    await initiate(setup, { amount: { amount: 2_50, currency: 'USD' } });

    expect(setup.fake.requests[0]?.json).toMatchObject({ amount: '2.50', currency: 'USD' });
  });
});

describe('payment_c2b answer', () => {
  it('returns the order id as providerRef, an STK next step and the 3-minute callback window', async () => {
    const setup = setupGateway();

    const started = await initiate(setup);

    expect(started).toEqual({
      providerRef: 'pay_01J2Z3',
      next: { type: 'stk' },
      promptTimeoutMs: 180_000,
      providerData: { transactionId: '732007046722' },
    });
  });

  it('accepts the samples’ loose types: service_version as text, codes as digit strings', async () => {
    const setup = setupGateway();
    setup.fake.script(
      'payment_c2b',
      json(
        200,
        operationAnswer('pay_01J2Z3', 1, {
          status: '1',
          service_id: '1',
          service_version: '1.03/1.14|1.0/1.26|1.0/1.0|1.01/1.01|1.01/1.01||1.01/1.27',
          transaction_id: 732007046722,
        }),
      ),
    );

    expect((await initiate(setup)).providerRef).toBe('pay_01J2Z3');
  });

  it('refuses a payment the operator turned down at once (busy subscriber), not retryable', async () => {
    const setup = setupGateway();
    setup.fake.script(
      'payment_c2b',
      json(
        200,
        operationAnswer('pay_01J2Z3', 3, {
          provider_result: {
            code: 1001,
            message:
              'Unable to lock subscriber, a transaction is already in process for the current subscriber',
          },
        }),
      ),
    );

    const error = await initiate(setup).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({
      code: 'provider_rejected',
      reason: 'subscriber_busy',
      providerCode: '3',
      retryable: false,
      ambiguous: false,
    });
  });

  it('reports a refused signature (10201) as provider_auth_failed without the secret', async () => {
    const setup = setupGateway();
    setup.fake.script(
      'payment_c2b',
      json(401, { result: { code: 10201, message: 'MERCHANT AUTHENTICATION ERROR' } }),
    );

    const error = await initiate(setup).catch((e: unknown) => e);

    expect(error).toMatchObject({
      code: 'provider_auth_failed',
      providerCode: '10201',
      retryable: false,
    });
    expect(String((error as Error).message)).not.toContain(sample.secretKey);
  });

  it('reads 10201 the same way when it comes with HTTP 200', async () => {
    const setup = setupGateway();
    setup.fake.script(
      'payment_c2b',
      json(200, { result: { code: 10201, message: 'MERCHANT AUTHENTICATION ERROR' } }),
    );

    expect(await initiate(setup).catch((e: unknown) => e)).toMatchObject({
      code: 'provider_auth_failed',
    });
  });

  it('honours Retry-After on a 429 as retryAfterMs', async () => {
    const setup = setupGateway();
    setup.fake.script(
      'payment_c2b',
      json(429, { result: { code: 429, message: 'TOO MANY REQUESTS' } }, { 'retry-after': '7' }),
    );

    expect(await initiate(setup).catch((e: unknown) => e)).toMatchObject({
      code: 'provider_unavailable',
      retryable: true,
      ambiguous: false,
      retryAfterMs: 7_000,
    });
  });

  it('honours Retry-After given as an HTTP date, on the injected clock', async () => {
    const setup = setupGateway();
    const inTwelveSeconds = new Date(setup.clock.now() + 12_000).toUTCString();
    setup.fake.script('payment_c2b', json(429, {}, { 'retry-after': inTwelveSeconds }));

    expect(await initiate(setup).catch((e: unknown) => e)).toMatchObject({ retryAfterMs: 12_000 });
  });

  it('honours a retry_after body field when there is no header', async () => {
    const setup = setupGateway();
    setup.fake.script('payment_c2b', json(429, { retry_after: 3 }));

    expect(await initiate(setup).catch((e: unknown) => e)).toMatchObject({ retryAfterMs: 3_000 });
  });

  it('reports a 500 as provider_unavailable and retryable, keeping the answer', async () => {
    const setup = setupGateway();
    setup.fake.script('payment_c2b', { status: 502, text: '<html>Bad gateway</html>' });

    expect(await initiate(setup).catch((e: unknown) => e)).toMatchObject({
      code: 'provider_unavailable',
      providerCode: '502',
      retryable: true,
      details: { httpStatus: 502, answer: '<html>Bad gateway</html>' },
    });
  });

  it('reports any other error answer as provider_rejected with the gateway’s code', async () => {
    const setup = setupGateway();
    setup.fake.script(
      'payment_c2b',
      json(400, { result: { code: 4, message: 'INVALID REQUEST' } }),
    );

    expect(await initiate(setup).catch((e: unknown) => e)).toMatchObject({
      code: 'provider_rejected',
      providerCode: '4',
      retryable: false,
    });
  });

  it('reports a timeout as ambiguous (the prompt may be out) yet safe to repeat by order id', async () => {
    const setup = setupGateway();
    setup.fake.script('payment_c2b', { kind: 'timeout' });

    expect(await initiate(setup).catch((e: unknown) => e)).toMatchObject({
      code: 'provider_unavailable',
      ambiguous: true,
      retryable: true,
      details: { timedOut: true },
    });
  });

  it('gives up after timeoutMs when the gateway never answers', async () => {
    const setup = setupGateway({ timeoutMs: 20 });
    setup.fake.script('payment_c2b', { kind: 'hang' });

    expect(await initiate(setup).catch((e: unknown) => e)).toMatchObject({ ambiguous: true });
  });

  it('reports a refused connection as retryable and not ambiguous', async () => {
    const setup = setupGateway();
    setup.fake.script('payment_c2b', { kind: 'network-error' });

    expect(await initiate(setup).catch((e: unknown) => e)).toMatchObject({
      code: 'provider_unavailable',
      retryable: true,
      ambiguous: false,
    });
  });

  it.each([
    ['not JSON', { status: 200, text: 'OK' }],
    ['JSON without the fields', json(200, { order_id: 'pay_01J2Z3' })],
    [
      'a status that is not a number',
      json(200, operationAnswer('pay_01J2Z3', 1, { status: 'done' })),
    ],
  ])('reports a 2xx answer that is %s as ambiguous, never a crash', async (_, step) => {
    const setup = setupGateway();
    setup.fake.script('payment_c2b', step);

    const error = await initiate(setup).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ code: 'provider_unavailable', ambiguous: true });
    expect((error as ProviderError).details.answer).toBeDefined();
  });

  it('refuses an answer about another order', async () => {
    const setup = setupGateway();
    setup.fake.script('payment_c2b', json(200, operationAnswer('someone-else', 1)));

    expect(await initiate(setup).catch((e: unknown) => e)).toMatchObject({
      code: 'provider_unavailable',
      ambiguous: true,
    });
  });

  it('does not send when the caller’s signal is already aborted', async () => {
    const setup = setupGateway();

    const error = await initiate(setup, { signal: AbortSignal.abort() }).catch((e: unknown) => e);

    expect(error).toMatchObject({ code: 'provider_unavailable', ambiguous: false });
    expect(setup.fake.requests).toHaveLength(0);
  });
});
