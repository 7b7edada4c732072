/**
 * A verdict about one payment, from a callback, a query, our deadline or the server itself, in
 * the few fields that decide it.
 */
import type { FailureReason, Money, PaymentStatus, StatusUpdate } from '@lipwa/core';
import type { UnmatchedCallback } from '../stores/payment-record.js';

export interface StatusChange {
  readonly status: PaymentStatus;
  readonly reason?: FailureReason | undefined;
  readonly providerCode?: string | undefined;
  readonly receipt?: string | undefined;
  readonly amount?: Money | undefined;
}

/** The part of a provider's `StatusUpdate` (callback or query) that decides the payment. */
export function changeFromUpdate(update: StatusUpdate): StatusChange {
  return {
    status: update.status,
    reason: update.reason,
    providerCode: update.providerCode,
    receipt: update.receipt,
    amount: update.amount,
  };
}

/** An update that waited as unmatched until its payment learnt the provider reference. */
export function changeFromUnmatched(entry: UnmatchedCallback): StatusChange {
  return {
    status: entry.status,
    reason: entry.reason,
    providerCode: entry.providerCode,
    receipt: entry.receipt,
    amount: entry.amount,
  };
}
