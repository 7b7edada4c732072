import { LipwaError, ProviderError, ValidationError } from '@lipwa/core';
import { describe, expect, it } from 'vitest';
import { setupKit } from './test-harness.js';

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

    const { payment, created } = await kit.lipwa.startPayment(token, { phone: '0712 345 678' });

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

    const error = await caught(kit.lipwa.startPayment(token, { phone: '0812345678' }));

    expect(error).toBeInstanceOf(ValidationError);
    expect(error.code).toBe('invalid_phone');
    expect(error.message).toBe('Kenyan mobile numbers start with 07 or 01.');
    expect(kit.adapter.initiated).toHaveLength(0);
  });

  it('refuses a body without a phone with invalid_request and the field listed', async () => {
    const kit = setupKit();
    const token = await kit.session();

    const error = await caught(kit.lipwa.startPayment(token, {} as { phone: string }));

    expect(error.code).toBe('invalid_request');
    expect(error.details.errors).toEqual([expect.objectContaining({ path: 'phone' })]);
  });

  it('returns the pending attempt instead of pushing again', async () => {
    const kit = setupKit();
    const token = await kit.session();
    const first = await kit.lipwa.startPayment(token, { phone: '0712345678' });

    const second = await kit.lipwa.startPayment(token, { phone: '0712345678' });

    expect(second).toEqual({ payment: first.payment, created: false });
    expect(kit.adapter.initiated).toHaveLength(1);
  });

  it('makes one attempt and one initiate call when several requests race', async () => {
    const kit = setupKit();
    const token = await kit.session();

    const results = await Promise.all(
      Array.from({ length: 5 }, () => kit.lipwa.startPayment(token, { phone: '0712345678' })),
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
    const { payment } = await kit.lipwa.startPayment(token, { phone: '0712345678' });
    const record = await kit.store.get(payment.id);
    await kit.store.update(payment.id, record?.version ?? 0, { status: 'completed' });

    const error = await caught(kit.lipwa.startPayment(token, { phone: '0712345678' }));

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
    await caught(kit.lipwa.startPayment(token, { phone: '0712345678' }));
    kit.clock.advance(2_000);

    const cooldown = await caught(kit.lipwa.startPayment(token, { phone: '0712345678' }));
    kit.clock.advance(3_000);
    kit.adapter.onInitiate = async () => ({ providerRef: 'ws_CO_2', next: { type: 'stk' } });
    const retried = await kit.lipwa.startPayment(token, { phone: '0712345678' });

    expect(cooldown.code).toBe('attempt_cooldown');
    expect(cooldown.details.retryAfter).toBe(3);
    expect(retried.created).toBe(true);
    expect(kit.adapter.initiated).toHaveLength(2);
  });

  it('rate limits per session with rate_limited and a retry hint', async () => {
    const kit = setupKit({ rateLimit: { maxPerSession: 2, windowMs: 60_000 } });
    const token = await kit.session();
    await kit.lipwa.startPayment(token, { phone: '0712345678' });
    await kit.lipwa.startPayment(token, { phone: '0712345678' });

    const error = await caught(kit.lipwa.startPayment(token, { phone: '0712345678' }));

    expect(error.code).toBe('rate_limited');
    expect(error.details).toMatchObject({ retryAfter: 60, limit: 'session' });
  });

  it('rate limits per phone across sessions', async () => {
    const kit = setupKit({ rateLimit: { maxPerPhone: 1 } });
    await kit.lipwa.startPayment(await kit.session(), { phone: '0712345678' });

    const error = await caught(
      kit.lipwa.startPayment(await kit.session({ reference: 'ORDER-2' }), {
        phone: '+254 712 345 678',
      }),
    );

    expect(error.code).toBe('rate_limited');
    expect(error.details.limit).toBe('phone');
  });

  it('rate limits per client address', async () => {
    const kit = setupKit({ rateLimit: { maxPerClient: 1 } });
    const context = { clientIp: '198.51.100.7' };
    await kit.lipwa.startPayment(await kit.session(), { phone: '0712345678' }, context);

    const error = await caught(
      kit.lipwa.startPayment(await kit.session(), { phone: '0722000000' }, context),
    );

    expect(error.code).toBe('rate_limited');
    expect(error.details.limit).toBe('client');
  });

  it('refuses a method the session does not offer', async () => {
    const kit = setupKit();
    const token = await kit.session();

    const error = await caught(
      kit.lipwa.startPayment(token, { phone: '0712345678', method: 'cashpay' }),
    );

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
    await caught(kit.lipwa.startPayment(token, { phone: '0712345678' }, context));

    const again = await kit.lipwa.startPayment(token, { phone: '0712345678' }, context);

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

    const error = await caught(kit.lipwa.startPayment(token, { phone: '0712345678' }));

    expect(error).toBeInstanceOf(ProviderError);
    expect(error.code).toBe('provider_unavailable');
    expect(error.message).toContain('could not start the payment');
    const paymentId = kit.adapter.initiated[0]?.paymentId ?? '';
    const record = await kit.lipwa.getPayment(paymentId);
    expect(record).toMatchObject({
      status: 'failed',
      reason: 'provider_error',
      decidedBy: 'server',
    });
    expect(kit.finals).toHaveLength(1);
    expect(kit.finals[0]).toMatchObject({ status: 'failed', reference: 'ORDER-1' });
  });

  it('keeps the failure reason the adapter gives, such as subscriber_busy', async () => {
    const kit = setupKit();
    const token = await kit.session();
    kit.adapter.onInitiate = async () => {
      throw new ProviderError('provider_rejected', 'The subscriber is busy.', {
        details: { reason: 'subscriber_busy', providerCode: '500.001.1001' },
      });
    };

    const error = await caught(kit.lipwa.startPayment(token, { phone: '0712345678' }));

    expect(error.code).toBe('provider_rejected');
    const record = await kit.lipwa.getPayment(kit.adapter.initiated[0]?.paymentId ?? '');
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

    const error = await caught(kit.lipwa.startPayment(token, { phone: '0712345678' }));

    expect(error).toBeInstanceOf(ValidationError);
    expect(error.code).toBe('invalid_amount');
    const record = await kit.lipwa.getPayment(kit.adapter.initiated[0]?.paymentId ?? '');
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

    const error = await caught(kit.lipwa.startPayment(token, { phone: '0712345678' }));
    kit.clock.advance(10_000);
    const blocked = await caught(kit.lipwa.startPayment(token, { phone: '0712345678' }));
    kit.clock.advance(80_000);
    kit.adapter.onInitiate = async () => ({ providerRef: 'ws_CO_2', next: { type: 'stk' } });
    const allowed = await kit.lipwa.startPayment(token, { phone: '0712345678' });

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

    const error = await caught(kit.lipwa.startPayment(token, { phone: '0712345678' }));

    expect(error.code).toBe('provider_unavailable');
    expect(error.message).not.toContain('Cannot read');
    expect(kit.logger.entries.some((entry) => entry.level === 'error')).toBe(true);
  });
});
