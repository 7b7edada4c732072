import type { PaymentMethod } from '@lipwa/core';
import { describe, expect, it } from 'vitest';
import { createCheckoutApi, fetchSessionToken } from './api-client.js';
import { CheckoutError } from './checkout-error.js';
import {
  cashpayMethod,
  createTestServer,
  HOSTED_PAGE_URL,
  json,
  mpesaMethod,
  paymentFixture,
  problem,
  TOKEN,
} from './test-server.js';

function setup() {
  const server = createTestServer('/lipwa');
  const api = createCheckoutApi({ apiBase: '/lipwa/', token: TOKEN, fetch: server.fetch });
  return { server, api };
}

async function caught(promise: Promise<unknown>): Promise<CheckoutError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof CheckoutError)) throw new Error('expected a CheckoutError');
  return error;
}

describe('the checkout API client', () => {
  it('posts the phone as JSON with the Bearer token and returns the payment', async () => {
    const { server, api } = setup();

    const payment = await api.startPayment({ phone: '254708374149' });

    expect(payment).toEqual(server.payment);
    expect(server.requests[0]).toEqual({
      method: 'POST',
      path: '/payments',
      authorization: `Bearer ${TOKEN}`,
      body: { phone: '254708374149' },
    });
  });

  it('posts the chosen method and the return URL for a redirect method, with no phone', async () => {
    const { server, api } = setup();
    server.methods = [mpesaMethod, cashpayMethod];

    const payment = await api.startPayment({
      method: 'cashpay',
      returnUrl: 'https://shop.example/orders/1042',
    });

    expect(payment.next).toEqual({ type: 'redirect', url: HOSTED_PAGE_URL });
    expect(server.requests[0]?.body).toEqual({
      method: 'cashpay',
      returnUrl: 'https://shop.example/orders/1042',
    });
  });

  it('reads the methods a session offers and leaves out entries it cannot show', async () => {
    const { server, api } = setup();
    server.methods = [
      mpesaMethod,
      { id: 'paypal', name: 'PayPal', flow: 'wallet' } as unknown as PaymentMethod,
      cashpayMethod,
    ];

    const view = await api.getSession();

    expect(view.methods).toEqual([mpesaMethod, cashpayMethod]);
  });

  it('reads no methods from an older server that lists none', async () => {
    const { server, api } = setup();
    server.handlers.set('GET /session', () => json({ session: server.session, payment: null }));

    const view = await api.getSession();

    expect(view.methods).toEqual([]);
  });

  it('turns problem details into a CheckoutError with the stable code and retry hint', async () => {
    const { server, api } = setup();
    server.handlers.set('POST /payments', () =>
      problem('attempt_cooldown', 429, { retryAfter: 42 }),
    );

    const error = await caught(api.startPayment({ phone: '254708374149' }));

    expect(error).toMatchObject({ code: 'attempt_cooldown', status: 429, retryAfter: 42 });
  });

  it('keeps a failure reason the server attached to a refused push', async () => {
    const { server, api } = setup();
    server.handlers.set('POST /payments', () =>
      problem('provider_rejected', 502, { reason: 'subscriber_busy' }),
    );

    const error = await caught(api.startPayment({ phone: '254711000017' }));

    expect(error).toMatchObject({ code: 'provider_rejected', reason: 'subscriber_busy' });
  });

  it('falls back to the HTTP status when the body is not a problem (a proxy error page)', async () => {
    const { server, api } = setup();
    server.handlers.set(
      'GET /session',
      () => new Response('<html>Bad gateway</html>', { status: 502 }),
    );

    const error = await caught(api.getSession());

    expect(error).toMatchObject({ code: 'provider_unavailable', status: 502 });
  });

  it('reports an unreachable server as offline, without the token in the message', async () => {
    const api = createCheckoutApi({
      apiBase: '/lipwa',
      token: TOKEN,
      fetch: () => Promise.reject(new TypeError('Failed to fetch')),
    });

    const error = await caught(api.getPayment('pay_1'));

    expect(error.offline).toBe(true);
    expect(error.message).toContain('/lipwa/payments/pay_1');
    expect(error.message).not.toContain(TOKEN);
  });

  it('refuses a response that is not a payment', async () => {
    const { server, api } = setup();
    server.handlers.set('GET /payments/:id', () => json({ payment: { id: 7 } }));

    const error = await caught(api.getPayment(paymentFixture().id));

    expect(error.code).toBe('internal_error');
    expect(error.message).toMatch(/api-base/);
  });

  it('reads { token } from session-url and explains a wrong answer', async () => {
    const good = await fetchSessionToken('/checkout/session', () =>
      Promise.resolve(json({ token: TOKEN })),
    );
    const bad = await caught(
      fetchSessionToken('/checkout/session', () => Promise.resolve(json({ jwt: TOKEN }))),
    );

    expect(good).toBe(TOKEN);
    expect(bad.message).toContain('{ "token": "<session token>" }');
  });
});
