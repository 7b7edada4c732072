import { LipwaError, ProviderError, ValidationError } from '@lipwa/core';
import { describe, expect, it } from 'vitest';
import { createScriptedAdapter } from '../testing/test-adapter.js';
import { SHOP_ORIGIN, setupKit } from '../testing/test-harness.js';

async function caught(promise: Promise<unknown>): Promise<LipwaError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof LipwaError) return error;
    throw error;
  }
  throw new Error('expected the promise to reject');
}

describe('starting a payment', () => {
  it('pushes once to the provider with the session amount, normalised phone and a callback URL', async () => {
    const kit = setupKit();
    const token = await kit.session();

    const { payment, created } = await kit.startPayment(token, { phone: '0712 345 678' });

    expect(created).toBe(true);
    expect(payment).toMatchObject({
      status: 'pending',
      amount: { amount: 150000, currency: 'KES' },
      reference: 'ORDER-1',
      phone: '2547•••••678',
      next: { type: 'stk' },
      promptExpiresAt: new Date(kit.clock.now() + 90_000).toISOString(),
    });
    expect(kit.adapter.initiated).toHaveLength(1);
    const request = kit.adapter.initiated[0];
    expect(request).toMatchObject({
      paymentId: payment.id,
      amount: { amount: 150000, currency: 'KES' },
      phone: '254712345678',
      reference: 'ORDER-1',
    });
    expect(request?.callbackUrl).toMatch(
      /^http:\/\/127\.0\.0\.1:3000\/lipwa\/callbacks\/daraja\/[A-Za-z0-9_-]{43}$/,
    );
  });

  it('refuses a phone number the widget would refuse, with invalid_phone, and pushes nothing', async () => {
    const kit = setupKit();
    const token = await kit.session();

    const error = await caught(kit.startPayment(token, { phone: '0812345678' }));

    expect(error).toBeInstanceOf(ValidationError);
    expect(error.code).toBe('invalid_phone');
    expect(error.message).toBe('Kenyan mobile numbers start with 07 or 01.');
    expect(kit.adapter.initiated).toHaveLength(0);
  });

  it('refuses a body without a phone with invalid_request and the field listed', async () => {
    const kit = setupKit();
    const token = await kit.session();

    const error = await caught(kit.startPayment(token, {} as { phone: string }));

    expect(error.code).toBe('invalid_request');
    expect(error.details.errors).toEqual([expect.objectContaining({ path: 'phone' })]);
  });

  it('returns the pending attempt instead of pushing again', async () => {
    const kit = setupKit();
    const token = await kit.session();
    const first = await kit.startPayment(token, { phone: '0712345678' });

    const second = await kit.startPayment(token, { phone: '0712345678' });

    expect(second).toEqual({ payment: first.payment, created: false });
    expect(kit.adapter.initiated).toHaveLength(1);
  });

  it('makes one attempt and one initiate call when several requests race', async () => {
    const kit = setupKit();
    const token = await kit.session();

    const results = await Promise.all(
      Array.from({ length: 5 }, () => kit.startPayment(token, { phone: '0712345678' })),
    );

    expect(kit.adapter.initiated).toHaveLength(1);
    expect(results.filter((result) => result.created)).toHaveLength(1);
    expect(new Set(results.map((result) => result.payment.id)).size).toBe(1);
    // Every caller sees the initiated attempt, not a half-made one.
    for (const result of results) expect(result.payment.next).toEqual({ type: 'stk' });
  });

  it('refuses a session that already has a completed payment with session_paid', async () => {
    const kit = setupKit();
    const token = await kit.session();
    const { payment } = await kit.startPayment(token, { phone: '0712345678' });
    const record = await kit.store.get(payment.id);
    await kit.store.update(payment.id, record?.version ?? 0, { status: 'completed' });

    const error = await caught(kit.startPayment(token, { phone: '0712345678' }));

    expect(error.code).toBe('session_paid');
    expect(kit.adapter.initiated).toHaveLength(1);
  });

  it('asks for a short wait after a failure, then allows a new attempt', async () => {
    const kit = setupKit({ attemptCooldownMs: 5_000 });
    const token = await kit.session();
    kit.adapter.onInitiate = async () => {
      throw new ProviderError('provider_unavailable', 'Daraja answered 503.', {
        details: { retryable: true },
      });
    };
    await caught(kit.startPayment(token, { phone: '0712345678' }));
    kit.clock.advance(2_000);

    const cooldown = await caught(kit.startPayment(token, { phone: '0712345678' }));
    kit.clock.advance(3_000);
    kit.adapter.onInitiate = async () => ({ providerRef: 'ws_CO_2', next: { type: 'stk' } });
    const retried = await kit.startPayment(token, { phone: '0712345678' });

    expect(cooldown.code).toBe('attempt_cooldown');
    expect(cooldown.details.retryAfter).toBe(3);
    expect(retried.created).toBe(true);
    expect(kit.adapter.initiated).toHaveLength(2);
  });

  it('rate limits per session with rate_limited and a retry hint', async () => {
    const kit = setupKit({ rateLimit: { maxPerSession: 2, windowMs: 60_000 } });
    const token = await kit.session();
    await kit.startPayment(token, { phone: '0712345678' });
    await kit.startPayment(token, { phone: '0712345678' });

    const error = await caught(kit.startPayment(token, { phone: '0712345678' }));

    expect(error.code).toBe('rate_limited');
    // Windows slide in tenths: the hits' tenth counts until its end is a whole window old.
    expect(error.details).toMatchObject({ retryAfter: 66, limit: 'session_attempts' });
  });

  it('rate limits per phone across sessions', async () => {
    const kit = setupKit({ rateLimit: { maxPerPhone: 1 } });
    await kit.startPayment(await kit.session(), { phone: '0712345678' });

    const error = await caught(
      kit.startPayment(await kit.session({ reference: 'ORDER-2' }), {
        phone: '+254 712 345 678',
      }),
    );

    expect(error.code).toBe('rate_limited');
    expect(error.details.limit).toBe('phone_window');
  });

  it('rate limits per client address', async () => {
    const kit = setupKit({ rateLimit: { maxPerClient: 1 } });
    const context = { clientIp: '198.51.100.7' };
    await kit.startPayment(await kit.session(), { phone: '0712345678' }, context);

    const error = await caught(
      kit.startPayment(await kit.session(), { phone: '0722000000' }, context),
    );

    expect(error.code).toBe('rate_limited');
    expect(error.details.limit).toBe('client_attempts');
  });

  it('refuses a method the session does not offer', async () => {
    const kit = setupKit();
    const token = await kit.session();

    const error = await caught(kit.startPayment(token, { phone: '0712345678', method: 'cashpay' }));

    expect(error.code).toBe('invalid_field');
    expect(kit.adapter.initiated).toHaveLength(0);
  });

  it('returns the same attempt for a repeated Idempotency-Key even after it ended', async () => {
    const kit = setupKit();
    const token = await kit.session();
    kit.adapter.onInitiate = async () => {
      throw new ProviderError('provider_unavailable', 'Daraja answered 503.');
    };
    const context = { idempotencyKey: 'click-1' };
    await caught(kit.startPayment(token, { phone: '0712345678' }, context));

    const again = await kit.startPayment(token, { phone: '0712345678' }, context);

    expect(again.created).toBe(false);
    expect(again.payment.status).toBe('failed');
    expect(kit.adapter.initiated).toHaveLength(1);
  });
});

