/**
 * The money-safety invariants (money-invariants.test.ts), checked after every command and at the
 * end of a run: at most one push per attempt and one unreviewed paid attempt per reference, no
 * reported success lost, each final status heard once, final statuses moving only as allowed.
 */
import { isFinal, type PaymentStatus } from '@lipwa/core';
import { expect } from 'vitest';
import { isPaid, RECONCILE, REFERENCES } from './test-money-provider.js';
import type { World } from './test-money-world.js';

function knownPaymentIds(world: World): string[] {
  for (const request of world.provider.adapter.initiated) world.paymentIds.add(request.paymentId);
  return [...world.paymentIds];
}

const allowedFinalMoves = new Set(['completed->reversed', 'expired->completed']);

/** Checked after every command: pushes, paid attempts per reference, final statuses that move. */
export async function checkAfterCommand(world: World): Promise<void> {
  const pushesPerPayment = new Map<string, number>();
  for (const request of world.provider.adapter.initiated) {
    pushesPerPayment.set(request.paymentId, (pushesPerPayment.get(request.paymentId) ?? 0) + 1);
  }
  for (const [paymentId, count] of pushesPerPayment) {
    expect(count, `provider pushes for ${paymentId}`).toBe(1);
  }

  for (const id of knownPaymentIds(world)) {
    const record = await world.store.get(id);
    expect(record, `payment ${id} is stored`).toBeDefined();
    if (!record) continue;
    const before = world.seen.get(id);
    if (before !== undefined && before !== record.status && isFinal(before)) {
      expect(allowedFinalMoves, `${id} moved from final ${before}`).toContain(
        `${before}->${record.status}`,
      );
    }
    world.seen.set(id, record.status);
  }

  for (const reference of REFERENCES) {
    const attempts = await world.store.attemptsForReference(reference);
    const paidUnreviewed = attempts.filter(
      (attempt) => attempt.status === 'completed' && attempt.review === undefined,
    );
    expect(paidUnreviewed.length, `unreviewed paid attempts for ${reference}`).toBeLessThanOrEqual(
      1,
    );
  }
}

/** Reconciler passes and time until nothing is pending; the provider's queries catch up. */
export async function drain(world: World): Promise<void> {
  world.provider.queryStyle = 'pending';
  for (let pass = 0; pass < 40; pass += 1) {
    world.clock.advance(RECONCILE.maxIntervalMs);
    await world.provider.closeOverduePrompts(false);
    await world.lipwa.reconcileOnce();
    await Promise.all(world.late.splice(0).map((push) => world.provider.deliver(push)));
    if ((await world.store.listPending(1)).length === 0) return;
  }
  expect(await world.store.listPending(10), 'payments still pending after the drain').toEqual([]);
}

export async function checkAtEnd(world: World): Promise<void> {
  await checkAfterCommand(world);
  const pushes = new Map(world.provider.pushes.map((push) => [push.paymentId, push]));

  // None lost: every success the provider reported ends completed or under review. It reported
  // it when a callback got through or a query answered it; a payment whose initiate answer came
  // back could always be queried, unless an outage hid it until our deadline expired it.
  for (const push of world.provider.pushes) {
    const couldAsk = push.answered && !push.hiddenByOutage;
    if (!isPaid(push.outcome) || !(couldAsk || push.toldPaid)) continue;
    const record = await world.store.get(push.paymentId);
    const accounted = record?.status === 'completed' || record?.review !== undefined;
    expect(
      accounted,
      `provider settled ${push.paymentId} as ${push.outcome}; the kit has it ${record?.status} without review`,
    ).toBe(true);
  }

  // Reviews: the record and the merchant's review hook agree, once per payment.
  const reviewed = new Map<string, number>();
  for (const event of world.reviews) {
    reviewed.set(event.payment.id, (reviewed.get(event.payment.id) ?? 0) + 1);
  }
  for (const id of knownPaymentIds(world)) {
    const record = await world.store.get(id);
    expect(reviewed.get(id) ?? 0, `review events for ${id}`).toBe(record?.review ? 1 : 0);
    if (record?.status === 'completed') {
      expect(pushes.get(id)?.outcome, `completed ${id} was paid the right amount`).toBe('paid');
    }
  }

  // The merchant's final events: the payment's own status, `completed` only when paid right.
  const heard = new Map<string, PaymentStatus[]>();
  const known = new Set(knownPaymentIds(world));
  for (const event of world.finals) {
    expect(known, 'final events name payments that were started').toContain(event.payment.id);
    expect(event.status).toBe(event.payment.status);
    expect(event.reference).toBe(event.payment.reference);
    if (event.status === 'completed') {
      expect(pushes.get(event.payment.id)?.outcome, `completed event for ${event.payment.id}`).toBe(
        'paid',
      );
    }
    heard.set(event.payment.id, [...(heard.get(event.payment.id) ?? []), event.status]);
  }

  // Each payment's history: one chain from pending, final statuses move only as allowed, and
  // the merchant heard each final status it reached exactly once, in order.
  for (const id of knownPaymentIds(world)) {
    const record = await world.store.get(id);
    const transitions = (await world.store.events(id)).filter(
      (event) => event.kind === 'transition',
    );
    let status: PaymentStatus = 'pending';
    let decidedBy: unknown;
    const finalsReached: PaymentStatus[] = [];
    for (const { data } of transitions) {
      const from = data?.from as PaymentStatus;
      const to = data?.to as PaymentStatus;
      expect(from, `${id}: transitions form one chain`).toBe(status);
      if (isFinal(from)) {
        expect(allowedFinalMoves, `${id} moved from final ${from}`).toContain(`${from}->${to}`);
        if (from === 'expired')
          expect(decidedBy, `${id}: only our own expiry completes`).toBe('deadline');
      }
      if (isFinal(to)) finalsReached.push(to);
      status = to;
      decidedBy = data?.source;
    }
    expect(record?.status, `${id}: history ends where the record is`).toBe(status);
    expect(heard.get(id) ?? [], `${id}: final events heard`).toEqual(finalsReached);
  }

  expect(world.errorLogs, 'errors logged by the kit').toEqual([]);
}
