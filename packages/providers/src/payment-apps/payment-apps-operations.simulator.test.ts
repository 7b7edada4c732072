/// <reference types="node" />
/**
 * The payment-apps adapter's typed operations against @lipwa/simulator over real HTTP: apps and
 * tokens, payouts and airtime with their webhooks, balances, transaction queries and status,
 * reversals, SMS extraction, C2B simulation and payment instructions; refusals before sending
 * and every failure as a typed `ProviderError` keeping the gateway's code.
 */
import { type CallbackInput, ProviderError, ValidationError } from '@lipwa/core';
import { paymentAppsSandboxApps as apps, type FaultSpec } from '@lipwa/simulator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PaymentAppsAdapter } from './payment-apps-adapter.js';
import type { PaymentAppsOptions } from './payment-apps-options.js';
import { type PaymentAppsWorld, startPaymentAppsWorld } from './test-payment-apps-fixture.js';

const KES = (shillings: number) => ({ amount: shillings * 100, currency: 'KES' });
const EXAMPLE_SMS =
  'QJI3R7GXWV Confirmed. Ksh100.00 received from JOHN DOE 0712345678 on 15/3/26 at 2:30 PM. New M-PESA balance is Ksh1,500.00.';

let world: PaymentAppsWorld;
let sent: { method: string; url: URL }[];
let adapter: PaymentAppsAdapter;

function adapterWith(overrides: Partial<PaymentAppsOptions> = {}): PaymentAppsAdapter {
  return world.adapterWith({
    timeoutMs: 2_000,
    fetch: async (input, init) => {
      sent.push({ method: init?.method ?? 'GET', url: new URL(String(input)) });
      return fetch(input, init);
    },
    ...overrides,
  });
}

beforeEach(async () => {
  world = await startPaymentAppsWorld();
  sent = [];
  adapter = adapterWith();
});
afterEach(async () => {
  await world.close();
});

function fault(spec: Omit<FaultSpec, 'provider'>): void {
  world.simulator.control.fault({ provider: 'payment-apps', ...spec });
}

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected the promise to reject');
    },
    (reason: unknown) => reason,
  );
}

/** The webhooks received so far, verified as typed events. */
async function events() {
  await world.idle();
  return Promise.all(
    world.received().map((input: CallbackInput) => adapter.webhooks.verify(input)),
  );
}

async function paidPayment(): Promise<string> {
  const started = await adapter.initiate(world.request('254711000000'));
  await world.idle();
  return started.providerRef;
}

describe('payment-apps apps and tokens against the simulator', () => {
  it('lists the merchant’s apps with for await, typed', async () => {
    const listed = [];
    for await (const app of adapter.apps.list()) listed.push(app);

    expect(listed.map((app) => [app.id, app.type, app.isLive])).toEqual([
      ['1', 'MpesaKeExpress', false],
      ['3', 'MpesaKeB2C', false],
      ['4', 'MpesaKeC2B', false],
      ['5', 'MpesaKeC2B', true],
      ['6', 'MpesaKePersonal', false],
    ]);
    expect(sent[0]?.url.pathname).toBe('/payment-apps/api/pay/apps');
  });

  it('creates a read-only token, tests, lists and revokes it', async () => {
    const created = await adapter.tokens.create({
      name: 'reporting',
      abilities: ['payments:read'],
      expiresAt: new Date(Date.UTC(2027, 0, 1)),
    });
    const reader = adapterWith({ apiToken: created.token });

    const tested = await reader.tokens.test();
    const listed = await adapter.tokens.list();
    await adapter.tokens.revoke(created.id);
    const afterRevoke = await rejectionOf(reader.tokens.test());

    expect(created).toMatchObject({
      name: 'reporting',
      abilities: ['payments:read'],
      token: expect.stringMatching(/^\d+\|\S{40}$/),
      expiresAt: '2027-01-01T00:00:00.000000Z',
    });
    expect(tested.id).toBe(created.id);
    expect(listed.map((token) => token.name)).toEqual(['sandbox', 'reporting']);
    expect(afterRevoke).toMatchObject({ code: 'provider_auth_failed', providerCode: '401' });
    expect(JSON.stringify(afterRevoke)).not.toContain(created.token.split('|')[1]);
  });

  it('reports a payout with a read-only token as 403, naming the ability it needs', async () => {
    const created = await adapter.tokens.create({ name: 'r', abilities: ['payments:read'] });
    const reader = adapterWith({ apiToken: created.token });

    const error = await rejectionOf(reader.b2c.send({ phone: '254708374149', amount: KES(500) }));

    expect(error).toMatchObject({ code: 'provider_auth_failed', providerCode: '403' });
    expect((error as Error).message).toContain('payments:write');
  });

  it('refuses a token with an unknown ability before sending', async () => {
    await expect(
      adapter.tokens.create({ name: 'x', abilities: ['payments:everything'] }),
    ).rejects.toBeInstanceOf(ValidationError);
    expect(sent).toHaveLength(0);
  });
});

