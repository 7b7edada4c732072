/**
 * The gateway's other transaction operations in the simulator, over real HTTP: payouts, airtime,
 * queries, status, reversal, balance, SMS extraction, C2B simulation and payment instructions.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RunningSimulator, startSimulator } from '../start-simulator.js';
import {
  startWebhookReceiver,
  type CallbackReceiver as WebhookReceiver,
} from '../test-callback-receiver.js';
import { paymentAppsSandboxApps as apps, paymentAppsSandbox } from './sandbox.js';
import { paymentAppsSignature } from './signature.js';

const START = Date.UTC(2026, 2, 15, 11, 30, 0);
const EXAMPLE_SMS =
  'QJI3R7GXWV Confirmed. Ksh100.00 received from JOHN DOE 0712345678 on 15/3/26 at 2:30 PM. New M-PESA balance is Ksh1,500.00.';

let sim: RunningSimulator;
let receiver: WebhookReceiver;

beforeEach(async () => {
  receiver = await startWebhookReceiver('payment-apps');
  sim = await startSimulator({
    clock: { now: () => START },
    autoResolveDelayMs: 0,
    webhooks: { 'payment-apps': receiver.url },
  });
});
afterEach(async () => {
  await sim.close();
  await receiver.close();
});

// biome-ignore lint/suspicious/noExplicitAny: answers are read field by field.
type Loose = any;

async function call(
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  token: string = paymentAppsSandbox.apiToken,
): Promise<{ status: number; json: Loose; text: string; type: string | null }> {
  const response = await fetch(`${sim.paymentApps.baseUrl}/api${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      accept: 'application/json',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  let json: Loose;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, json, text, type: response.headers.get('content-type') };
}

async function settled() {
  await sim.control.advance(0);
  await sim.control.idle();
}

const send = (body: Record<string, unknown>, app: number = apps.b2c) =>
  call('POST', `/pay/${app}/sendMoney`, {
    phone_number: '254708374149',
    amount: 500,
    command_id: 'BusinessPayment',
    remarks: 'Refund',
    ...body,
  });

async function paidStk(): Promise<number> {
  const { json } = await call('POST', `/pay/${apps.express}/requestPayment`, {
    phone_number: '254711000000',
    amount: 1500,
    reference: 'ORDER1042',
  });
  await settled();
  return json.data.id;
}

describe('sendMoney', () => {
  it('accepts a payout on the B2C app, then completes it with a signed webhook', async () => {
    const { status, json } = await send({});
    await settled();
    const record = await call('GET', `/pay/${apps.b2c}/transaction/${json.data.id}`);
    const [hook] = receiver.received;

    expect(status).toBe(200);
    expect(json).toEqual({
      data: {
        id: expect.any(Number),
        ConversationID: expect.stringMatching(/^AG_20260315_[0-9a-f]{20}$/),
        OriginatorConversationID: expect.stringMatching(/^\d+-\d+-1$/),
        ResponseCode: '0',
        ResponseDescription: 'Accept the service request successfully.',
      },
      status: 'success',
      message: 'Money sent successfully',
    });
    expect(record.json.data).toMatchObject({
      status: 'STATUS_COMPLETED',
      transaction_type: 'PAYMENT_OUT',
      transaction_sub_type: 'BusinessPayment',
      payee_account: '254708374149',
      amount: '500.00',
      transaction_id: expect.stringMatching(/^[A-Z0-9]{10}$/),
      narration: 'Refund',
      payment_provider: 'MpesaKeB2C',
    });
    expect(hook?.headers['x-salami-signature']).toBe(
      paymentAppsSignature(paymentAppsSandbox.webhookSecret, hook?.rawBody ?? ''),
    );
    expect(JSON.parse(hook?.rawBody ?? '{}')).toMatchObject({ result_code: '0' });
  });

  it('refuses a payout from an app whose driver cannot send money', async () => {
    const { status, json } = await send({}, apps.express);

    expect(status).toBe(500);
    expect(json).toEqual({
      success: false,
      error: 'sendMoney is not supported by the MpesaKeExpress driver.',
    });
  });

  it('lists every invalid field in a 422', async () => {
    const { status, json } = await send({ phone_number: '0708374149', amount: 5, command_id: 'X' });

    expect(status).toBe(422);
    expect(json.errors).toEqual({
      phone_number: ['The phone number field format is invalid.'],
      amount: ['The amount field must be at least 10.'],
      command_id: ['The selected command id is invalid.'],
    });
  });

  it('fails a payout to 254711000001 as Daraja’s result code 1', async () => {
    const { json } = await send({ phone_number: '254711000001' });
    await settled();

    const record = await call('GET', `/pay/${apps.b2c}/transaction/${json.data.id}`);
    const status = await call('GET', `/pay/${apps.b2c}/getTransactionStatus/${json.data.id}`);

    expect(record.json.data.status).toBe('STATUS_FAILED');
    expect(status.json.data).toMatchObject({ ResultCode: '1', TransactionStatus: 'Failed' });
  });

  it('refuses a token without payments:write with 403', async () => {
    const created = await call('POST', '/account/tokens', {
      name: 'reader',
      abilities: ['payments:read'],
    });

    const { status } = await call(
      'POST',
      `/pay/${apps.b2c}/sendMoney`,
      { phone_number: '254708374149', amount: 500, command_id: 'BusinessPayment' },
      created.json.data.token,
    );

    expect(status).toBe(403);
  });
});

describe('sendAirtime, balance', () => {
  it('sends airtime as a PAYMENT_OUT record and takes it off the utility account', async () => {
    const airtime = await call('POST', `/pay/${apps.b2c}/sendAirtime`, {
      phone_number: '254708374149',
      amount: 50,
    });
    await send({ amount: 1000 });
    await settled();
    const balance = await call('GET', `/pay/${apps.b2c}/checkBalance`);

    expect(airtime.json).toMatchObject({ status: 'success', message: 'Airtime sent' });
    expect(balance.json).toMatchObject({
      status: 'success',
      data: {
        ResponseCode: '0',
        AccountBalance:
          'Working Account|KES|0.00|0.00|0.00|0.00&Utility Account|KES|498950.00|498950.00|0.00|0.00&Charges Paid Account|KES|0.00|0.00|0.00|0.00',
      },
    });
  });

  it('refuses airtime above KES 10,000 and a currency other than KES', async () => {
    const { status, json } = await call('POST', `/pay/${apps.b2c}/sendAirtime`, {
      phone_number: '254708374149',
      amount: 10_001,
      currency: 'UGX',
    });

    expect(status).toBe(422);
    expect(Object.keys(json.errors)).toEqual(['amount', 'currency']);
  });
});

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

describe('reverseTransaction', () => {
  it('reverses a completed payment once: the original becomes STATUS_REVERSED', async () => {
    const id = await paidStk();

    const accepted = await call('POST', `/pay/${apps.express}/reverseTransaction/${id}`);
    await settled();
    const original = await call('GET', `/pay/${apps.express}/transaction/${id}`);
    const reversal = await call('GET', `/pay/${apps.express}/transaction/${accepted.json.data.id}`);
    const again = await call('POST', `/pay/${apps.express}/reverseTransaction/${id}`);

    expect(accepted.json).toMatchObject({
      status: 'success',
      data: { ResponseCode: '0', ConversationID: expect.stringMatching(/^AG_/) },
    });
    expect(original.json.data.status).toBe('STATUS_REVERSED');
    expect(reversal.json.data).toMatchObject({
      transaction_type: 'PAYMENT_OUT',
      transaction_sub_type: 'TransactionReversal',
      status: 'STATUS_COMPLETED',
      reference: original.json.data.transaction_id,
      amount: '1500.00',
    });
    expect(again).toMatchObject({
      status: 500,
      json: { success: false, error: 'The transaction has already been reversed.' },
    });
  });

  it('refuses to reverse a payment that has not completed', async () => {
    const { json } = await call('POST', `/pay/${apps.express}/requestPayment`, {
      phone_number: '254708374149',
      amount: 10,
      reference: 'A1',
    });

    const refused = await call('POST', `/pay/${apps.express}/reverseTransaction/${json.data.id}`);

    expect(refused.json.error).toBe('Only completed transactions can be reversed.');
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
