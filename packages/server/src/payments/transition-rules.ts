/**
 * The decisions behind applying a verdict, as pure functions: a success for the wrong amount is a
 * failure to the shop, a second success for a paid reference is never merged, the state machine
 * (`decideTransition`) decides the rest, and money reported for an attempt that already ended is
 * a case for review.
 */
import {
  decideTransition,
  type FailureReason,
  type PaymentStatus,
  sameMoney,
  type TransitionSource,
} from '@lipwa/core';
import type { PaymentPatch, PaymentRecord, ReviewReason } from '../stores/payment-record.js';
import { retryAfterFailure } from './attempt-cooldown.js';
import type { StatusChange } from './status-change.js';

const defaultReasons: Partial<Record<PaymentStatus, FailureReason>> = {
  failed: 'unknown',
  cancelled: 'cancelled_by_user',
  expired: 'no_response',
};

/** A reported success whose amount differs from the payment's. */
export function reportsWrongAmount(incoming: StatusChange, current: PaymentRecord): boolean {
  return (
    incoming.status === 'completed' &&
    incoming.amount !== undefined &&
    !sameMoney(incoming.amount, current.amount)
  );
}

/** A success for the wrong amount is a failure to the shop: never mark it paid. */
export function asTheShopSeesIt(incoming: StatusChange, wrongAmount: boolean): StatusChange {
  return wrongAmount ? { ...incoming, status: 'failed', reason: 'amount_mismatch' } : incoming;
}

/** A success for an attempt whose reference another attempt already paid: refund, never merge. */
export function isSecondSuccess(
  change: StatusChange,
  current: PaymentRecord,
  attempts: readonly PaymentRecord[],
): boolean {
  return (
    change.status === 'completed' &&
    current.status !== 'completed' &&
    attempts.some((other) => other.id !== current.id && other.status === 'completed')
  );
}

export type TransitionDecision =
  | { readonly kind: 'applied'; readonly patch: PaymentPatch }
  | { readonly kind: 'duplicate' }
  | { readonly kind: 'rejected'; readonly why: string };

/**
 * What applying `change` to `record` does: the patch of an allowed transition (with the default
 * reason and the cooldown of an unsuccessful end), or why nothing changes.
 */
export function decideStatusPatch(
  record: PaymentRecord,
  change: StatusChange,
  source: TransitionSource,
  context: {
    readonly now: number;
    readonly attemptCooldownMs: number;
    readonly extra: PaymentPatch;
  },
): TransitionDecision {
  const outcome = decideTransition(record, { to: change.status, source });
  if (outcome.kind === 'duplicate') return { kind: 'duplicate' };
  if (outcome.kind === 'rejected') return { kind: 'rejected', why: outcome.why };
  const unsuccessful = change.status !== 'completed' && change.status !== 'reversed';
  return {
    kind: 'applied',
    patch: {
      status: change.status,
      decidedBy: source,
      reason: unsuccessful ? (change.reason ?? defaultReasons[change.status]) : undefined,
      providerCode: change.providerCode ?? record.providerCode,
      receipt: change.receipt ?? record.receipt,
      updatedAt: context.now,
      ...(unsuccessful
        ? { retryAfter: retryAfterFailure(context.now, context.attemptCooldownMs) }
        : {}),
      ...context.extra,
    },
  };
}

/** Money reported for an attempt that could not take it: which review it needs, if any. */
export function reviewForRefusedChange(
  incoming: StatusChange,
  decision: TransitionDecision['kind'],
  wrongAmount: boolean,
): ReviewReason | undefined {
  if (incoming.status !== 'completed') return undefined;
  // A wrong-amount success on a failed attempt reads as `failed` again, not as a rejection: it
  // is still money that arrived, so it goes to review too.
  if (decision !== 'rejected' && !wrongAmount) return undefined;
  return wrongAmount ? 'amount_mismatch' : 'success_after_failure';
}
