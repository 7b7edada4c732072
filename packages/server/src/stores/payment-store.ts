/**
 * The storage contract. Small and async so PostgreSQL or Redis can implement it; every
 * implementation must pass `describeStoreConformance` from `@lipwa/server/testing`.
 */
import type { PaymentStatus } from '@lipwa/core';
import type { WebhookDelivery } from '../webhooks/webhook-delivery.js';
import type {
  PaymentEvent,
  PaymentPatch,
  PaymentRecord,
  UnmatchedCallback,
} from './payment-record.js';

/** Which payments `list` returns: newest first, filtered, one page after a cursor. */
export interface PaymentListQuery {
  /** Only attempts for this merchant reference. */
  readonly reference?: string | undefined;
  /** Only payments in this status. */
  readonly status?: PaymentStatus | undefined;
  /**
   * Only payments whose refund is in this state (`providerData.refund`, kept by the kit's
   * refunds): how the reconciler finds the refunds in flight without reading every payment.
   */
  readonly refund?: 'requested' | undefined;
  /** At most this many (a whole number from 1 to 100). */
  readonly limit: number;
  /**
   * The id of a payment from the previous page: only payments created before it. An id the
   * store does not know gives an empty list.
   */
  readonly startingAfter?: string | undefined;
}

export type CreateAttemptResult =
  | { readonly created: true; readonly record: PaymentRecord }
  | { readonly created: false; readonly record: PaymentRecord };

export interface PaymentStore {
  /**
   * Inserts `record` unless its merchant reference already has a pending or a completed attempt
   * (one reference is one payable thing, whichever session asks), in which case that attempt is
   * returned with `created: false`. Must be atomic: of several concurrent calls for one
   * reference, on any number of instances, exactly one creates.
   */
  createAttempt(record: PaymentRecord): Promise<CreateAttemptResult>;
  get(id: string): Promise<PaymentRecord | undefined>;
  findByCallbackToken(tokenHash: string): Promise<PaymentRecord | undefined>;
  findByProviderRef(provider: string, providerRef: string): Promise<PaymentRecord | undefined>;
  /** The most recently created attempt for a merchant reference. */
  latestForReference(reference: string): Promise<PaymentRecord | undefined>;
  /** Every attempt for a merchant reference, oldest first. */
  attemptsForReference(reference: string): Promise<PaymentRecord[]>;
  /**
   * Compare-and-set: applies `patch` only when the stored version is `expectedVersion`, and
   * returns the new record (version + 1), or `undefined` on a conflict or an unknown id.
   * `outbox`: webhook deliveries written in the same atomic write, only when the update applies
   * (stores that implement `WebhookOutbox`; see `webhooks/webhook-delivery.ts`).
   * `events`: appended to the payment's audit trail in the same atomic write, in order, only
   * when the update applies; so a callback is one store change (one journal line, one SQL
   * statement), not a change plus separate event writes.
   */
  update(
    id: string,
    expectedVersion: number,
    patch: PaymentPatch,
    outbox?: readonly WebhookDelivery[],
    events?: readonly PaymentEvent[],
  ): Promise<PaymentRecord | undefined>;
  /** Pending attempts, oldest first. */
  listPending(limit: number): Promise<PaymentRecord[]>;
  /** Payments newest first (by creation), filtered, after the cursor; see `PaymentListQuery`. */
  list(query: PaymentListQuery): Promise<PaymentRecord[]>;
  appendEvent(paymentId: string, event: PaymentEvent): Promise<void>;
  /** A payment's events in the order they were appended. */
  events(paymentId: string): Promise<PaymentEvent[]>;
  recordUnmatched(entry: UnmatchedCallback): Promise<void>;
  unmatched(): Promise<UnmatchedCallback[]>;
  /** Unmatched updates for one provider reference, oldest first. */
  unmatchedFor(provider: string, providerRef: string): Promise<UnmatchedCallback[]>;
  /**
   * Releases what the store holds (files, locks, a pool it opened). `lipwa.close()` calls it, so
   * it must be idempotent. Optional: the memory store holds nothing.
   */
  close?(): Promise<void>;
}

/** A value a store has applied in this process, and a promise that settles once it is durable. */
export interface Staged<T> {
  readonly value: T;
  /** Resolves once `value` (and everything applied before it) is on disk; rejects if it never will be. */
  readonly durable: Promise<void>;
}

/**
 * Optional, for stores that apply a change in memory before it is durable (the file store). A
 * caller may compute and queue the next change of a payment on top of one still waiting for its
 * flush, so changes of one payment share a flush like changes of distinct ones; each answer must
 * still wait for its own `durable`. Writes become durable in the order they were applied, and a
 * failed flush rejects every later one too, so nothing built on a lost change is acknowledged.
 */
export interface StagedUpdates {
  /** The record as applied now; `durable` covers everything applied so far (what was seen). */
  peek(id: string): Staged<PaymentRecord | undefined>;
  /** `update`, returning once applied in memory: `value` is `undefined` on a conflict. */
  stageUpdate(
    id: string,
    expectedVersion: number,
    patch: PaymentPatch,
    outbox?: readonly WebhookDelivery[],
    events?: readonly PaymentEvent[],
  ): Staged<PaymentRecord | undefined>;
}

export function hasStagedUpdates(store: PaymentStore): store is PaymentStore & StagedUpdates {
  const candidate = store as Partial<StagedUpdates>;
  return typeof candidate.peek === 'function' && typeof candidate.stageUpdate === 'function';
}
