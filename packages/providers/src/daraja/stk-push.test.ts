/**
 * Longer than ~300 lines because it is one operation's specification, the STK push request: its
 * body, the field limits and the helpers that fit values to them, and its errors.
 */
import { type InitiateRequest, ProviderError, ValidationError } from '@lipwa/core';
import { describe, expect, it } from 'vitest';
import { createAccessTokens } from './access-token.js';
import type { DarajaOptions } from './daraja-options.js';
import { darajaPassword } from './password.js';
import { buildStkPushPayload, stkPush, toAccountReference, toTransactionDesc } from './stk-push.js';
import { json } from './test-fetch.js';
import {
  checkoutRequestId,
  darajaError,
  invalidAccessToken,
  merchantRequestId,
  sandbox,
  spikeArrest,
  stkPushAccepted,
  subscriberLocked,
} from './test-payloads.js';
import { paymentRequest, setupDaraja } from './test-setup.js';

function setupPush(overrides: Partial<DarajaOptions> = {}) {
  const setup = setupDaraja(overrides);
  const tokens = createAccessTokens(setup.config);
  return { ...setup, push: (request: InitiateRequest) => stkPush(setup.config, tokens, request) };
}

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected the promise to reject');
    },
    (reason: unknown) => reason,
  );
}

async function providerErrorOf(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await rejectionOf(promise);
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

describe('STK push request', () => {
  it('sends every documented field to processrequest with a Bearer token and JSON type', async () => {
    const { fake, push } = setupPush();

    await push(paymentRequest());

    const [request] = fake.requestsTo('stkpush');
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('https://daraja.test/mpesa/stkpush/v1/processrequest');
    expect(request?.headers.get('authorization')).toBe('Bearer token-1');
    expect(request?.headers.get('content-type')).toBe('application/json');
    expect(request?.json).toEqual({
      BusinessShortCode: '174379',
      Password: darajaPassword(sandbox.shortcode, sandbox.passkey, '20210628092408'),
      Timestamp: '20210628092408',
      TransactionType: 'CustomerPayBillOnline',
      Amount: 1500,
      PartyA: sandbox.msisdn,
      PartyB: '174379',
      PhoneNumber: sandbox.msisdn,
      CallBackURL: 'https://shop.example/lipwa/callbacks/daraja/tok_9f8e7d',
      AccountReference: 'ORDER1042',
      TransactionDesc: 'Shoes',
    });
  });

  it('sends the till as PartyB for buy goods', async () => {
    const { config } = setupDaraja({
      transactionType: 'CustomerBuyGoodsOnline',
      partyB: '5432109',
    });

    const payload = buildStkPushPayload(config, paymentRequest(), config.clock.now());

    expect(payload).toMatchObject({
      TransactionType: 'CustomerBuyGoodsOnline',
      BusinessShortCode: '174379',
      PartyB: '5432109',
    });
  });

  it('stamps the request in UTC when configured', () => {
    const { config } = setupDaraja({ timestampTimeZone: 'UTC' });

    const payload = buildStkPushPayload(config, paymentRequest(), config.clock.now());

    expect(payload.Timestamp).toBe('20210628062408');
    expect(payload.Password).toBe(
      darajaPassword(sandbox.shortcode, sandbox.passkey, '20210628062408'),
    );
  });

  it('returns the CheckoutRequestID, an STK next step, the prompt timeout and the MerchantRequestID', async () => {
    const { push } = setupPush();

    const result = await push(paymentRequest());

    expect(result).toEqual({
      providerRef: checkoutRequestId,
      next: { type: 'stk' },
      promptTimeoutMs: 60_000,
      providerData: { merchantRequestId },
    });
  });
});

describe('STK push field limits (refused before anything is sent)', () => {
  it.each([
    ['cents', { amount: 150_050, currency: 'KES' }, 'whole shillings'],
    ['zero', { amount: 0, currency: 'KES' }, 'positive whole number'],
    ['below KES 1', { amount: 50, currency: 'KES' }, 'whole shillings'],
    ['above KES 250,000', { amount: 25_000_100, currency: 'KES' }, 'KES 1 to KES 250,000'],
    ['a non-KES currency', { amount: 1000, currency: 'UGX' }, 'Daraja collects only KES'],
    ['a fractional minor amount', { amount: 100.5, currency: 'KES' }, 'positive whole number'],
  ])('refuses %s with invalid_amount', async (_case, amount, message) => {
    const { fake, push } = setupPush();

    const error = await rejectionOf(push(paymentRequest({ amount })));

    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).code).toBe('invalid_amount');
    expect((error as ValidationError).message).toContain(message);
    expect(fake.requests).toHaveLength(0);
  });

  it.each([
    [1, 100],
    [250_000, 25_000_000],
  ])('accepts the boundary amount KES %i', async (shillings, minor) => {
    const { fake, push } = setupPush();

    await push(paymentRequest({ amount: { amount: minor, currency: 'KES' } }));

    expect(fake.requestsTo('stkpush')[0]?.json).toMatchObject({ Amount: shillings });
  });

  it('refuses a reference with no letters or digits with invalid_field', async () => {
    const { fake, push } = setupPush();

    const error = await rejectionOf(push(paymentRequest({ reference: '#-/ ' })));

    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).code).toBe('invalid_field');
    expect(fake.requests).toHaveLength(0);
  });

  it('refuses a phone that is not a normalised MSISDN with invalid_phone', async () => {
    const { fake, push } = setupPush();

    const error = await rejectionOf(
      push(paymentRequest({ phone: '0708374149' as InitiateRequest['phone'] })),
    );

    expect((error as ValidationError).code).toBe('invalid_phone');
    expect(fake.requests).toHaveLength(0);
  });

  it('refuses an http callback URL in production', async () => {
    const { fake, push } = setupPush({ environment: 'production' });

    const error = await rejectionOf(
      push(paymentRequest({ callbackUrl: 'http://shop.example/cb/tok' })),
    );

    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).code).toBe('invalid_field');
    expect((error as ValidationError).message).toContain('HTTPS');
    expect(fake.requests).toHaveLength(0);
  });

  it('allows an http callback URL in the sandbox', async () => {
    const { fake, push } = setupPush();

    await push(paymentRequest({ callbackUrl: 'http://127.0.0.1:3000/cb/tok' }));

    expect(fake.requestsTo('stkpush')[0]?.json).toMatchObject({
      CallBackURL: 'http://127.0.0.1:3000/cb/tok',
    });
  });

  it('refuses a callback URL that is not a URL', async () => {
    const { push } = setupPush();

    const error = await rejectionOf(push(paymentRequest({ callbackUrl: '/relative/cb' })));

    expect((error as ValidationError).details).toEqual({ field: 'callbackUrl' });
  });
});

