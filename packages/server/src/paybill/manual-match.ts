/**
 * Which checkout a Paybill/Till payment pays, as pure rules: the account number the customer
 * typed is the checkout's reference, and the amount must be the checkout's. The latest attempt
 * for the reference decides: a paid one refuses a second payment, a pending one (or one that
 * expired by our own deadline) takes it, and one that ended unsuccessfully is paid by a new
 * manual attempt (the customer got no prompt, so paid by hand).
 */
import { sameMoney } from '@lipwa/core';
import type { PaymentRecord } from '../stores/payment-record.js';
import type { ManualPayment, ManualRefusal } from './manual-payment-hook.js';

export type ManualMatch =
  | { readonly kind: 'refuse'; readonly why: ManualRefusal }
  /** The latest attempt can still complete: apply the payment to it. */
  | { readonly kind: 'apply'; readonly attempt: PaymentRecord }
  /** The latest attempt ended unsuccessfully: a new attempt records this payment. */
  | { readonly kind: 'new_attempt'; readonly previous: PaymentRecord };

/** A till payment carries no account number: the kit cannot tell which checkout it pays. */
export function normaliseReference(reference: string): string {
  return reference.trim();
}

export function matchManualPayment(
  payment: ManualPayment,
  latest: PaymentRecord | undefined,
): ManualMatch {
  if (!latest) return { kind: 'refuse', why: 'unknown_reference' };
  if (latest.status === 'completed' || latest.status === 'reversed') {
    return { kind: 'refuse', why: 'already_paid' };
  }
  if (!sameMoney(payment.amount, latest.amount)) return { kind: 'refuse', why: 'wrong_amount' };
  const canComplete =
    latest.status === 'pending' || (latest.status === 'expired' && latest.decidedBy === 'deadline');
  return canComplete
    ? { kind: 'apply', attempt: latest }
    : { kind: 'new_attempt', previous: latest };
}
