/**
 * The adapter's payouts (core's `ProviderPayouts`), read straight from the contract: an adapter
 * declares `payout` exactly when it offers `payouts`, which `createLipwa` checks at start
 * (`moneyOutMismatches`), so there is nothing to guess here.
 */
import type { ProviderAdapter, ProviderPayouts } from '@lipwa/core';

export function payoutsOf(adapter: ProviderAdapter): ProviderPayouts | undefined {
  return adapter.capabilities.has('payout') ? adapter.payouts : undefined;
}
