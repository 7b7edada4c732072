/**
 * One merchant reference is one payable thing, whichever session asks: the same Idempotency-Key
 * replays its attempt (or is refused for a different request), a paid reference refuses new
 * attempts, and a pending attempt is followed rather than doubled, as long as it charges the
 * same amount.
 */
import { type CheckoutSession, LipwaError, sameMoney, ValidationError } from '@lipwa/core';
import type { PaymentRecord } from '../stores/payment-record.js';

export function sessionPaid(): LipwaError {
  return new LipwaError('session_paid', 'This order has already been paid.');
}

/**
 * True when `latest` was made with this Idempotency-Key (replay it); refuses the key when it was
 * first used with a different request.
 */
export function isIdempotentReplay(
  latest: PaymentRecord,
  idempotencyKey: string | undefined,
  fingerprint: string,
): boolean {
  if (idempotencyKey === undefined || latest.idempotencyKey !== idempotencyKey) return false;
  if (latest.idempotencyFingerprint !== fingerprint) {
    throw new ValidationError(
      'idempotency_mismatch',
      'This Idempotency-Key was already used with a different request (phone, method or return URL). Use a new key for a new request.',
    );
  }
  return true;
}

/** `409 session_paid` when any attempt for the reference completed. */
export function refusePaidReference(attempts: readonly PaymentRecord[]): void {
  if (attempts.some((attempt) => attempt.status === 'completed')) throw sessionPaid();
}

/** A pending attempt may be followed by a session for the same amount only. */
export function refuseOtherAmount(pending: PaymentRecord, session: CheckoutSession): void {
  if (sameMoney(pending.amount, session.amount)) return;
  throw new LipwaError(
    'reference_in_use',
    `Order ${session.reference} has an attempt in progress for another amount; wait for it to end before charging a new amount.`,
    { details: { paymentId: pending.id } },
  );
}
