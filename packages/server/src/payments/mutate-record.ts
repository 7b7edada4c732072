/**
 * Read-modify-write over the store's compare-and-set, retried on conflict. `change` sees the
 * freshest record each time and returns the patch, or `undefined` to leave it alone.
 *
 * Within one process, mutations of one payment run one after another (a queue per payment), so
 * a burst of callbacks for one payment never spends its retries racing itself: each waits its
 * turn and then wins its compare-and-set at once. The retries remain for other instances
 * sharing the store. A caller that has just read the record may pass it as `known`, which saves
 * the first read; a stale one only costs one conflict and a fresh read. Webhook deliveries and
 * audit events planned for the change go in the same store write, so one change is one write.
 */
import { LipwaError } from '@lipwa/core';
import { applyPatch } from '../stores/apply-patch.js';
import type { PaymentEvent, PaymentPatch, PaymentRecord } from '../stores/payment-record.js';
import type { PaymentStore } from '../stores/payment-store.js';
import type { WebhookDelivery } from '../webhooks/webhook-delivery.js';

/** The webhook deliveries a patch causes, from the record as it will be stored. */
export type OutboxFor = (after: PaymentRecord) => readonly WebhookDelivery[];

/** The audit events a patch writes with it, from the record before and as it will be stored. */
export type EventsFor = (before: PaymentRecord, after: PaymentRecord) => readonly PaymentEvent[];

// Conflicts now only come from other instances touching one payment at the same moment.
const MAX_ATTEMPTS = 8;

export interface Mutation {
  readonly before: PaymentRecord;
  readonly after: PaymentRecord;
}

export type MutationResult =
  | Mutation
  | { readonly before: PaymentRecord; readonly after?: undefined }
  | undefined;

// Per store, then per payment: the tail of that payment's queue of mutations.
const queues = new WeakMap<PaymentStore, Map<string, Promise<unknown>>>();

function inTurn<T>(store: PaymentStore, paymentId: string, task: () => Promise<T>): Promise<T> {
  let byPayment = queues.get(store);
  if (!byPayment) {
    byPayment = new Map();
    queues.set(store, byPayment);
  }
  const previous = byPayment.get(paymentId) ?? Promise.resolve();
  const run = previous.then(task, task);
  const tail = run.catch(() => undefined);
  byPayment.set(paymentId, tail);
  // Forget the queue once it is empty, so settled payments hold no memory.
  void tail.then(() => {
    if (byPayment.get(paymentId) === tail) byPayment.delete(paymentId);
  });
  return run;
}

/** What is written with a patch, in the same store change; each planned per try. */
export interface MutationPlan {
  /** Webhook deliveries the change causes. */
  readonly outboxFor?: OutboxFor | undefined;
  /** Audit events of the change (what it was, from `before` to `after`). */
  readonly eventsFor?: EventsFor | undefined;
  /** The record the caller has just read or written: saves the first read. */
  readonly known?: PaymentRecord | undefined;
}

export function mutateRecord(
  store: PaymentStore,
  paymentId: string,
  change: (current: PaymentRecord) => PaymentPatch | undefined,
  plan: MutationPlan = {},
): Promise<MutationResult> {
  return inTurn(store, paymentId, async () => {
    let cached = plan.known;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
      const fromCaller = cached !== undefined;
      const current = cached ?? (await store.get(paymentId));
      cached = undefined;
      if (!current) return undefined;
      const patch = change(current);
      // "Nothing to do" is only trusted on a record read here: the caller's may be stale.
      if (patch === undefined && fromCaller) continue;
      if (patch === undefined) return { before: current };
      // Planned per try, so a conflict never leaves deliveries or events for a change that did
      // not happen.
      const after = applyPatch(current, patch);
      const outbox = plan.outboxFor?.(after) ?? [];
      const events = plan.eventsFor?.(current, after) ?? [];
      const updated = await store.update(paymentId, current.version, patch, outbox, events);
      if (updated) return { before: current, after: updated };
    }
    throw new LipwaError(
      'internal_error',
      `Payment ${paymentId} kept changing under concurrent updates; gave up after ${MAX_ATTEMPTS} tries.`,
    );
  });
}
