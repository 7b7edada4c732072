/**
 * The payment-apps gateway's lookups: checkPaymentRequestStatus and transaction/{transactionId}.
 */
import { describe, expect, it } from 'vitest';
import {
  get,
  requestPayment,
  sim,
  startSimulatorForEachTest,
  statusOf,
} from './test-payment-apps-simulator.js';

startSimulatorForEachTest();

describe('GET /api/pay/{payment_app}/checkPaymentRequestStatus/{transaction}', () => {
  it('says 4999 "still under processing" while the customer has not answered, then the answer', async () => {
    const accepted = await requestPayment('254708374149');
    const waiting = await statusOf(accepted.id);
    await sim.control.answer(accepted.CheckoutRequestID, 'cancelled');
    const answered = await statusOf(accepted.id);

    expect(waiting).toEqual({
      status: 200,
      body: {
        data: {
          ResponseCode: '0',
          ResponseDescription: 'The service request has been accepted successfully',
          MerchantRequestID: accepted.MerchantRequestID,
          CheckoutRequestID: accepted.CheckoutRequestID,
          ResultCode: '4999',
          ResultDesc: 'The transaction is still under processing',
        },
        status: 'success',
      },
    });
    expect(answered.body).toMatchObject({
      data: { ResultCode: '1032', ResultDesc: 'Request cancelled by user' },
    });
  });

  it('answers 404 for an id it never issued, or one of another app', async () => {
    const unknown = await statusOf(4242);
    const garbled = await get('/pay/1/checkPaymentRequestStatus/ws_CO_123');

    expect(unknown).toEqual({
      status: 404,
      body: { success: false, error: 'Transaction not found.' },
    });
    expect(garbled.status).toBe(404);
  });
});

describe('GET /api/pay/{payment_app}/transaction/{transactionId}', () => {
  it('shows the record, pending and then completed', async () => {
    const accepted = await requestPayment('254708374149');
    const pending = await (await get(`/pay/1/transaction/${accepted.id}`)).json();
    await sim.control.answer(accepted.CheckoutRequestID, 'paid');
    const paid = (await (await get(`/pay/1/transaction/${accepted.id}`)).json()) as {
      data: Record<string, unknown>;
    };

    expect(pending).toEqual({
      data: expect.objectContaining({
        id: accepted.id,
        status: 'STATUS_PENDING',
        transaction_id: null,
        transaction_time: null,
      }),
    });
    expect(paid).toEqual({
      data: expect.objectContaining({ status: 'STATUS_COMPLETED', amount: '1500.00' }),
    });
    expect(paid.data).not.toHaveProperty('result_code');
  });
});
