import { LipwaError, ValidationError } from '@lipwa/core';
import { describe, expect, it } from 'vitest';
import { toPaymentView } from './payments/payment-view.js';
import { darajaFailure, darajaSuccess } from './testing/test-adapter.js';
import { callbackPath, SHOP_ORIGIN, serveKit, setupKit } from './testing/test-harness.js';

async function caught(promise: Promise<unknown>): Promise<LipwaError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof LipwaError) return error;
    throw error;
  }
  throw new Error('expected a LipwaError');
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

/** A kit with payments for ORDER-1 (failed, then paid) and ORDER-2 (pending). */
async function kitWithPayments() {
  const kit = setupKit({ attemptCooldownMs: 1_000, rateLimit: { phoneWindows: [] } });
  const pay = async (reference: string) => {
    const token = await kit.session({ reference });
    const { payment } = await kit.startPayment(token, { phone: '0708374149' });
    const { token: callbackToken } = callbackPath(kit.adapter.lastCallbackUrl());
    const providerRef = (await kit.store.get(payment.id))?.providerRef ?? '';
    kit.clock.advance(1);
    return { id: payment.id, callbackToken, providerRef };
  };
  const failed = await pay('ORDER-1');
  await kit.handleCallback('daraja', failed.callbackToken, {
    headers: {},
    rawBody: darajaFailure(failed.providerRef, 1032, 'Request cancelled by user'),
  });
  kit.clock.advance(2_000);
  const paid = await pay('ORDER-1');
  await kit.handleCallback('daraja', paid.callbackToken, {
    headers: {},
    rawBody: darajaSuccess(paid.providerRef, 1500),
  });
  const pending = await pay('ORDER-2');
  return { ...kit, failed: failed.id, paid: paid.id, pending: pending.id };
}

describe('lipwa.sessions.create', () => {
  it('mints a session token for the amount and reference the server decided', async () => {
    const kit = setupKit();

    const { token, session } = await kit.lipwa.sessions.create({
      amount: 150000,
      currency: 'KES',
      reference: 'ORDER-9',
    });

    expect(token.split('.')).toHaveLength(3);
    expect(session).toMatchObject({
      amount: { amount: 150000, currency: 'KES' },
      reference: 'ORDER-9',
      merchantName: 'Duka la Lipwa',
    });
    expect((await kit.readSession(token)).id).toBe(session.id);
  });

  it('refuses bad input with a typed error a caller can branch on', async () => {
    const kit = setupKit();

    const error = await caught(kit.lipwa.sessions.create({ amount: -1, reference: 'ORDER-9' }));

    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ code: 'invalid_request', statusCode: 400 });
  });
});

describe('lipwa.payments.retrieve', () => {
  it('returns the public view, never the stored record', async () => {
    const kit = await kitWithPayments();

    const payment = await kit.lipwa.payments.retrieve(kit.paid);

    expect(payment).toEqual(toPaymentView((await kit.store.get(kit.paid))!));
    expect(payment).toMatchObject({ status: 'completed', phone: '2547•••••149' });
    expect(payment).not.toHaveProperty('callbackTokenHash');
    expect(payment).not.toHaveProperty('version');
  });

  it('throws payment_not_found (404) for an id it does not know', async () => {
    const kit = setupKit();

    const error = await caught(kit.lipwa.payments.retrieve('pay_missing'));

    expect(error).toMatchObject({ code: 'payment_not_found', statusCode: 404 });
  });
});

