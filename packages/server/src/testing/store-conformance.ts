/**
 * The contract every `PaymentStore` must honour, as a vitest suite. Run it against your own store:
 * `describeStoreConformance('postgres store', () => createPostgresStore(pool))`. About 300 lines
 * because it is one flat list of cases, the `PaymentStore` contract read top to bottom (the outbox
 * cases are already apart, in `outbox-conformance.ts`).
 */
import { describe, expect, it } from 'vitest';
import type { PaymentRecord } from '../stores/payment-record.js';
import type { PaymentStore } from '../stores/payment-store.js';
import { describeOutboxConformance } from './outbox-conformance.js';
import { paymentRecord } from './records.js';

/** A unique pending attempt (see `paymentRecord`). */
function attempt(overrides: Partial<PaymentRecord> = {}): PaymentRecord {
  return paymentRecord(overrides);
}

export function describeStoreConformance(
  name: string,
  makeStore: () => PaymentStore | Promise<PaymentStore>,
): void {
  describe(`${name} conforms to the PaymentStore contract`, () => {
    it('stores a new attempt and reads it back by id, callback token hash and provider ref', async () => {
      const store = await makeStore();
      const record = attempt({ providerRef: 'ws_CO_1' });

      const result = await store.createAttempt(record);

      expect(result).toEqual({ created: true, record });
      expect(await store.get(record.id)).toEqual(record);
      expect(await store.findByCallbackToken(record.callbackTokenHash)).toEqual(record);
      expect(await store.findByProviderRef('daraja', 'ws_CO_1')).toEqual(record);
      expect(await store.findByProviderRef('cashpay', 'ws_CO_1')).toBeUndefined();
      expect(await store.get('pay_missing')).toBeUndefined();
      expect(await store.findByCallbackToken('f'.repeat(64))).toBeUndefined();
    });

    it('returns the pending attempt instead of creating a second one for the reference, from any session', async () => {
      const store = await makeStore();
      const first = attempt();
      await store.createAttempt(first);

      const second = await store.createAttempt(attempt({ reference: first.reference }));

      expect(second).toEqual({ created: false, record: first });
      expect(await store.latestForReference(first.reference)).toEqual(first);
    });

    it('lets exactly one of many concurrent creations for a reference win', async () => {
      const store = await makeStore();
      const reference = attempt().reference;

      const results = await Promise.all(
        Array.from({ length: 8 }, () => store.createAttempt(attempt({ reference }))),
      );

      expect(results.filter((result) => result.created)).toHaveLength(1);
      expect(new Set(results.map((result) => result.record.id)).size).toBe(1);
    });

    it('refuses a new attempt once the reference has a completed one', async () => {
      const store = await makeStore();
      const paid = attempt({ status: 'completed' });
      await store.createAttempt(paid);

      const again = await store.createAttempt(attempt({ reference: paid.reference }));

      expect(again).toEqual({ created: false, record: paid });
    });

    it('allows a new attempt after a failed one; latestForReference returns the newest, attemptsForReference all in order', async () => {
      const store = await makeStore();
      const failed = attempt({ status: 'failed', reason: 'insufficient_funds' });
      await store.createAttempt(failed);
      const retry = attempt({ reference: failed.reference });

      const result = await store.createAttempt(retry);

      expect(result.created).toBe(true);
      expect(await store.latestForReference(failed.reference)).toEqual(retry);
      expect(await store.attemptsForReference(failed.reference)).toEqual([failed, retry]);
      expect(await store.latestForReference('ORDER-unknown')).toBeUndefined();
      expect(await store.attemptsForReference('ORDER-unknown')).toEqual([]);
    });

    it('keeps attempts of different references apart', async () => {
      const store = await makeStore();
      const one = attempt();
      const other = attempt({ sessionId: one.sessionId });

      expect((await store.createAttempt(one)).created).toBe(true);
      expect((await store.createAttempt(other)).created).toBe(true);
    });

    it('updates with compare-and-set: the expected version wins once, a stale one changes nothing', async () => {
      const store = await makeStore();
      const record = attempt();
      await store.createAttempt(record);

      const updated = await store.update(record.id, 1, {
        status: 'completed',
        receipt: 'NLJ7RT61SV',
      });
      const stale = await store.update(record.id, 1, { status: 'failed' });

      expect(updated).toMatchObject({ status: 'completed', receipt: 'NLJ7RT61SV', version: 2 });
      expect(stale).toBeUndefined();
      expect(await store.get(record.id)).toEqual(updated);
      expect(await store.update('pay_missing', 1, { status: 'failed' })).toBeUndefined();
    });

    it('clears a field that a patch sets to undefined, as a late success clears the failure reason', async () => {
      const store = await makeStore();
      const record = attempt({ status: 'expired', reason: 'no_response', decidedBy: 'deadline' });
      await store.createAttempt(record);

      const updated = await store.update(record.id, 1, {
        status: 'completed',
        reason: undefined,
        decidedBy: 'provider',
      });

      expect(updated?.reason).toBeUndefined();
      expect(updated).toMatchObject({ status: 'completed', decidedBy: 'provider', version: 2 });
      expect((await store.get(record.id))?.reason).toBeUndefined();
    });

    it('lets only one of two racing updates on the same version through', async () => {
      const store = await makeStore();
      const record = attempt();
      await store.createAttempt(record);

      const [a, b] = await Promise.all([
        store.update(record.id, 1, { status: 'completed' }),
        store.update(record.id, 1, { status: 'expired', decidedBy: 'deadline' }),
      ]);

      expect([a, b].filter((result) => result !== undefined)).toHaveLength(1);
      expect((await store.get(record.id))?.version).toBe(2);
    });

    it('writes the events given with an update in the same change, in order, and none on a conflict', async () => {
      const store = await makeStore();
      const record = attempt();
      await store.createAttempt(record);
      await store.appendEvent(record.id, { at: 1, kind: 'created' });
      const callback = { at: 2, kind: 'callback', data: { updates: ['completed'] } } as const;
      const transition = {
        at: 2,
        kind: 'transition',
        data: { from: 'pending', to: 'completed' },
      } as const;
      const lost = { at: 3, kind: 'duplicate', data: { status: 'completed' } } as const;

      const applied = await store.update(
        record.id,
        1,
        { lastCallbackAt: 2 },
        [],
        [callback, transition],
      );
      const stale = await store.update(record.id, 1, { status: 'failed' }, [], [lost]);

      expect(applied).toMatchObject({ lastCallbackAt: 2, version: 2 });
      expect(stale).toBeUndefined();
      expect(await store.events(record.id)).toEqual([
        { at: 1, kind: 'created' },
        callback,
        transition,
      ]);
    });

    it("keeps each racing update's events with the update that won, across many at once", async () => {
      const store = await makeStore();
      const record = attempt();
      await store.createAttempt(record);

      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          store.update(record.id, 1, { lastCallbackAt: i }, [], [{ at: i, kind: 'callback' }]),
        ),
      );

      const winner = results.findIndex((result) => result !== undefined);
      expect(results.filter((result) => result !== undefined)).toHaveLength(1);
      expect(await store.events(record.id)).toEqual([{ at: winner, kind: 'callback' }]);
    });

    it('lists pending attempts oldest first, up to the limit', async () => {
      const store = await makeStore();
      const older = attempt();
      const done = attempt({ status: 'completed' });
      const newer = attempt();
      for (const record of [newer, done, older]) await store.createAttempt(record);

      const all = await store.listPending(10);
      const one = await store.listPending(1);

      expect(all.map((record) => record.id)).toEqual([older.id, newer.id]);
      expect(one.map((record) => record.id)).toEqual([older.id]);
    });

    it('lists payments newest first, up to the limit', async () => {
      const store = await makeStore();
      const [first, second, third] = [attempt(), attempt(), attempt()];
      for (const record of [first, second, third]) await store.createAttempt(record);

      expect(await store.list({ limit: 10 })).toEqual([third, second, first]);
      expect(await store.list({ limit: 2 })).toEqual([third, second]);
    });

    it('lists the page after a cursor, and nothing after a cursor it does not know', async () => {
      const store = await makeStore();
      const [first, second, third] = [attempt(), attempt(), attempt()];
      for (const record of [first, second, third]) await store.createAttempt(record);

      expect(await store.list({ limit: 10, startingAfter: third.id })).toEqual([second, first]);
      expect(await store.list({ limit: 1, startingAfter: second.id })).toEqual([first]);
      expect(await store.list({ limit: 10, startingAfter: first.id })).toEqual([]);
      expect(await store.list({ limit: 10, startingAfter: 'pay_unknown' })).toEqual([]);
    });

    it('lists by reference and by status, keeping creation order after updates', async () => {
      const store = await makeStore();
      const failed = attempt();
      await store.createAttempt(failed);
      const retry = attempt({ reference: failed.reference });
      const other = attempt();
      await store.update(failed.id, 1, { status: 'failed' });
      await store.createAttempt(retry);
      await store.createAttempt(other);
      const failedNow = await store.get(failed.id);

      expect(await store.list({ limit: 10, reference: failed.reference })).toEqual([
        retry,
        failedNow,
      ]);
      expect(await store.list({ limit: 10, status: 'failed' })).toEqual([failedNow]);
      expect(await store.list({ limit: 10, status: 'pending' })).toEqual([other, retry]);
      expect(
        await store.list({ limit: 10, status: 'pending', reference: failed.reference }),
      ).toEqual([retry]);
    });

    it('lists by refund state, so refunds in flight are found without reading every payment', async () => {
      const store = await makeStore();
      const requested = attempt({ status: 'completed', providerData: { refund: 'requested' } });
      const reviewed = attempt({ status: 'completed', providerData: { refund: 'review' } });
      const plain = attempt({ status: 'completed' });
      const later = attempt({ status: 'completed' });
      for (const record of [requested, reviewed, plain, later]) await store.createAttempt(record);
      const marked = await store.update(later.id, 1, { providerData: { refund: 'requested' } });

      expect(await store.list({ limit: 10, refund: 'requested' })).toEqual([marked, requested]);
      expect(await store.list({ limit: 10, refund: 'requested', startingAfter: later.id })).toEqual(
        [requested],
      );
    });

    it('keeps each payment’s events in order and unmatched callbacks apart', async () => {
      const store = await makeStore();
      const record = attempt();
      await store.createAttempt(record);

      await store.appendEvent(record.id, { at: 1, kind: 'created' });
      await store.appendEvent(record.id, { at: 2, kind: 'transition', data: { to: 'completed' } });
      await store.recordUnmatched({
        at: 3,
        provider: 'daraja',
        paymentId: record.id,
        providerRef: 'ws_CO_other',
        status: 'completed',
      });

      expect((await store.events(record.id)).map((event) => event.kind)).toEqual([
        'created',
        'transition',
      ]);
      expect(await store.events('pay_missing')).toEqual([]);
      expect(await store.unmatched()).toEqual([
        expect.objectContaining({ paymentId: record.id, providerRef: 'ws_CO_other' }),
      ]);
    });

    it('finds unmatched updates by provider reference, with what they said about money', async () => {
      const store = await makeStore();
      const early = {
        at: 4,
        provider: 'cashfin',
        paymentId: '',
        providerRef: `CF-${attempt().id}`,
        status: 'completed' as const,
        receipt: 'NLJ7RT61SV',
        amount: { amount: 150000, currency: 'KES' },
      };
      await store.recordUnmatched(early);
      await store.recordUnmatched({ ...early, provider: 'daraja', at: 5 });

      expect(await store.unmatchedFor('cashfin', early.providerRef)).toEqual([early]);
      expect(await store.unmatchedFor('cashfin', 'CF-unknown')).toEqual([]);
    });
  });
  describeOutboxConformance(name, makeStore);
}
