import { describe, expect, it } from 'vitest';
import { createGatewaySigner } from './gateway-signature.js';
import { acceptPaybill, acknowledgePaybill, parsePaybill, rejectPaybill } from './paybill.js';
import { callbackInput, sample, setupGateway, signedPaybill } from './test-fake-gateway.js';

function parse(
  input: Parameters<typeof parsePaybill>[2],
  what: 'callback' | 'validation request' = 'callback',
) {
  const { config } = setupGateway();
  return parsePaybill(config, createGatewaySigner(sample.secretKey), input, what);
}

describe('paybill callbacks and validation requests', () => {
  it('reads the documented paybill callback: order, receipt, amount, account, masked customer', async () => {
    const payment = await parse(await signedPaybill());

    expect(payment).toEqual({
      orderId: '2023-03-15-15-25-12-255432',
      transactionRef: 'RBQ0000000',
      amount: { amount: 10_000, currency: 'KES' },
      billRefNumber: '555555555',
      customer: '2547 ***** 149',
      firstName: 'ALEX',
      middleName: undefined,
      lastName: undefined,
      destinationId: '7000000',
      gatewayStatus: 2,
      serviceDateTime: '2023-03-03 13:33:33.333333',
      update: expect.objectContaining({
        providerRef: '2023-03-15-15-25-12-255432',
        status: 'completed',
        receipt: 'RBQ0000000',
        amount: { amount: 10_000, currency: 'KES' },
        phone: '2547 ***** 149',
      }),
    });
  });

  it('reads the account number from the top-level billRefNumber when extra lacks it', async () => {
    const payment = await parse(await signedPaybill({ extra: undefined, billRefNumber: 555 }));

    expect(payment.billRefNumber).toBe('555');
  });

  it('reads a validation request without a status as pending, never completed', async () => {
    const payment = await parse(
      await signedPaybill({ status: undefined, transaction_ref: '' }),
      'validation request',
    );

    expect(payment.update.status).toBe('pending');
    expect(payment.update.receipt).toBeUndefined();
  });

  it('masks a customer number the gateway left whole', async () => {
    const payment = await parse(await signedPaybill({ customer_id: '254708374149' }));

    expect(payment.customer).toBe('2547•••••149');
  });

  it('refuses a paybill callback signed with another key, or altered after signing', async () => {
    const forged = await signedPaybill({}, 'not-the-secret-key');
    const genuine = await signedPaybill();
    const altered = callbackInput(genuine.rawBody.replace('"amount":100', '"amount":100000'));

    await expect(parse(forged)).rejects.toMatchObject({ code: 'invalid_signature' });
    await expect(parse(altered)).rejects.toMatchObject({ code: 'invalid_signature' });
  });

  it('refuses an unsigned body, and a signed one for another merchant', async () => {
    const unsigned = callbackInput(JSON.stringify({ order_id: '1', amount: 1, currency: 'KES' }));

    await expect(parse(unsigned)).rejects.toMatchObject({ code: 'invalid_signature' });
    await expect(parse(await signedPaybill({ merchant_id: 'another' }))).rejects.toMatchObject({
      code: 'callback_unauthorized',
    });
  });

  it('refuses a signed body without an account number or amount as invalid_callback', async () => {
    await expect(parse(await signedPaybill({ extra: { FirstName: 'A' } }))).rejects.toMatchObject({
      code: 'invalid_callback',
    });
    await expect(parse(await signedPaybill({ amount: 'lots' }))).rejects.toMatchObject({
      code: 'invalid_callback',
    });
  });

  it('answers validation with code 0 to accept and anything else to refuse', () => {
    expect(acceptPaybill()).toEqual({ status: 200, body: { code: 0, status: 'ok' } });
    expect(rejectPaybill('unknown account')).toEqual({
      status: 200,
      body: { code: 1, status: 'unknown account' },
    });
    expect(acknowledgePaybill().body).toEqual({ result: { code: 0, message: 'OK' } });
  });
});
