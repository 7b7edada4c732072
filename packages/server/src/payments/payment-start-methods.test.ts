/** Starting a payment by methods beyond STK, and failing over to another provider. */
import { ProviderError } from '@lipwa/core';
import { describe, expect, it } from 'vitest';
import { createScriptedAdapter } from '../testing/test-adapter.js';
import { SHOP_ORIGIN, setupKit } from '../testing/test-harness.js';
import { caught } from './test-caught.js';

describe('methods beyond STK', () => {
  function redirectKit() {
    const cashpay = createScriptedAdapter('cashpay', {
      capabilities: new Set(['redirect', 'query']),
      displayName: 'CashPay',
    });
    cashpay.onInitiate = async () => ({
      providerRef: 'chg_1',
      next: { type: 'redirect', url: 'http://127.0.0.1:8787/cashpay/pay/chg_1' },
    });
    const kit = setupKit({ providers: [createScriptedAdapter(), cashpay] });
    return { kit, cashpay };
  }

  it('starts a redirect payment with no phone, handing the provider the return URL', async () => {
    const { kit, cashpay } = redirectKit();
    const token = await kit.session();

    const { payment } = await kit.startPayment(token, {
      method: 'cashpay',
      returnUrl: `${SHOP_ORIGIN}/orders/ORDER-1`,
    });

    expect(payment).toMatchObject({
      provider: 'cashpay',
      status: 'pending',
      next: { type: 'redirect', url: 'http://127.0.0.1:8787/cashpay/pay/chg_1' },
    });
    expect(payment.phone).toBeUndefined();
    expect(cashpay.initiated[0]).toMatchObject({
      phone: undefined,
      returnUrl: `${SHOP_ORIGIN}/orders/ORDER-1`,
    });
  });

  it('refuses a return URL on another site, and a redirect without one', async () => {
    const { kit, cashpay } = redirectKit();
    const token = await kit.session();

    const elsewhere = await caught(
      kit.startPayment(token, { method: 'cashpay', returnUrl: 'https://evil.example/x' }),
    );
    const missing = await caught(kit.startPayment(token, { method: 'cashpay' }));

    expect(elsewhere.code).toBe('invalid_field');
    expect(missing.code).toBe('invalid_request');
    expect(cashpay.initiated).toHaveLength(0);
  });

  it('gives a fixed-route provider the one URL registered in its dashboard', async () => {
    const cashfin = createScriptedAdapter('cashfin', { callbackRoute: 'fixed' });
    const kit = setupKit({ providers: [cashfin] });

    await kit.startPayment(await kit.session(), { phone: '0712345678' });

    expect(cashfin.lastCallbackUrl()).toBe('http://127.0.0.1:3000/lipwa/callbacks/cashfin');
  });
});

describe('failover', () => {
  function twoProviders(failover: boolean) {
    const first = createScriptedAdapter('daraja');
    const second = createScriptedAdapter('cashfin', { callbackRoute: 'fixed' });
    const kit = setupKit({ providers: [first, second], failover });
    return { kit, first, second };
  }

  it('sends the attempt through the next STK provider when the first is down before any prompt', async () => {
    const { kit, first, second } = twoProviders(true);
    first.onInitiate = async () => {
      throw new ProviderError('provider_unavailable', 'Daraja answered 503.', { retryable: true });
    };

    const { payment } = await kit.startPayment(await kit.session(), {
      phone: '0712345678',
    });

    expect(payment).toMatchObject({ provider: 'cashfin', status: 'pending' });
    expect(first.initiated).toHaveLength(1);
    expect(second.initiated).toHaveLength(1);
    expect(second.initiated[0]?.paymentId).toBe(payment.id);
  });

  it('never fails over after a timeout, when the first may already have prompted the phone', async () => {
    const { kit, first, second } = twoProviders(true);
    first.onInitiate = async () => {
      throw new ProviderError('provider_unavailable', 'Daraja did not answer.', {
        ambiguous: true,
      });
    };

    const error = await caught(kit.startPayment(await kit.session(), { phone: '0712345678' }));

    expect(error.code).toBe('provider_unavailable');
    expect(second.initiated).toHaveLength(0);
  });

  it('stays on the first provider unless the merchant turned failover on', async () => {
    const { kit, first, second } = twoProviders(false);
    first.onInitiate = async () => {
      throw new ProviderError('provider_unavailable', 'Daraja answered 503.', { retryable: true });
    };

    await caught(kit.startPayment(await kit.session(), { phone: '0712345678' }));

    expect(second.initiated).toHaveLength(0);
  });
});
