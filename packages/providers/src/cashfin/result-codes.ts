/**
 * The one table from Cashfin's payment results to Lipwa's canonical status and reason.
 * Cashfin's documented statuses (`pending`, `completed`, `failed`, `cancelled`) say where a
 * payment ended; the M-Pesa `resultcode` it relays (lower-case, as it relays Daraja's
 * `responsecode` at initiation) says why. Assumed where cashfin.md is silent; see the docs page.
 */
import type { FailureReason, PaymentStatus } from '@lipwa/core';

export interface CashfinResultMapping {
  readonly status: PaymentStatus;
  readonly reason?: FailureReason;
  readonly description: string;
}

export interface MappedCashfinResult {
  readonly status: PaymentStatus;
  readonly reason?: FailureReason;
  /** The raw `resultcode`, else the raw status, kept for support even when unknown. */
  readonly providerCode: string;
  /** Cashfin's `resultdesc` when given, else the table's description. */
  readonly message: string;
}

/** Cashfin's documented payment statuses. */
export const cashfinStatuses: Readonly<Record<string, CashfinResultMapping>> = Object.freeze({
  pending: { status: 'pending', description: 'Payment initiated, awaiting confirmation.' },
  completed: { status: 'completed', description: 'Payment successful.' },
  failed: { status: 'failed', reason: 'unknown', description: 'Payment failed or rejected.' },
  cancelled: {
    status: 'cancelled',
    reason: 'cancelled_by_user',
    description: 'Payment cancelled by user.',
  },
});

/** The M-Pesa result codes Cashfin relays in `resultcode`, and what each means for a payment. */
export const cashfinResultCodes: Readonly<Record<string, CashfinResultMapping>> = Object.freeze({
  '0': { status: 'completed', description: 'The service request is processed successfully.' },
  '1': {
    status: 'failed',
    reason: 'insufficient_funds',
    description: 'The balance is insufficient for the transaction.',
  },
  '17': {
    status: 'failed',
    reason: 'duplicate_request',
    description: 'The same amount to the same customer within about two minutes.',
  },
  '1001': {
    status: 'failed',
    reason: 'subscriber_busy',
    description: 'The customer is busy with another M-Pesa transaction.',
  },
  '1019': { status: 'expired', reason: 'no_response', description: 'The transaction has expired.' },
  '1025': {
    status: 'failed',
    reason: 'prompt_failed',
    description: 'An error occurred while sending the prompt.',
  },
  '1032': {
    status: 'cancelled',
    reason: 'cancelled_by_user',
    description: 'Request cancelled by user.',
  },
  // Failed, not expired: the phone could not be reached or did not answer; Cashfin's final word.
  '1037': {
    status: 'failed',
    reason: 'no_response',
    description: 'The customer could not be reached or did not answer in time.',
  },
  '2001': {
    status: 'failed',
    reason: 'wrong_pin',
    description: 'The M-Pesa PIN entered was wrong.',
  },
  '9999': {
    status: 'failed',
    reason: 'provider_error',
    description: 'Error sending the prompt.',
  },
});

function lookup(
  table: Readonly<Record<string, CashfinResultMapping>>,
  key: string | undefined,
): CashfinResultMapping | undefined {
  return key !== undefined && Object.hasOwn(table, key) ? table[key] : undefined;
}

function mapped(
  mapping: Pick<CashfinResultMapping, 'status' | 'reason'>,
  providerCode: string,
  message: string,
): MappedCashfinResult {
  return mapping.reason === undefined
    ? { status: mapping.status, providerCode, message }
    : { status: mapping.status, reason: mapping.reason, providerCode, message };
}

/**
 * Maps a Cashfin status and the M-Pesa `resultcode` it relays. Returns undefined when the
 * two contradict each other (a `completed` payment with a failure code, a `failed` one with
 * code 0) or the status is not one Cashfin documents: the caller must not guess.
 */
export function mapCashfinResult(
  status: string,
  resultcode?: string | undefined,
  resultdesc?: string | undefined,
): MappedCashfinResult | undefined {
  const byStatus = lookup(cashfinStatuses, status);
  if (!byStatus) return undefined;
  const code = resultcode?.trim() === '' ? undefined : resultcode?.trim();
  const byCode = lookup(cashfinResultCodes, code);
  const providerCode = code ?? status;
  const message =
    resultdesc?.trim() ||
    byCode?.description ||
    (code === undefined ? byStatus.description : `Unknown M-Pesa result code ${code}.`);
  switch (byStatus.status) {
    case 'pending':
      return mapped(byStatus, providerCode, message);
    case 'completed':
      return code === undefined || code === '0'
        ? mapped(byStatus, providerCode, message)
        : undefined;
    case 'cancelled':
      return code === '0' ? undefined : mapped(byStatus, providerCode, message);
    default:
      if (code === '0') return undefined;
      // A known failure code says why (1032 is a cancel, 1019 an expiry); an unknown one fails as `unknown`.
      return mapped(byCode ?? byStatus, providerCode, message);
  }
}