describe('when initiation fails', () => {
  it('marks the attempt failed with provider_error, tells the hook once and answers provider_unavailable', async () => {
    const kit = setupKit();
    const token = await kit.session();
    kit.adapter.onInitiate = async () => {
      throw new ProviderError('provider_unavailable', 'Daraja answered 503.', {
        details: { retryable: true },
      });
    };

    const error = await caught(kit.startPayment(token, { phone: '0712345678' }));

    expect(error).toBeInstanceOf(ProviderError);
    expect(error.code).toBe('provider_unavailable');
    expect(error.message).toContain('could not start the payment');
    const paymentId = kit.adapter.initiated[0]?.paymentId ?? '';
    const record = await kit.store.get(paymentId);
    expect(record).toMatchObject({
      status: 'failed',
      reason: 'provider_error',
      decidedBy: 'server',
    });
    expect(kit.finals).toHaveLength(1);
    expect(kit.finals[0]).toMatchObject({ status: 'failed', reference: 'ORDER-1' });
  });

  it("keeps the provider's unreadable answer on the initiation_failed event for support, never completing", async () => {
    const kit = setupKit();
    const token = await kit.session();
    kit.adapter.onInitiate = async () => {
      throw new ProviderError('provider_unavailable', 'The answer failed its schema.', {
        details: { rawAnswer: '{"ResponseCode":"0","Oops":true}' },
      });
    };

    const error = await caught(kit.startPayment(token, { phone: '0712345678' }));

    expect(error.code).toBe('provider_unavailable');
    const paymentId = kit.adapter.initiated[0]?.paymentId ?? '';
    expect(await kit.store.get(paymentId)).toMatchObject({ status: 'failed' });
    const failed = (await kit.store.events(paymentId)).find(
      (event) => event.kind === 'initiation_failed',
    );
    expect(failed?.data).toMatchObject({ answer: '{"ResponseCode":"0","Oops":true}' });
  });

  it('keeps the failure reason the adapter gives, such as subscriber_busy', async () => {
    const kit = setupKit();
    const token = await kit.session();
    kit.adapter.onInitiate = async () => {
      throw new ProviderError('provider_rejected', 'The subscriber is busy.', {
        details: { reason: 'subscriber_busy', providerCode: '500.001.1001' },
      });
    };

    const error = await caught(kit.startPayment(token, { phone: '0712345678' }));

    expect(error.code).toBe('provider_rejected');
    const record = await kit.store.get(kit.adapter.initiated[0]?.paymentId ?? '');
    expect(record).toMatchObject({
      status: 'failed',
      reason: 'subscriber_busy',
      providerCode: '500.001.1001',
    });
  });

  it('answers a ValidationError from the adapter as that 422 code and fails the attempt', async () => {
    const kit = setupKit();
    const token = await kit.session();
    kit.adapter.onInitiate = async () => {
      throw new ValidationError('invalid_amount', 'Daraja takes at most KES 250,000 per payment.', {
        details: { reason: 'amount_too_large' },
      });
    };

    const error = await caught(kit.startPayment(token, { phone: '0712345678' }));

    expect(error).toBeInstanceOf(ValidationError);
    expect(error.code).toBe('invalid_amount');
    const record = await kit.store.get(kit.adapter.initiated[0]?.paymentId ?? '');
    expect(record).toMatchObject({ status: 'failed', reason: 'amount_too_large' });
  });

  it('after a timeout, blocks a new push until the prompt window has passed', async () => {
    const kit = setupKit({ reconcile: { promptTimeoutMs: 90_000 }, attemptCooldownMs: 5_000 });
    const token = await kit.session();
    kit.adapter.onInitiate = async () => {
      throw new ProviderError('provider_unavailable', 'Daraja did not answer within 15 s.', {
        details: { retryable: true, ambiguous: true },
      });
    };

    const error = await caught(kit.startPayment(token, { phone: '0712345678' }));
    kit.clock.advance(10_000);
    const blocked = await caught(kit.startPayment(token, { phone: '0712345678' }));
    kit.clock.advance(80_000);
    kit.adapter.onInitiate = async () => ({ providerRef: 'ws_CO_2', next: { type: 'stk' } });
    const allowed = await kit.startPayment(token, { phone: '0712345678' });

    expect(error.message).toContain('may still reach your phone');
    expect(error.details.retryAfter).toBe(90);
    expect(blocked.code).toBe('attempt_cooldown');
    expect(blocked.details.retryAfter).toBe(80);
    expect(allowed.created).toBe(true);
  });

  it('answers an unexpected adapter crash as provider_unavailable and logs it as an error', async () => {
    const kit = setupKit();
    const token = await kit.session();
    kit.adapter.onInitiate = async () => {
      throw new TypeError('Cannot read properties of undefined');
    };

    const error = await caught(kit.startPayment(token, { phone: '0712345678' }));

    expect(error.code).toBe('provider_unavailable');
    expect(error.message).not.toContain('Cannot read');
    expect(kit.logger.entries.some((entry) => entry.level === 'error')).toBe(true);
  });
});

