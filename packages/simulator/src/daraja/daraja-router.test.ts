/**
 * The simulator's Daraja STK push over real HTTP (POST /mpesa/stkpush/v1/processrequest): what it
 * accepts (realistic ids, the limits, the published Password vectors) and what it refuses.
 */
import { describe, expect, it } from 'vitest';
import { stkPassword } from './password.js';
import { darajaSandbox } from './sandbox.js';
import { envelope, errorOf, fx, startFixtureForEachTest } from './test-daraja-router-setup.js';

startFixtureForEachTest();

describe('STK push: POST /mpesa/stkpush/v1/processrequest', () => {
  it('accepts a valid request with Daraja success body and realistic ids', async () => {
    const response = await fx.push();

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      MerchantRequestID: expect.stringMatching(/^\d{5}-\d{8}-1$/),
      // 14 March 2025 12:30:00.000 Nairobi time, then the national number.
      CheckoutRequestID: 'ws_CO_14032025123000000708374149',
      ResponseCode: '0',
      ResponseDescription: 'Success. Request accepted for processing',
      CustomerMessage: 'Success. Request accepted for processing',
    });
  });

  it('gives two requests in the same millisecond different CheckoutRequestIDs', async () => {
    const first = await fx.pushAccepted();
    const second = await fx.pushAccepted();

    expect(first).not.toBe(second);
  });

  it('refuses a missing Authorization header with 404.001.04', async () => {
    const response = await fetch(`${fx.simulator.daraja.baseUrl}/mpesa/stkpush/v1/processrequest`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(fx.pushBody()),
    });

    expect(response.status).toBe(404);
    expect(await response.json()).toEqual(envelope('404.001.04', 'Invalid Authentication Header'));
  });

  it('refuses a garbled Authorization header with 404.001.04', async () => {
    const response = await fx.post('/mpesa/stkpush/v1/processrequest', fx.pushBody(), {
      authorization: 'Bearer',
    });

    expect(response.status).toBe(404);
    expect((await errorOf(response)).errorCode).toBe('404.001.04');
  });

  it('refuses an unknown token with 404.001.03', async () => {
    const response = await fx.post('/mpesa/stkpush/v1/processrequest', fx.pushBody(), {
      authorization: 'Bearer c9SQxWWhmdVRlyh0zh8gZDTkubVF',
    });

    expect(response.status).toBe(404);
    expect(await response.json()).toEqual(envelope('404.001.03', 'Invalid Access Token'));
  });

  it('refuses a body without the JSON content type with 400.002.02', async () => {
    const response = await fx.post('/mpesa/stkpush/v1/processrequest', fx.pushBody(), {
      'content-type': 'text/plain',
    });

    expect(response.status).toBe(400);
    expect((await errorOf(response)).errorCode).toBe('400.002.02');
  });

  it('refuses malformed JSON with 400.002.05', async () => {
    const response = await fx.post('/mpesa/stkpush/v1/processrequest', '{"BusinessShortCode":');

    expect(response.status).toBe(400);
    expect(await response.json()).toEqual(envelope('400.002.05', 'Invalid JSON payload'));
  });

  const invalidFields: [string, Record<string, unknown>][] = [
    ['BusinessShortCode', { BusinessShortCode: 1234 }],
    ['BusinessShortCode', { BusinessShortCode: '12345678' }],
    ['BusinessShortCode', { BusinessShortCode: undefined }],
    ['Password', { Password: '' }],
    ['Timestamp', { Timestamp: '2025-03-14 12:30:00' }],
    ['Timestamp', { Timestamp: '20250230120000' }],
    ['Timestamp', { Timestamp: '202503141230' }],
    ['TransactionType', { TransactionType: 'CustomerPayBill' }],
    ['Amount', { Amount: 10.5 }],
    ['Amount', { Amount: '10.50' }],
    ['Amount', { Amount: 0 }],
    ['Amount', { Amount: 250_001 }],
    ['Amount', { Amount: -5 }],
    ['PartyA', { PartyA: '0708374149' }],
    ['PartyA', { PartyA: 254808374149 }],
    ['PartyB', { PartyB: 'till' }],
    ['PhoneNumber', { PhoneNumber: '+254708374149' }],
    ['PhoneNumber', { PhoneNumber: 25470837414 }],
    ['CallBackURL', { CallBackURL: 'not a url' }],
    ['CallBackURL', { CallBackURL: 'ftp://example.com/cb' }],
    ['AccountReference', { AccountReference: '' }],
    ['TransactionDesc', { TransactionDesc: undefined }],
  ];
  for (const [field, overrides] of invalidFields) {
    it(`refuses ${field} ${JSON.stringify(overrides[field] ?? 'missing')} with 400.002.02 and creates no prompt`, async () => {
      const response = await fx.push(overrides);

      expect(response.status).toBe(400);
      expect(await response.json()).toEqual(
        envelope('400.002.02', `Bad Request - Invalid ${field}`),
      );
      expect(fx.simulator.control.prompts()).toEqual([]);
    });
  }

  it('accepts the limits themselves: KES 1 and KES 250,000, 2541 numbers, a till, digit strings', async () => {
    for (const overrides of [
      { Amount: 1 },
      { Amount: '250000' },
      { PartyA: '254110000000', PhoneNumber: '254110000000' },
      { TransactionType: 'CustomerBuyGoodsOnline', PartyB: '600000' },
      {
        BusinessShortCode: '174379',
        AccountReference: 'ABCDEFGHIJKL',
        TransactionDesc: 'ABCDEFGHIJKLM',
      },
    ]) {
      expect((await fx.push(overrides)).status).toBe(200);
    }
    expect(fx.simulator.control.prompts()).toHaveLength(5);
  });

  it('accepts a TransactionDesc longer than 13 characters, as Daraja does, and prompts as usual', async () => {
    const response = await fx.push({ TransactionDesc: 'Payment for order 1042 at the Lipwa shop' });

    expect(response.status).toBe(200);
    expect(fx.simulator.control.prompts()).toHaveLength(1);
  });

  it('accepts an AccountReference longer than 12 characters with HTTP 200, then never prompts (the trap daraja.md warns of)', async () => {
    // Even a number that pays by itself: the customer never sees a prompt, so nothing is paid.
    const response = await fx.push({
      AccountReference: 'ORDER-1042-LONG',
      PartyA: 254711000000,
      PhoneNumber: 254711000000,
    });
    const { CheckoutRequestID: id } = (await response.json()) as { CheckoutRequestID: string };
    await fx.simulator.control.advance(59_999);

    expect(response.status).toBe(200);
    expect(fx.simulator.control.prompts()).toEqual([]);
    expect(fx.receiver.received).toEqual([]);
    expect(await (await fx.query(id)).json()).toMatchObject({ ResultCode: '4999' });
  });

  it('fails a request whose prompt never arrived with 1025 once the prompt would have timed out', async () => {
    const id = await fx.pushAccepted({ AccountReference: 'ORDER-1042-LONG' });

    await fx.simulator.control.advance(60_000);

    expect(fx.receiver.received.map((callback) => callback.body)).toEqual([
      {
        Body: {
          stkCallback: {
            MerchantRequestID: expect.any(String),
            CheckoutRequestID: id,
            ResultCode: 1025,
            ResultDesc: 'An error occurred while sending a push request',
          },
        },
      },
    ]);
  });

  it("accepts the portal's published Password vectors", async () => {
    for (const [timestamp, password] of [
      [
        '20160216165627',
        'MTc0Mzc5YmZiMjc5ZjlhYTliZGJjZjE1OGU5N2RkNzFhNDY3Y2QyZTBjODkzMDU5YjEwZjc4ZTZiNzJhZGExZWQyYzkxOTIwMTYwMjE2MTY1NjI3',
      ],
      [
        '20210628092408',
        'MTc0Mzc5YmZiMjc5ZjlhYTliZGJjZjE1OGU5N2RkNzFhNDY3Y2QyZTBjODkzMDU5YjEwZjc4ZTZiNzJhZGExZWQyYzkxOTIwMjEwNjI4MDkyNDA4',
      ],
    ]) {
      const response = await fx.push({ Timestamp: timestamp, Password: password });
      expect(response.status).toBe(200);
    }
  });

  it('refuses a Password that does not match the Timestamp with HTTP 500 500.001.1001', async () => {
    const response = await fx.push({
      Timestamp: '20210628092408',
      Password: stkPassword('174379', darajaSandbox.passkey, '20160216165627'),
    });

    expect(response.status).toBe(500);
    expect(await response.json()).toEqual(envelope('500.001.1001', 'Wrong credentials'));
    expect(fx.simulator.control.prompts()).toEqual([]);
  });

  it('refuses a shortcode it has no passkey for with 500.001.1001 "Merchant does not exist"', async () => {
    const response = await fx.push({
      BusinessShortCode: '600000',
      Password: stkPassword('600000', darajaSandbox.passkey, fx.pushBody().Timestamp as string),
    });

    expect(response.status).toBe(500);
    expect(await response.json()).toEqual(envelope('500.001.1001', 'Merchant does not exist'));
  });

  it('refuses 254711000017 at initiation: the subscriber is locked by another transaction', async () => {
    const response = await fx.push({ PartyA: 254711000017, PhoneNumber: 254711000017 });

    expect(response.status).toBe(500);
    expect(await response.json()).toEqual(
      envelope(
        '500.001.1001',
        'Unable to lock subscriber, a transaction is already in process for the current subscriber',
      ),
    );
    expect(fx.simulator.control.prompts()).toEqual([]);
  });

  it('answers unknown Daraja paths with a 404 envelope', async () => {
    const response = await fx.post('/mpesa/b2c/v9/paymentrequest', {});

    expect(response.status).toBe(404);
    expect((await errorOf(response)).errorCode).toBe('404.001.01');
  });
});
