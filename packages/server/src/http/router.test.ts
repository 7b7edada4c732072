import {
  type CheckoutSession,
  type PaymentView,
  type ProblemDetails,
  ProviderError,
  type SessionView,
} from '@lipwa/core';
import { afterEach, describe, expect, it } from 'vitest';
import { darajaSuccess } from '../testing/test-adapter.js';
import { callbackPath, type ServedKit, SHOP_ORIGIN, serveKit } from '../testing/test-harness.js';

let served: ServedKit | undefined;

interface PaymentBody {
  payment: PaymentView;
}

/** Response bodies are typed by what the protocol promises; the assertions check the rest. */
async function json<T>(response: Response): Promise<T> {
  return (await response.json()) as T;
}

async function setup(overrides: Parameters<typeof serveKit>[0] = {}) {
  served = await serveKit(overrides);
  const kit = served;
  const token = await kit.session();
  const auth = { authorization: `Bearer ${token}` };
  const pay = (body: unknown = { phone: '0708374149' }, headers: Record<string, string> = {}) =>
    fetch(`${kit.url}/payments`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
  return { ...kit, token, auth, pay };
}

afterEach(async () => {
  await served?.close();
  served = undefined;
});

async function expectProblem(response: Response, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  const body = await json<ProblemDetails>(response);
  expect(body).toMatchObject({
    type: `https://lipwa.dev/problems/${code}`,
    status,
    code,
    title: expect.any(String),
    detail: expect.any(String),
  });
  return body;
}

/** Reads `event: payment` frames from an SSE response until the server ends it. */
async function readEvents(response: Response): Promise<{ events: unknown[]; text: string }> {
  const text = await response.text();
  const events = text
    .split('\n\n')
    .filter((frame) => frame.startsWith('event: payment'))
    .map((frame) => JSON.parse(frame.split('\ndata: ')[1] ?? 'null'));
  return { events, text };
}

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

describe('the callback route', () => {
  it('applies a Daraja callback and answers with the adapter response', async () => {
    const kit = await setup();
    const { payment } = await json<PaymentBody>(await kit.pay());
    const ref = (await kit.store.get(payment.id))?.providerRef ?? '';
    const { token } = callbackPath(kit.adapter.lastCallbackUrl());

    const response = await fetch(`${kit.url}/callbacks/daraja/${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: darajaSuccess(ref, 1500),
    });

    expect(response.status).toBe(200);
    expect(await json<unknown>(response)).toEqual({ ResultCode: 0, ResultDesc: 'Accepted' });
    expect((await kit.store.get(payment.id))?.status).toBe('completed');
  });

  it('refuses a wrong token with 401 callback_unauthorized', async () => {
    const kit = await setup();
    const { payment } = await json<PaymentBody>(await kit.pay());

    const response = await fetch(`${kit.url}/callbacks/daraja/not-the-token`, {
      method: 'POST',
      body: darajaSuccess('ws_CO_x', 1500),
    });

    await expectProblem(response, 401, 'callback_unauthorized');
    expect((await kit.store.get(payment.id))?.status).toBe('pending');
  });

  it('refuses a malformed body with 400 invalid_callback', async () => {
    const kit = await setup();
    await kit.pay();
    const { token } = callbackPath(kit.adapter.lastCallbackUrl());

    const response = await fetch(`${kit.url}/callbacks/daraja/${token}`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'not json',
    });

    await expectProblem(response, 400, 'invalid_callback');
  });
});

describe('the status stream', () => {
  it('sends the current state at once, each change, and ends after a final status', async () => {
    const kit = await setup();
    const { payment } = await json<PaymentBody>(await kit.pay());
    const ref = (await kit.store.get(payment.id))?.providerRef ?? '';
    const { token } = callbackPath(kit.adapter.lastCallbackUrl());

    const stream = await fetch(`${kit.url}/payments/${payment.id}/events`, { headers: kit.auth });
    expect(stream.headers.get('content-type')).toContain('text/event-stream');
    expect(stream.headers.get('cache-control')).toBe('no-store');
    expect(stream.headers.get('x-accel-buffering')).toBe('no');
    const reading = readEvents(stream);
    await kit.handleCallback('daraja', token, {
      headers: {},
      rawBody: darajaSuccess(ref, 1500),
    });

    const { events } = await reading;
    expect(events).toEqual([
      expect.objectContaining({ id: payment.id, status: 'pending' }),
      expect.objectContaining({ id: payment.id, status: 'completed', receipt: 'NLJ7RT61SV' }),
    ]);
  });

  it('sends one event and ends at once for a payment that is already final', async () => {
    const kit = await setup();
    const { payment } = await json<PaymentBody>(await kit.pay());
    const record = await kit.store.get(payment.id);
    await kit.store.update(payment.id, record?.version ?? 0, { status: 'cancelled' });

    const stream = await fetch(`${kit.url}/payments/${payment.id}/events`, { headers: kit.auth });

    expect((await readEvents(stream)).events).toEqual([
      expect.objectContaining({ status: 'cancelled' }),
    ]);
  });

  it('keeps a quiet stream alive with ping comments', async () => {
    const kit = await setup({ stream: { pingIntervalMs: 5 } });
    const { payment } = await json<PaymentBody>(await kit.pay());
    const stream = await fetch(`${kit.url}/payments/${payment.id}/events`, { headers: kit.auth });
    const reader = stream.body?.getReader();
    const decoder = new TextDecoder();
    let text = '';

    while (!text.includes(': ping') && reader) {
      const chunk = await reader.read();
      if (chunk.done) break;
      text += decoder.decode(chunk.value);
    }
    await reader?.cancel();

    expect(text.startsWith('event: payment\n')).toBe(true);
    expect(text).toContain(': ping\n\n');
  });

  it("is 404 for another checkout's payment or an unknown one, sent before any stream header, and gives its slot back", async () => {
    const kit = await setup({ stream: { maxPerSession: 1 } });
    const { payment } = await json<PaymentBody>(await kit.pay());
    const stranger = { authorization: `Bearer ${await kit.session({ reference: 'ORDER-2' })}` };

    const foreign = await fetch(`${kit.url}/payments/${payment.id}/events`, { headers: stranger });
    const again = await fetch(`${kit.url}/payments/${payment.id}/events`, { headers: stranger });
    const unknown = await fetch(`${kit.url}/payments/pay_does_not_exist/events`, {
      headers: stranger,
    });

    for (const response of [foreign, again, unknown]) {
      expect(response.headers.get('content-type')).not.toContain('text/event-stream');
      await expectProblem(response, 404, 'payment_not_found');
    }
  });

  it('is refused without a token', async () => {
    const kit = await setup();
    const { payment } = await json<PaymentBody>(await kit.pay());

    await expectProblem(
      await fetch(`${kit.url}/payments/${payment.id}/events`),
      401,
      'invalid_session',
    );
  });
});

describe('CORS', () => {
  it('answers a preflight from an allowed origin with the headers the widget sends', async () => {
    const kit = await setup();

    const response = await fetch(`${kit.url}/payments`, {
      method: 'OPTIONS',
      headers: {
        origin: SHOP_ORIGIN,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type, idempotency-key',
      },
    });

    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(SHOP_ORIGIN);
    expect(response.headers.get('access-control-allow-headers')).toBe(
      'Authorization, Content-Type, Idempotency-Key',
    );
    expect(response.headers.get('vary')).toContain('Origin');
  });

  it('refuses a request from another origin with 403 origin_not_allowed', async () => {
    const kit = await setup();

    const response = await kit.pay(undefined, { origin: 'https://evil.example' });

    await expectProblem(response, 403, 'origin_not_allowed');
    expect(kit.adapter.initiated).toHaveLength(0);
  });

  it('refuses an allowed origin that is not the one the session is bound to', async () => {
    const kit = await setup({ allowedOrigins: [SHOP_ORIGIN, 'https://admin.example'] });
    const bound = await kit.session({ allowedOrigin: SHOP_ORIGIN });

    const response = await fetch(`${kit.url}/session`, {
      headers: { authorization: `Bearer ${bound}`, origin: 'https://admin.example' },
    });
    const allowed = await fetch(`${kit.url}/session`, {
      headers: { authorization: `Bearer ${bound}`, origin: SHOP_ORIGIN },
    });

    await expectProblem(response, 403, 'origin_not_allowed');
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(SHOP_ORIGIN);
  });

  it('needs no CORS on the callback route', async () => {
    const kit = await setup();

    const response = await fetch(`${kit.url}/callbacks/daraja/whatever`, {
      method: 'POST',
      headers: { origin: 'https://evil.example' },
      body: '{}',
    });

    await expectProblem(response, 401, 'callback_unauthorized');
  });
});