describe('one reference is one payable thing', () => {
  it('resumes the pending attempt when another session for the same order starts a payment (a second tab, a reload after the token expired)', async () => {
    const kit = setupKit();
    const firstTab = await kit.session();
    const secondTab = await kit.session();
    const first = await kit.startPayment(firstTab, { phone: '0712345678' });

    const second = await kit.startPayment(secondTab, { phone: '0712345678' });

    expect(second).toEqual({ payment: first.payment, created: false });
    expect(kit.adapter.initiated).toHaveLength(1);
  });

  it('refuses a new session for a paid order with session_paid, pushing nothing', async () => {
    const kit = setupKit();
    const { payment } = await kit.startPayment(await kit.session(), {
      phone: '0712345678',
    });
    await kit.store.update(payment.id, (await kit.store.get(payment.id))?.version ?? 0, {
      status: 'completed',
      receipt: 'NLJ7RT61SV',
    });

    const error = await caught(kit.startPayment(await kit.session(), { phone: '0712345678' }));

    expect(error.code).toBe('session_paid');
    expect(kit.adapter.initiated).toHaveLength(1);
  });

  it('refuses to charge a pending order a different amount (reference_in_use)', async () => {
    const kit = setupKit();
    await kit.startPayment(await kit.session(), { phone: '0712345678' });

    const error = await caught(
      kit.startPayment(await kit.session({ amount: 99_900 }), { phone: '0712345678' }),
    );

    expect(error.code).toBe('reference_in_use');
    expect(kit.adapter.initiated).toHaveLength(1);
  });

  it('keeps different orders apart: each reference gets its own attempt', async () => {
    const kit = setupKit();

    await kit.startPayment(await kit.session(), { phone: '0712345678' });
    await kit.startPayment(await kit.session({ reference: 'ORDER-2' }), {
      phone: '0712345678',
    });

    expect(kit.adapter.initiated.map((request) => request.reference)).toEqual([
      'ORDER-1',
      'ORDER-2',
    ]);
  });
});

describe('Idempotency-Key', () => {
  it('answers the same attempt for the same key and body', async () => {
    const kit = setupKit();
    const token = await kit.session();
    const first = await kit.startPayment(token, { phone: '0712345678' }, { idempotencyKey: 'k1' });

    const again = await kit.startPayment(
      token,
      { phone: '0712 345 678' },
      { idempotencyKey: 'k1' },
    );

    expect(again.payment.id).toBe(first.payment.id);
  });

  it('refuses the same key with a different body: 422 idempotency_mismatch, not the old attempt', async () => {
    const kit = setupKit();
    const token = await kit.session();
    await kit.startPayment(token, { phone: '0712345678' }, { idempotencyKey: 'k1' });

    const error = await caught(
      kit.startPayment(token, { phone: '0722000000' }, { idempotencyKey: 'k1' }),
    );

    expect(error).toBeInstanceOf(ValidationError);
    expect(error.code).toBe('idempotency_mismatch');
    expect(kit.adapter.initiated).toHaveLength(1);
  });
});

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
