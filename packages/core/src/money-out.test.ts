import { describe, expect, it } from 'vitest';
import { moneyOutMismatches, type ProviderPayouts, withinPayoutLimits } from './money-out.js';
import type { Capability, ProviderAdapter } from './provider.js';

const payouts: ProviderPayouts = {
  limits: { currency: 'KES', min: 1_000, max: 25_000_000 },
  repeatable: false,
  results: 'poll',
  send: async () => ({ requestId: 'r1' }),
  check: async () => undefined,
};

function adapter(
  capabilities: Capability[],
  extra: Partial<ProviderAdapter> = {},
): ProviderAdapter {
  return {
    id: 'p',
    capabilities: new Set(capabilities),
    target: 'simulator',
    initiate: async () => ({ providerRef: 'x', next: { type: 'stk' } }),
    verifyCallback: async () => ({ updates: [], response: { status: 200, body: {} } }),
    ...extra,
  };
}

describe('moneyOutMismatches', () => {
  it('is empty when the declared capabilities and the members agree', () => {
    expect(moneyOutMismatches(adapter(['stk']))).toEqual([]);
    expect(moneyOutMismatches(adapter(['stk', 'payout'], { payouts }))).toEqual([]);
  });

  it('names a capability declared without its member', () => {
    expect(moneyOutMismatches(adapter(['stk', 'reversal', 'payout'], { payouts }))).toEqual([
      "p declares 'reversal' but offers no reversals",
    ]);
  });

  it('names a member offered without its capability', () => {
    expect(moneyOutMismatches(adapter(['stk'], { payouts }))).toEqual([
      "p offers payouts but does not declare 'payout'",
    ]);
  });
});

describe('withinPayoutLimits', () => {
  it('takes the bounds themselves and refuses outside them or in another currency', () => {
    const { limits } = payouts;
    expect(withinPayoutLimits(limits, { amount: 1_000, currency: 'KES' })).toBe(true);
    expect(withinPayoutLimits(limits, { amount: 25_000_000, currency: 'KES' })).toBe(true);
    expect(withinPayoutLimits(limits, { amount: 999, currency: 'KES' })).toBe(false);
    expect(withinPayoutLimits(limits, { amount: 25_000_001, currency: 'KES' })).toBe(false);
    expect(withinPayoutLimits(limits, { amount: 5_000, currency: 'UGX' })).toBe(false);
  });
});
