import { CallbackError, type CallbackInput } from '@lipwa/core';
import { describe, expect, it } from 'vitest';
import { cashfin } from './cashfin-adapter.js';
import {
  CLIENT_SECRET,
  createFakeCashfin,
  paymentRequest,
  rejectionOf,
  WEBHOOK_SECRET,
  webhookEvent,
} from './test-fake-cashfin.js';
import { cashfinSignature } from './webhook-signature.js';

function setupAdapter(baseUrl?: string) {
  const fake = createFakeCashfin();
  const adapter = cashfin({
    clientSecret: CLIENT_SECRET,
    webhookSecret: WEBHOOK_SECRET,
    fetch: fake.fetch,
    ...(baseUrl === undefined ? {} : { baseUrl }),
  });
  return { fake, adapter };
}

function webhook(rawBody: string, headers: Record<string, string | undefined>): CallbackInput {
  return { method: 'POST', headers, rawBody, query: {}, params: { provider: 'cashfin' } };
}

function signed(event: unknown): CallbackInput {
  const rawBody = JSON.stringify(event);
  return webhook(rawBody, {
    'content-type': 'application/json',
    'x-cashfin-signature': cashfinSignature(rawBody, WEBHOOK_SECRET),
  });
}

describe('cashfin()', () => {
  it('is an stk adapter for KES on a fixed webhook route, with no query', () => {
    const { adapter } = setupAdapter();

    expect(adapter.id).toBe('cashfin');
    expect(adapter.displayName).toBe('M-Pesa (Cashfin)');
    expect([...adapter.capabilities]).toEqual(['stk']);
    expect(adapter.callbackRoute).toBe('fixed');
    expect([...(adapter.currencies ?? [])]).toEqual(['KES']);
    expect('query' in adapter).toBe(false);
    expect(Object.isFrozen(adapter)).toBe(true);
  });

  it('targets production on Cashfin’s host and a simulator anywhere else', () => {
    expect(setupAdapter().adapter.target).toBe('production');
    expect(setupAdapter('https://api.cashfin.africa/').adapter.target).toBe('production');
    expect(setupAdapter('http://127.0.0.1:8787/cashfin').adapter.target).toBe('simulator');
  });

  it('initiates against the configured host', async () => {
    const { fake, adapter } = setupAdapter();

    const result = await adapter.initiate(paymentRequest());

    expect(fake.requests[0]?.url).toBe(
      'https://api.cashfin.africa/business/payments/mobile/request',
    );
    expect(result.providerRef).toBe('ws_CO_123456789');
  });

  it('treats magic simulator numbers like any other phone', async () => {
    const { fake, adapter } = setupAdapter('http://127.0.0.1:8787/cashfin');

    await adapter.initiate(paymentRequest({ phone: '254711000017' as never }));

    expect(fake.requests[0]?.json).toMatchObject({ phone: '254711000017' });
  });
});

describe('cashfin().verifyCallback', () => {
  it('verifies a signed payment.completed and answers 200 { received: true }', async () => {
    const { adapter } = setupAdapter();

    const result = await adapter.verifyCallback(signed(webhookEvent('payment.completed')));

    expect(result.response).toEqual({ status: 200, body: { received: true } });
    expect(result.updates).toEqual([
      expect.objectContaining({
        providerRef: 'ws_CO_123456789',
        status: 'completed',
        amount: { amount: 150_000, currency: 'KES' },
        receipt: 'TCE7RT61SV',
      }),
    ]);
  });

  it('refuses a webhook whose signature does not match the raw body', async () => {
    const { adapter } = setupAdapter();
    const genuine = signed(webhookEvent('payment.failed', { status: 'failed', resultcode: '1' }));
    const tampered = {
      ...genuine,
      rawBody: genuine.rawBody.replace(
        '"status":"failed","resultcode":"1"',
        '"status":"completed","resultcode":"0"',
      ),
    };

    expect(tampered.rawBody).not.toBe(genuine.rawBody);
    await expect(adapter.verifyCallback(tampered)).rejects.toMatchObject({
      code: 'invalid_signature',
    });
  });

  it('refuses an unsigned webhook before reading it', async () => {
    const { adapter } = setupAdapter();
    const genuine = signed(webhookEvent('payment.completed'));

    const error = await rejectionOf(
      adapter.verifyCallback({ ...genuine, headers: { 'content-type': 'application/json' } }),
    );

    expect(error).toBeInstanceOf(CallbackError);
    expect(error).toMatchObject({ code: 'invalid_signature', details: { why: 'unsigned' } });
  });

  it('reads the signature header whatever its case', async () => {
    const { adapter } = setupAdapter();
    const genuine = signed(webhookEvent('payment.completed'));

    const result = await adapter.verifyCallback({
      ...genuine,
      headers: { 'X-Cashfin-Signature': genuine.headers['x-cashfin-signature'] },
    });

    expect(result.updates).toHaveLength(1);
  });

  it('refuses a correctly signed body that is not a payment webhook as invalid_callback', async () => {
    const { adapter } = setupAdapter();

    await expect(adapter.verifyCallback(signed({ hello: 'world' }))).rejects.toMatchObject({
      code: 'invalid_callback',
    });
  });

  it('refuses anything but POST', async () => {
    const { adapter } = setupAdapter();

    await expect(
      adapter.verifyCallback({ ...signed(webhookEvent('payment.completed')), method: 'GET' }),
    ).rejects.toMatchObject({ code: 'invalid_callback' });
  });

  it('gives the same update for a duplicate delivery', async () => {
    const { adapter } = setupAdapter();
    const input = signed(webhookEvent('payment.completed'));

    const [first, second] = [
      await adapter.verifyCallback(input),
      await adapter.verifyCallback(input),
    ];

    expect(second.updates).toEqual(first.updates);
  });
});
