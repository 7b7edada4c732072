/**
 * One table from the gateway's codes to Lipwa's canonical status and reason: its transaction
 * statuses (`STATUS_*`) and the Daraja ResultCodes its M-Pesa Express driver passes through
 * (the same meanings as `darajaResultCodes`, plus 4999 "still under processing"). Nothing
 * unknown is ever final: an unknown status or query code reads as `pending`.
 */
import type { FailureReason, PaymentStatus } from '@lipwa/core';
import { type DarajaResultMapping, darajaResultCodes } from '../daraja/result-codes.js';

export interface PaymentAppsCodeMapping {
  readonly status: PaymentStatus;
  readonly reason?: FailureReason;
  readonly description: string;
}

export interface MappedPaymentAppsResult {
  readonly status: PaymentStatus;
  readonly reason?: FailureReason;
  /** The raw code as text (`STATUS_FAILED`, `1032`), kept for support even when unknown. */
  readonly providerCode: string;
  readonly message: string;
}

const statuses: Readonly<Record<string, PaymentAppsCodeMapping>> = Object.freeze({
  STATUS_COMPLETED: { status: 'completed', description: 'The payment was completed.' },
  // The gateway says it failed but not why; the webhook's result_code usually does.
  STATUS_FAILED: { status: 'failed', reason: 'unknown', description: 'The payment failed.' },
  // On M-Pesa Express the only one who declines a prompt is the customer.
  STATUS_DECLINED: {
    status: 'cancelled',
    reason: 'cancelled_by_user',
    description: 'The customer declined the payment request.',
  },
  STATUS_PENDING: { status: 'pending', description: 'The payment request is still open.' },
});

const resultCodes: Readonly<Record<string, PaymentAppsCodeMapping>> = Object.freeze({
  ...(darajaResultCodes as Readonly<Record<string, DarajaResultMapping>>),
  // Daraja's STK query answer while the customer has not answered yet.
  '4999': { status: 'pending', description: 'The transaction is still under processing.' },
});

/** The gateway's `STATUS_*` values and Daraja-style ResultCodes, each mapped once. */
export const paymentAppsCodes = Object.freeze({ statuses, resultCodes });

function known(table: Readonly<Record<string, PaymentAppsCodeMapping>>, code: string) {
  return Object.hasOwn(table, code) ? table[code] : undefined;
}

function mapped(
  mapping: Pick<PaymentAppsCodeMapping, 'status' | 'reason'>,
  providerCode: string,
  message: string,
): MappedPaymentAppsResult {
  return mapping.reason === undefined
    ? { status: mapping.status, providerCode, message }
    : { status: mapping.status, reason: mapping.reason, providerCode, message };
}

/**
 * A `checkPaymentRequestStatus` ResultCode (text or number). Absent, 4999 or unknown: `pending`,
 * so the reconciler asks again rather than ending a payment on a code nobody documented.
 */
export function mapPaymentRequestResult(
  code: string | number | undefined,
  description?: string,
): MappedPaymentAppsResult {
  const providerCode = code === undefined ? '' : String(code).trim();
  const mapping = known(resultCodes, providerCode);
  const message =
    description?.trim() ||
    mapping?.description ||
    (providerCode === ''
      ? 'The gateway did not say a result yet.'
      : `Unknown ResultCode ${providerCode}; still pending.`);
  return mapped(mapping ?? { status: 'pending' }, providerCode || 'none', message);
}

/**
 * A transaction's `STATUS_*` together with the driver's result code, when the webhook carries
 * one. The code refines why a final status failed; if the two contradict each other (completed
 * with a failure code, failed with code 0) the answer is `pending`, never a guess.
 */
export function mapTransactionResult(
  status: string,
  resultCode?: string | number | null,
  resultDesc?: string | null,
): MappedPaymentAppsResult {
  const byStatus = known(statuses, status.trim());
  const code = resultCode === undefined || resultCode === null ? '' : String(resultCode).trim();
  const byCode = code === '' ? undefined : known(resultCodes, code);
  const description = resultDesc?.trim() || undefined;
  if (!byStatus || byStatus.status === 'pending') {
    return mapped(
      { status: 'pending' },
      status,
      byStatus ? byStatus.description : `Unknown transaction status ${status}; still pending.`,
    );
  }
  if (code === '') return mapped(byStatus, status, description ?? byStatus.description);
  const contradicts =
    byStatus.status === 'completed' ? code !== '0' : byCode?.status === 'completed';
  if (contradicts) {
    return mapped(
      { status: 'pending' },
      code,
      `The gateway says ${status} but result code ${code}: left pending until a status check settles it.`,
    );
  }
  if (byStatus.status === 'completed')
    return mapped(byStatus, code, description ?? byStatus.description);
  // A failure: the code says why, unless it is unknown or not itself final.
  const refined = byCode && byCode.status !== 'pending' ? byCode : byStatus;
  return mapped(refined, code, description ?? refined.description);
}
