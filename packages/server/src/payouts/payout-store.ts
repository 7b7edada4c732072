/**
 * Where payouts are kept. Small and async like the payment store; `create` is atomic per
 * reference, which is what makes `lipwa.payouts.send` idempotent. The memory store is for
 * development and tests: pass a durable one in production.
 */
import type { FailureReason, Money, Msisdn } from '@lipwa/core';

/**
 * `review`: the provider still had not settled it `reconcile.moneyOutReviewAfterMs` after the
 * request (no answer when asked, no result posted, or the request's fate unknown): a person must
 * check with the provider. It is not
 * failed (the money may have moved) and never sent again; a result that still arrives settles it.
 */
export type PayoutStatus = 'pending' | 'completed' | 'failed' | 'review';

export interface PayoutRecord {
  readonly id: string;
  /** The merchant's reference: one payout per reference. */
  readonly reference: string;
  readonly provider: string;
  /** Full MSISDN: never log it without `maskMsisdn`. */
  readonly phone: Msisdn;
  readonly amount: Money;
  readonly status: PayoutStatus;
  readonly reason?: FailureReason | undefined;
  readonly providerCode?: string | undefined;
  readonly requestId?: string | undefined;
  readonly receipt?: string | undefined;
  /** When a poll-only provider was last asked about it (it had no result then). */
  readonly checkedAt?: number | undefined;
  /**
   * When the reconciler next looks at it: ask a polling provider, or mark it for review (for a
   * provider that posts results, the review deadline). Undefined once settled or in review.
   */
  readonly nextCheckAt?: number | undefined;
  /** True when the request timed out: it may have reached the provider. */
  readonly ambiguous?: boolean | undefined;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly version: number;
}

export type PayoutPatch = Partial<Omit<PayoutRecord, 'id' | 'reference' | 'createdAt' | 'version'>>;

export interface PayoutStore {
  /** Inserts unless the reference has a payout; then returns that one with `created: false`. */
  create(record: PayoutRecord): Promise<{ created: boolean; record: PayoutRecord }>;
  get(id: string): Promise<PayoutRecord | undefined>;
  /** Compare-and-set on `version`; `undefined` on a conflict or an unknown id. */
  update(
    id: string,
    expectedVersion: number,
    patch: PayoutPatch,
  ): Promise<PayoutRecord | undefined>;
  /**
   * Pending payouts whose `nextCheckAt` is at or before `now`, earliest `nextCheckAt` first, at
   * most `limit`: what one reconciler pass looks at. Payouts not due (one awaiting a posted result
   * is due only at its review deadline) are never returned, so they cannot crowd out those that
   * are due.
   */
  listDue(now: number, limit: number): Promise<PayoutRecord[]>;
}

export function createMemoryPayoutStore(): PayoutStore {
  const byId = new Map<string, PayoutRecord>();
  const byReference = new Map<string, string>();
  return {
    async create(record) {
      const existing = byReference.get(record.reference);
      const known = existing === undefined ? undefined : byId.get(existing);
      if (known) return { created: false, record: known };
      byId.set(record.id, record);
      byReference.set(record.reference, record.id);
      return { created: true, record };
    },
    async get(id) {
      return byId.get(id);
    },
    async update(id, expectedVersion, patch) {
      const current = byId.get(id);
      if (!current || current.version !== expectedVersion) return undefined;
      const next = { ...current, ...patch, version: current.version + 1 };
      byId.set(id, next);
      return next;
    },
    async listDue(now, limit) {
      return [...byId.values()]
        .filter(
          (record) =>
            record.status === 'pending' &&
            record.nextCheckAt !== undefined &&
            record.nextCheckAt <= now,
        )
        .sort((a, b) => (a.nextCheckAt ?? 0) - (b.nextCheckAt ?? 0) || a.createdAt - b.createdAt)
        .slice(0, limit);
    },
  };
}
