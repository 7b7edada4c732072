/**
 * Applies canonical status updates to stored payments, exactly once. The rules are in
 * `transition-rules.ts`; the store's compare-and-set makes a race between a callback and the
 * reconciler produce one transition; whoever wins announces it on the bus and tells the merchant.
 * Anything else the provider reports about money is a review case (`review.ts`).
 */
import { isFinal, type TransitionSource } from '@lipwa/core';
import type { EventBus } from '../buses/event-bus.js';
import type { Logger } from '../logger.js';
import type { PaymentEvent, PaymentPatch, PaymentRecord } from '../stores/payment-record.js';
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

/** The caller's own part of the store change that applies a verdict (a callback's). */
export interface Alongside {
  /** Written whatever the verdict does (a callback's `lastCallbackAt`), from the fresh record. */
  patch(current: PaymentRecord): PaymentPatch;
  /** Written before the verdict's own event (the `callback` event). */
  readonly events: readonly PaymentEvent[];
}

export interface ApplyContext {
  /** The record the caller has just read or written: saves a read (stale costs one retry). */
  readonly known?: PaymentRecord | undefined;
  /** Goes in the same store write as the verdict, so a callback is one store change. */
  readonly alongside?: Alongside | undefined;
}

export interface StatusApplier {
  /**
   * Applies `change` from `source`; `extra` is stored along with an applied transition.
   * Returns the payment as it stands afterwards. The transition or duplicate event is written
   * in the same store change as the status (and `context.alongside`).
   */
  apply(
    paymentId: string,
    change: StatusChange,
    source: TransitionSource,
    extra?: PaymentPatch,
    context?: ApplyContext,
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

  /** Events of a change that left the status alone: with the caller's part, or on their own. */
  async function writeUnchanged(
    paymentId: string,
    events: readonly PaymentEvent[],
    context: ApplyContext,
  ): Promise<void> {
    const { alongside } = context;
    if (!alongside) {
      for (const event of events) await store.appendEvent(paymentId, event);
      return;
    }
    await mutateRecord(store, paymentId, alongside.patch, {
      eventsFor: () => [...alongside.events, ...events],
      known: context.known,
    });
  }

  /** The order is paid by another attempt: this money must be refunded, never merged. */
  async function refuseSecondSuccess(
    paymentId: string,
    current: PaymentRecord,
    incoming: StatusChange,
    source: TransitionSource,
    context: ApplyContext,
  ): Promise<PaymentRecord | undefined> {
    const rejected: PaymentEvent = {
      at: clock.now(),
      kind: 'rejected',
      data: { status: current.status, reported: 'completed', source, why: 'reference paid' },
    };
    await writeUnchanged(paymentId, [rejected], context);
    return flagForReview(paymentId, 'second_success', incoming);
  }

  /** A transition happened (its event is already stored): log, announce, tell the merchant. */
  async function transitioned(
    before: PaymentRecord,
    after: PaymentRecord,
    source: TransitionSource,
  ): Promise<void> {
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

  /** The audit event of a verdict: the transition, or the duplicate or refusal (with why). */
  function verdictEvent(
    before: PaymentRecord,
    after: PaymentRecord,
    incoming: StatusChange,
    source: TransitionSource,
    decision: TransitionDecision,
    now: number,
  ): PaymentEvent {
    if (decision.kind === 'applied') {
      return {
        at: now,
        kind: 'transition',
        data: { from: before.status, to: after.status, source, reason: after.reason },
      };
    }
    const why = decision.kind === 'rejected' ? decision.why : '';
    return {
      at: now,
      kind: decision.kind === 'duplicate' ? 'duplicate' : 'rejected',
      data: { status: before.status, reported: incoming.status, source, ...(why ? { why } : {}) },
    };
  }

  async function apply(
    paymentId: string,
    incoming: StatusChange,
    source: TransitionSource,
    extra: PaymentPatch = {},
    context: ApplyContext = {},
  ): Promise<PaymentRecord | undefined> {
    const { alongside } = context;
    const current = context.known ?? (await store.get(paymentId));
    if (!current) return undefined;
    const wrongAmount = reportsWrongAmount(incoming, current);
    const change = asTheShopSeesIt(incoming, wrongAmount);
    if (
      change.status === 'completed' &&
      current.status !== 'completed' &&
      isSecondSuccess(change, current, await store.attemptsForReference(current.reference))
    ) {
      return refuseSecondSuccess(paymentId, current, incoming, source, context);
    }

    let decision = { kind: 'rejected', why: '' } as TransitionDecision;
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
        const own = alongside?.patch(record);
        if (decision.kind !== 'applied') return own;
        return own ? { ...own, ...decision.patch } : decision.patch;
      },
      {
        // Deliveries only for a transition: a duplicate on a final payment must not resend them.
        outboxFor: (after) => (decision.kind === 'applied' ? (finalOutbox?.(after) ?? []) : []),
        eventsFor: (before, after) => [
          ...(alongside?.events ?? []),
          verdictEvent(before, after, incoming, source, decision, now),
        ],
        known: current,
      },
    );
    if (!result) return undefined;
    const { before, after } = result;
    if (after && decision.kind === 'applied') {
      await transitioned(before, after, source);
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
    // Without the caller's part nothing was written: the duplicate or refusal is audited alone.
    if (!after)
      await store.appendEvent(
        paymentId,
        verdictEvent(before, before, incoming, source, decision, now),
      );
    const review = reviewForRefusedChange(incoming, decision.kind, wrongAmount);
    return review ? flagForReview(paymentId, review, incoming) : (after ?? before);
  }

  return { apply, announce };
}
