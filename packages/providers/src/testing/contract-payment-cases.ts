/**
 * The provider contract's cases about where a request ends: paid, not paid (each failure outcome
 * to its canonical reason) and the same story told by query. One group of `provider-contract.ts`.
 */
import { describe, expect, it } from 'vitest';
import { canonicalFailures, contractPhones, failureOutcomes } from './contract-outcomes.js';
import { type ContractSuite, updatesAbout, verdictOf } from './contract-scenario.js';

export function describePaymentCases({
  fixture,
  open,
  expectedAmount,
  expressible,
}: ContractSuite): void {
  describe('a request the customer pays', () => {
    it(`answers initiate with the next step of its flow (${fixture.flow})`, async () => {
      const scenario = await open();
      const request = scenario.request(contractPhones.paid);

      const started = await scenario.world.adapter.initiate(request);

      expect(request.amount.currency, 'the fixture’s requests use its currency').toBe(
        fixture.currency,
      );
      expect(started.providerRef).toEqual(expect.any(String));
      expect(started.providerRef).not.toBe('');
      expect(started.next.type).toBe(fixture.flow);
      if (started.next.type === 'redirect') {
        expect(URL.canParse(started.next.url), 'the redirect URL is absolute').toBe(true);
      }
    });

    it('verifies its callback to exactly one completed update for the request, with its amount', async () => {
      const scenario = await open();
      const payment = await scenario.pay('paid');

      const updates = await scenario.updates();
      const completed = updates.filter((update) => update.status === 'completed');

      expect(
        updates.map((update) => update.providerRef),
        'every update names the request’s providerRef',
      ).toEqual(updates.map(() => payment.started.providerRef));
      expect(completed, 'completed updates for one paid request').toHaveLength(1);
      expect(
        updates.every((update) => update.status === 'completed' || update.status === 'pending'),
        'a paid request never verifies to a failure',
      ).toBe(true);
      expect(completed[0]?.amount).toEqual(expectedAmount(payment.request.amount));
      if (fixture.receipts || completed[0]?.receipt !== undefined) {
        expect(completed[0]?.receipt, 'the receipt').toMatch(/\S/);
      }
    });
  });

  describe('a request the customer does not pay', () => {
    it.for(failureOutcomes)(
      'verifies %s to a final status with its canonical reason, never completed',
      async (outcome) => {
        const scenario = await open();
        const payment = await scenario.pay(outcome);

        const updates = updatesAbout(await scenario.updates(), payment);
        const verdict = verdictOf(updates, outcome);

        expect(updates.some((update) => update.status === 'completed')).toBe(false);
        if (expressible.has(outcome)) {
          expect(
            canonicalFailures[outcome],
            `${outcome} verified to ${verdict.status}/${verdict.reason ?? 'no reason'}`,
          ).toContainEqual({ status: verdict.status, reason: verdict.reason });
        } else {
          expect(verdict.status, `${outcome} is not expressible, so it is a failure`).toBe(
            'failed',
          );
        }
      },
    );
  });

  describe('reconciliation by query', () => {
    it.for(['paid', ...failureOutcomes] as const)(
      'tells the same story by query as by callback once a %s request ended',
      async (outcome, context) => {
        const scenario = await open();
        const query = scenario.world.adapter.query?.bind(scenario.world.adapter);
        if (!query) return context.skip('the adapter has no query');
        const payment = await scenario.pay(outcome);

        const verdict = verdictOf(updatesAbout(await scenario.updates(), payment), outcome);
        const queried = await query(payment.started.providerRef);

        expect(queried).toMatchObject({
          providerRef: payment.started.providerRef,
          status: verdict.status,
          ...(verdict.reason === undefined ? {} : { reason: verdict.reason }),
        });
      },
    );
  });
}