describe('toAccountReference', () => {
  it.each([
    ['ORDER-1042', 'ORDER1042'],
    ['inv_2026/07/15#A', 'inv20260715A'],
    ['ABCDEFGHIJKLMNOP', 'ABCDEFGHIJKL'],
    ['  x ', 'x'],
    ['Mpesa✓Café', 'MpesaCaf'],
  ])('turns %j into %j (letters and digits, at most 12)', (reference, expected) => {
    expect(toAccountReference(reference)).toBe(expected);
  });
});

describe('toTransactionDesc', () => {
  it.each([
    [undefined, 'Payment'],
    ['', 'Payment'],
    ['   ', 'Payment'],
    ['Shoes', 'Shoes'],
    ['Exactly13Char', 'Exactly13Char'],
    ['Order 42 for shoes', 'Order 42 for'],
    ['Two\n lines', 'Two lines'],
    ['😀😀😀😀😀😀😀😀😀😀😀😀😀😀', '😀😀😀😀😀😀😀😀😀😀😀😀😀'],
  ])('turns %j into %j (at most 13 characters, default Payment)', (description, expected) => {
    const text = toTransactionDesc(description);

    expect(text).toBe(expected);
    expect(Array.from(text).length).toBeLessThanOrEqual(13);
  });
});

describe('STK push errors', () => {
  it('reports a locked subscriber (500.001.1001) as provider_rejected with reason subscriber_busy', async () => {
    const { fake, push } = setupPush();
    fake.script('stkpush', json(500, subscriberLocked));

    const error = await providerErrorOf(push(paymentRequest()));

    expect(error.code).toBe('provider_rejected');
    expect(error.details).toMatchObject({
      providerCode: '500.001.1001',
      reason: 'subscriber_busy',
      ambiguous: false,
      requestId: '16813-1590513-1',
    });
    expect(fake.requestsTo('stkpush')).toHaveLength(1);
  });

  it('tells a 500.001.1001 about a bad password apart from a busy subscriber', async () => {
    const { fake, push } = setupPush();
    fake.script('stkpush', json(500, darajaError('500.001.1001', 'Wrong credentials')));

    const error = await providerErrorOf(push(paymentRequest()));

    expect(error.code).toBe('provider_rejected');
    expect(error.details).toMatchObject({ reason: 'provider_error', retryable: false });
    expect(error.message).toContain('check the shortcode and passkey');
    expect(error.message).not.toContain(sandbox.passkey);
  });

  it.each([
    ['429 Too Many Requests', 429, darajaError('429.001.01', 'Too many requests')],
    ['spike arrest 500.003.02', 500, spikeArrest],
    ['quota violation 500.003.03', 500, darajaError('500.003.03', 'Quota Violation')],
    ['any other 5xx', 503, { fault: 'upstream down' }],
  ])(
    'reports %s as provider_unavailable, retryable, and does not retry the push',
    async (_case, status, body) => {
      const { fake, push } = setupPush();
      fake.script('stkpush', json(status, body));

      const error = await providerErrorOf(push(paymentRequest()));

      expect(error.code).toBe('provider_unavailable');
      expect(error.retryable).toBe(true);
      expect(error.ambiguous).toBe(false);
      expect(fake.requestsTo('stkpush')).toHaveLength(1);
    },
  );

  it.each([
    ['400.002.02', 'Bad Request - Invalid Amount'],
    ['400.002.05', 'Invalid Request Payload'],
  ])('reports validation error %s as provider_rejected, not retryable', async (code, message) => {
    const { fake, push } = setupPush();
    fake.script('stkpush', json(400, darajaError(code, message)));

    const error = await providerErrorOf(push(paymentRequest()));

    expect(error.code).toBe('provider_rejected');
    expect(error.details).toMatchObject({ providerCode: code, retryable: false, ambiguous: false });
    expect(error.message).toContain(message);
  });

  it('reports a 200 with a non-zero ResponseCode as provider_rejected', async () => {
    const { fake, push } = setupPush();
    fake.script(
      'stkpush',
      json(200, { ...stkPushAccepted, ResponseCode: '1', ResponseDescription: 'Rejected' }),
    );

    const error = await providerErrorOf(push(paymentRequest()));

    expect(error.code).toBe('provider_rejected');
    expect(error.details.providerCode).toBe('1');
  });

  it('reports a 200 without a CheckoutRequestID as ambiguous', async () => {
    const { fake, push } = setupPush();
    fake.script('stkpush', { status: 200, text: 'OK' });

    const error = await providerErrorOf(push(paymentRequest()));

    expect(error.code).toBe('provider_unavailable');
    expect(error.ambiguous).toBe(true);
  });

  it("keeps Daraja's own answer on the error when a 200 cannot be read, for support", async () => {
    const { fake, push } = setupPush();
    fake.script('stkpush', { status: 200, text: '<html>Gateway maintenance</html>' });

    const error = await providerErrorOf(push(paymentRequest()));

    expect(error.details.answer).toBe('<html>Gateway maintenance</html>');
  });

  it('reports a network error before any answer as provider_unavailable, not ambiguous', async () => {
    const { fake, push } = setupPush();
    fake.script('stkpush', { kind: 'network-error' });

    const error = await providerErrorOf(push(paymentRequest()));

    expect(error.code).toBe('provider_unavailable');
    expect(error.details).toMatchObject({ retryable: true, ambiguous: false });
    expect(error.cause).toBeInstanceOf(TypeError);
  });

  it('reports a connection reset after sending as ambiguous: the prompt may have gone out', async () => {
    const { fake, push } = setupPush();
    fake.script('stkpush', { kind: 'network-error', code: 'ECONNRESET' });

    const error = await providerErrorOf(push(paymentRequest()));

    expect(error.code).toBe('provider_unavailable');
    expect(error.details).toMatchObject({ ambiguous: true, retryable: false });
    expect(error.message).toContain('query before sending it again');
  });

  it('reports a refused connection as not ambiguous: nothing was sent', async () => {
    const { fake, push } = setupPush();
    fake.script('stkpush', { kind: 'network-error', code: 'ECONNREFUSED' });

    const error = await providerErrorOf(push(paymentRequest()));

    expect(error.details).toMatchObject({ ambiguous: false, retryable: true });
  });

  it('reports a timeout as provider_unavailable and ambiguous: the prompt may have gone out', async () => {
    const { fake, push } = setupPush();
    fake.script('stkpush', { kind: 'timeout' });

    const error = await providerErrorOf(push(paymentRequest()));

    expect(error.code).toBe('provider_unavailable');
    expect(error.details).toMatchObject({ ambiguous: true, retryable: false, timedOut: true });
    expect(error.message).toContain('query the payment before pushing again');
    expect(fake.requestsTo('stkpush')).toHaveLength(1);
  });

  it('reports the caller aborting a sent push as ambiguous too', async () => {
    const { fake, push } = setupPush();
    const controller = new AbortController();
    fake.script('stkpush', { kind: 'hang' });

    const pending = push(paymentRequest({ signal: controller.signal }));
    await fake.sent('stkpush');
    controller.abort();
    const error = await providerErrorOf(pending);

    expect(error.code).toBe('provider_unavailable');
    expect(error.ambiguous).toBe(true);
  });

  it('sends nothing and is not ambiguous when the caller’s signal is already aborted', async () => {
    const { fake, push } = setupPush();
    const controller = new AbortController();
    controller.abort();

    const error = await providerErrorOf(push(paymentRequest({ signal: controller.signal })));

    expect(error.ambiguous).toBe(false);
    expect(fake.requestsTo('stkpush')).toHaveLength(0);
  });

  it('drops an access token Daraja calls invalid, fetches a new one and pushes once more', async () => {
    const { fake, push } = setupPush();
    fake.script('stkpush', json(404, invalidAccessToken));

    const result = await push(paymentRequest());

    expect(result.providerRef).toBe(checkoutRequestId);
    expect(fake.requestsTo('oauth')).toHaveLength(2);
    expect(fake.requestsTo('stkpush').map((r) => r.headers.get('authorization'))).toEqual([
      'Bearer token-1',
      'Bearer token-2',
    ]);
  });

  it('treats 401.002.01 as an invalid token as well', async () => {
    const { fake, push } = setupPush();
    fake.script(
      'stkpush',
      json(401, darajaError('401.002.01', 'Error Occurred - Invalid Access Token')),
    );

    await push(paymentRequest());

    expect(fake.requestsTo('stkpush')).toHaveLength(2);
  });

  it('retries an invalid token only once, then reports provider_auth_failed', async () => {
    const { fake, push } = setupPush();
    fake.script('stkpush', json(404, invalidAccessToken), json(404, invalidAccessToken));

    const error = await providerErrorOf(push(paymentRequest()));

    expect(error.code).toBe('provider_auth_failed');
    expect(fake.requestsTo('stkpush')).toHaveLength(2);
  });

  it('never puts the passkey, password or token in an error', async () => {
    const { fake, push } = setupPush();
    fake.script('stkpush', json(400, darajaError('400.002.02', 'Bad Request - Invalid Password')));

    const error = await providerErrorOf(push(paymentRequest()));

    const visible = `${error.message} ${JSON.stringify(error.details)}`;
    expect(visible).not.toContain(sandbox.passkey);
    expect(visible).not.toContain(
      darajaPassword(sandbox.shortcode, sandbox.passkey, '20210628092408'),
    );
    expect(visible).not.toContain('token-1');
  });
});