describe('lipwa.payments.list', () => {
  it('iterates every payment newest first as public views', async () => {
    const kit = await kitWithPayments();

    const payments = await collect(kit.lipwa.payments.list());

    expect(payments.map((payment) => payment.id)).toEqual([kit.pending, kit.paid, kit.failed]);
    expect(payments[0]).not.toHaveProperty('callbackTokenHash');
  });

  it('filters by reference and status, stops at the limit and continues after a cursor', async () => {
    const kit = await kitWithPayments();
    const ids = async (params: Parameters<typeof kit.lipwa.payments.list>[0]) =>
      (await collect(kit.lipwa.payments.list(params))).map((payment) => payment.id);

    expect(await ids({ reference: 'ORDER-1' })).toEqual([kit.paid, kit.failed]);
    expect(await ids({ status: 'completed' })).toEqual([kit.paid]);
    expect(await ids({ reference: 'ORDER-1', status: 'cancelled' })).toEqual([kit.failed]);
    expect(await ids({ limit: 2 })).toEqual([kit.pending, kit.paid]);
    expect(await ids({ startingAfter: kit.pending })).toEqual([kit.paid, kit.failed]);
    expect(await ids({ startingAfter: kit.failed })).toEqual([]);
  });

  it('pages through more payments than one store page holds', async () => {
    const kit = setupKit({
      rateLimit: { maxPerSession: 1_000, maxPerPhone: 1_000, phoneWindows: [] },
    });
    for (let index = 0; index < 105; index += 1) {
      await kit.startPayment(await kit.session({ reference: `ORDER-${index}` }), {
        phone: '0708374149',
      });
    }

    const payments = await collect(kit.lipwa.payments.list());

    expect(payments).toHaveLength(105);
    expect(payments[0]?.reference).toBe('ORDER-104');
    expect(payments.at(-1)?.reference).toBe('ORDER-0');
  });

  it('refuses bad parameters at once, and an unknown cursor when iterating', async () => {
    const kit = setupKit();

    expect(() => kit.lipwa.payments.list({ limit: 0 })).toThrow(ValidationError);
    expect(() => kit.lipwa.payments.list({ status: 'paid' as unknown as 'completed' })).toThrow(
      /status/,
    );
    await expect(collect(kit.lipwa.payments.list({ startingAfter: 'pay_nope' }))).rejects.toThrow(
      /no payment pay_nope/,
    );
  });
});

describe('the deprecated names', () => {
  it('still work, and each warns once with the name to use instead', async () => {
    const kit = setupKit();

    const { token } = await kit.lipwa.createSession({ amount: 150000, reference: 'ORDER-1' });
    await kit.lipwa.createSession({ amount: 150000, reference: 'ORDER-2' });
    const { payment } = await kit.lipwa.startPayment(token, { phone: '0708374149' });
    const record = await kit.lipwa.getPayment(payment.id);
    await kit.lipwa.readSession(token);
    await kit.lipwa.reconcileOnce();
    kit.lipwa.subscribe(payment.id, () => undefined)();
    const view = kit.lipwa.view(record!);

    expect(record).toHaveProperty('callbackTokenHash');
    expect(view).toEqual(payment);
    const warnings = kit.logger.at('warn').filter((entry) => entry.fields?.deprecation);
    expect(warnings.map((entry) => entry.fields?.deprecation)).toEqual([
      'LIPWA_DEP_CREATE_SESSION',
      'LIPWA_DEP_START_PAYMENT',
      'LIPWA_DEP_GET_PAYMENT',
      'LIPWA_DEP_READ_SESSION',
      'LIPWA_DEP_RECONCILE_ONCE',
      'LIPWA_DEP_SUBSCRIBE',
      'LIPWA_DEP_VIEW',
    ]);
    expect(warnings[0]?.message).toMatch(
      /lipwa\.createSession\(\) is deprecated .* 0\.3: use lipwa\.sessions\.create/,
    );
    expect(warnings[2]?.message).toMatch(/lipwa\.payments\.retrieve\(id\)/);
  });

  it('are never what the router uses: a whole payment over HTTP logs no deprecation', async () => {
    const kit = await serveKit();
    try {
      const token = await kit.session();
      const headers = {
        authorization: `Bearer ${token}`,
        origin: SHOP_ORIGIN,
        'content-type': 'application/json',
      };
      const started = await fetch(`${kit.url}/payments`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ phone: '0708374149' }),
      });
      const { payment } = (await started.json()) as { payment: { id: string } };
      const providerRef = (await kit.store.get(payment.id))?.providerRef ?? '';
      await fetch(new URL(kit.adapter.lastCallbackUrl()).pathname.replace('/lipwa', kit.url), {
        method: 'POST',
        body: darajaSuccess(providerRef, 1500),
      });
      await fetch(`${kit.url}/session`, { headers });
      await fetch(`${kit.url}/payments/${payment.id}`, { headers });

      expect((await kit.lipwa.payments.retrieve(payment.id)).status).toBe('completed');
      expect(kit.logger.entries.filter((entry) => entry.fields?.deprecation)).toEqual([]);
    } finally {
      await kit.close();
    }
  });
});
