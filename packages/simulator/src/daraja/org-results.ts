/** The async result bodies Daraja POSTs to a ResultURL, in exactly the documented shape. */
import { callbackResultCode, resultDescription } from './result-codes.js';

export type ParameterValue = string | number;

export interface ResultInput {
  /** The code as text (`"0"`, `"2001"`, `"R000001"`). */
  readonly resultCode: string;
  readonly resultDesc?: string;
  readonly originatorConversationId: string;
  readonly conversationId: string;
  readonly transactionId: string;
  /** Present on success; an entry without a value is sent without a `Value` key. */
  readonly parameters?: readonly (readonly [string, ParameterValue | undefined])[];
  readonly timeoutUrl: string;
}

export interface ResultBody {
  Result: {
    ResultType: number;
    ResultCode: number | string;
    ResultDesc: string;
    OriginatorConversationID: string;
    ConversationID: string;
    TransactionID: string;
    ResultParameters?: { ResultParameter: { Key: string; Value?: ParameterValue }[] };
    ReferenceData: { ReferenceItem: { Key: string; Value: string } };
  };
}

/** Descriptions of the codes only org operations use (the STK table has the rest). */
export const orgResultDescriptions: Readonly<Record<string, string>> = Object.freeze({
  '1': 'The balance is insufficient for the transaction.',
  '2001': 'The initiator information is invalid.',
  R000001: 'The transaction has already been reversed.',
  R000002: 'The OriginalTransactionID is invalid.',
});

export function orgResultDescription(code: string): string {
  if (code === '0') return 'The service request is processed successfully.';
  return Object.hasOwn(orgResultDescriptions, code)
    ? (orgResultDescriptions[code] as string)
    : resultDescription(code);
}

export function resultBody(input: ResultInput): ResultBody {
  const parameters = input.parameters?.map(([Key, Value]) =>
    Value === undefined ? { Key } : { Key, Value },
  );
  return {
    Result: {
      ResultType: 0,
      ResultCode: callbackResultCode(input.resultCode),
      ResultDesc: input.resultDesc ?? orgResultDescription(input.resultCode),
      OriginatorConversationID: input.originatorConversationId,
      ConversationID: input.conversationId,
      TransactionID: input.transactionId,
      ...(parameters === undefined ? {} : { ResultParameters: { ResultParameter: parameters } }),
      ReferenceData: { ReferenceItem: { Key: 'QueueTimeoutURL', Value: input.timeoutUrl } },
    },
  };
}
