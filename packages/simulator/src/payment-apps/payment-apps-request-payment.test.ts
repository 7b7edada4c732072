/**
 * POST /api/pay/{payment_app}/requestPayment on the payment-apps gateway: what it accepts, refuses
 * and answers.
 */
import { describe, expect, it } from 'vitest';
import {
  bearer,
  post,
  requestBody,
  requestPayment,
  sim,
  startSimulatorForEachTest,
} from './test-payment-apps-simulator.js';

startSimulatorForEachTest();

describe('POST /api/pay/{payment_app}/requestPayment', () => {
  it('accepts a request, wraps Daraja’s answer in {data, status, message} and names the Salami id', async () => {
    const response = await post('/pay/1/requestPayment', requestBody('254708374149'));

    expect(response.status).toBe(200);
    expect(response.headers.get('x-ratelimit-limit')).toBe('200');
    expect(response.headers.get('x-ratelimit-remaining')).toBe('199');
    expect(await response.json()).toEqual({
      data: {
        id: 1,
        MerchantRequestID: expect.stringMatching(/^\d{5}-\d{8}-1$/),
        CheckoutRequestID: expect.stringMatching(/^ws_CO_15032026143000000708374149$/),
        ResponseCode: '0',
        ResponseDescription: 'Success. Request accepted for processing',
        CustomerMessage: 'Success. Request accepted for processing',
      },
      status: 'success',
      message: 'Payment request initiated',
    });
  });

  it('puts the prompt on the shared virtual phone', async () => {
    const accepted = await requestPayment('254708374149');

    expect(sim.control.prompts()).toEqual([
      expect.objectContaining({
        id: accepted.CheckoutRequestID,
        provider: 'payment-apps',
        phone: '254708374149',
        amount: '1500',
        currency: 'KES',
        payee: '174379',
        reference: 'ORDER1042',
      }),
    ]);
  });

  it('numbers transactions one after another', async () => {
    const first = await requestPayment('254708374149');
    const second = await requestPayment('254708374149');

    expect(second.id).toBe(first.id + 1);
    expect(second.CheckoutRequestID).not.toBe(first.CheckoutRequestID);
  });

  it('refuses a request without a valid bearer token with 401 in the error envelope', async () => {
    const missing = await post('/pay/1/requestPayment', requestBody('254711000000'), {});
    const wrong = await post(
      '/pay/1/requestPayment',
      requestBody('254711000000'),
      bearer('1|not-the-secret'),
    );
    const unknownId = await post(
      '/pay/1/requestPayment',
      requestBody('254711000000'),
      bearer('77|LipwaSimulatorPaymentAppsSandboxToken0001'),
    );

    for (const response of [missing, wrong, unknownId]) {
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ success: false, error: 'Unauthenticated.' });
    }
    expect(sim.control.prompts()).toHaveLength(0);
  });

  it('refuses another merchant’s app with 403 and an unknown app with 404', async () => {
    const foreign = await post('/pay/2/requestPayment', requestBody('254711000000'));
    const unknown = await post('/pay/99/requestPayment', requestBody('254711000000'));

    expect(foreign.status).toBe(403);
    expect(await foreign.json()).toEqual({
      success: false,
      error: 'You do not own this Payment App',
    });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ success: false, error: 'Payment App not found.' });
  });

  it('lists every invalid field in a 422, with Laravel’s messages', async () => {
    const response = await post('/pay/1/requestPayment', {
      phone_number: '0712345678',
      amount: 10.5,
      reference: 'ORDER-1042-XYZ',
      description: 'Shoes and socks',
    });

    expect(response.status).toBe(422);
    expect(await response.json()).toEqual({
      success: false,
      error: 'The phone number field format is invalid. (and 3 more errors)',
      errors: {
        phone_number: ['The phone number field format is invalid.'],
        amount: ['The amount field must be an integer.'],
        reference: ['The reference field must not be greater than 12 characters.'],
        description: ['The description field must not be greater than 13 characters.'],
      },
    });
  });

  it('reads a body it cannot parse as no input at all (422 required), never 400', async () => {
    const response = await post('/pay/1/requestPayment', '{not json');

    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({
      errors: {
        phone_number: ['The phone number field is required.'],
        amount: ['The amount field is required.'],
        reference: ['The reference field is required.'],
      },
    });
  });

  it('takes amounts up to KES 250,000 and refuses more', async () => {
    const tooMuch = await post(
      '/pay/1/requestPayment',
      requestBody('254708374149', { amount: 250_001 }),
    );
    const most = await post(
      '/pay/1/requestPayment',
      requestBody('254708374149', { amount: '250000' }),
    );

    expect(tooMuch.status).toBe(422);
    expect(most.status).toBe(200);
  });

  it('answers a busy subscriber (254711000017) as an upstream failure: 502', async () => {
    const response = await post('/pay/1/requestPayment', requestBody('254711000017'));

    expect(response.status).toBe(502);
    expect(await response.json()).toEqual({
      success: false,
      error:
        'Unable to lock subscriber, a transaction is already in process for the current subscriber',
    });
    expect(sim.control.prompts()).toHaveLength(0);
  });
});
