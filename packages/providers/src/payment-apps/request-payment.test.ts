/**
 * Longer than ~300 lines because it is one operation's specification, payment-apps'
 * requestPayment: the request it builds and every answer it maps.
 */
import { ProviderError, ValidationError } from '@lipwa/core';
import { describe, expect, it } from 'vitest';
import { buildPaymentRequest, requestPayment } from './request-payment.js';
import { json } from './test-fetch.js';
import { checkoutRequestId, credentials, gatewayError, requestAccepted } from './test-payloads.js';
import { paymentRequest, setupPaymentApps } from './test-setup.js';

async function failureOf(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

describe('buildPaymentRequest', () => {
  it('sends whole shillings, the MSISDN, the reference and the description', () => {
    expect(buildPaymentRequest(paymentRequest())).toEqual({
      phone_number: '254712345678',
      amount: 1500,
      reference: 'ORDER-1042',
      description: 'Shoes',
    });
  });

  it('shortens a description over 13 characters instead of refusing the payment', () => {
    expect(
      buildPaymentRequest(paymentRequest({ description: 'Shoes and socks' })).description,
    ).toBe('Shoes and soc');
  });

  it('leaves out an empty description', () => {
    expect(buildPaymentRequest(paymentRequest({ description: '  ' }))).not.toHaveProperty(
      'description',
    );
  });

  it('takes 2541… numbers (Safaricom’s 011x range)', () => {
    expect(
      buildPaymentRequest(paymentRequest({ phone: '254110000123' as never })).phone_number,
    ).toBe('254110000123');
  });

  it.each([
    ['a currency other than KES', { amount: { amount: 1000, currency: 'UGX' } }, 'currency'],
    ['cents', { amount: { amount: 150_050, currency: 'KES' } }, 'amount'],
    ['more than KES 250,000', { amount: { amount: 25_000_100, currency: 'KES' } }, 'amount'],
    ['a phone not in 2547… form', { phone: '0712345678' as never }, 'phone'],
    ['no phone', { phone: undefined }, 'phone'],
    ['a reference over 12 characters', { reference: 'ORDER-1042-XYZ' }, 'reference'],
    ['an empty reference', { reference: '   ' }, 'reference'],
  ])('refuses %s before sending anything', (_what, overrides, field) => {
    const attempt = () => buildPaymentRequest(paymentRequest(overrides));

    expect(attempt).toThrow(ValidationError);
    try {
      attempt();
    } catch (error) {
      expect((error as ValidationError).details.field).toBe(field);
    }
  });

  it('counts characters, not bytes, against the limits', () => {
    expect(buildPaymentRequest(paymentRequest({ description: 'Viatu vya 😀😀' })).description).toBe(
      'Viatu vya 😀😀',
    );
  });
});

describe('requestPayment', () => {
  it('posts JSON with the bearer token to /api/pay/{app}/requestPayment', async () => {
    const { config, gateway } = setupPaymentApps();

    await requestPayment(config, paymentRequest());

    const [sent] = gateway.requestsTo('requestPayment');
    expect(sent?.url).toBe('https://pay.example.co.ke/api/pay/1/requestPayment');
    expect(sent?.method).toBe('POST');
    expect(sent?.headers.get('authorization')).toBe(`Bearer ${credentials.apiToken}`);
    expect(sent?.headers.get('content-type')).toBe('application/json');
    expect(sent?.headers.get('accept')).toBe('application/json');
  });

  it('returns the Salami id as providerRef and keeps the Daraja ids as provider data', async () => {
    const { config } = setupPaymentApps();

    const result = await requestPayment(config, paymentRequest());

    expect(result).toEqual({
      providerRef: '42',
      next: { type: 'stk' },
      promptTimeoutMs: 60_000,
      providerData: { checkoutRequestId, merchantRequestId: '29115-34620561-1' },
    });
  });

  it('sends nothing when the request is invalid', async () => {
    const { config, gateway } = setupPaymentApps();

    await expect(
      requestPayment(config, paymentRequest({ reference: 'x'.repeat(13) })),
    ).rejects.toThrow(ValidationError);
    expect(gateway.requests).toHaveLength(0);
  });

  it('treats an answer without the Salami id as ambiguous: the prompt may be out', async () => {
    const { config, gateway } = setupPaymentApps();
    gateway.script('requestPayment', json(200, requestAccepted({ id: undefined })));

    const error = await failureOf(requestPayment(config, paymentRequest()));

    expect(error).toMatchObject({
      code: 'provider_unavailable',
      ambiguous: true,
      retryable: false,
    });
    expect(error.message).toContain('Salami transaction id');
  });

  it('refuses a wrapper that says failure, keeping the gateway’s status as the code', async () => {
    const { config, gateway } = setupPaymentApps();
    gateway.script(
      'requestPayment',
      json(200, { data: {}, status: 'error', message: 'Driver error' }),
    );

    const error = await failureOf(requestPayment(config, paymentRequest()));

    expect(error).toMatchObject({
      code: 'provider_rejected',
      providerCode: 'error',
      retryable: false,
    });
    expect(error.message).toContain('Driver error');
  });

  it('refuses a non-zero ResponseCode with that code', async () => {
    const { config, gateway } = setupPaymentApps();
    gateway.script(
      'requestPayment',
      json(200, requestAccepted({ ResponseCode: '1', ResponseDescription: 'Rejected' })),
    );

    const error = await failureOf(requestPayment(config, paymentRequest()));

    expect(error).toMatchObject({ code: 'provider_rejected', providerCode: '1' });
  });

  it('reads an error envelope under HTTP 200 as a refusal', async () => {
    const { config, gateway } = setupPaymentApps();
    gateway.script('requestPayment', json(200, gatewayError('Something odd')));

    const error = await failureOf(requestPayment(config, paymentRequest()));

    expect(error).toMatchObject({ code: 'provider_rejected', providerCode: '200' });
  });

  it.each([
    ['not JSON at all', { status: 200, text: '<html>OK</html>' }],
    ['no wrapper', { status: 200, body: ['unexpected'] }],
    [
      'no CheckoutRequestID',
      { status: 200, body: { data: { ResponseCode: '0', id: 3 }, status: 'success' } },
    ],
  ])(
    'reports a 2xx with %s as ambiguous provider_unavailable, keeping the raw answer',
    async (_what, step) => {
      const { config, gateway } = setupPaymentApps();
      gateway.script('requestPayment', step);

      const error = await failureOf(requestPayment(config, paymentRequest()));

      expect(error).toMatchObject({ code: 'provider_unavailable', ambiguous: true });
      expect(error.details.raw).toBeTypeOf('string');
    },
  );

  it.each([
    [401, gatewayError('Unauthenticated.'), 'provider_auth_failed', false],
    [403, gatewayError('You do not own this Payment App'), 'provider_auth_failed', false],
    [404, gatewayError('Payment App not found.'), 'provider_rejected', false],
    [500, gatewayError('Provider returned an error'), 'provider_unavailable', true],
    [502, gatewayError('Bad gateway'), 'provider_unavailable', true],
    [400, gatewayError('Bad request'), 'provider_rejected', false],
  ])(
    'maps HTTP %i to %s (retryable %s), keeping the status as the provider code',
    async (status, body, code, retryable) => {
      const { config, gateway } = setupPaymentApps();
      gateway.script('requestPayment', json(status, body));

      const error = await failureOf(requestPayment(config, paymentRequest()));

      expect(error).toMatchObject({
        code,
        retryable,
        ambiguous: false,
        providerCode: String(status),
      });
      expect(gateway.requestsTo('requestPayment')).toHaveLength(1);
    },
  );

  it('names the fields a 422 refused, and the phone as invalid_phone', async () => {
    const { config, gateway } = setupPaymentApps();
    gateway.script(
      'requestPayment',
      json(
        422,
        gatewayError('The phone number field format is invalid.', {
          phone_number: ['The phone number field format is invalid.'],
        }),
      ),
    );

    const error = await failureOf(requestPayment(config, paymentRequest()));

    expect(error).toMatchObject({
      code: 'provider_rejected',
      reason: 'invalid_phone',
      providerCode: '422',
      details: { fields: ['phone_number'] },
    });
  });

  it('honours Retry-After seconds on a 429', async () => {
    const { config, gateway } = setupPaymentApps();
    gateway.script(
      'requestPayment',
      json(429, gatewayError('Too Many Attempts.'), { 'Retry-After': '37' }),
    );

    const error = await failureOf(requestPayment(config, paymentRequest()));

    expect(error).toMatchObject({
      code: 'provider_unavailable',
      retryable: true,
      retryAfterMs: 37_000,
      providerCode: '429',
    });
  });

  it('honours a Retry-After date, and a retry_after in the body, on a 429', async () => {
    const { config, gateway } = setupPaymentApps();
    gateway.script(
      'requestPayment',
      json(429, gatewayError('Too Many Attempts.'), {
        'Retry-After': 'Sun, 15 Mar 2026 11:30:20 GMT',
      }),
      json(429, { ...gatewayError('Too Many Attempts.'), retry_after: 5 }),
    );

    const byDate = await failureOf(requestPayment(config, paymentRequest()));
    const byBody = await failureOf(requestPayment(config, paymentRequest()));

    expect(byDate.retryAfterMs).toBe(20_000);
    expect(byBody.retryAfterMs).toBe(5_000);
  });

  it('reads M-Pesa’s busy subscriber (passed through as 502) as subscriber_busy', async () => {
    const { config, gateway } = setupPaymentApps();
    gateway.script(
      'requestPayment',
      json(
        502,
        gatewayError(
          'Unable to lock subscriber, a transaction is already in process for the current subscriber',
        ),
      ),
    );

    const error = await failureOf(requestPayment(config, paymentRequest()));

    expect(error).toMatchObject({
      code: 'provider_rejected',
      reason: 'subscriber_busy',
      retryable: true,
      retryAfterMs: 60_000,
    });
  });

  it('reads a 504 as ambiguous: the gateway may have pushed before the proxy gave up', async () => {
    const { config, gateway } = setupPaymentApps();
    gateway.script('requestPayment', { status: 504, text: 'Gateway Timeout' });

    const error = await failureOf(requestPayment(config, paymentRequest()));

    expect(error).toMatchObject({
      code: 'provider_unavailable',
      ambiguous: true,
      retryable: false,
    });
  });

  it('reports a timeout as ambiguous and never retries the request', async () => {
    const { config, gateway } = setupPaymentApps();
    gateway.script('requestPayment', { kind: 'timeout' });

    const error = await failureOf(requestPayment(config, paymentRequest()));

    expect(error).toMatchObject({
      code: 'provider_unavailable',
      ambiguous: true,
      retryable: false,
    });
    expect(gateway.requestsTo('requestPayment')).toHaveLength(1);
  });

  it('gives up after timeoutMs when the gateway never answers', async () => {
    const { config, gateway } = setupPaymentApps({ timeoutMs: 20 });
    gateway.script('requestPayment', { kind: 'hang' });

    const error = await failureOf(requestPayment(config, paymentRequest()));

    expect(error).toMatchObject({ ambiguous: true, details: { timedOut: true } });
  });

  it('reports a refused connection as retryable and not ambiguous', async () => {
    const { config, gateway } = setupPaymentApps();
    gateway.script('requestPayment', { kind: 'network-error' });

    const error = await failureOf(requestPayment(config, paymentRequest()));

    expect(error).toMatchObject({
      code: 'provider_unavailable',
      retryable: true,
      ambiguous: false,
    });
  });

  it('sends nothing when the caller’s signal is already aborted', async () => {
    const { config, gateway } = setupPaymentApps();

    const error = await failureOf(
      requestPayment(config, paymentRequest({ signal: AbortSignal.abort() })),
    );

    expect(error).toMatchObject({ retryable: false, ambiguous: false });
    expect(gateway.requests).toHaveLength(0);
  });

  it('never puts the API token in an error', async () => {
    const { config, gateway } = setupPaymentApps();
    gateway.script('requestPayment', json(401, gatewayError('Unauthenticated.')));

    const error = await failureOf(requestPayment(config, paymentRequest()));

    expect(JSON.stringify({ message: error.message, details: error.details })).not.toContain(
      credentials.apiToken.split('|')[1],
    );
  });
});
