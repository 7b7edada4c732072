/**
 * Applies canonical status updates to stored payments, exactly once. The state machine
 * (`decideTransition`) decides; the store's compare-and-set makes a race between a callback and
 * the reconciler produce one transition; whoever wins announces it on the bus and tells the
 * merchant. Money is never marked paid when the amount differs, and one reference is paid at most
 * once: anything else the provider reports about money is a review case, its own event.
 */
import {
  decideTransition,
  type FailureReason,
  isFinal,
  type Money,
  type PaymentStatus,
  type StatusUpdate,
  sameMoney,
  type TransitionSource,
} from '@lipwa/core';
import type { EventBus } from '../buses/event-bus.js';
import type { Logger } from '../logger.js';
import type { PaymentFinalEvent, PaymentReviewEvent } from '../options.js';
import type {
  PaymentPatch,
  PaymentRecord,
  ReviewReason,
  UnmatchedCallback,
} from '../stores/payment-record.js';
import type { PaymentStore } from '../stores/payment-store.js';
import { mutateRecord } from './mutate-record.js';
import { toPaymentView } from './payment-view.js';

/** A verdict about one payment, from a callback, a query, our deadline or the server itself. */
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

export interface StatusApplierDeps {
  readonly store: PaymentStore;
  readonly bus: EventBus;
  readonly clock: { now(): number };
  readonly logger: Logger;
  readonly attemptCooldownMs: number;
  readonly onPaymentFinal?: ((event: PaymentFinalEvent) => void | Promise<void>) | undefined;
  readonly onPaymentReview?: ((event: PaymentReviewEvent) => void | Promise<void>) | undefined;
}

export interface StatusApplier {
  /**
   * Applies `change` from `source`; `extra` is stored along with an applied transition.
   * Returns the payment as it stands afterwards.
   */
  apply(
    paymentId: string,
    change: StatusChange,
    source: TransitionSource,
    extra?: PaymentPatch,
  ): Promise<PaymentRecord | undefined>;
  /** Publishes the record's view to open streams. */
  announce(record: PaymentRecord): void;
}

const defaultReasons: Partial<Record<PaymentStatus, FailureReason>> = {
  failed: 'unknown',
  cancelled: 'cancelled_by_user',
  expired: 'no_response',
};

export function createStatusApplier(deps: StatusApplierDeps): StatusApplier {
  const { store, bus, clock, logger } = deps;

  /** The merchant's hooks failing must not undo or block a payment that already happened. */
  async function callHook<E>(
    name: string,
    hook: ((event: E) => void | Promise<void>) | undefined,
    event: E,
    paymentId: string,
  ): Promise<void> {
    if (!hook) return;
    try {
      await hook(event);
    } catch (error) {
      logger.error(`${name} hook threw; the payment status is unaffected`, { paymentId, error });
    }
  }

  function announce(record: PaymentRecord): void {
    bus.publish(record.id, toPaymentView(record));
  }

  /** Records a case for a person once per payment, and tells the review hook once. */
  async function flagForReview(
    paymentId: string,
    review: ReviewReason,
    change: StatusChange,
  ): Promise<PaymentRecord | undefined> {
    const now = clock.now();
    const result = await mutateRecord(store, paymentId, (current) =>
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
    );
    if (!result?.after) return result?.before;
    const record = result.after;
    await store.appendEvent(paymentId, {
      at: now,
      kind: 'review',
      data: { review, status: record.status, reportedStatus: change.status },
    });
    logger.warn('Payment needs review', { paymentId, review, status: record.status });
    await callHook(
      'onPaymentReview',
      deps.onPaymentReview,
      {
        type: 'payment.review',
        payment: toPaymentView(record),
        reference: record.reference,
        review,
        reportedStatus: change.status,
        ...(change.amount ? { reportedAmount: change.amount } : {}),
        ...(change.receipt ? { reportedReceipt: change.receipt } : {}),
      },
      paymentId,
    );
    return record;
  }

  /** True when another attempt for the same reference is already paid. */
  async function referenceAlreadyPaid(record: PaymentRecord): Promise<boolean> {
    const attempts = await store.attemptsForReference(record.reference);
    return attempts.some((other) => other.id !== record.id && other.status === 'completed');
  }

  async function apply(
    paymentId: string,
    incoming: StatusChange,
    source: TransitionSource,
    extra: PaymentPatch = {},
  ): Promise<PaymentRecord | undefined> {
    const current = await store.get(paymentId);
    if (!current) return undefined;
    const mismatch =
      incoming.status === 'completed' &&
      incoming.amount !== undefined &&
      !sameMoney(incoming.amount, current.amount);
    // A success for the wrong amount is a failure to the shop: never mark it paid.
    const change: StatusChange = mismatch
      ? { ...incoming, status: 'failed', reason: 'amount_mismatch' }
      : incoming;

    if (
      change.status === 'completed' &&
      current.status !== 'completed' &&
      (await referenceAlreadyPaid(current))
    ) {
      // The order is paid by another attempt: this money must be refunded, never merged.
      await store.appendEvent(paymentId, {
        at: clock.now(),
        kind: 'rejected',
        data: { status: current.status, reported: 'completed', source, why: 'reference paid' },
      });
      return flagForReview(paymentId, 'second_success', incoming);
    }

    let outcomeKind = 'rejected' as 'applied' | 'duplicate' | 'rejected';
    let why = '';
    const now = clock.now();
    const result = await mutateRecord(store, paymentId, (record) => {
      const outcome = decideTransition(record, { to: change.status, source });
      outcomeKind = outcome.kind;
      if (outcome.kind !== 'applied') {
        why = outcome.kind === 'rejected' ? outcome.why : '';
        return undefined;
      }
      const unsuccessful = change.status !== 'completed' && change.status !== 'reversed';
      return {
        status: change.status,
        decidedBy: source,
        reason: unsuccessful ? (change.reason ?? defaultReasons[change.status]) : undefined,
        providerCode: change.providerCode ?? record.providerCode,
        receipt: change.receipt ?? record.receipt,
        updatedAt: now,
        ...(unsuccessful ? { retryAfter: now + deps.attemptCooldownMs } : {}),
        ...extra,
      };
    });
    if (!result) return undefined;
    const { before, after } = result;

    if (after) {
      await store.appendEvent(paymentId, {
        at: now,
        kind: 'transition',
        data: { from: before.status, to: after.status, source, reason: after.reason },
      });
      logger.info('Payment status changed', {
        paymentId,
        from: before.status,
        to: after.status,
        source,
        ...(after.reason ? { reason: after.reason } : {}),
      });
      announce(after);
      if (isFinal(after.status)) {
        // The event's status is always the payment's own: `completed` only for a paid payment.
        await callHook(
          'onPaymentFinal',
          deps.onPaymentFinal,
          {
            type: 'payment.final',
            payment: toPaymentView(after),
            reference: after.reference,
            status: after.status,
          },
          paymentId,
        );
      }
      if (mismatch) return flagForReview(paymentId, 'amount_mismatch', incoming);
      return after;
    }

    await store.appendEvent(paymentId, {
      at: now,
      kind: outcomeKind === 'duplicate' ? 'duplicate' : 'rejected',
      data: { status: before.status, reported: incoming.status, source, ...(why ? { why } : {}) },
    });
    if (outcomeKind === 'rejected' && incoming.status === 'completed') {
      // Money arrived for an attempt that already ended: a person must decide what to do.
      return flagForReview(
        paymentId,
        mismatch ? 'amount_mismatch' : 'success_after_failure',
        incoming,
      );
    }
    return before;
  }

  return { apply, announce };
}
