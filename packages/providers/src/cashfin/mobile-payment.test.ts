/**
 * Longer than ~300 lines because it is one operation's specification, Cashfin's mobile payment
 * request: the body it sends and every error it maps.
 */
import { ProviderError, ValidationError } from '@lipwa/core';
import { describe, expect, it } from 'vitest';
import type { CashfinOptions } from './cashfin-options.js';
import { buildMobilePaymentBody, requestMobilePayment } from './mobile-payment.js';
import {
  accepted,
  CLIENT_SECRET,
  json,
  paymentRequest,
  rejectionOf,
  START_MS,
  setupCashfin,
  WEBHOOK_SECRET,
} from './test-fake-cashfin.js';

function setupRequest(overrides: Partial<CashfinOptions> = {}) {
  const setup = setupCashfin(overrides);
  return {
    ...setup,
    send: (request = paymentRequest()) => requestMobilePayment(setup.config, request),
  };
}

async function providerErrorOf(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await rejectionOf(promise);
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

const validationFailed = {
  success: false,
  error: 'There are problems with your submission',
  errors: { phone: 'Phone must be in the format 254XXXXXXXXX' },
  message: 'Please correct the highlighted fields and try again.',
};

describe('Cashfin mobile payment request', () => {
  it('posts amount, phone, channel and referenceid with the bare client secret', async () => {
    const { fake, send } = setupRequest();

    await send();

    const [request] = fake.requests;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('https://cashfin.test/business/payments/mobile/request');
    expect(request?.headers.get('authorization')).toBe(CLIENT_SECRET);
    expect(request?.headers.get('content-type')).toBe('application/json');
    expect(request?.headers.get('accept')).toBe('application/json');
    expect(request?.json).toEqual({
      amount: 1500,
      phone: '254712345678',
      channel: 'mpesa',
      referenceid: 'ORDER-001',
    });
  });

  it('answers the checkoutrequestid as providerRef and an stk next step', async () => {
    const { send } = setupRequest();

    const result = await send();

    expect(result).toEqual({
      providerRef: 'ws_CO_123456789',
      next: { type: 'stk' },
      providerData: { referenceId: 'ORDER-001', merchantRequestId: '12345-67890' },
    });
  });

  it('accepts 201 Created as well as 200', async () => {
    const { fake, send } = setupRequest();
    fake.script(json(201, accepted));

    expect((await send()).providerRef).toBe('ws_CO_123456789');
  });

  it.each([
    [
      'a currency other than KES',
      { amount: { amount: 150_000, currency: 'USD' } },
      'invalid_amount',
    ],
    ['cents', { amount: { amount: 150_050, currency: 'KES' } }, 'invalid_amount'],
    ['less than KES 1', { amount: { amount: 50, currency: 'KES' } }, 'invalid_amount'],
    [
      'more than KES 250,000',
      { amount: { amount: 25_000_100, currency: 'KES' } },
      'invalid_amount',
    ],
    ['no phone', { phone: undefined }, 'invalid_phone'],
    ['a phone in 07… form', { phone: '0712345678' }, 'invalid_phone'],
    ['a phone in +254… form', { phone: '+254712345678' }, 'invalid_phone'],
    ['an empty reference', { reference: '  ' }, 'invalid_field'],
    ['a reference over 64 characters', { reference: 'R'.repeat(65) }, 'invalid_field'],
    ['a reference with a control character', { reference: 'ORDER\n1' }, 'invalid_field'],
  ] as const)('refuses %s before sending anything', async (_what, overrides, code) => {
    const { fake, send } = setupRequest();

    const error = await rejectionOf(send(paymentRequest(overrides as never)));

    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ code });
    expect(fake.requests).toHaveLength(0);
  });

  it('sends a 64-character reference as it is, trimmed, and ignores the description', () => {
    const reference = `  ${'R'.repeat(64)} `;

    const body = buildMobilePaymentBody(
      paymentRequest({ reference, description: 'x'.repeat(500) }),
    );

    expect(body.referenceid).toBe('R'.repeat(64));
    expect(body).not.toHaveProperty('description');
  });

  it('sends 2541… numbers too', () => {
    expect(buildMobilePaymentBody(paymentRequest({ phone: '254110123456' as never })).phone).toBe(
      '254110123456',
    );
  });
});

