/**
 * Daraja payloads as daraja.md documents them (sandbox credentials, id shapes, envelopes), used
 * as fixtures by every test.
 */
export const sandbox = {
  shortcode: '174379',
  passkey: 'bfb279f9aa9bdbcf158e97dd71a467cd2e0c893059b10f78e6b72ada1ed2c919',
  consumerKey: 'GvzjNnYgNJtwgwfLBkZh65VPwfuKvs0V',
  consumerSecret: 'oOpJICRVlyrGSAkM',
  msisdn: '254708374149',
} as const;

export const checkoutRequestId = 'ws_CO_23052022122137653708374149';
export const merchantRequestId = '29115-34620561-1';

export function oauthReply(
  accessToken = 'c9SQxWWhmdVRlyh0zh8gZDTkubVF',
  expiresIn: string | number = '3599',
) {
  return { access_token: accessToken, expires_in: expiresIn };
}

export const stkPushAccepted = {
  MerchantRequestID: merchantRequestId,
  CheckoutRequestID: checkoutRequestId,
  ResponseCode: '0',
  ResponseDescription: 'Success. Request accepted for processing',
  CustomerMessage: 'Success. Request accepted for processing',
};

export function stkQueryReply(resultCode: string, resultDesc: string) {
  return {
    ResponseCode: '0',
    ResponseDescription: 'The service request has been accepted successsfully',
    MerchantRequestID: merchantRequestId,
    CheckoutRequestID: checkoutRequestId,
    ResultCode: resultCode,
    ResultDesc: resultDesc,
  };
}

export function darajaError(errorCode: string, errorMessage: string) {
  return { requestId: '16813-1590513-1', errorCode, errorMessage };
}

export const stillProcessing = darajaError('500.001.1001', 'The transaction is being processed');
export const subscriberLocked = darajaError(
  '500.001.1001',
  'Unable to lock subscriber, a transaction is already in process for the current subscriber',
);
export const invalidAccessToken = darajaError('404.001.03', 'Invalid Access Token');
export const spikeArrest = darajaError(
  '500.003.02',
  'System is busy. Please try again in few minutes.',
);

/** A successful callback exactly as Daraja sends it (Balance without a Value, Amount with decimals). */
export const successCallbackBody = `{
  "Body": {
    "stkCallback": {
      "MerchantRequestID": "${merchantRequestId}",
      "CheckoutRequestID": "${checkoutRequestId}",
      "ResultCode": 0,
      "ResultDesc": "The service request is processed successfully.",
      "CallbackMetadata": {
        "Item": [
          { "Name": "Amount", "Value": 1.00 },
          { "Name": "MpesaReceiptNumber", "Value": "NLJ7RT61SV" },
          { "Name": "Balance" },
          { "Name": "TransactionDate", "Value": 20191219102115 },
          { "Name": "PhoneNumber", "Value": 254708374149 }
        ]
      }
    }
  }
}`;

export function failureCallbackBody(resultCode: number, resultDesc: string): string {
  return JSON.stringify({
    Body: {
      stkCallback: {
        MerchantRequestID: merchantRequestId,
        CheckoutRequestID: checkoutRequestId,
        ResultCode: resultCode,
        ResultDesc: resultDesc,
      },
    },
  });
}
