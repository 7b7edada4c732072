/** The body Daraja POSTs to the CallBackURL, in exactly the documented shape. */
import { callbackResultCode } from './result-codes.js';

export interface StkCallbackItem {
  Name: string;
  Value?: number | string;
}

export interface StkCallbackBody {
  Body: {
    stkCallback: {
      MerchantRequestID: string;
      CheckoutRequestID: string;
      /** A JSON number for numeric codes, text for the others (`"SFC_IC0003"`). */
      ResultCode: number | string;
      ResultDesc: string;
      CallbackMetadata?: { Item: StkCallbackItem[] };
    };
  };
}

export interface StkCallbackInput {
  merchantRequestId: string;
  checkoutRequestId: string;
  /** The code as text. */
  resultCode: string;
  resultDesc: string;
  /** Present only for a successful payment. */
  success?: {
    amount: number;
    receipt: string;
    /** `YYYYMMDDHHmmss` in Nairobi time. */
    transactionDate: string;
    phone: string;
  };
}

export function stkCallbackBody(input: StkCallbackInput): StkCallbackBody {
  const stkCallback: StkCallbackBody['Body']['stkCallback'] = {
    MerchantRequestID: input.merchantRequestId,
    CheckoutRequestID: input.checkoutRequestId,
    ResultCode: callbackResultCode(input.resultCode),
    ResultDesc: input.resultDesc,
  };
  if (input.success) {
    stkCallback.CallbackMetadata = {
      Item: [
        { Name: 'Amount', Value: input.success.amount },
        { Name: 'MpesaReceiptNumber', Value: input.success.receipt },
        // Daraja sends Balance with no Value key.
        { Name: 'Balance' },
        { Name: 'TransactionDate', Value: Number(input.success.transactionDate) },
        { Name: 'PhoneNumber', Value: Number(input.success.phone) },
      ],
    };
  }
  return { Body: { stkCallback } };
}