describe('payment-apps payouts and airtime against the simulator', () => {
  it('sends money from the payout app: accepted now, completed by a verified webhook', async () => {
    const accepted = await adapter.b2c.send({
      phone: '254708374149',
      amount: KES(500),
      commandId: 'SalaryPayment',
      remarks: 'March salary',
    });
    const [event] = await events();
    const [forCheckout] = await Promise.all(
      world.received().map((input) => adapter.verifyCallback(input)),
    );

    expect(sent[0]?.url.pathname).toBe(`/payment-apps/api/pay/${apps.b2c}/sendMoney`);
    expect(accepted).toMatchObject({
      transactionId: expect.stringMatching(/^\d+$/),
      conversationId: expect.stringMatching(/^AG_/),
    });
    expect(event?.transaction).toMatchObject({
      id: accepted.transactionId,
      type: 'PAYMENT_OUT',
      subType: 'SalaryPayment',
      status: 'STATUS_COMPLETED',
      amount: KES(500),
      payee: { account: '254708374149' },
      receipt: expect.stringMatching(/^[A-Z0-9]{10}$/),
    });
    expect(event?.outcome).toMatchObject({ status: 'completed', providerCode: '0' });
    expect(forCheckout?.updates).toEqual([]);
  });

  it('hears a failed payout as failed with the reason, and its status says so too', async () => {
    const accepted = await adapter.b2c.send({ phone: '254711000001', amount: KES(500) });
    const [event] = await events();

    const status = await adapter.transactions.status(accepted.transactionId ?? '', {
      app: apps.b2c,
    });

    expect(event?.outcome).toMatchObject({ status: 'failed', reason: 'insufficient_funds' });
    expect(status).toMatchObject({
      status: 'failed',
      reason: 'insufficient_funds',
      resultCode: '1',
    });
  });

  it.each([
    ['a phone that is not 2547…', { phone: '0708374149', amount: KES(500) }, 'invalid_phone'],
    ['less than KES 10', { phone: '254708374149', amount: KES(5) }, 'invalid_amount'],
    ['more than KES 250,000', { phone: '254708374149', amount: KES(250_001) }, 'invalid_amount'],
    [
      'cents',
      { phone: '254708374149', amount: { amount: 50_050, currency: 'KES' } },
      'invalid_amount',
    ],
    [
      'dollars',
      { phone: '254708374149', amount: { amount: 50_000, currency: 'USD' } },
      'invalid_amount',
    ],
  ])('refuses a payout with %s before sending', async (_case, payout, code) => {
    const error = await rejectionOf(adapter.b2c.send(payout));

    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ code });
    expect(sent).toHaveLength(0);
  });

  it('refuses a payout without a payout app before sending', async () => {
    const none = adapterWith({ payoutApp: undefined });

    await expect(none.b2c.send({ phone: '254708374149', amount: KES(500) })).rejects.toMatchObject({
      code: 'invalid_field',
      details: { field: 'app' },
    });
    expect(none.capabilities.has('payout')).toBe(false);
    expect(sent).toHaveLength(0);
  });

  it('reports sendMoney from an STK app as a refusal, not an outage', async () => {
    const error = await rejectionOf(
      adapter.b2c.send({ phone: '254708374149', amount: KES(500) }, { app: apps.express }),
    );

    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({
      code: 'provider_rejected',
      providerCode: '500',
      retryable: false,
      reason: 'not_permitted',
    });
  });

  it('reports a hung payout as ambiguous and never sends it twice', async () => {
    fault({ operation: 'api', kind: 'hang' });
    const hurried = adapterWith({ timeoutMs: 300 });

    const error = await rejectionOf(hurried.b2c.send({ phone: '254708374149', amount: KES(500) }));

    expect(error).toMatchObject({
      code: 'provider_unavailable',
      ambiguous: true,
      retryable: false,
    });
    expect(sent).toHaveLength(1);
  });

  it('reports the busy magic number as a retryable subscriber_busy refusal', async () => {
    const error = await rejectionOf(adapter.b2c.send({ phone: '254711000017', amount: KES(500) }));

    expect(error).toMatchObject({
      reason: 'subscriber_busy',
      retryable: true,
      providerCode: '502',
    });
  });

  it('sends airtime and refuses more than KES 10,000 before sending', async () => {
    const accepted = await adapter.airtime.send({ phone: '254708374149', amount: KES(50) });
    const [event] = await events();
    const tooMuch = await rejectionOf(
      adapter.airtime.send({ phone: '254708374149', amount: KES(10_001) }),
    );

    expect(event?.transaction).toMatchObject({
      id: accepted.transactionId,
      subType: 'Airtime',
      amount: KES(50),
    });
    expect(tooMuch).toMatchObject({ name: 'ValidationError', code: 'invalid_amount' });
    expect(sent).toHaveLength(1);
  });

  it('reads the payout app’s balance as Money, less what was paid out', async () => {
    await adapter.b2c.send({ phone: '254708374149', amount: KES(1_000) });
    await world.idle();

    const balance = await adapter.balance.check();

    expect(balance.accounts).toEqual([
      expect.objectContaining({ name: 'Working Account', available: KES(0) }),
      expect.objectContaining({ name: 'Utility Account', available: KES(499_000) }),
      expect.objectContaining({ name: 'Charges Paid Account', current: KES(0) }),
    ]);
    expect(balance.conversationId).toMatch(/^AG_/);
  });
});

