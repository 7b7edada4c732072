/**
 * The payment-apps gateway's lookups and M-Pesa helpers in the simulator, over real HTTP:
 * transaction queries and status, SMS extraction, C2B simulation and payment instructions.
 */
import { describe, expect, it } from 'vitest';
import { paymentAppsSandboxApps as apps } from './sandbox.js';
import {
  call,
  EXAMPLE_SMS,
  type Loose,
  paidStk,
  receiver,
  send,
  settled,
  sim,
  startSimulatorForEachTest,
} from './test-operations-simulator.js';

startSimulatorForEachTest();

describe('queries', () => {
  it('pages queryTransactions newest first and lists them all with fetchTransactions', async () => {
    for (const amount of [100, 200, 300]) await send({ amount });
    await settled();

    const first = await call('GET', `/pay/${apps.b2c}/queryTransactions?per_page=2`);
    const second = await call('GET', `/pay/${apps.b2c}/queryTransactions?per_page=2&page=2`);
    const fetched = await call('GET', `/pay/${apps.b2c}/fetchTransactions`);

    expect(first.json.data).toMatchObject({ current_page: 1, per_page: 2, total: 3, last_page: 2 });
    expect(first.json.data.data.map((t: Loose) => t.amount)).toEqual(['300.00', '200.00']);
    expect(second.json.data.data.map((t: Loose) => t.amount)).toEqual(['100.00']);
    expect(fetched.json).toMatchObject({ status: 'success', message: 'Transactions fetched' });
    expect(fetched.json.data).toHaveLength(3);
  });

  it('says a pending transaction’s status without a ResultCode, then with one', async () => {
    const { json } = await call('POST', `/pay/${apps.express}/requestPayment`, {
      phone_number: '254708374149',
      amount: 10,
      reference: 'A1',
    });
    const pending = await call('GET', `/pay/${apps.express}/getTransactionStatus/${json.data.id}`);
    await sim.control.answer(json.data.CheckoutRequestID, 'paid');
    await settled();
    const done = await call('GET', `/pay/${apps.express}/getTransactionStatus/${json.data.id}`);

    expect(pending.json.data).not.toHaveProperty('ResultCode');
    expect(pending.json.data.TransactionStatus).toBe('Pending');
    expect(done.json.data).toMatchObject({
      ResultCode: '0',
      TransactionStatus: 'Completed',
      TransactionID: expect.stringMatching(/^[A-Z0-9]{10}$/),
    });
  });

  it('answers 404 for another app’s transaction', async () => {
    const id = await paidStk();

    expect((await call('GET', `/pay/${apps.b2c}/getTransactionStatus/${id}`)).status).toBe(404);
  });
});

describe('extractTransaction', () => {
  it('reads the document’s SMS into a completed record, amount as a number', async () => {
    const { status, json } = await call('POST', `/pay/${apps.personal}/extractTransaction`, {
      message: EXAMPLE_SMS,
    });

    expect(status).toBe(200);
    expect(json).toEqual({
      data: {
        id: expect.any(Number),
        transaction_id: 'QJI3R7GXWV',
        amount: 100,
        payer_name: 'JOHN DOE',
        payer_account: '0712345678',
        payee_name: 'JANE DOE',
        payee_account: '254708374149',
        reference: null,
        transaction_time: '2026-03-15T11:30:00.000000Z',
        transaction_type: 'PAYMENT_IN',
        status: 'STATUS_COMPLETED',
      },
      status: 'success',
      message: 'Transaction extracted',
    });
  });

  it('gives the same record for the same SMS twice, never a second one', async () => {
    const first = await call('POST', `/pay/${apps.personal}/extractTransaction`, {
      message: EXAMPLE_SMS,
    });
    const second = await call('POST', `/pay/${apps.personal}/extractTransaction`, {
      message: EXAMPLE_SMS,
    });

    expect(second.json.data).toEqual(first.json.data);
    expect(second.json.message).toBe('Transaction already recorded');
    expect((await call('GET', `/pay/${apps.personal}/fetchTransactions`)).json.data).toHaveLength(
      1,
    );
  });

  it('refuses an SMS it cannot read with 422 and a reason', async () => {
    const { status, json } = await call('POST', `/pay/${apps.personal}/extractTransaction`, {
      message: `Fwd: ${EXAMPLE_SMS}`,
    });

    expect(status).toBe(422);
    expect(json).toMatchObject({ success: false, errors: { message: [expect.any(String)] } });
  });
});

describe('simulateTransaction, getInstructions', () => {
  it('simulates a C2B payment on a sandbox paybill app: completed, with its webhook', async () => {
    const { status, json } = await call('POST', `/pay/${apps.c2b}/simulateTransaction`, {
      phone_number: '254708374149',
      amount: 100,
      reference: 'TEST001',
    });
    await settled();

    expect(status).toBe(200);
    expect(json).toMatchObject({
      status: 'success',
      message: 'Simulation successful',
      data: { ResponseCode: '0', OriginatorCoversationID: expect.any(String) },
    });
    expect(JSON.parse(receiver.received[0]?.rawBody ?? '{}')).toMatchObject({
      app_id: apps.c2b,
      status: 'STATUS_COMPLETED',
      reference: 'TEST001',
      payer_name: 'JOHN DOE',
    });
  });

  it('fails a simulation on a live app with 500', async () => {
    const { status, json } = await call('POST', `/pay/${apps.liveC2b}/simulateTransaction`, {
      phone_number: '254708374149',
      amount: 100,
      reference: 'TEST001',
    });

    expect(status).toBe(500);
    expect(json.error).toMatch(/sandbox mode/);
  });

  it('returns paybill instructions as HTML, the record’s text escaped', async () => {
    const { json } = await call('POST', `/pay/${apps.c2b}/simulateTransaction`, {
      phone_number: '254708374149',
      amount: 1500,
      reference: '<b>X</b>',
    });

    const page = await call('GET', `/pay/${apps.c2b}/getInstructions/${json.data.id}`);

    expect(page.type).toMatch(/^text\/html/);
    expect(page.text).toContain('business number <b>600984</b>');
    expect(page.text).toContain('account number <b>&lt;b&gt;X&lt;/b&gt;</b>');
    expect(page.text).toContain('KES 1,500');
  });

  it('answers a queued api fault in the gateway’s envelope', async () => {
    sim.control.fault({ provider: 'payment-apps', operation: 'api', kind: 'http', status: 500 });

    const { status, json } = await send({});

    expect(status).toBe(500);
    expect(json).toMatchObject({ success: false });
    expect((await send({})).status).toBe(200);
  });
});
