/**
 * Cases a person must look at (wrong amount, money after a failure, a second success): recorded
 * on the payment once, with what the provider reported, and told to `onPaymentReview` once.
 */
import type { Logger } from '../logger.js';
import type { PaymentRecord, ReviewReason } from '../stores/payment-record.js';
import type { PaymentStore } from '../stores/payment-store.js';
import type { PlanDeliveries } from '../webhooks/webhook-events.js';
import { callHook, type MerchantHooks, reviewEvent } from './merchant-hooks.js';
import { mutateRecord } from './mutate-record.js';
import type { StatusChange } from './status-change.js';

export interface ReviewDeps {
  readonly store: PaymentStore;
  readonly clock: { now(): number };
  readonly logger: Logger;
  readonly hooks: MerchantHooks;
  /** Merchant webhooks: a review writes its `payment.review` delivery with the flag. */
  readonly planDeliveries?: PlanDeliveries | undefined;
  readonly onOutboxWritten?: (() => void) | undefined;
}

/** Flags `paymentId` for review (once); returns the payment as it stands afterwards. */
export type FlagForReview = (
  paymentId: string,
  review: ReviewReason,
  change: StatusChange,
) => Promise<PaymentRecord | undefined>;

export function createReviewFlagger(deps: ReviewDeps): FlagForReview {
  const { store, clock, logger } = deps;
  return async (paymentId, review, change) => {
    const now = clock.now();
    const { planDeliveries } = deps;
    const outboxFor = planDeliveries
      ? (after: PaymentRecord) => planDeliveries('payment.review', after, review)
      : undefined;
    const result = await mutateRecord(
      store,
      paymentId,
      (current) =>
        current.review !== undefined
          ? undefined
          : {
              review,
              updatedAt: now,
              ...(change.receipt && current.status !== 'completed'
                ? { receipt: change.receipt }
                : {}),
              ...(change.amount ? { reportedAmount: change.amount } : {}),
            },
      {
        outboxFor,
        eventsFor: (_before, after) => [
          {
            at: now,
            kind: 'review',
            data: { review, status: after.status, reportedStatus: change.status },
          },
        ],
      },
    );
    if (!result?.after) return result?.before;
    const record = result.after;
    logger.warn({ paymentId, review, status: record.status }, 'Payment needs review');
    if (planDeliveries) deps.onOutboxWritten?.();
    await callHook(
      logger,
      'onPaymentReview',
      deps.hooks.onPaymentReview,
      reviewEvent(record, review, change),
      paymentId,
    );
    return record;
  };
}
