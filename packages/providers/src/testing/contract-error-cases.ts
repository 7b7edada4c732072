/**
 * The provider contract's cases about the provider failing an initiate (429, 500, a hang, a
 * malformed answer) and about access tokens expiring. One group of `provider-contract.ts`.
 */
import { describe, expect, it } from 'vitest';
import { contractPhones } from './contract-outcomes.js';
import {
  type ContractSuite,
  HANG_GUARD_MS,
  HANG_TIMEOUT_MS,
  PERSISTENT,
  rejection,
  TOKENS_EXPIRED_AFTER_MS,
  updatesAbout,
  verdictOf,
  within,
} from './contract-scenario.js';

export function describeProviderErrorCases({ fixture, open }: ContractSuite): void {
  describe('provider errors when initiating', () => {
    it('reports a 429 as a retryable ProviderError', async () => {
      const scenario = await open();
      await scenario.world.fault({
        operation: 'stkpush',
        kind: 'http',
        status: 429,
        times: PERSISTENT,
      });

      const error = await rejection(
        scenario.world.adapter.initiate(scenario.request(contractPhones.paid)),
        'initiate answered 429',
      );

      expect(error).toMatchObject({ name: 'ProviderError', retryable: true });
      const { retryAfterMs } = error as { retryAfterMs?: unknown };
      if (fixture.retryAfter || retryAfterMs !== undefined) {
        expect(retryAfterMs, 'retryAfterMs from the provider’s 429').toBeGreaterThan(0);
      }
    });

    it('reports a 500 as a retryable ProviderError', async () => {
      const scenario = await open();
      await scenario.world.fault({
        operation: 'stkpush',
        kind: 'http',
        status: 500,
        times: PERSISTENT,
      });

      const error = await rejection(
        scenario.world.adapter.initiate(scenario.request(contractPhones.paid)),
        'initiate answered 500',
      );

      expect(error).toMatchObject({ name: 'ProviderError', retryable: true });
    });

    it('reports an initiate that hangs as an ambiguous ProviderError once its timeout passes', async () => {
      const scenario = await open({ timeoutMs: HANG_TIMEOUT_MS });
      await scenario.world.fault({ operation: 'stkpush', kind: 'hang' });

      const error = await within(
        rejection(
          scenario.world.adapter.initiate(scenario.request(contractPhones.paid)),
          'a hung initiate',
        ),
        HANG_GUARD_MS,
        `the adapter did not give up on a hung initiate within ${HANG_GUARD_MS} ms: does the fixture pass start({ timeoutMs }) to the adapter?`,
      );

      // The request may have reached the provider: the kit must query before pushing again.
      expect(error).toMatchObject({ name: 'ProviderError', ambiguous: true });
    });

    it('reports a malformed answer as a ProviderError, never a crash', async (context) => {
      if (!fixture.malformed) {
        return context.skip('the fixture cannot make an initiate answer malformed');
      }
      const scenario = await open();
      await fixture.malformed(scenario.world);

      const error = await rejection(
        scenario.world.adapter.initiate(scenario.request(contractPhones.paid)),
        'initiate answered malformed',
      );

      expect(error).toMatchObject({ name: 'ProviderError' });
    });
  });

  describe('access tokens', () => {
    it('still initiates after its access token expired between two payments', async (context) => {
      if (fixture.accessTokens === false) {
        return context.skip('the adapter authenticates without access tokens');
      }
      const scenario = await open();
      const first = await scenario.pay('paid');

      await scenario.world.advance(TOKENS_EXPIRED_AFTER_MS);
      const second = await scenario.pay('paid');
      const updates = updatesAbout(await scenario.updates(), second);

      expect(second.started.next.type).toBe(fixture.flow);
      expect(second.started.providerRef).not.toBe(first.started.providerRef);
      expect(verdictOf(updates, 'the second payment').status).toBe('completed');
    });
  });
}
