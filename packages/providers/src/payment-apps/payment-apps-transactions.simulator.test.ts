/**
 * The payment-apps adapter's transactions against @lipwa/simulator over real HTTP: balances,
 * transaction queries and status, reversals.
 */
import { ValidationError } from '@lipwa/core';
import { paymentAppsSandboxApps as apps } from '@lipwa/simulator';
import { describe, expect, it } from 'vitest';
import {
  adapter,
  fault,
  KES,
  paidPayment,
  rejectionOf,
  sent,
  startWorldForEachTest,
  world,
} from './test-payment-apps-operations.js';

startWorldForEachTest();

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
