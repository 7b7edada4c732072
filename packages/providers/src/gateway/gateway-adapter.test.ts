import { CallbackError } from '@lipwa/core';
import { describe, expect, it } from 'vitest';
import { paymentGateway } from './gateway-adapter.js';
import {
  callbackInput,
  json,
  operationAnswer,
  paymentRequest,
  sample,
  setupGateway,
  signedCallback,
} from './test-fake-gateway.js';

function setupAdapter(overrides: Parameters<typeof setupGateway>[0] = {}) {
  const setup = setupGateway(overrides);
  return { ...setup, adapter: paymentGateway(setup.options) };
}

describe('paymentGateway()', () => {
  it('describes itself: id, name, STK with query, per-payment callbacks, KES', () => {
    const { adapter } = setupAdapter();

    expect(adapter.id).toBe('gateway');
    expect(adapter.displayName).toBe('M-Pesa');
    expect([...adapter.capabilities]).toEqual(['stk', 'query', 'payout']);
    expect(adapter.callbackRoute).toBe('per-payment');
    expect([...(adapter.currencies ?? [])]).toEqual(['KES']);
    expect(Object.isFrozen(adapter)).toBe(true);
  });

  it.each([
    ['https://api.unipesa.tech', 40, 'production'],
    ['https://api.unipesa.tech', 14, 'sandbox'],
    ['http://127.0.0.1:8787/gateway', 40, 'simulator'],
  ])('targets %s with provider %i as %s', (baseUrl, providerId, target) => {
    expect(setupAdapter({ baseUrl, providerId }).adapter.target).toBe(target);
  });

  it('never treats a phone number specially', async () => {
    const { adapter, fake } = setupAdapter();

    await adapter.initiate(paymentRequest({ phone: '254711000000' as never }));

    expect(fake.requests.map((request) => request.route)).toEqual(['payment_c2b']);
  });
});

