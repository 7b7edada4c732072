/**
 * How the gateway records each canonical outcome of an M-Pesa Express request: its own
 * `STATUS_*` on the transaction, plus the Daraja ResultCode and ResultDesc its driver received.
 * A customer's cancellation is a decline; everything else that is not paid is a failure.
 */
import type { Outcome } from '../outcomes.js';

export type SalamiStatus =
  | 'STATUS_PENDING'
  | 'STATUS_COMPLETED'
  | 'STATUS_FAILED'
  | 'STATUS_DECLINED'
  /** Assumed: a completed payment whose reversal went through. */
  | 'STATUS_REVERSED';

export interface RecordedResult {
  readonly status: SalamiStatus;
  readonly resultCode: number;
  readonly resultDesc: string;
}

export const outcomeResults: Readonly<Record<Outcome, RecordedResult>> = Object.freeze({
  paid: {
    status: 'STATUS_COMPLETED',
    resultCode: 0,
    resultDesc: 'The service request is processed successfully.',
  },
  insufficient_funds: {
    status: 'STATUS_FAILED',
    resultCode: 1,
    resultDesc: 'The balance is insufficient for the transaction.',
  },
  wrong_pin: {
    status: 'STATUS_FAILED',
    resultCode: 2001,
    resultDesc: 'The initiator information is invalid.',
  },
  cancelled: {
    status: 'STATUS_DECLINED',
    resultCode: 1032,
    resultDesc: 'Request cancelled by user',
  },
  no_response: {
    status: 'STATUS_FAILED',
    resultCode: 1037,
    resultDesc: 'DS timeout user cannot be reached',
  },
});

/** What `checkPaymentRequestStatus` says while the customer has not answered (Daraja's 4999). */
export const stillProcessing = {
  resultCode: 4999,
  resultDesc: 'The transaction is still under processing',
} as const;

/**
 * How a payout (sendMoney, airtime) to each magic number ends. Nobody answers a prompt for money
 * going out, so only the number (and the float) decides: Daraja's B2C result codes.
 */
export const payoutResults: Readonly<Record<Outcome, RecordedResult>> = Object.freeze({
  paid: outcomeResults.paid,
  insufficient_funds: {
    status: 'STATUS_FAILED',
    resultCode: 1,
    resultDesc: 'The balance is insufficient for the transaction.',
  },
  wrong_pin: {
    status: 'STATUS_FAILED',
    resultCode: 2001,
    resultDesc: 'The initiator information is invalid.',
  },
  cancelled: {
    status: 'STATUS_FAILED',
    resultCode: 2040,
    resultDesc:
      "Credit Party customer type (Unregistered or Registered Customer) can't be supported by the service.",
  },
  no_response: {
    status: 'STATUS_FAILED',
    resultCode: 1037,
    resultDesc: 'DS timeout user cannot be reached',
  },
});

/** A reversal that went through, and the state of the payment it reversed. */
export const reversalResult: RecordedResult = Object.freeze({
  status: 'STATUS_COMPLETED',
  resultCode: 0,
  resultDesc: 'The service request is processed successfully.',
});
