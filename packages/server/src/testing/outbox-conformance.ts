/**
 * The webhook outbox half of the store contract (`WebhookOutbox`), run by
 * `describeStoreConformance` for every store that has one: deliveries are written with the
 * compare-and-set or not at all, and leases never hand one delivery to two senders at once.
 */
import { describe, expect, it } from 'vitest';
import type { PaymentStore } from '../stores/payment-store.js';
import {
  hasOutbox,
  type WebhookDelivery,
  type WebhookOutbox,
} from '../webhooks/webhook-delivery.js';
import { paymentRecord } from './records.js';

let counter = 0;

function delivery(paymentId: string, overrides: Partial<WebhookDelivery> = {}): WebhookDelivery {
  counter += 1;
  return {
    id: `msg_conformance_${counter}_${Math.random().toString(36).slice(2)}`,
    endpointId: 'orders',
    eventType: 'payment.completed',
    paymentId,
    payload: JSON.stringify({ type: 'payment.completed', data: { paymentId } }),
    status: 'pending',
    attempts: 0,
    createdAt: 1_000,
    nextAttemptAt: 1_000,
    ...overrides,
  };
}

async function outboxStore(
  makeStore: () => PaymentStore | Promise<PaymentStore>,
): Promise<(PaymentStore & WebhookOutbox) | undefined> {
  const store = await makeStore();
  return hasOutbox(store) ? store : undefined;
}

export function describeOutboxConformance(
  name: string,
  makeStore: () => PaymentStore | Promise<PaymentStore>,
): void {
  describe(`${name} keeps the webhook outbox (when it has one)`, () => {
    it('writes deliveries with the status change that applies, and none with one that conflicts', async () => {
      const store = await outboxStore(makeStore);
      if (!store) return;
      const record = paymentRecord();
      await store.createAttempt(record);
      const written = delivery(record.id);
      const lost = delivery(record.id);

      const applied = await store.update(record.id, 1, { status: 'completed' }, [written]);
      const stale = await store.update(record.id, 1, { status: 'failed' }, [lost]);

      expect(applied?.status).toBe('completed');
      expect(stale).toBeUndefined();
      expect(await store.getDelivery(written.id)).toEqual(written);
      expect(await store.getDelivery(lost.id)).toBeUndefined();
    });

    it('leases a due delivery to one sender until the lease expires, then to another', async () => {
      const store = await outboxStore(makeStore);
      if (!store) return;
      const record = paymentRecord();
      await store.createAttempt(record);
      const due = delivery(record.id, { nextAttemptAt: 5_000 });
      await store.update(record.id, 1, { status: 'completed' }, [due]);
      const lease = { limit: 1000, leaseMs: 60_000 };

      const early = await store.leaseDeliveries({ ...lease, now: 4_999, owner: 'a' });
      const [first, second] = await Promise.all([
        store.leaseDeliveries({ ...lease, now: 5_000, owner: 'a' }),
        store.leaseDeliveries({ ...lease, now: 5_000, owner: 'b' }),
      ]);
      const whileHeld = await store.leaseDeliveries({ ...lease, now: 64_999, owner: 'b' });
      const takenOver = await store.leaseDeliveries({ ...lease, now: 65_000, owner: 'b' });

      expect(early.filter((d) => d.id === due.id)).toEqual([]);
      expect([...first, ...second].filter((d) => d.id === due.id)).toHaveLength(1);
      expect(whileHeld.filter((d) => d.id === due.id)).toEqual([]);
      expect(takenOver.filter((d) => d.id === due.id)).toEqual([
        expect.objectContaining({ leaseOwner: 'b', leaseUntil: 125_000 }),
      ]);
    });

    it('settles a delivery only for the sender holding its lease', async () => {
      const store = await outboxStore(makeStore);
      if (!store) return;
      const record = paymentRecord();
      await store.createAttempt(record);
      const due = delivery(record.id, { nextAttemptAt: 0 });
      await store.update(record.id, 1, { status: 'completed' }, [due]);
      await store.leaseDeliveries({ now: 1_000, limit: 1000, leaseMs: 10, owner: 'a' });
      await store.leaseDeliveries({ now: 2_000, limit: 1000, leaseMs: 10, owner: 'b' });

      const late = await store.updateDelivery(due.id, { status: 'delivered' }, 'a');
      const holder = await store.updateDelivery(
        due.id,
        { status: 'delivered', attempts: 1, leaseOwner: undefined, leaseUntil: undefined },
        'b',
      );

      expect(late).toBeUndefined();
      expect(holder).toEqual({ ...due, status: 'delivered', attempts: 1 });
      expect(await store.getDelivery(due.id)).toEqual(holder);
    });

    it('lists deliveries newest first, by status', async () => {
      const store = await outboxStore(makeStore);
      if (!store) return;
      const record = paymentRecord();
      await store.createAttempt(record);
      const older = delivery(record.id);
      const newer = delivery(record.id);
      await store.update(record.id, 1, { status: 'completed' }, [older, newer]);
      await store.updateDelivery(older.id, { status: 'failed' });

      const all = (await store.listDeliveries({ limit: 1000 })).filter(
        (d) => d.paymentId === record.id,
      );
      const failed = (await store.listDeliveries({ status: 'failed', limit: 1000 })).filter(
        (d) => d.paymentId === record.id,
      );

      expect(all.map((d) => d.id)).toEqual([newer.id, older.id]);
      expect(failed.map((d) => d.id)).toEqual([older.id]);
    });
  });
}