describe('verifyCallback', () => {
  it('verifies the signature, confirms with a status query and acknowledges with 200', async () => {
    const { adapter, fake } = setupAdapter();
    const input = await signedCallback({ order_id: 'pay_01J2Z3' });

    const result = await adapter.verifyCallback(input);

    expect(result.response).toEqual({ status: 200, body: { result: { code: 0, message: 'OK' } } });
    expect(result.updates).toEqual([
      expect.objectContaining({
        providerRef: 'pay_01J2Z3',
        status: 'completed',
        providerCode: '2',
        receipt: 'TAF1B2C3D4',
      }),
    ]);
    expect(fake.requestsTo('status')[0]?.json.order_id).toBe('pay_01J2Z3');
  });

  it('believes the status answer, not the callback’s own result', async () => {
    const { adapter, fake } = setupAdapter();
    fake.script(
      'status',
      json(
        200,
        operationAnswer('pay_01J2Z3', 4, {
          provider_result: { code: 1032, message: 'Request cancelled by user' },
        }),
      ),
    );

    const result = await adapter.verifyCallback(
      await signedCallback({ order_id: 'pay_01J2Z3', result: { code: 0, message: 'OK' } }),
    );

    expect(result.updates[0]).toMatchObject({ status: 'cancelled', reason: 'cancelled_by_user' });
  });

  it('passes a still-pending status on as pending', async () => {
    const { adapter, fake } = setupAdapter();
    fake.script('status', json(200, operationAnswer('pay_01J2Z3', 1)));

    const result = await adapter.verifyCallback(await signedCallback({ order_id: 'pay_01J2Z3' }));

    expect(result.updates[0]?.status).toBe('pending');
  });

  it('takes the receipt from the callback when the status answer has none', async () => {
    const { adapter, fake } = setupAdapter();
    fake.script('status', json(200, operationAnswer('pay_01J2Z3', 2, { transaction_ref: '' })));

    const result = await adapter.verifyCallback(
      await signedCallback({ order_id: 'pay_01J2Z3', transaction_ref: 'TAF9Z8Y7X6' }),
    );

    expect(result.updates[0]?.receipt).toBe('TAF9Z8Y7X6');
  });

  it('refuses a callback whose signature does not match the raw body, asking nothing', async () => {
    const { adapter, fake } = setupAdapter();
    const genuine = await signedCallback({ order_id: 'pay_01J2Z3' });
    const tampered = callbackInput(genuine.rawBody.replace('"code":0', '"code":1'));

    const error = await adapter.verifyCallback(tampered).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(CallbackError);
    expect(error).toMatchObject({ code: 'invalid_signature' });
    expect(fake.requests).toHaveLength(0);
  });

  it('refuses a callback signed with another secret key', async () => {
    const { adapter } = setupAdapter();

    const error = await adapter
      .verifyCallback(await signedCallback({ order_id: 'pay_01J2Z3' }, 'someone-elses-secret'))
      .catch((e: unknown) => e);

    expect(error).toMatchObject({ code: 'invalid_signature' });
  });

  it.each([
    ['without a signature', (body: Record<string, unknown>) => ({ ...body, signature: undefined })],
    ['with an empty signature', (body: Record<string, unknown>) => ({ ...body, signature: '' })],
  ])('refuses a callback %s', async (_, strip) => {
    const { adapter } = setupAdapter();
    const genuine = await signedCallback({ order_id: 'pay_01J2Z3' });
    const unsigned = callbackInput(JSON.stringify(strip(JSON.parse(genuine.rawBody))));

    expect(await adapter.verifyCallback(unsigned).catch((e: unknown) => e)).toMatchObject({
      code: 'invalid_signature',
    });
  });

  it('refuses a body that is not JSON as invalid_callback', async () => {
    const { adapter } = setupAdapter();

    expect(
      await adapter.verifyCallback(callbackInput('order_id=1')).catch((e: unknown) => e),
    ).toMatchObject({
      code: 'invalid_callback',
    });
  });

  it('refuses a genuinely signed body without the documented fields as invalid_callback', async () => {
    const { adapter } = setupAdapter();
    const input = await signedCallback({ order_id: undefined, result: 'OK' });

    expect(await adapter.verifyCallback(input).catch((e: unknown) => e)).toMatchObject({
      code: 'invalid_callback',
    });
  });

  it('refuses a method other than POST', async () => {
    const { adapter } = setupAdapter();
    const input = { ...(await signedCallback({ order_id: 'pay_01J2Z3' })), method: 'GET' };

    expect(await adapter.verifyCallback(input).catch((e: unknown) => e)).toMatchObject({
      code: 'invalid_callback',
    });
  });

  it('acknowledges a signed paybill callback without updating any checkout payment', async () => {
    const { adapter, fake } = setupAdapter();
    const input = await signedCallback({
      merchant_id: sample.merchantId,
      operation_type: 32,
      customer_id: '2547 ***** 000',
      amount: 100,
      currency: 'KES',
      order_id: '2023-03-15-15-25-12-255432',
      transaction_ref: 'RBQ0000000',
      status: 2,
      provider_id: 40,
      extra: { BillRefNumber: '555555555', FirstName: 'ALEX', MiddleName: '', LastName: '' },
    });

    const result = await adapter.verifyCallback(input);

    expect(result).toEqual({
      updates: [],
      response: { status: 200, body: { result: { code: 0, message: 'OK' } } },
    });
    expect(fake.requests).toHaveLength(0);
  });

  it('fails with a ProviderError (so the gateway tries again) when the status cannot be had', async () => {
    const { adapter, fake } = setupAdapter();
    fake.script('status', { kind: 'network-error' }, { kind: 'network-error' });

    const error = await adapter
      .verifyCallback(await signedCallback({ order_id: 'pay_01J2Z3' }))
      .catch((e: unknown) => e);

    expect(error).toMatchObject({ name: 'ProviderError', code: 'provider_unavailable' });
  });
});
