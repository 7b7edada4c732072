import { ConfigError } from '@lipwa/core';
import { describe, expect, it } from 'vitest';
import { paymentApps } from './payment-apps-adapter.js';
import { json } from './test-fetch.js';
import { statusReply } from './test-payloads.js';
import { paymentRequest, setupPaymentApps } from './test-setup.js';

describe('paymentApps()', () => {
  it('is the payment-apps adapter: stk, query, reversal and balance, a fixed webhook route, KES only', () => {
    const adapter = paymentApps(setupPaymentApps().options);

    expect(adapter.id).toBe('payment-apps');
    expect(adapter.displayName).toBe('M-Pesa');
    expect([...adapter.capabilities].sort()).toEqual(['balance', 'query', 'reversal', 'stk']);
    expect(adapter.callbackRoute).toBe('fixed');
    expect([...(adapter.currencies ?? [])]).toEqual(['KES']);
    expect(Object.isFrozen(adapter)).toBe(true);
  });

  it('can pay out only with a payoutApp (a B2C app) configured', () => {
    const { options } = setupPaymentApps();

    expect(paymentApps(options).capabilities.has('payout')).toBe(false);
    expect(paymentApps(options).payouts).toBeUndefined();
    expect(paymentApps({ ...options, payoutApp: 3 }).capabilities.has('payout')).toBe(true);
    expect(paymentApps({ ...options, payoutApp: 3 }).payouts?.results).toBe('poll');
    expect(() => paymentApps({ ...options, payoutApp: 'b2c' })).toThrow(ConfigError);
  });

  it('says it targets the app’s environment on an https gateway and a simulator elsewhere', () => {
    const { options } = setupPaymentApps();

    expect(paymentApps({ ...options, environment: 'production' }).target).toBe('production');
    expect(paymentApps(options).target).toBe('sandbox');
    expect(paymentApps({ ...options, baseUrl: 'http://127.0.0.1:8787/payment-apps' }).target).toBe(
      'simulator',
    );
  });

  it('throws ConfigError at construction for bad options', () => {
    const { options } = setupPaymentApps();

    expect(() => paymentApps({ ...options, paymentApp: 'app-one' })).toThrow(ConfigError);
  });

  it('requests a payment, then follows it by status check from pending to completed', async () => {
    const { options, gateway } = setupPaymentApps();
    gateway.script(
      'checkPaymentRequestStatus',
      json(200, statusReply('4999', 'The transaction is still under processing')),
    );
    const adapter = paymentApps(options);

    const started = await adapter.initiate(paymentRequest());
    const first = await adapter.query(started.providerRef);
    const second = await adapter.query(started.providerRef);

    expect(started.providerRef).toBe('42');
    expect([first.status, second.status]).toEqual(['pending', 'completed']);
  });

  it('ignores the request’s callbackUrl: the webhook URL is registered in the dashboard', async () => {
    const { options, gateway } = setupPaymentApps();

    await paymentApps(options).initiate(paymentRequest());

    expect(JSON.stringify(gateway.requests[0]?.json)).not.toContain('callbacks');
  });
});
