/**
 * The router over real HTTP: starting and reading payments, sessions, and the problems it answers
 * (bad input, tokens, cooldowns, rate limits, provider failures, internal errors).
 */
import { type CheckoutSession, ProviderError, type SessionView } from '@lipwa/core';
import { describe, expect, it } from 'vitest';
import {
  closeServedKitAfterEach,
  expectProblem,
  json,
  type PaymentBody,
  setup,
} from './test-router-kit.js';

closeServedKitAfterEach();

describe('the router', () => {
  it('POST /payments creates an attempt with 201, then returns it with 200', async () => {
    const kit = await setup();

    const first = await kit.pay();
    const second = await kit.pay();

    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    const { payment } = await json<PaymentBody>(first);
    expect(payment).toMatchObject({ status: 'pending', phone: '2547•••••149' });
    expect((await json<PaymentBody>(second)).payment.id).toBe(payment.id);
  });

  it('POST /payments from several tabs at once makes one initiate call', async () => {
    const kit = await setup();

    const responses = await Promise.all(Array.from({ length: 4 }, () => kit.pay()));

    expect(responses.map((response) => response.status).sort()).toEqual([200, 200, 200, 201]);
    expect(kit.adapter.initiated).toHaveLength(1);
  });

  it('POST /payments ignores an amount in the body', async () => {
    const kit = await setup();

    const response = await kit.pay({ phone: '0708374149', amount: 100 });

    expect((await json<PaymentBody>(response)).payment.amount).toEqual({
      amount: 150000,
      currency: 'KES',
    });
    expect(kit.adapter.initiated[0]?.amount).toEqual({ amount: 150000, currency: 'KES' });
  });

  it('refuses an invalid phone with 422 invalid_phone', async () => {
    const kit = await setup();

    const body = await expectProblem(await kit.pay({ phone: '0812345678' }), 422, 'invalid_phone');

    expect(body.errors).toEqual([{ path: 'phone', message: expect.any(String) }]);
  });

  it('refuses a body that is not the expected shape with 400 invalid_request', async () => {
    const kit = await setup();

    const body = await expectProblem(await kit.pay({ phone: 712345678 }), 400, 'invalid_request');
    expect(body.errors?.[0]?.path).toBe('phone');
  });

  it('refuses malformed JSON with 400 invalid_request', async () => {
    const kit = await setup();

    const response = await fetch(`${kit.url}/payments`, {
      method: 'POST',
      headers: { ...kit.auth, 'content-type': 'application/json' },
      body: '{"phone":',
    });

    await expectProblem(response, 400, 'invalid_request');
  });

  it('refuses a missing or forged token with 401 invalid_session', async () => {
    const kit = await setup();

    await expectProblem(await fetch(`${kit.url}/session`), 401, 'invalid_session');
    await expectProblem(
      await fetch(`${kit.url}/session`, { headers: { authorization: `Bearer ${kit.token}x` } }),
      401,
      'invalid_session',
    );
  });

  it('refuses an expired token with 401 session_expired', async () => {
    const kit = await setup();
    kit.clock.advance(16 * 60_000);

    await expectProblem(
      await fetch(`${kit.url}/session`, { headers: kit.auth }),
      401,
      'session_expired',
    );
  });

  it('answers 429 attempt_cooldown, then 429 rate_limited, each with Retry-After', async () => {
    const kit = await setup({ rateLimit: { maxPerSession: 3 } });
    const { payment } = await json<PaymentBody>(await kit.pay());
    const record = await kit.store.get(payment.id);
    await kit.store.update(payment.id, record?.version ?? 0, {
      status: 'failed',
      retryAfter: kit.clock.now() + 5_000,
    });

    const cooldown = await kit.pay();
    const cooldownBody = await expectProblem(cooldown, 429, 'attempt_cooldown');
    expect(cooldown.headers.get('retry-after')).toBe('5');
    expect(cooldownBody.retryAfter).toBe(5);
    expect(cooldownBody.limit).toBe('attempt_cooldown');

    kit.clock.advance(5_000);
    expect((await kit.pay()).status).toBe(201);
    const limited = await kit.pay();
    const limitedBody = await expectProblem(limited, 429, 'rate_limited');
    expect(limitedBody.limit).toBe('session_attempts');
    expect(Number(limited.headers.get('retry-after'))).toBe(limitedBody.retryAfter);
  });

  it('refuses a paid session with 409 session_paid', async () => {
    const kit = await setup();
    const { payment } = await json<PaymentBody>(await kit.pay());
    const record = await kit.store.get(payment.id);
    await kit.store.update(payment.id, record?.version ?? 0, { status: 'completed' });

    await expectProblem(await kit.pay(), 409, 'session_paid');
  });

  it('answers 502 provider_unavailable when the provider fails, with the attempt failed', async () => {
    const kit = await setup();
    kit.adapter.onInitiate = async () => {
      throw new ProviderError('provider_unavailable', 'Daraja answered 503.');
    };

    await expectProblem(await kit.pay(), 502, 'provider_unavailable');

    const session = await json<SessionView>(
      await fetch(`${kit.url}/session`, { headers: kit.auth }),
    );
    expect(session.payment).toMatchObject({ status: 'failed', reason: 'provider_error' });
  });

  it('GET /session returns the session without its bound origin and the latest attempt', async () => {
    const kit = await setup();
    const before = await json<SessionView>(
      await fetch(`${kit.url}/session`, { headers: kit.auth }),
    );
    await kit.pay();

    const after = await json<SessionView>(await fetch(`${kit.url}/session`, { headers: kit.auth }));

    expect(before).toMatchObject({
      session: { reference: 'ORDER-1', amount: { amount: 150000, currency: 'KES' } },
      payment: null,
    });
    expect(after.payment).toMatchObject({ status: 'pending' });
    expect(after.session).not.toHaveProperty('allowedOrigin');
  });

  it('GET /payments/:id returns the payment only to its own session', async () => {
    const kit = await setup();
    const { payment } = await json<PaymentBody>(await kit.pay());
    const stranger = await kit.session({ reference: 'ORDER-2' });

    const own = await fetch(`${kit.url}/payments/${payment.id}`, { headers: kit.auth });
    const foreign = await fetch(`${kit.url}/payments/${payment.id}`, {
      headers: { authorization: `Bearer ${stranger}` },
    });
    const unknown = await fetch(`${kit.url}/payments/pay_does_not_exist`, { headers: kit.auth });

    expect((await json<PaymentBody>(own)).payment.id).toBe(payment.id);
    await expectProblem(foreign, 404, 'payment_not_found');
    await expectProblem(unknown, 404, 'payment_not_found');
  });

  it('POST /sessions is a 404 not_found problem when no resolveSession is configured', async () => {
    const kit = await setup();

    await expectProblem(await fetch(`${kit.url}/sessions`, { method: 'POST' }), 404, 'not_found');
  });

  it('POST /sessions calls resolveSession and answers 201 with a token and session', async () => {
    const kit = await setup({
      resolveSession: (req) => ({
        amount: req.body.product === 'kikoi' ? 150000 : 99900,
        reference: 'ORDER-9',
      }),
    });

    const response = await fetch(`${kit.url}/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ product: 'kikoi' }),
    });

    expect(response.status).toBe(201);
    const body = await json<{ token: string; session: CheckoutSession }>(response);
    expect(body.session).toMatchObject({ reference: 'ORDER-9', amount: { amount: 150000 } });
    await expect(kit.readSession(body.token)).resolves.toMatchObject({
      reference: 'ORDER-9',
    });
  });

  it('hides internals of an unexpected error behind 500 internal_error and logs it', async () => {
    const kit = await setup({
      resolveSession: () => {
        throw new Error('database password is hunter2');
      },
    });

    const response = await fetch(`${kit.url}/sessions`, { method: 'POST' });

    const body = await expectProblem(response, 500, 'internal_error');
    expect(JSON.stringify(body)).not.toContain('hunter2');
    expect(kit.logger.entries.some((entry) => entry.level === 'error')).toBe(true);
  });
});
