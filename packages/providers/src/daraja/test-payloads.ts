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

/** The sandbox initiator (the portal's `testapi`) and a stand-in encrypted credential. */
export const initiator = {
  initiatorName: 'testapi',
  securityCredential: 'Q2lwaGVyVGV4dEZyb21TYWZhcmljb21DZXJ0aWZpY2F0ZQ==',
} as const;

export const callbackToken = 'tok_c2b_4f9a1e7d2b6c';

export const conversationId = 'AG_20191219_00005797af5d7d75f652';
export const originatorConversationId = '16740-34861180-1';

/** Daraja's answer when it queues a B2C, status, reversal or balance request. */
export function asyncAccepted(originatorId = originatorConversationId) {
  return {
    ConversationID: conversationId,
    OriginatorConversationID: originatorId,
    ResponseCode: '0',
    ResponseDescription: 'Accept the service request successfully.',
  };
}

/** C2B register and simulate answers: `OriginatorCoversationID` (sic). */
export function c2bAccepted(description: string) {
  return {
    OriginatorCoversationID: '6e86-45dd-91ac-fd5d4178ab523176729',
    ResponseCode: '0',
    ResponseDescription: description,
  };
}

type Parameter = { Key: string; Value?: string | number };

export function asyncResult(
  resultCode: number | string,
  resultDesc: string,
  parameters?: Parameter[] | Parameter,
  transactionId = 'NLJ41HAY6Q',
) {
  return {
    Result: {
      ResultType: 0,
      ResultCode: resultCode,
      ResultDesc: resultDesc,
      OriginatorConversationID: originatorConversationId,
      ConversationID: conversationId,
      TransactionID: transactionId,
      ...(parameters === undefined ? {} : { ResultParameters: { ResultParameter: parameters } }),
      ReferenceData: {
        ReferenceItem: {
          Key: 'QueueTimeoutURL',
          Value: 'https://internalsandbox.safaricom.co.ke/mpesa/b2cresults/v1/submit',
        },
      },
    },
  };
}

/** A successful B2C result as Safaricom's documentation shows it. */
export const b2cSuccessResult = asyncResult(0, 'The service request is processed successfully.', [
  { Key: 'TransactionAmount', Value: 10 },
  { Key: 'TransactionReceipt', Value: 'NLJ41HAY6Q' },
  { Key: 'B2CRecipientIsRegisteredCustomer', Value: 'Y' },
  { Key: 'B2CChargesPaidAccountAvailableFunds', Value: -4510.0 },
  { Key: 'ReceiverPartyPublicName', Value: '254708374149 - John Doe' },
  { Key: 'TransactionCompletedDateTime', Value: '19.12.2019 11:45:50' },
  { Key: 'B2CUtilityAccountAvailableFunds', Value: 10116.0 },
  { Key: 'B2CWorkingAccountAvailableFunds', Value: 900000.0 },
]);

export const balanceResult = asyncResult(
  0,
  'The service request is processed successfully.',
  [
    {
      Key: 'AccountBalance',
      Value:
        'Working Account|KES|700000.00|700000.00|0.00|0.00&Float Account|KES|0.00|0.00|0.00|0.00&Utility Account|KES|228037.00|228037.00|0.00|0.00&Charges Paid Account|KES|-1540.00|-1540.00|0.00|0.00',
    },
    { Key: 'BOCompletedTime', Value: 20200109125710 },
  ],
  'OAP0000000',
);

/** A C2B confirmation as Daraja posts it (every value text). */
export const c2bConfirmation = {
  TransactionType: 'Pay Bill',
  TransID: 'RKTQDM7W6S',
  TransTime: '20191122063845',
  TransAmount: '10.00',
  BusinessShortCode: '174379',
  BillRefNumber: 'ORDER1042',
  InvoiceNumber: '',
  OrgAccountBalance: '49197.00',
  ThirdPartyTransID: '',
  MSISDN: '2547 ***** 149',
  FirstName: 'John',
  MiddleName: '',
  LastName: 'Doe',
};
