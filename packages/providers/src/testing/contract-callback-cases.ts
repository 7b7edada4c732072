/**
 * The provider contract's cases about callbacks that go wrong: lost, late, repeated and reordered
 * ones, and forged and foreign ones. One group of `provider-contract.ts`.
 */
import { type CallbackResult, isFinal } from '@lipwa/core';
import { describe, expect, it } from 'vitest';
import {
  type ContractSuite,
  LATE_BY_MS,
  PAST_MS,
  rejection,
  updatesAbout,
  urlTokenNote,
  verdictOf,
} from './contract-scenario.js';

export function describeCallbackCases({ fixture, open, expectedAmount }: ContractSuite): void {
  describe('lost, late, repeated and reordered callbacks', () => {
    it('sends no callback for a paid request whose callback is lost', async () => {
      const scenario = await open();

      await scenario.payLosingCallback();

      expect(scenario.world.received()).toEqual([]);
    });

    it('finds a paid request whose callback was lost completed by query', async (context) => {
      const scenario = await open();
      const query = scenario.world.adapter.query?.bind(scenario.world.adapter);
      if (!query) return context.skip('the adapter has no query (see the late-callback case)');
      const payment = await scenario.payLosingCallback();

      const queried = await query(payment.started.providerRef);

      expect(queried).toMatchObject({
        providerRef: payment.started.providerRef,
        status: 'completed',
      });
    });

    it('still verifies a late success callback to completed, long after the prompt ended', async () => {
      const scenario = await open();
      await scenario.world.fault({ operation: 'callback', kind: 'delay', delayMs: LATE_BY_MS });
      const payment = await scenario.pay('paid');
      const beforeTheDelay = scenario.world.received().length;

      await scenario.world.advance(LATE_BY_MS + PAST_MS);
      await scenario.settle();
      const updates = updatesAbout(await scenario.updates(), payment);

      expect(beforeTheDelay, 'callbacks before the delay ran out').toBe(0);
      const verdict = verdictOf(updates, 'the late callback');
      expect(verdict.status).toBe('completed');
      expect(verdict.amount).toEqual(expectedAmount(payment.request.amount));
    });

    it('verifies a callback delivered twice to the same update both times', async () => {
      const scenario = await open();
      const payment = await scenario.payWithCallbackTwice();

      const finals = (await scenario.verify())
        .map((result) => updatesAbout(result.updates, payment))
        .filter((updates) => updates.some((update) => isFinal(update.status)));

      expect(finals.length, 'callbacks with the final status').toBeGreaterThanOrEqual(2);
      for (const updates of finals.slice(1)) expect(updates).toEqual(finals[0]);
      expect(finals[0]?.filter((update) => update.status === 'completed')).toHaveLength(1);
    });

    it('verifies callbacks in any order, each to the same result every time', async () => {
      const scenario = await open();
      await scenario.payWithCallbackTwice();
      await scenario.pay('cancelled');
      const inputs = scenario.world.received();

      const forwards = await scenario.verify(inputs);
      const backwards = (await scenario.verify([...inputs].reverse())).reverse();

      expect(inputs.length, 'callbacks from two requests').toBeGreaterThanOrEqual(3);
      expect(backwards).toEqual(forwards);
    });
  });

  describe('forged and foreign callbacks', () => {
    for (const how of ['tamper', 'unsigned'] as const) {
      const forgery =
        how === 'tamper' ? 'whose body was altered after signing' : 'whose signature was removed';
      it(`refuses a callback ${forgery} with a CallbackError`, async (context) => {
        if (fixture.authentication === 'url-token') return context.skip(urlTokenNote);
        if (fixture.authentication === 'refetch') {
          return context.skip('the body is never trusted: see the refetch case');
        }
        const scenario = await open();
        await scenario.pay('paid');
        const [genuine] = scenario.world.received();
        if (!genuine) return expect.fail('no callback arrived for a paid request');
        const forged = fixture.forge(genuine, how);
        if (!forged) return context.skip(`the fixture has no ${how} forgery`);

        const error = await rejection(
          scenario.world.adapter.verifyCallback(forged),
          `verifying a ${how} callback`,
        );

        expect(error).toMatchObject(
          how === 'tamper'
            ? { name: 'CallbackError', code: 'invalid_signature' }
            : { name: 'CallbackError' },
        );
        await expect(scenario.world.adapter.verifyCallback(genuine)).resolves.toBeDefined();
      });
    }

    it('never lets a callback body claim a success the provider does not confirm', async (context) => {
      if (fixture.authentication === 'url-token') return context.skip(urlTokenNote);
      if (fixture.authentication === 'signature') {
        return context.skip('the signature cases cover altered bodies');
      }
      const scenario = await open();
      const payment = await scenario.pay('insufficient_funds');
      const [genuine] = scenario.world.received();
      if (!genuine) return expect.fail('no callback arrived for an unpaid request');
      const truth = verdictOf(
        updatesAbout((await scenario.verify([genuine]))[0]?.updates ?? [], payment),
        'the genuine callback',
      );
      const forgeries = (['tamper', 'unsigned'] as const).flatMap((how) => {
        const forged = fixture.forge(genuine, how);
        return forged ? [{ how, forged }] : [];
      });
      if (forgeries.length === 0) return context.skip('the fixture has no forgeries');

      for (const { how, forged } of forgeries) {
        const verified = await scenario.world.adapter
          .verifyCallback(forged)
          .catch((error: unknown) => error);
        if (verified instanceof Error) {
          expect(verified, `a ${how} callback is refused`).toMatchObject({
            name: 'CallbackError',
          });
          continue;
        }
        const updates = (verified as CallbackResult).updates;
        expect(
          updates.filter((update) => update.status === 'completed'),
          `a ${how} callback about an unpaid request`,
        ).toEqual([]);
        for (const update of updatesAbout(updates, payment).filter((u) => isFinal(u.status))) {
          expect(update.status, `a ${how} callback tells the provider’s truth`).toBe(truth.status);
        }
      }
    });

    it('verifies a genuine callback about another payment without pinning it on this one', async (context) => {
      if (!fixture.foreign) return context.skip('the fixture offers no foreign callback');
      const scenario = await open();
      const payment = await scenario.pay('paid');
      const foreign = await fixture.foreign(scenario.world);
      if (!foreign) return context.skip('the fixture has no foreign callback for this world');

      const { updates } = await scenario.world.adapter.verifyCallback(foreign);

      expect(updates.length, 'updates in the foreign callback').toBeGreaterThan(0);
      for (const update of updates) {
        expect(update.providerRef).not.toBe(payment.started.providerRef);
      }
    });
  });
}