describe('payment-apps transactions against the simulator', () => {
  it('reads a paid payment’s record, typed, with its receipt and Money', async () => {
    const ref = await paidPayment();

    const record = await adapter.transactions.get(ref);

    expect(record).toMatchObject({
      id: ref,
      appId: '1',
      status: 'STATUS_COMPLETED',
      type: 'PAYMENT_IN',
      subType: 'CustomerPayBillOnline',
      amount: KES(1500),
      payer: { account: '254711000000', name: null },
      receipt: expect.stringMatching(/^[A-Z0-9]{10}$/),
      provider: 'MpesaKeExpress',
    });
  });

  it('walks queryTransactions page by page with for await; fetch gives them all', async () => {
    for (const amount of [100, 200, 300]) {
      await adapter.b2c.send({ phone: '254708374149', amount: KES(amount) });
    }
    sent.length = 0;

    const amounts = [];
    for await (const t of adapter.transactions.list({ app: apps.b2c, perPage: 2 })) {
      amounts.push(t.amount.amount / 100);
    }
    const fetched = await adapter.transactions.fetch({ app: apps.b2c });

    expect(amounts).toEqual([300, 200, 100]);
    expect(
      sent.map((request) => request.url.pathname.split('/').pop() + request.url.search),
    ).toEqual([
      'queryTransactions?page=1&per_page=2',
      'queryTransactions?page=2&per_page=2',
      'fetchTransactions',
    ]);
    expect(fetched).toHaveLength(3);
  });

  it('says a pending transaction is pending, then completed with its receipt', async () => {
    const started = await adapter.initiate(world.request('254708374149'));

    const pending = await adapter.transactions.status(started.providerRef);
    await world.answer(started, 'paid');
    await world.idle();
    const done = await adapter.transactions.status(started.providerRef);
    const checked = await adapter.transactions.checkPaymentRequest(started.providerRef);

    expect(pending).toMatchObject({ status: 'pending', transactionStatus: 'Pending' });
    expect(done).toMatchObject({
      status: 'completed',
      resultCode: '0',
      receipt: expect.stringMatching(/^[A-Z0-9]{10}$/),
    });
    expect(checked).toMatchObject({ providerRef: started.providerRef, status: 'completed' });
  });

  it('reverses a completed payment once; a second reversal is a stable duplicate_request refusal', async () => {
    const ref = await paidPayment();

    const accepted = await adapter.transactions.reverse(ref);
    await world.idle();
    const status = await adapter.transactions.status(ref);
    const again = await rejectionOf(adapter.transactions.reverse(ref));

    expect(accepted).toMatchObject({ conversationId: expect.stringMatching(/^AG_/) });
    expect(status.status).toBe('reversed');
    expect(again).toMatchObject({
      code: 'provider_rejected',
      reason: 'duplicate_request',
      retryable: false,
      providerCode: '500',
    });
  });

  it('refuses to reverse a payment that has not completed, with not_permitted', async () => {
    const started = await adapter.initiate(world.request('254708374149'));

    const error = await rejectionOf(adapter.transactions.reverse(started.providerRef));

    expect(error).toMatchObject({ code: 'provider_rejected', reason: 'not_permitted' });
  });

  it('refuses an id that is not a Salami id before sending', async () => {
    await expect(adapter.transactions.reverse('ws_CO_123')).rejects.toBeInstanceOf(ValidationError);
    expect(sent).toHaveLength(0);
  });

  it('reports an unknown transaction as provider_rejected 404', async () => {
    const error = await rejectionOf(adapter.transactions.get('999'));

    expect(error).toMatchObject({ code: 'provider_rejected', providerCode: '404' });
    expect((error as Error).message).toContain('transaction 999');
  });

  it('retries a read once after a 500, and gives a 429 back with its wait', async () => {
    const ref = await paidPayment();
    fault({ operation: 'query', kind: 'http', status: 500 });
    await adapter.transactions.get(ref);
    fault({ operation: 'query', kind: 'http', status: 429 });
    sent.length = 0;

    const limited = await rejectionOf(adapter.transactions.get(ref));

    expect(limited).toMatchObject({ retryable: true, retryAfterMs: 60_000, providerCode: '429' });
    expect(sent).toHaveLength(1);
  });
});

