/**
 * Applies canonical status updates to stored payments, exactly once. The state machine
 * (`decideTransition`) decides; the store's compare-and-set makes a race between a callback and
 * the reconciler produce one transition; whoever wins announces it on the bus and tells the
 * merchant's hook. Money is never marked paid when the amount differs.
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
import type { EventBus } from './event-bus.js';
import type { Logger } from './logger.js';
import { mutateRecord } from './mutate-record.js';
import type { PaymentFinalEvent } from './options.js';
import type { PaymentPatch, PaymentRecord, ReviewReason } from './payment-record.js';
import type { PaymentStore } from './payment-store.js';
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

export interface StatusApplierDeps {
  readonly store: PaymentStore;
  readonly bus: EventBus;
  readonly clock: { now(): number };
  readonly logger: Logger;
  readonly attemptCooldownMs: number;
  readonly onPaymentFinal?: ((event: PaymentFinalEvent) => void | Promise<void>) | undefined;
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

  async function notify(event: PaymentFinalEvent): Promise<void> {
    if (!deps.onPaymentFinal) return;
    try {
      await deps.onPaymentFinal(event);
    } catch (error) {
      // The merchant's hook failing must not undo or block a payment that already happened.
      logger.error('onPaymentFinal hook threw; the payment status is unaffected', {
        paymentId: event.payment.id,
        status: event.status,
        error,
      });
    }
  }

  function announce(record: PaymentRecord): void {
    bus.publish(record.id, toPaymentView(record));
  }

  /** Records a case for a person (late money, wrong amount) once, and tells the hook once. */
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
            ...(change.receipt ? { receipt: change.receipt } : {}),
            ...(change.amount ? { reportedAmount: change.amount } : {}),
          },
    );
    if (!result?.after) return result?.before;
    const record = result.after;
    await store.appendEvent(paymentId, {
      at: now,
      kind: 'review',
      data: {
        review,
        status: record.status,
        reportedStatus: change.status,
        receipt: change.receipt,
      },
    });
    logger.warn('Payment needs review', { paymentId, review, status: record.status });
    await notify({
      payment: toPaymentView(record),
      reference: record.reference,
      status: change.status,
      review,
      ...(change.amount && review === 'amount_mismatch' ? { reportedAmount: change.amount } : {}),
    });
    return record;
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
        ...(mismatch
          ? { review: 'amount_mismatch' as const, reportedAmount: incoming.amount }
          : {}),
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
        await notify({
          payment: toPaymentView(after),
          reference: after.reference,
          status: after.status,
          ...(mismatch
            ? { review: 'amount_mismatch' as const, reportedAmount: incoming.amount }
            : {}),
        });
      }
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
