/**
 * Cases the money-safety properties (money-invariants.test.ts) found, kept as plain examples:
 * a wrong-amount success after an ambiguous initiation, a second success past our deadline, and
 * two attempts of one order paid at the same moment.
 */
import { ProviderError } from '@lipwa/core';
import { describe, expect, it } from 'vitest';
import { darajaSuccess } from '../testing/test-adapter.js';
import { callbackPath, setupKit } from '../testing/test-harness.js';
import { RECONCILE, SHILLINGS, WRONG_SHILLINGS } from './test-money-provider.js';

describe('cases the properties found', () => {
  it('reports for review a wrong-amount success for an attempt whose initiation timed out', async () => {
    // The push timed out (ambiguous) but reached the phone; the customer paid, and Daraja
    // reported another amount. The attempt is already failed, so the mismatch (`failed`) looked
    // like a duplicate and the money was dropped without a review.
    const kit = setupKit();
    kit.adapter.onInitiate = async () => {
      throw new ProviderError('provider_unavailable', 'Daraja timed out.', { ambiguous: true });
    };
    const token = await kit.session();
    await expect(kit.lipwa.startPayment(token, { phone: '0708374149' })).rejects.toMatchObject({
      code: 'provider_unavailable',
    });
    const paymentId = kit.adapter.initiated[0]?.paymentId ?? '';
    const { token: callbackToken } = callbackPath(kit.adapter.lastCallbackUrl());

    await kit.lipwa.handleCallback('daraja', callbackToken, {
      headers: {},
      rawBody: darajaSuccess('ws_CO_timed_out', WRONG_SHILLINGS),
    });

    expect(await kit.lipwa.getPayment(paymentId)).toMatchObject({
      status: 'failed',
      review: 'amount_mismatch',
      reportedAmount: { amount: WRONG_SHILLINGS * 100, currency: 'KES' },
    });
    expect(kit.reviews).toEqual([
      expect.objectContaining({ review: 'amount_mismatch', reportedStatus: 'completed' }),
    ]);
    expect(kit.finals.map((event) => event.status)).toEqual(['failed']);
  });

  it('ends, by our deadline, an attempt paid again after its order was paid, instead of polling it forever', async () => {
    // ORDER-1's first attempt expires by our deadline (queries fail) and its success arrives
    // late; meanwhile a second attempt was started and is paid too. That second success is a
    // review case, so the attempt stays pending; every status query answers `completed` again,
    // the reconciler took that verdict as final, skipped the deadline and polled it every pass.
    const kit = setupKit({ reconcile: RECONCILE });
    kit.adapter.onQuery = async () => {
      throw new ProviderError('provider_unavailable', 'Daraja is down (503).');
    };
    const pay = async () => {
      const { payment } = await kit.lipwa.startPayment(await kit.session(), {
        phone: '0708374149',
      });
      const { token } = callbackPath(kit.adapter.lastCallbackUrl());
      const providerRef = (await kit.lipwa.getPayment(payment.id))?.providerRef ?? '';
      return {
        id: payment.id,
        providerRef,
        succeed: () =>
          kit.lipwa.handleCallback('daraja', token, {
            headers: {},
            rawBody: darajaSuccess(providerRef, SHILLINGS),
          }),
      };
    };
    const first = await pay();
    kit.clock.advance(100_000);
    await kit.lipwa.reconcileOnce();
    kit.clock.advance(10_000);
    const second = await pay();
    await first.succeed();
    await second.succeed();
    kit.adapter.onQuery = async (providerRef) => ({
      providerRef,
      status: 'completed',
      providerCode: '0',
    });

    for (let pass = 0; pass < 10; pass += 1) {
      kit.clock.advance(RECONCILE.maxIntervalMs);
      await kit.lipwa.reconcileOnce();
    }

    expect((await kit.lipwa.getPayment(first.id))?.status).toBe('completed');
    expect(await kit.lipwa.getPayment(second.id)).toMatchObject({
      status: 'expired',
      decidedBy: 'deadline',
      review: 'second_success',
    });
    expect(kit.reviews.map((event) => [event.payment.id, event.review])).toEqual([
      [second.id, 'second_success'],
    ]);
    expect(kit.finals.map((event) => [event.payment.id, event.status])).toEqual([
      [first.id, 'expired'],
      [first.id, 'completed'],
      [second.id, 'expired'],
    ]);
    // Queried with backoff until the deadline, not on every one of the 10 passes.
    const queries = kit.adapter.queried.filter((ref) => ref === second.providerRef);
    expect(queries.length).toBeLessThan(10);
  });

  it('reports for review an order whose two attempts are paid at the same moment', async () => {
    // The first attempt expired by our deadline while queries failed; the second is pending.
    // Both successes arrive at once: each checked that no other attempt was paid before
    // either was written, and the order was paid twice with nothing flagged.
    const kit = setupKit({ reconcile: RECONCILE });
    kit.adapter.onQuery = async () => {
      throw new ProviderError('provider_unavailable', 'Daraja is down (503).');
    };
    const pay = async () => {
      const { payment } = await kit.lipwa.startPayment(await kit.session(), {
        phone: '0708374149',
      });
      const { token } = callbackPath(kit.adapter.lastCallbackUrl());
      const providerRef = (await kit.lipwa.getPayment(payment.id))?.providerRef ?? '';
      return () =>
        kit.lipwa.handleCallback('daraja', token, {
          headers: {},
          rawBody: darajaSuccess(providerRef, SHILLINGS),
        });
    };
    const first = await pay();
    kit.clock.advance(100_000);
    await kit.lipwa.reconcileOnce();
    kit.clock.advance(10_000);
    const second = await pay();

    await Promise.all([first(), second()]);

    const attempts = await kit.store.attemptsForReference('ORDER-1');
    const paid = attempts.filter((attempt) => attempt.status === 'completed');
    const unreviewed = paid.filter((attempt) => attempt.review === undefined);
    expect(unreviewed.length).toBeLessThanOrEqual(1);
    expect(kit.reviews.map((event) => event.review)).toContain('second_success');
  });
});
