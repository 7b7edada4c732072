/**
 * The adapter's reversals (core's `ProviderReversals`), read straight from the contract: an
 * adapter declares `reversal` exactly when it offers `reversals`, which `createLipwa` checks
 * at start (`moneyOutMismatches`), so there is nothing to guess here.
 */
import type { ProviderAdapter, ProviderReversals } from '@lipwa/core';

export function reversalsOf(adapter: ProviderAdapter): ProviderReversals | undefined {
  return adapter.capabilities.has('reversal') ? adapter.reversals : undefined;
}
