/**
 * CashPay's charge statuses (documented: INITIATED, CAPTURED, FAILED) mapped to Lipwa's canonical
 * status and reason, in one table. Every status the adapter acts on comes from a charge it fetched
 * itself, so an unknown status is never final: it leaves the payment pending, code kept.
 */
import type { FailureReason, PaymentStatus } from '@lipwa/core';

export interface CashpayStatusMapping {
  readonly status: PaymentStatus;
  readonly reason?: FailureReason;
  readonly description: string;
}

export interface MappedCashpayStatus {
  readonly status: PaymentStatus;
  readonly reason?: FailureReason;
  /** CashPay's status as it sent it, kept for support even when unknown. */
  readonly providerCode: string;
  readonly message: string;
}

export const cashpayChargeStatuses: Readonly<Record<string, CashpayStatusMapping>> = Object.freeze({
  INITIATED: {
    status: 'pending',
    description: 'The charge was created; the customer has not completed payment.',
  },
  CAPTURED: { status: 'completed', description: 'The customer paid; the charge is captured.' },
  // CashPay says nothing about why a charge failed, so the reason is honestly unknown.
  FAILED: {
    status: 'failed',
    reason: 'unknown',
    description: 'The payment failed; CashPay does not say why.',
  },
});

/** Maps a charge status; unknown statuses stay `pending` with the raw status as `providerCode`. */
export function mapCashpayStatus(status: string): MappedCashpayStatus {
  const providerCode = status.trim();
  const key = providerCode.toUpperCase();
  const known = Object.hasOwn(cashpayChargeStatuses, key) ? cashpayChargeStatuses[key] : undefined;
  if (!known) {
    return {
      status: 'pending',
      providerCode,
      message: `Unknown CashPay charge status "${providerCode}": not treated as final.`,
    };
  }
  return known.reason === undefined
    ? { status: known.status, providerCode, message: known.description }
    : { status: known.status, reason: known.reason, providerCode, message: known.description };
}