describe('Cashfin mobile payment errors', () => {
  it('reports 401 as provider_auth_failed without the secret', async () => {
    const { fake, send } = setupRequest();
    fake.script(json(401, { success: false, message: 'Unauthorized access!' }));

    const error = await providerErrorOf(send());

    expect(error).toMatchObject({
      code: 'provider_auth_failed',
      retryable: false,
      ambiguous: false,
      providerCode: '401',
    });
    expect(error.message).toContain('Unauthorized access!');
    expect(JSON.stringify({ message: error.message, details: error.details })).not.toContain(
      CLIENT_SECRET,
    );
  });

  it('reports a 422 with the errors map as provider_rejected / invalid_phone', async () => {
    const { fake, send } = setupRequest();
    fake.script(json(422, validationFailed));

    const error = await providerErrorOf(send());

    expect(error).toMatchObject({
      code: 'provider_rejected',
      retryable: false,
      reason: 'invalid_phone',
      providerCode: '422',
      details: {
        httpStatus: 422,
        providerError: 'There are problems with your submission',
        fieldErrors: { phone: 'Phone must be in the format 254XXXXXXXXX' },
      },
    });
  });

  it('reports 429 as retryable and honours retry_after and Retry-After as retryAfterMs', async () => {
    const { fake, send } = setupRequest();
    fake.script(
      json(
        429,
        { success: false, error: 'Rate limit exceeded. Please try again later.', retry_after: 30 },
        { 'retry-after': '45' },
      ),
      json(429, {
        success: false,
        error: 'Rate limit exceeded. Please try again later.',
        retry_after: 30,
      }),
    );

    const both = await providerErrorOf(send());
    const bodyOnly = await providerErrorOf(send());

    expect(both).toMatchObject({
      code: 'provider_unavailable',
      retryable: true,
      ambiguous: false,
      retryAfterMs: 45_000,
      providerCode: '429',
    });
    expect(bodyOnly.retryAfterMs).toBe(30_000);
  });

  it('uses X-RateLimit-Reset on a 429 that gives no wait, on the injected clock', async () => {
    const { fake, send } = setupRequest();
    fake.script(
      json(
        429,
        { success: false, error: 'Rate limit exceeded.' },
        {
          'x-ratelimit-reset': String(START_MS / 1000 + 7),
        },
      ),
    );

    expect((await providerErrorOf(send())).retryAfterMs).toBe(7_000);
  });

  it.each([500, 502, 503])('reports %s as provider_unavailable and retryable', async (status) => {
    const { fake, send } = setupRequest();
    fake.script(json(status, { success: false, error: 'Internal server error' }));

    expect(await providerErrorOf(send())).toMatchObject({
      code: 'provider_unavailable',
      retryable: true,
      ambiguous: false,
      providerCode: String(status),
    });
  });

  it('keeps a non-envelope error page as rawAnswer, without our secrets', async () => {
    const { fake, send } = setupRequest();
    fake.script({
      status: 502,
      text: `<html>Bad gateway ${CLIENT_SECRET} ${WEBHOOK_SECRET}</html>`,
    });

    const error = await providerErrorOf(send());

    expect(error.details.rawAnswer).toBe('<html>Bad gateway [redacted] [redacted]</html>');
  });

  it('reports the busy subscriber 409 as retryable subscriber_busy, another 409 as a duplicate', async () => {
    const { fake, send } = setupRequest();
    fake.script(
      json(409, {
        success: false,
        error: 'A payment request is already in progress for this phone number',
        message:
          'Unable to lock subscriber, a transaction is already in process for the current subscriber',
      }),
      json(409, { success: false, error: 'Duplicate reference' }),
    );

    expect(await providerErrorOf(send())).toMatchObject({
      code: 'provider_rejected',
      retryable: true,
      reason: 'subscriber_busy',
      providerCode: '409',
    });
    expect(await providerErrorOf(send())).toMatchObject({
      code: 'provider_rejected',
      retryable: false,
      reason: 'duplicate_request',
    });
  });

  it('reports 403 as not_permitted and 404 as a base URL to check', async () => {
    const { fake, send } = setupRequest();
    fake.script(
      json(403, { success: false, error: 'Forbidden' }),
      json(404, { success: false, error: 'Not found' }),
    );

    expect(await providerErrorOf(send())).toMatchObject({
      reason: 'not_permitted',
      retryable: false,
    });
    expect((await providerErrorOf(send())).message).toContain('check baseUrl');
  });

  it('reads success: false in a 200 as a refusal', async () => {
    const { fake, send } = setupRequest();
    fake.script(json(200, { success: false, error: 'Payments are disabled for this business' }));

    expect(await providerErrorOf(send())).toMatchObject({
      code: 'provider_rejected',
      ambiguous: false,
      providerCode: '200',
    });
  });

  it.each([
    ['not JSON', { status: 200, text: '<html>ok</html>' }],
    ['no checkoutrequestid', json(200, { success: true, data: {} })],
    ['no envelope', json(200, { checkoutrequestid: 'ws_CO_1' })],
  ])(
    'reports a 2xx with %s as ambiguous provider_unavailable, never a crash',
    async (_what, step) => {
      const { fake, send } = setupRequest();
      fake.script(step);

      const error = await providerErrorOf(send());

      expect(error).toMatchObject({
        code: 'provider_unavailable',
        ambiguous: true,
        retryable: false,
      });
      expect(error.details.rawAnswer).toBeTypeOf('string');
    },
  );

  it('reports a responsecode other than "0" as provider_rejected with that code', async () => {
    const { fake, send } = setupRequest();
    fake.script(
      json(200, {
        success: true,
        data: { checkoutrequestid: 'ws_CO_1', responsecode: '1', responsedescription: 'Rejected' },
      }),
    );

    expect(await providerErrorOf(send())).toMatchObject({
      code: 'provider_rejected',
      providerCode: '1',
      ambiguous: false,
    });
  });

  it('reports a timeout as ambiguous: the prompt may have gone out', async () => {
    const { fake, send } = setupRequest();
    fake.script({ kind: 'timeout' });

    expect(await providerErrorOf(send())).toMatchObject({
      code: 'provider_unavailable',
      ambiguous: true,
      retryable: false,
      details: { timedOut: true },
    });
  });

  it('times out a hung request after timeoutMs and never retries it', async () => {
    const { fake, send } = setupRequest({ timeoutMs: 20 });
    fake.script({ kind: 'hang' });

    const error = await providerErrorOf(send());

    expect(error).toMatchObject({ ambiguous: true });
    expect(error.message).toContain('timed out after 20 ms');
    expect(fake.requests).toHaveLength(1);
  });

  it('reports a refused connection as retryable and not ambiguous', async () => {
    const { fake, send } = setupRequest();
    fake.script({ kind: 'network-error' });

    expect(await providerErrorOf(send())).toMatchObject({
      code: 'provider_unavailable',
      retryable: true,
      ambiguous: false,
    });
  });

  it('sends nothing when the caller has already aborted, and calls an abort after sending ambiguous', async () => {
    const { fake, send } = setupRequest();
    const before = new AbortController();
    before.abort();
    const notSent = await providerErrorOf(send(paymentRequest({ signal: before.signal })));
    expect(notSent).toMatchObject({ ambiguous: false, retryable: false });
    expect(fake.requests).toHaveLength(0);

    const during = new AbortController();
    fake.script({ kind: 'hang' });
    const pending = send(paymentRequest({ signal: during.signal }));
    during.abort();
    expect(await providerErrorOf(pending)).toMatchObject({ ambiguous: true });
  });
});
