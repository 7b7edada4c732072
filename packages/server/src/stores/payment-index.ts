/**
 * The file store's in-memory view of its journal: records, lookups and logs, rebuilt by
 * replaying entries and kept current by applying each entry once it is on disk.
 */

import { DeliveryMap } from '../webhooks/delivery-map.js';
import type { JournalEntry } from './journal-entry.js';
import { listRecords } from './list-records.js';
import type { PaymentEvent, PaymentRecord, UnmatchedCallback } from './payment-record.js';
import type { PaymentListQuery } from './payment-store.js';

export class PaymentIndex {
  // Map keeps insertion order, which is creation order: compaction relies on it.
  readonly #records = new Map<string, PaymentRecord>();
  readonly #byReference = new Map<string, string[]>();
  readonly #byToken = new Map<string, string>();
  readonly #byProviderRef = new Map<string, string>();
  readonly #events = new Map<string, PaymentEvent[]>();
  readonly #unmatched: UnmatchedCallback[] = [];
  /** The webhook outbox (see `webhooks/`). */
  readonly deliveries = new DeliveryMap();

  apply(entry: JournalEntry): void {
    switch (entry.op) {
      case 'create':
        this.#put(Object.freeze({ ...entry.record }));
        return;
      case 'update':
        this.#put(Object.freeze({ ...entry.record }));
        for (const delivery of entry.outbox ?? []) this.deliveries.put(delivery);
        for (const event of entry.events ?? []) {
          this.#appendEvent(entry.record.id, Object.freeze({ ...event }));
        }
        return;
      case 'delivery':
        this.deliveries.put(entry.delivery);
        return;
      case 'event':
        this.#appendEvent(entry.paymentId, Object.freeze({ ...entry.event }));
        return;
      case 'unmatched':
        this.#unmatched.push(Object.freeze({ ...entry.entry }));
        return;
    }
  }

  // In place: copying the list on every append made a busy payment's appends quadratic.
  #appendEvent(paymentId: string, event: PaymentEvent): void {
    const events = this.#events.get(paymentId);
    if (events) events.push(event);
    else this.#events.set(paymentId, [event]);
  }

  #put(record: PaymentRecord): void {
    const previous = this.#records.get(record.id);
    if (!previous) {
      const ids = this.#byReference.get(record.reference);
      if (ids) ids.push(record.id);
      else this.#byReference.set(record.reference, [record.id]);
    } else if (previous.providerRef !== undefined) {
      this.#byProviderRef.delete(refKey(previous.provider, previous.providerRef));
    }
    this.#records.set(record.id, record);
    this.#byToken.set(record.callbackTokenHash, record.id);
    if (record.providerRef !== undefined) {
      this.#byProviderRef.set(refKey(record.provider, record.providerRef), record.id);
    }
  }

  has(id: string): boolean {
    return this.#records.has(id);
  }

  get(id: string): PaymentRecord | undefined {
    return this.#records.get(id);
  }

  /** The reference's first pending or completed attempt: it blocks a new one. */
  blockingAttempt(reference: string): PaymentRecord | undefined {
    return this.attemptsForReference(reference).find(
      (record) => record.status === 'pending' || record.status === 'completed',
    );
  }

  /** Every attempt for a merchant reference, oldest first. */
  attemptsForReference(reference: string): PaymentRecord[] {
    return (this.#byReference.get(reference) ?? []).flatMap((id) => this.#records.get(id) ?? []);
  }

  byCallbackToken(tokenHash: string): PaymentRecord | undefined {
    const id = this.#byToken.get(tokenHash);
    return id === undefined ? undefined : this.#records.get(id);
  }

  byProviderRef(provider: string, providerRef: string): PaymentRecord | undefined {
    const id = this.#byProviderRef.get(refKey(provider, providerRef));
    return id === undefined ? undefined : this.#records.get(id);
  }

  latestForReference(reference: string): PaymentRecord | undefined {
    const id = this.#byReference.get(reference)?.at(-1);
    return id === undefined ? undefined : this.#records.get(id);
  }

  pending(limit: number): PaymentRecord[] {
    const pending: PaymentRecord[] = [];
    for (const record of this.#records.values()) {
      if (record.status === 'pending') pending.push(record);
    }
    return pending.sort((a, b) => a.createdAt - b.createdAt).slice(0, Math.max(0, limit));
  }

  list(query: PaymentListQuery): PaymentRecord[] {
    return listRecords(this.#records.values(), query);
  }

  events(paymentId: string): PaymentEvent[] {
    return [...(this.#events.get(paymentId) ?? [])];
  }

  unmatched(): UnmatchedCallback[] {
    return [...this.#unmatched];
  }

  unmatchedFor(provider: string, providerRef: string): UnmatchedCallback[] {
    return this.#unmatched.filter(
      (entry) => entry.provider === provider && entry.providerRef === providerRef,
    );
  }

  /** The shortest journal that rebuilds this state: current records, then events, then unmatched. */
  *snapshot(): Generator<JournalEntry> {
    for (const record of this.#records.values()) yield { op: 'create', record };
    for (const [paymentId, events] of this.#events) {
      for (const event of events) yield { op: 'event', paymentId, event };
    }
    for (const entry of this.#unmatched) yield { op: 'unmatched', entry };
    for (const delivery of this.deliveries.values()) yield { op: 'delivery', delivery };
  }
}

function refKey(provider: string, providerRef: string): string {
  return JSON.stringify([provider, providerRef]);
}
