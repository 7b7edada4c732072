/**
 * The simulator's Daraja STK query over real HTTP (POST /mpesa/stkpushquery/v1/query): what it
 * answers while a prompt waits and once it ended, and what it refuses.
 */
import { describe, expect, it } from 'vitest';
import { startDarajaFixture } from '../test-daraja-client.js';
import { envelope, errorOf, fx, startFixtureForEachTest } from './test-daraja-router-setup.js';

startFixtureForEachTest();

describe('STK query: POST /mpesa/stkpushquery/v1/query', () => {
  it('answers HTTP 200 with ResultCode "4999" "still under processing" while the prompt is open', async () => {
    const id = await fx.pushAccepted();

    const response = await fx.query(id);

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      ResponseCode: '0',
      ResponseDescription: 'The service request has been accepted successsfully',
      MerchantRequestID: expect.stringMatching(/^\d{5}-\d{8}-1$/),
      CheckoutRequestID: id,
      ResultCode: '4999',
      ResultDesc: 'The transaction is still under processing',
    });
  });

  it('answers HTTP 500 "The transaction is being processed" instead with pendingQuery: "error" (daraja.md)', async () => {
    const legacy = await startDarajaFixture({ pendingQuery: 'error' });
    try {
      const id = await legacy.pushAccepted();

      const response = await legacy.query(id);

      expect(response.status).toBe(500);
      expect(await response.json()).toEqual(
        envelope('500.001.1001', 'The transaction is being processed'),
      );
    } finally {
      await legacy.close();
    }
  });

  it('reports the result with ResultCode as a string once the prompt is settled', async () => {
    const id = await fx.pushAccepted();
    const { merchantRequestId } = await fx.simulator.control.resolve(id, { resultCode: 1032 });

    const response = await fx.query(id);

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      ResponseCode: '0',
      ResponseDescription: 'The service request has been accepted successsfully',
      MerchantRequestID: merchantRequestId,
      CheckoutRequestID: id,
      ResultCode: '1032',
      ResultDesc: 'Request cancelled by user',
    });
  });

  it('refuses an unknown CheckoutRequestID with a 400 envelope', async () => {
    const response = await fx.query('ws_CO_01012020000000000700000000');

    expect(response.status).toBe(400);
    expect(await response.json()).toEqual(
      envelope('400.002.02', 'Bad Request - Invalid CheckoutRequestID'),
    );
  });

  it('checks the Password on queries too', async () => {
    const id = await fx.pushAccepted();

    const response = await fx.post('/mpesa/stkpushquery/v1/query', {
      BusinessShortCode: '174379',
      Password: 'bm90IHRoZSBwYXNzd29yZA==',
      Timestamp: '20210628092408',
      CheckoutRequestID: id,
    });

    expect(response.status).toBe(500);
    expect((await errorOf(response)).errorMessage).toBe('Wrong credentials');
  });
});
