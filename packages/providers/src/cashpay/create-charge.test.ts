import { type Msisdn, ProviderError, ValidationError } from '@lipwa/core';
import { describe, expect, it } from 'vitest';
import { createAccessTokens } from './access-token.js';
import type { CashpayOptions } from './cashpay-options.js';
import { buildChargePayload, createCharge } from './create-charge.js';
import { cashpayError, json } from './test-fetch.js';
import { paymentRequest, setupCashpay } from './test-setup.js';

function setupCreate(overrides: Partial<CashpayOptions> = {}) {
  const setup = setupCashpay(overrides);
  const tokens = createAccessTokens(setup.config);
  return {
    ...setup,
    initiate: (request = paymentRequest()) => createCharge(setup.config, tokens, request),
  };
}

async function failureOf(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

describe('CashPay create charge (initiate)', () => {
  it('sends the charge: whole YER, the account currency, reference, description and both URLs', async () => {
    const { fake, initiate } = setupCreate();

    await initiate();

    const [request] = fake.requestsTo('charge');
    expect(request?.url).toBe('https://cashpay.test/charges');
    expect(request?.headers.get('authorization')).toBe('Bearer token-1');
    expect(request?.headers.get('content-type')).toBe('application/json');
    expect(JSON.parse(request?.body ?? '')).toEqual({
      amount: 2000,
      currency: 'YER',
      description: 'Purchase of a watch',
      redirect_url: 'https://shop.example/orders/1042',
      post_url: 'https://shop.example/lipwa/callbacks/cashpay/tok_9f8e7d',
      reference: 'ORDER-1042',
    });
  });

  it('answers a redirect to the transaction_url, with the chg_ id as providerRef', async () => {
    const { initiate } = setupCreate();

    const result = await initiate();

    expect(result).toEqual({
      providerRef: 'chg_fake000001',
      next: { type: 'redirect', url: 'https://pay.cashpay.test/session/chg_fake000001' },
    });
  });

  it('needs no phone, sends none, and treats a magic-looking number like any other', async () => {
    const { fake, initiate } = setupCreate();

    await initiate(paymentRequest({ phone: '254711000001' as Msisdn }));

    expect(fake.requestsTo('charge')[0]?.body).not.toContain('254711000001');
  });

  it('describes the payment by its reference when there is no description', async () => {
    const { config } = setupCreate();

    const payload = buildChargePayload(config, paymentRequest({ description: '  ' }));

    expect(payload.description).toBe('Payment for ORDER-1042');
  });

  it.each([
    ['another currency', { amount: { amount: 150_000, currency: 'KES' } }, 'currency'],
    ['a fraction of a rial', { amount: { amount: 200_050, currency: 'YER' } }, 'amount'],
    ['a zero amount', { amount: { amount: 0, currency: 'YER' } }, 'amount'],
    ['an empty reference', { reference: '   ' }, 'reference'],
    ['a reference over 64 characters', { reference: 'R'.repeat(65) }, 'reference'],
    ['a reference with a control character', { reference: 'ORDER\u00071' }, 'reference'],
    ['a description over 255 characters', { description: 'd'.repeat(256) }, 'description'],
    ['no return URL', { returnUrl: undefined }, 'returnUrl'],
    ['a relative return URL', { returnUrl: '/orders/1042' }, 'returnUrl'],
    [
      'a callback URL that is not http(s)',
      { callbackUrl: 'mailto:ops@shop.example' },
      'callbackUrl',
    ],
    [
      'a callback URL over 2048 characters',
      { callbackUrl: `https://shop.example/${'a'.repeat(2048)}` },
      'callbackUrl',
    ],
  ])('refuses %s before sending anything', async (_what, overrides, field) => {
    const { fake, initiate } = setupCreate();

    const error = await initiate(paymentRequest(overrides)).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ details: { field } });
    expect(fake.requests).toHaveLength(0);
  });

  it('wants https return and callback URLs in production', async () => {
    const { fake, initiate } = setupCreate({ environment: 'production' });

    const error = await initiate(
      paymentRequest({ returnUrl: 'http://shop.example/orders/1042' }),
    ).catch((e: unknown) => e);

    expect(error).toMatchObject({ code: 'invalid_field', details: { field: 'returnUrl' } });
    expect(fake.requests).toHaveLength(0);
  });

  it('takes a zero-decimal account currency in whole units', async () => {
    const { fake, initiate } = setupCreate({ currency: 'UGX' });

    await initiate(paymentRequest({ amount: { amount: 5000, currency: 'UGX' } }));

    expect(JSON.parse(fake.requestsTo('charge')[0]?.body ?? '')).toMatchObject({
      amount: 5000,
      currency: 'UGX',
    });
  });

  it('fetches a fresh token and repeats the create once when the token is refused', async () => {
    const { fake, initiate } = setupCreate();
    fake.script('charge', cashpayError(401, 'invalid_token'));

    const result = await initiate();

    expect(result.providerRef).toBe('chg_fake000001');
    expect(fake.requests.map((r) => r.route)).toEqual(['token', 'charge', 'token', 'charge']);
    expect(fake.requestsTo('charge')[1]?.headers.get('authorization')).toBe('Bearer token-2');
  });

  it('gives up with provider_auth_failed when the fresh token is refused too', async () => {
    const { fake, initiate } = setupCreate();
    fake.script('charge', cashpayError(401, 'invalid_token'), cashpayError(401, 'invalid_token'));

    const error = await failureOf(initiate());

    expect(error).toMatchObject({ code: 'provider_auth_failed', providerCode: 'invalid_token' });
    expect(fake.requestsTo('charge')).toHaveLength(2);
  });

  it('honours Retry-After on a 429 as retryAfterMs', async () => {
    const { fake, initiate } = setupCreate();
    fake.script('charge', json(429, { error: { code: 'rate_limited' } }, { 'retry-after': '30' }));

    const error = await failureOf(initiate());

    expect(error).toMatchObject({
      code: 'provider_unavailable',
      retryable: true,
      ambiguous: false,
      retryAfterMs: 30_000,
      providerCode: 'rate_limited',
    });
  });

  it('honours retry_after in the body when there is no Retry-After header', async () => {
    const { fake, initiate } = setupCreate();
    fake.script('charge', json(429, { error: { code: 'rate_limited', retry_after: 2 } }));

    expect(await failureOf(initiate())).toMatchObject({ retryAfterMs: 2_000 });
  });

  it('reads Retry-After given as an HTTP date against the injected clock', async () => {
    const { fake, initiate, clock } = setupCreate();
    const at = new Date(clock.now() + 90_000).toUTCString();
    fake.script('charge', json(429, { error: { code: 'rate_limited' } }, { 'retry-after': at }));

    expect(await failureOf(initiate())).toMatchObject({ retryAfterMs: 90_000 });
  });

  it('reports a 500 as retryable, keeping CashPay’s code, and never repeats the create', async () => {
    const { fake, initiate } = setupCreate();
    fake.script('charge', cashpayError(500, 'server_error', 'Something went wrong.'));

    const error = await failureOf(initiate());

    expect(error).toMatchObject({
      code: 'provider_unavailable',
      retryable: true,
      ambiguous: false,
      providerCode: 'server_error',
    });
    expect(fake.requestsTo('charge')).toHaveLength(1);
  });

  it('reports a refused charge as provider_rejected with the field CashPay named', async () => {
    const { fake, initiate } = setupCreate();
    fake.script(
      'charge',
      json(400, { error: { code: 'invalid_request', message: 'Bad amount.', param: 'amount' } }),
    );

    const error = await failureOf(initiate());

    expect(error).toMatchObject({
      code: 'provider_rejected',
      retryable: false,
      providerCode: 'invalid_request',
      details: { param: 'amount', httpStatus: 400 },
    });
  });

  it('keeps the HTTP status as the code when the error has no envelope', async () => {
    const { fake, initiate } = setupCreate();
    fake.script('charge', { status: 502, text: '<html>Bad gateway</html>' });

    expect(await failureOf(initiate())).toMatchObject({
      code: 'provider_unavailable',
      providerCode: '502',
    });
  });

  it('reports a timeout as ambiguous: the charge may exist', async () => {
    const { fake, initiate } = setupCreate();
    fake.script('charge', { kind: 'timeout' });

    const error = await failureOf(initiate());

    expect(error).toMatchObject({
      code: 'provider_unavailable',
      ambiguous: true,
      retryable: false,
      details: { timedOut: true },
    });
    expect(fake.requestsTo('charge')).toHaveLength(1);
  });

  it('reports a refused connection as retryable and not ambiguous', async () => {
    const { fake, initiate } = setupCreate();
    fake.script('charge', { kind: 'network-error' });

    expect(await failureOf(initiate())).toMatchObject({
      code: 'provider_unavailable',
      retryable: true,
      ambiguous: false,
    });
  });

  it.each([
    [
      'a charge without transaction_url',
      json(201, { id: 'chg_x1', status: 'INITIATED', amount: 2000, currency: 'YER' }),
    ],
    [
      'a charge with a bad id',
      json(201, {
        id: 42,
        status: 'INITIATED',
        amount: 2000,
        currency: 'YER',
        transaction_url: 'https://pay.cashpay.test/x',
      }),
    ],
    ['a body that is not JSON', { status: 200, text: 'OK' }],
    [
      'a transaction_url that is not http(s)',
      json(201, {
        id: 'chg_x1',
        status: 'INITIATED',
        amount: 2000,
        currency: 'YER',
        transaction_url: 'javascript:alert(1)',
      }),
    ],
  ])('reports %s as provider_unavailable, ambiguous, keeping the answer', async (_what, step) => {
    const { fake, initiate } = setupCreate();
    fake.script('charge', step);

    const error = await failureOf(initiate());

    expect(error).toMatchObject({ code: 'provider_unavailable', ambiguous: true });
    expect(error.details.answer).toBeDefined();
  });

  it('sends nothing when the caller’s signal is already aborted', async () => {
    const { fake, initiate } = setupCreate();

    const error = await failureOf(initiate(paymentRequest({ signal: AbortSignal.abort() })));

    expect(error).toMatchObject({ ambiguous: false, retryable: false });
    expect(fake.requestsTo('charge')).toHaveLength(0);
  });
});