describe('payment-apps SMS extraction, simulation and instructions against the simulator', () => {
  it('extracts the document’s SMS into a typed transaction; the same SMS gives the same one', async () => {
    const first = await adapter.transactions.extract(EXAMPLE_SMS, { app: apps.personal });
    const second = await adapter.transactions.extract(EXAMPLE_SMS, { app: apps.personal });

    expect(first).toEqual({
      id: expect.stringMatching(/^\d+$/),
      receipt: 'QJI3R7GXWV',
      amount: KES(100),
      payerName: 'JOHN DOE',
      payerAccount: '0712345678',
      transactionTime: '2026-03-15T11:30:00.000000Z',
      status: 'STATUS_COMPLETED',
      type: 'PAYMENT_IN',
    });
    expect(second).toEqual(first);
  });

  it('reports an SMS the gateway cannot read as its 422, with the field', async () => {
    const error = await rejectionOf(
      adapter.transactions.extract(`Fwd: ${EXAMPLE_SMS}`, { app: apps.personal }),
    );

    expect(error).toMatchObject({
      code: 'provider_rejected',
      providerCode: '422',
      details: { fields: ['message'] },
    });
  });

  it('sends an extraction again after a 500: the same SMS cannot make two records', async () => {
    fault({ operation: 'api', kind: 'http', status: 500 });

    const extracted = await adapter.transactions.extract(EXAMPLE_SMS, { app: apps.personal });

    expect(extracted.receipt).toBe('QJI3R7GXWV');
    expect(sent).toHaveLength(2);
  });

  it('refuses an empty SMS before sending', async () => {
    await expect(adapter.transactions.extract('  ')).rejects.toBeInstanceOf(ValidationError);
    expect(sent).toHaveLength(0);
  });

  it('simulates a C2B payment on the sandbox paybill: its webhook is typed, and not the checkout’s', async () => {
    const simulated = await adapter.transactions.simulate(
      { phone: '254708374149', amount: KES(100), reference: 'TEST001' },
      { app: apps.c2b },
    );
    const [event] = await events();
    const checkout = await adapter.verifyCallback(world.received()[0] as CallbackInput);

    expect(simulated.transactionId).toMatch(/^\d+$/);
    expect(event?.transaction).toMatchObject({
      id: simulated.transactionId,
      appId: String(apps.c2b),
      type: 'PAYMENT_IN',
      reference: 'TEST001',
      amount: KES(100),
    });
    expect(checkout.updates).toEqual([]);
  });

  it('reports a simulation on a live app as a refusal', async () => {
    const error = await rejectionOf(
      adapter.transactions.simulate(
        { phone: '254708374149', amount: KES(100), reference: 'TEST001' },
        { app: apps.liveC2b },
      ),
    );

    expect(error).toMatchObject({ code: 'provider_rejected', reason: 'not_permitted' });
  });

  it('returns the payment instructions page as HTML', async () => {
    const simulated = await adapter.transactions.simulate(
      { phone: '254708374149', amount: KES(1500), reference: 'INV42' },
      { app: apps.c2b },
    );

    const html = await adapter.transactions.instructions(simulated.transactionId ?? '', {
      app: apps.c2b,
    });

    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('account number <b>INV42</b>');
  });
});
