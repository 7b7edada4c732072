/**
 * Starting a payment: the one push to the provider, racing and repeated requests, and what is
 * refused (bad input, a paid session, the cooldown after a failure, rate limits, a method not
 * offered).
 */
import { ProviderError, ValidationError } from '@lipwa/core';
import { describe, expect, it } from 'vitest';
import { setupKit } from '../testing/test-harness.js';
import { caught } from './test-caught.js';

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
