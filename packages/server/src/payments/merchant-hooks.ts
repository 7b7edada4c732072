/**
 * Telling the merchant's code: `onPaymentFinal` once per final status, `onPaymentReview` once per
 * case for a person. A hook that throws is logged and never undoes or blocks a payment that
 * already happened.
 */
import type { Logger } from '../logger.js';
import type { PaymentFinalEvent, PaymentReviewEvent } from '../options.js';
import type { PaymentRecord, ReviewReason } from '../stores/payment-record.js';
import { toPaymentView } from './payment-view.js';
import type { StatusChange } from './status-change.js';

export interface MerchantHooks {
  readonly onPaymentFinal?: ((event: PaymentFinalEvent) => void | Promise<void>) | undefined;
  readonly onPaymentReview?: ((event: PaymentReviewEvent) => void | Promise<void>) | undefined;
}

export async function callHook<E>(
  logger: Logger,
  name: string,
  hook: ((event: E) => void | Promise<void>) | undefined,
  event: E,
  paymentId: string,
): Promise<void> {
  if (!hook) return;
  try {
    await hook(event);
  } catch (error) {
    logger.error({ paymentId, error }, `${name} hook threw; the payment status is unaffected`);
  }
}

/** The event's status is always the payment's own: `completed` only for a paid payment. */
export function finalEvent(record: PaymentRecord): PaymentFinalEvent {
  return {
    type: 'payment.final',
    payment: toPaymentView(record),
    reference: record.reference,
    status: record.status,
  };
}

export function reviewEvent(
  record: PaymentRecord,
  review: ReviewReason,
  change: StatusChange,
): PaymentReviewEvent {
  return {
    type: 'payment.review',
    payment: toPaymentView(record),
    reference: record.reference,
    review,
    reportedStatus: change.status,
    ...(change.amount ? { reportedAmount: change.amount } : {}),
    ...(change.receipt ? { reportedReceipt: change.receipt } : {}),
  };
}
