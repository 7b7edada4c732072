import { ConfigError } from '@lipwa/core';
import { describe, expect, it } from 'vitest';
import { cashpay } from './cashpay-adapter.js';
import { cashpayHosts } from './cashpay-options.js';
import { fakeCharge } from './test-fetch.js';
import { credentials, paymentRequest, setupCashpay, webhook } from './test-setup.js';

describe('cashpay()', () => {
  it('is a redirect provider with a query, per-payment callbacks and the account currency', () => {
    const adapter = cashpay(setupCashpay().options);

    expect(adapter.id).toBe('cashpay');
    expect(adapter.displayName).toBe('CashPay');
    expect([...adapter.capabilities].sort()).toEqual(['query', 'redirect']);
    expect(adapter.callbackRoute).toBe('per-payment');
    expect([...adapter.currencies]).toEqual(['YER']);
    expect(Object.isFrozen(adapter)).toBe(true);
  });

  it.each([
    [{}, 'sandbox'],
    [{ environment: 'production' as const }, 'production'],
    [{ baseUrl: cashpayHosts.sandbox }, 'sandbox'],
    [{ baseUrl: `${cashpayHosts.production}/`, environment: 'production' as const }, 'production'],
    [{ baseUrl: cashpayHosts.production }, 'simulator'],
    [{ baseUrl: 'http://127.0.0.1:8787/cashpay' }, 'simulator'],
  ])('targets %j as %s', (overrides, target) => {
    expect(cashpay({ ...credentials, ...overrides }).target).toBe(target);
  });

  it('refuses bad options at construction with ConfigError', () => {
    expect(() => cashpay({ ...credentials, currency: 'yer' })).toThrow(ConfigError);
  });

  it('creates a charge, follows it with query, and confirms its webhook by fetching it', async () => {
    const { fake, options } = setupCashpay();
    const adapter = cashpay(options);

    const started = await adapter.initiate(paymentRequest());
    const before = await adapter.query(started.providerRef);
    const charge = fake.charges.get(started.providerRef);
    if (charge) charge.status = 'CAPTURED';
    const callback = await adapter.verifyCallback(webhook(fakeCharge({ id: started.providerRef })));

    expect(started.next.type).toBe('redirect');
    expect(before.status).toBe('pending');
    expect(callback.updates[0]).toMatchObject({
      providerRef: started.providerRef,
      status: 'completed',
    });
    expect(fake.requestsTo('token')).toHaveLength(1);
  });
});
