/**
 * The simulator's Daraja engine: what each magic number does to an STK push, in the answer and the
 * callback.
 */
import { describe, expect, it } from 'vitest';
import {
  AUTO_RESOLVE_MS,
  callbacks,
  fx,
  pushFrom,
  startFixtureForEachTest,
} from './test-daraja-engine-setup.js';

startFixtureForEachTest();

describe('magic numbers', () => {
  it('254711000000 completes: one callback with the full metadata, and the query agrees', async () => {
    const id = await pushFrom(254711000000);
    expect(fx.receiver.received).toHaveLength(0);

    await fx.simulator.control.advance(AUTO_RESOLVE_MS);

    expect(callbacks()).toEqual([
      {
        Body: {
          stkCallback: {
            MerchantRequestID: expect.stringMatching(/^\d{5}-\d{8}-1$/),
            CheckoutRequestID: id,
            ResultCode: 0,
            ResultDesc: 'The service request is processed successfully.',
            CallbackMetadata: {
              Item: [
                { Name: 'Amount', Value: 1500 },
                // 14 March 2025 in Nairobi: T (2025), C (March), E (14th).
                { Name: 'MpesaReceiptNumber', Value: expect.stringMatching(/^TCE[A-Z0-9]{7}$/) },
                { Name: 'Balance' },
                { Name: 'TransactionDate', Value: 20250314123002 },
                { Name: 'PhoneNumber', Value: 254711000000 },
              ],
            },
          },
        },
      },
    ]);
    expect(fx.receiver.received[0]?.path).toBe('/lipwa/callbacks/daraja/tok_5f2c9a');
    expect(fx.receiver.received[0]?.headers['content-type']).toBe('application/json;charset=UTF-8');
    const query = await (await fx.query(id)).json();
    expect(query).toMatchObject({
      ResultCode: '0',
      ResultDesc: 'The service request is processed successfully.',
    });
  });

  const failures: [number, number, string][] = [
    [254711000001, 1, 'The balance is insufficient for the transaction.'],
    [254711000032, 1032, 'Request cancelled by user'],
    [254711000037, 1037, 'No response from user.'],
    [254711002001, 2001, 'The initiator information is invalid.'],
  ];
  for (const [phone, resultCode, resultDesc] of failures) {
    it(`${phone} fails with ResultCode ${resultCode}, a callback without metadata, and the same query result`, async () => {
      const id = await pushFrom(phone);

      await fx.simulator.control.advance(AUTO_RESOLVE_MS);

      expect(callbacks()).toEqual([
        {
          Body: {
            stkCallback: {
              MerchantRequestID: expect.any(String),
              CheckoutRequestID: id,
              ResultCode: resultCode,
              ResultDesc: resultDesc,
            },
          },
        },
      ]);
      const query = await fx.query(id);
      expect(query.status).toBe(200);
      expect(await query.json()).toMatchObject({
        ResultCode: String(resultCode),
        ResultDesc: resultDesc,
      });
    });
  }

  it('254711000099 completes but never calls back: only the query finds out', async () => {
    const id = await pushFrom(254711000099);

    await fx.simulator.control.advance(AUTO_RESOLVE_MS);

    expect(fx.receiver.received).toEqual([]);
    expect(fx.simulator.control.callbacks()).toEqual([]);
    expect(await (await fx.query(id)).json()).toMatchObject({ ResultCode: '0' });
  });

  it('254711000098 completes and delivers the identical callback twice', async () => {
    const id = await pushFrom(254711000098);

    await fx.simulator.control.advance(AUTO_RESOLVE_MS);

    expect(callbacks()).toHaveLength(2);
    expect(callbacks()[0]).toEqual(callbacks()[1]);
    expect(callbacks()[0]?.Body.stkCallback).toMatchObject({
      CheckoutRequestID: id,
      ResultCode: 0,
    });
  });

  it('does not settle a magic number before autoResolveDelayMs has passed', async () => {
    const id = await pushFrom(254711000000);

    await fx.simulator.control.advance(AUTO_RESOLVE_MS - 1);

    expect(fx.simulator.control.prompts().map((prompt) => prompt.id)).toEqual([id]);
    expect(await (await fx.query(id)).json()).toMatchObject({ ResultCode: '4999' });
  });
});
