/**
 * Cashfin's mobile payment request over real HTTP (POST /business/payments/mobile/request): what
 * it accepts, refuses and answers.
 */
import { describe, expect, it } from 'vitest';
import { MOBILE_PAYMENT_PATH } from './cashfin-router.js';
import { cashfinSandbox } from './sandbox.js';
import { fx, startFixtureForEachTest } from './test-cashfin-router-setup.js';

startFixtureForEachTest();

describe('Cashfin: POST /business/payments/mobile/request', () => {
  it('accepts a payment with the bare client secret and answers the documented envelope', async () => {
    const response = await fx.request(fx.body({ phone: '254708374149' }));

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      success: true,
      message: 'Payment created successfully',
      data: {
        checkoutrequestid: expect.stringMatching(/^ws_CO_\d+$/),
        merchantrequestid: expect.stringMatching(/^\d{5}-\d{8}-1$/),
        responsecode: '0',
        responsedescription: 'Success. Request accepted for processing',
      },
    });
  });

  it('puts every answer under the X-RateLimit headers of the Professional plan', async () => {
    const first = await fx.request(fx.body());
    const second = await fx.request(fx.body());

    expect(first.headers.get('x-ratelimit-limit')).toBe('1000');
    expect(first.headers.get('x-ratelimit-remaining')).toBe('999');
    expect(second.headers.get('x-ratelimit-remaining')).toBe('998');
    expect(Number(first.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000);
  });

  it('shows the prompt on the virtual phone with the business as payee', async () => {
    const id = await fx.accepted({ phone: '254708374149', referenceid: 'ORDER-42' });

    expect(fx.simulator.control.prompts()).toEqual([
      expect.objectContaining({
        id,
        provider: 'cashfin',
        phone: '254708374149',
        amount: '1500',
        currency: 'KES',
        payee: 'Lipwa Simulator Shop',
        reference: 'ORDER-42',
      }),
    ]);
  });

  it.each([
    ['no Authorization header', {}],
    ['a wrong secret', { authorization: 'cs_not_the_secret' }],
    ['the secret as a Bearer token', { authorization: `Bearer ${cashfinSandbox.clientSecret}` }],
  ])('refuses %s with 401 "Unauthorized access!"', async (_what, headers) => {
    const response = await fetch(`${fx.simulator.cashfin.baseUrl}${MOBILE_PAYMENT_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(fx.body()),
    });

    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ success: false, message: 'Unauthorized access!' });
  });

  it.each([['+254712345678'], ['0712345678'], ['25471234567']])(
    'refuses the phone %s with 422 and the field in errors',
    async (phone) => {
      const response = await fx.request(fx.body({ phone }));

      expect(response.status).toBe(422);
      expect(await response.json()).toEqual({
        success: false,
        error: 'There are problems with your submission',
        errors: { phone: 'Phone must be in the format 254XXXXXXXXX' },
        message: expect.any(String),
      });
    },
  );

  it('reports every bad field at once', async () => {
    const response = await fx.request(
      fx.body({ amount: 10.5, channel: 'card', referenceid: 'x'.repeat(65), phone: undefined }),
    );

    expect(response.status).toBe(422);
    expect(((await response.json()) as { errors: unknown }).errors).toEqual({
      amount: 'Amount must be a whole number of KES from 1 to 250000',
      phone: 'Phone is required',
      channel: 'Channel must be one of: mpesa',
      referenceid: 'Reference ID must be text of at most 64 characters',
    });
  });

  it('requires channel, as the fuller docs say even though the quick example omits it', async () => {
    const response = await fx.request(fx.body({ channel: undefined }));

    expect(response.status).toBe(422);
    expect(((await response.json()) as { errors: unknown }).errors).toEqual({
      channel: 'Channel is required',
    });
  });

  it('reads a body sent without the JSON content type as empty', async () => {
    const response = await fx.request(JSON.stringify(fx.body()), { 'content-type': 'text/plain' });

    expect(response.status).toBe(422);
    expect(((await response.json()) as { errors: object }).errors).toEqual({
      amount: 'Amount is required',
      phone: 'Phone is required',
      channel: 'Channel is required',
    });
  });

  it('answers malformed JSON with 400', async () => {
    const response = await fx.request('{"amount": 15');

    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ success: false, error: 'Invalid JSON payload' });
  });

  it('refuses the busy magic number with 409 in the error envelope', async () => {
    const response = await fx.request(fx.body({ phone: '254711000017' }));

    expect(response.status).toBe(409);
    expect(await response.json()).toEqual({
      success: false,
      error: 'A payment request is already in progress for this phone number',
      message:
        'Unable to lock subscriber, a transaction is already in process for the current subscriber',
    });
    expect(fx.simulator.control.prompts()).toEqual([]);
  });

  it('answers other paths with 404 in the envelope', async () => {
    const response = await fetch(
      `${fx.simulator.cashfin.baseUrl}/business/payments/mobile/status`,
      {
        headers: { authorization: cashfinSandbox.clientSecret },
      },
    );

    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ success: false, error: 'Resource not found' });
  });
});
