/**
 * Applies canonical status updates to stored payments, exactly once. The rules are in
 * `transition-rules.ts`; the store's compare-and-set makes a race between a callback and the
 * reconciler produce one transition; whoever wins announces it on the bus and tells the merchant.
 * Anything else the provider reports about money is a review case (`review.ts`).
 */
import { isFinal, type TransitionSource } from '@lipwa/core';
import type { EventBus } from '../buses/event-bus.js';
import type { Logger } from '../logger.js';
import type { PaymentPatch, PaymentRecord } from '../stores/payment-record.js';
import type { PaymentStore } from '../stores/payment-store.js';
import { finalEventType, type PlanDeliveries } from '../webhooks/webhook-events.js';
import { callHook, finalEvent, type MerchantHooks } from './merchant-hooks.js';
import { mutateRecord } from './mutate-record.js';
import { toPaymentView } from './payment-view.js';
import { createReviewFlagger } from './review.js';
import type { StatusChange } from './status-change.js';
import {
  asTheShopSeesIt,
  decideStatusPatch,
  isSecondSuccess,
  reportsWrongAmount,
  reviewForRefusedChange,
  type TransitionDecision,
} from './transition-rules.js';

export {
  changeFromUnmatched,
  changeFromUpdate,
  type StatusChange,
} from './status-change.js';

export interface StatusApplierDeps extends MerchantHooks {
  readonly store: PaymentStore;
  readonly bus: EventBus;
  readonly clock: { now(): number };
  readonly logger: Logger;
  readonly attemptCooldownMs: number;
  /** Merchant webhooks: the outbox rows a final or review change writes with it. */
  readonly planDeliveries?: PlanDeliveries | undefined;
  /** Told after deliveries were written, so the sender can go at once (never awaited). */
  readonly onOutboxWritten?: (() => void) | undefined;
}

export interface StatusApplier {
  /**
   * Applies `change` from `source`; `extra` is stored along with an applied transition.
   * Returns the payment as it stands afterwards. `known` is the record the caller has just
   * read or written, which saves a read (a stale one only costs a compare-and-set retry).
   */
  apply(
    paymentId: string,
    change: StatusChange,
    source: TransitionSource,
    extra?: PaymentPatch,
    known?: PaymentRecord,
  ): Promise<PaymentRecord | undefined>;
  /** Publishes the record's view to open streams. */
  announce(record: PaymentRecord): void;
}

// A factory closure over its dependencies, longer than ~60 lines only because it holds the
// named steps below (each short); read them one at a time.
export function createStatusApplier(deps: StatusApplierDeps): StatusApplier {
  const { store, bus, clock, logger } = deps;
  const flagForReview = createReviewFlagger({
    store,
    clock,
    logger,
    hooks: deps,
    planDeliveries: deps.planDeliveries,
    onOutboxWritten: deps.onOutboxWritten,
  });
  const { planDeliveries } = deps;
  // A final status writes its webhook deliveries in the same store write as the status.
  const finalOutbox = planDeliveries
    ? (after: PaymentRecord) => {
        const type = isFinal(after.status) ? finalEventType(after.status) : undefined;
        return type ? planDeliveries(type, after) : [];
      }
    : undefined;

  function announce(record: PaymentRecord): void {
    bus.publish(record.id, toPaymentView(record));
  }

  /** The order is paid by another attempt: this money must be refunded, never merged. */
  async function refuseSecondSuccess(
    paymentId: string,
    current: PaymentRecord,
    incoming: StatusChange,
    source: TransitionSource,
  ): Promise<PaymentRecord | undefined> {
    await store.appendEvent(paymentId, {
      at: clock.now(),
      kind: 'rejected',
      data: { status: current.status, reported: 'completed', source, why: 'reference paid' },
    });
    return flagForReview(paymentId, 'second_success', incoming);
  }

  /** A transition happened: audit, log, announce, and tell the merchant when it is final. */
  async function transitioned(
    before: PaymentRecord,
    after: PaymentRecord,
    source: TransitionSource,
    now: number,
  ): Promise<void> {
    await store.appendEvent(after.id, {
      at: now,
      kind: 'transition',
      data: { from: before.status, to: after.status, source, reason: after.reason },
    });
    logger.info(
      {
        paymentId: after.id,
        from: before.status,
        to: after.status,
        source,
        ...(after.reason ? { reason: after.reason } : {}),
      },
      'Payment status changed',
    );
    announce(after);
    if (isFinal(after.status)) {
      if (planDeliveries) deps.onOutboxWritten?.();
      await callHook(logger, 'onPaymentFinal', deps.onPaymentFinal, finalEvent(after), after.id);
    }
  }

  /** Nothing changed: audit the duplicate or refusal (with why). */
  async function unchanged(
    before: PaymentRecord,
    incoming: StatusChange,
    source: TransitionSource,
    decision: TransitionDecision,
    now: number,
  ): Promise<void> {
    const why = decision.kind === 'rejected' ? decision.why : '';
    await store.appendEvent(before.id, {
      at: now,
      kind: decision.kind === 'duplicate' ? 'duplicate' : 'rejected',
      data: { status: before.status, reported: incoming.status, source, ...(why ? { why } : {}) },
    });
  }

  async function apply(
    paymentId: string,
    incoming: StatusChange,
    source: TransitionSource,
    extra: PaymentPatch = {},
    known?: PaymentRecord,
  ): Promise<PaymentRecord | undefined> {
    const current = known ?? (await store.get(paymentId));
    if (!current) return undefined;
    const wrongAmount = reportsWrongAmount(incoming, current);
    const change = asTheShopSeesIt(incoming, wrongAmount);
    if (
      change.status === 'completed' &&
      current.status !== 'completed' &&
      isSecondSuccess(change, current, await store.attemptsForReference(current.reference))
    ) {
      return refuseSecondSuccess(paymentId, current, incoming, source);
    }

    let decision: TransitionDecision = { kind: 'rejected', why: '' };
    const now = clock.now();
    const result = await mutateRecord(
      store,
      paymentId,
      (record) => {
        decision = decideStatusPatch(record, change, source, {
          now,
          attemptCooldownMs: deps.attemptCooldownMs,
          extra,
        });
        return decision.kind === 'applied' ? decision.patch : undefined;
      },
      finalOutbox,
      current,
    );
    if (!result) return undefined;
    const { before, after } = result;
    if (after) {
      await transitioned(before, after, source, now);
      if (wrongAmount) return flagForReview(paymentId, 'amount_mismatch', incoming);
      if (
        after.status === 'completed' &&
        isSecondSuccess(change, before, await store.attemptsForReference(after.reference))
      ) {
        // Another attempt of this order completed at the same moment (the check above ran
        // before either was written): the order is paid twice, so a person must refund one.
        return flagForReview(paymentId, 'second_success', incoming);
      }
      return after;
    }
    await unchanged(before, incoming, source, decision, now);
    const review = reviewForRefusedChange(incoming, decision.kind, wrongAmount);
    return review ? flagForReview(paymentId, review, incoming) : before;
  }

  return { apply, announce };
}
