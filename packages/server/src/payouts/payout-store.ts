/**
 * Where payouts are kept. Small and async like the payment store; `create` is atomic per
 * reference, which is what makes `lipwa.payouts.send` idempotent. The memory store is for
 * development and tests: pass a durable one in production.
 */
import type { FailureReason, Money, Msisdn } from '@lipwa/core';

export type PayoutStatus = 'pending' | 'completed' | 'failed';

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
  /** Pending payouts, oldest first, at most `limit`: what the reconciler asks providers about. */
  listPending(limit: number): Promise<PayoutRecord[]>;
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
    async listPending(limit) {
      return [...byId.values()].filter((record) => record.status === 'pending').slice(0, limit);
    },
  };
}
