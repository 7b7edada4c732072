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
 *
 * On a store that applies changes in memory before they are durable (`StagedUpdates`: the file
 * store), a turn ends once its change is applied, so the next change of the payment is computed
 * on top of it and joins the same flush; the caller still gets its answer only once its own
 * write is durable. Writes become durable in order and a failed flush fails every later one
 * (the store refuses all calls after it), so no answer rests on a change that was lost.
 */
import { LipwaError } from '@lipwa/core';
import { applyPatch } from '../stores/apply-patch.js';
import type { PaymentEvent, PaymentPatch, PaymentRecord } from '../stores/payment-record.js';
import {
  hasStagedUpdates,
  type PaymentStore,
  type Staged,
  type StagedUpdates,
} from '../stores/payment-store.js';
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

// The queue advances once a task's change is applied; its caller waits for `durable` too.
function inTurn<T>(
  store: PaymentStore,
  paymentId: string,
  task: () => Promise<Staged<T>>,
): Promise<T> {
  let byPayment = queues.get(store);
  if (!byPayment) {
    byPayment = new Map();
    queues.set(store, byPayment);
  }
  const previous = byPayment.get(paymentId) ?? Promise.resolve();
  const applied = previous.then(task, task);
  const tail = applied.catch(() => undefined);
  byPayment.set(paymentId, tail);
  // Forget the queue once it is empty, so settled payments hold no memory.
  void tail.then(() => {
    if (byPayment.get(paymentId) === tail) byPayment.delete(paymentId);
  });
  return applied.then(async ({ value, durable }) => {
    await durable;
    return value;
  });
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
  const steps = stepsOf(store);
  return inTurn(store, paymentId, async (): Promise<Staged<MutationResult>> => {
    let cached = plan.known;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
      const fromCaller = cached !== undefined;
      const read = cached ? { value: cached, durable: DONE } : await steps.read(paymentId);
      cached = undefined;
      const current = read.value;
      // What was seen must be durable before an answer rests on it.
      if (!current) return { value: undefined, durable: read.durable };
      const patch = change(current);
      // "Nothing to do" is only trusted on a record read here: the caller's may be stale.
      if (patch === undefined && fromCaller) continue;
      if (patch === undefined) return { value: { before: current }, durable: read.durable };
      // Planned per try, so a conflict never leaves deliveries or events for a change that did
      // not happen.
      const after = applyPatch(current, patch);
      const outbox = plan.outboxFor?.(after) ?? [];
      const events = plan.eventsFor?.(current, after) ?? [];
      const written = await steps.update(paymentId, current.version, patch, outbox, events);
      if (written.value) {
        return { value: { before: current, after: written.value }, durable: written.durable };
      }
    }
    throw new LipwaError(
      'internal_error',
      `Payment ${paymentId} kept changing under concurrent updates; gave up after ${MAX_ATTEMPTS} tries.`,
    );
  });
}

const DONE: Promise<void> = Promise.resolve();

/** A read and a compare-and-set, each with the promise that what it saw or wrote is durable. */
interface Steps {
  read(id: string): Promise<Staged<PaymentRecord | undefined>>;
  update(
    ...args: Parameters<StagedUpdates['stageUpdate']>
  ): Promise<Staged<PaymentRecord | undefined>>;
}

function stepsOf(store: PaymentStore): Steps {
  if (hasStagedUpdates(store)) {
    return {
      read: async (id) => store.peek(id),
      update: async (...args) => store.stageUpdate(...args),
    };
  }
  // Any other store: each step is durable when it returns, so a turn lasts until its write is.
  return {
    read: async (id) => ({ value: await store.get(id), durable: DONE }),
    update: async (...args) => ({ value: await store.update(...args), durable: DONE }),
  };
}
