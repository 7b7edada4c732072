/**
 * Payment-apps payloads as salami-payment-apps-transactions.txt and payment-apps.md document
 * them (plus the Salami id the adapter relies on), used as fixtures by the unit tests.
 */
export const credentials = {
  apiToken: '12|q7yZ0bW3nTfL8xVc1RkMpE5sJ2hGdA9uNoI4lKe6',
  paymentApp: 1,
  webhookSecret: 'whsec-test-0f9e8d7c6b5a',
} as const;

export const salamiId = '42';
export const checkoutRequestId = 'ws_CO_191220191020363925';
export const merchantRequestId = '29115-34620561-1';

export function requestAccepted(overrides: Record<string, unknown> = {}) {
  return {
    data: {
      id: 42,
      MerchantRequestID: merchantRequestId,
      CheckoutRequestID: checkoutRequestId,
      ResponseCode: '0',
      ResponseDescription: 'Success. Request accepted for processing',
      CustomerMessage: 'Success. Request accepted for processing',
      ...overrides,
    },
    status: 'success',
    message: 'Payment request initiated',
  };
}

export function statusReply(resultCode: string | number | undefined, resultDesc?: string) {
  return {
    data: {
      ResponseCode: '0',
      ResponseDescription: 'The service request has been accepted successfully',
      MerchantRequestID: merchantRequestId,
      CheckoutRequestID: checkoutRequestId,
      ...(resultCode === undefined ? {} : { ResultCode: resultCode }),
      ...(resultDesc === undefined ? {} : { ResultDesc: resultDesc }),
    },
    status: 'success',
  };
}

export function gatewayError(error: string, errors?: Record<string, string[]>) {
  return { success: false, error, ...(errors ? { errors } : {}) };
}

/** The webhook body: the documented transaction record plus result_code and result_desc. */
export function webhookRecord(overrides: Record<string, unknown> = {}) {
  return {
    id: 42,
    payer_account: '254712345678',
    payer_name: null,
    payee_account: '174379',
    payee_name: 'My Business',
    reference: 'INV-2026-001',
    transaction_id: 'QJI3R7GXWV',
    amount: '100.00',
    currency: 'KES',
    transaction_time: '2026-03-15T14:30:00.000000Z',
    narration: 'Order 001',
    status: 'STATUS_COMPLETED',
    transaction_type: 'PAYMENT_IN',
    transaction_sub_type: 'CustomerPayBillOnline',
    payment_provider: 'MpesaKeExpress',
    app_id: 1,
    created_at: '2026-03-15T14:30:00.000000Z',
    updated_at: '2026-03-15T14:30:05.000000Z',
    result_code: '0',
    result_desc: 'The service request is processed successfully.',
    ...overrides,
  };
}
