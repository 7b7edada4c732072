/**
 * The payment-apps gateway's money-out operations in the simulator, over real HTTP: sendMoney,
 * sendAirtime, the balance, and reverseTransaction.
 */
import { describe, expect, it } from 'vitest';
import { paymentAppsSandboxApps as apps, paymentAppsSandbox } from './sandbox.js';
import { paymentAppsSignature } from './signature.js';
import {
  call,
  paidStk,
  receiver,
  send,
  settled,
  startSimulatorForEachTest,
} from './test-operations-simulator.js';

startSimulatorForEachTest();

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
