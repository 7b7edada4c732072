/**
 * The in-memory reference store: for tests, demos and a single process. Everything it does is
 * synchronous inside each call, which makes `createAttempt` and `update` atomic.
 */
import type {
  PaymentEvent,
  PaymentPatch,
  PaymentRecord,
  UnmatchedCallback,
} from './payment-record.js';
import type { CreateAttemptResult, PaymentStore } from './payment-store.js';
import { applyPatch } from './stores/apply-patch.js';

export function createMemoryStore(): PaymentStore {
  const records = new Map<string, PaymentRecord>();
  const bySession = new Map<string, string[]>();
  const byToken = new Map<string, string>();
  const eventLog = new Map<string, PaymentEvent[]>();
  const unmatchedLog: UnmatchedCallback[] = [];

  function latest(sessionId: string): PaymentRecord | undefined {
    const ids = bySession.get(sessionId);
    const id = ids?.[ids.length - 1];
    return id === undefined ? undefined : records.get(id);
  }

  return {
    async createAttempt(record): Promise<CreateAttemptResult> {
      if (records.has(record.id)) {
        throw new Error(`A payment with id ${record.id} already exists.`);
      }
      for (const id of bySession.get(record.sessionId) ?? []) {
        const existing = records.get(id);
        if (existing && (existing.status === 'pending' || existing.status === 'completed')) {
          return { created: false, record: existing };
        }
      }
      const stored = Object.freeze({ ...record });
      records.set(stored.id, stored);
      bySession.set(stored.sessionId, [...(bySession.get(stored.sessionId) ?? []), stored.id]);
      byToken.set(stored.callbackTokenHash, stored.id);
      return { created: true, record: stored };
    },

    async get(id) {
      return records.get(id);
    },

    async findByCallbackToken(tokenHash) {
      const id = byToken.get(tokenHash);
      return id === undefined ? undefined : records.get(id);
    },

    async findByProviderRef(provider, providerRef) {
      for (const record of records.values()) {
        if (record.provider === provider && record.providerRef === providerRef) return record;
      }
      return undefined;
    },

    async latestForSession(sessionId) {
      return latest(sessionId);
    },

    async update(id, expectedVersion, patch: PaymentPatch) {
      const current = records.get(id);
      if (!current || current.version !== expectedVersion) return undefined;
      const next = Object.freeze(applyPatch(current, patch));
      records.set(id, next);
      return next;
    },

    async listPending(limit) {
      const pending: PaymentRecord[] = [];
      for (const record of records.values()) {
        if (record.status === 'pending') pending.push(record);
      }
      return pending.sort((a, b) => a.createdAt - b.createdAt).slice(0, Math.max(0, limit));
    },

    async appendEvent(paymentId, event) {
      eventLog.set(paymentId, [...(eventLog.get(paymentId) ?? []), Object.freeze({ ...event })]);
    },

    async events(paymentId) {
      return [...(eventLog.get(paymentId) ?? [])];
    },

    async recordUnmatched(entry) {
      unmatchedLog.push(Object.freeze({ ...entry }));
    },

    async unmatched() {
      return [...unmatchedLog];
    },
  };
}
