/**
 * The in-memory reference store: for tests, demos and a single process. Everything it does is
 * synchronous inside each call, which makes `createAttempt` and `update` atomic.
 */

import { DeliveryMap } from '../webhooks/delivery-map.js';
import type { WebhookOutbox } from '../webhooks/webhook-delivery.js';
import { applyPatch } from './apply-patch.js';
import { listRecords } from './list-records.js';
import type {
  PaymentEvent,
  PaymentPatch,
  PaymentRecord,
  UnmatchedCallback,
} from './payment-record.js';
import type { CreateAttemptResult, PaymentStore } from './payment-store.js';

// A factory closure over the maps; longer than ~60 lines only because it holds the store's
// methods, each a few lines.
export function createMemoryStore(): PaymentStore & WebhookOutbox {
  const records = new Map<string, PaymentRecord>();
  const byReference = new Map<string, string[]>();
  const byToken = new Map<string, string>();
  const eventLog = new Map<string, PaymentEvent[]>();
  const unmatchedLog: UnmatchedCallback[] = [];
  const deliveries = new DeliveryMap();

  // Appended in place: copying the whole list made each append cost O(events so far).
  function appendEvent(paymentId: string, event: PaymentEvent): void {
    const events = eventLog.get(paymentId);
    if (events) events.push(Object.freeze({ ...event }));
    else eventLog.set(paymentId, [Object.freeze({ ...event })]);
  }

  function attempts(reference: string): PaymentRecord[] {
    return (byReference.get(reference) ?? []).flatMap((id) => records.get(id) ?? []);
  }

  return {
    async createAttempt(record): Promise<CreateAttemptResult> {
      if (records.has(record.id)) {
        throw new Error(`A payment with id ${record.id} already exists.`);
      }
      const blocking = attempts(record.reference).find(
        (existing) => existing.status === 'pending' || existing.status === 'completed',
      );
      if (blocking) return { created: false, record: blocking };
      const stored = Object.freeze({ ...record });
      records.set(stored.id, stored);
      byReference.set(stored.reference, [...(byReference.get(stored.reference) ?? []), stored.id]);
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

    async latestForReference(reference) {
      return attempts(reference).at(-1);
    },

    async attemptsForReference(reference) {
      return attempts(reference);
    },

    async update(id, expectedVersion, patch: PaymentPatch, outbox = [], events = []) {
      const current = records.get(id);
      if (!current || current.version !== expectedVersion) return undefined;
      const next = Object.freeze(applyPatch(current, patch));
      records.set(id, next);
      for (const delivery of outbox) deliveries.put(delivery);
      for (const event of events) appendEvent(id, event);
      return next;
    },

    async leaseDeliveries(query) {
      const leased = deliveries.planLease(query);
      for (const delivery of leased) deliveries.put(delivery);
      return leased;
    },

    async updateDelivery(id, patch, owner) {
      const next = deliveries.planUpdate(id, patch, owner);
      if (next) deliveries.put(next);
      return next;
    },

    async getDelivery(id) {
      return deliveries.get(id);
    },

    async listDeliveries(query) {
      return deliveries.list(query);
    },

    async listPending(limit) {
      const pending: PaymentRecord[] = [];
      for (const record of records.values()) {
        if (record.status === 'pending') pending.push(record);
      }
      return pending.sort((a, b) => a.createdAt - b.createdAt).slice(0, Math.max(0, limit));
    },

    async list(query) {
      // Map iteration is insertion order, which is creation order.
      return listRecords(records.values(), query);
    },

    async appendEvent(paymentId, event) {
      appendEvent(paymentId, event);
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

    async unmatchedFor(provider, providerRef) {
      return unmatchedLog.filter(
        (entry) => entry.provider === provider && entry.providerRef === providerRef,
      );
    },
  };
}
