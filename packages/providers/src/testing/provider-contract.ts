/**
 * `describeProviderContract(fixture)`: the one vitest suite every adapter + simulator pair passes
 * over real HTTP, so a new provider needs only a fixture (see `contract-fixture.ts`). The cases
 * read as the contract itself; a case that does not apply to a provider is skipped saying why.
 */
import type { Money } from '@lipwa/core';
import { afterEach, describe } from 'vitest';
import { describeCallbackCases } from './contract-callback-cases.js';
import { describeProviderErrorCases } from './contract-error-cases.js';
import type {
  ContractOutcome,
  ContractWorld,
  ContractWorldOptions,
  ProviderContractFixture,
} from './contract-fixture.js';
import { failureOutcomes } from './contract-outcomes.js';
import { describePaymentCases } from './contract-payment-cases.js';
import { Scenario } from './contract-scenario.js';

export { HANG_TIMEOUT_MS } from './contract-scenario.js';

export function describeProviderContract(fixture: ProviderContractFixture): void {
  /** What a success must say about money: the request's amount, or nothing where the provider never says. */
  const expectedAmount = (requested: Money) =>
    fixture.reportsAmount === false ? undefined : requested;

  const expressible = new Set<ContractOutcome>(fixture.expressible ?? failureOutcomes);

  describe(`${fixture.provider} honours the provider contract (${fixture.flow}, ${fixture.authentication} callbacks)`, () => {
    const worlds: ContractWorld[] = [];

    async function open(options?: ContractWorldOptions): Promise<Scenario> {
      const world = await fixture.start(options);
      worlds.push(world);
      return new Scenario(fixture, world);
    }

    afterEach(async () => {
      await Promise.all(worlds.splice(0).map((world) => world.close()));
    });

    const suite = { fixture, open, expectedAmount, expressible };
    describePaymentCases(suite);
    describeCallbackCases(suite);
    describeProviderErrorCases(suite);
  });
}
