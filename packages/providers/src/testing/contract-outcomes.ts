/**
 * What the contract suite expects, in one table: the simulator's magic numbers (the same on every
 * provider) and the canonical status and reason each customer outcome must become.
 */
import type { ContractOutcome, ExpectedUpdate } from './contract-fixture.js';

/** The simulator's magic numbers (`@lipwa/simulator` `magicOutcomes`), by what they do. */
export const contractPhones = Object.freeze({
  paid: '254711000000',
  insufficient_funds: '254711000001',
  wrong_pin: '254711002001',
  cancelled: '254711000032',
  no_response: '254711000037',
  /** Paid, but the callback is lost. */
  lostCallback: '254711000099',
  /** Paid, and the callback arrives twice. */
  twoCallbacks: '254711000098',
} as const);

export type FailureOutcome = Exclude<ContractOutcome, 'paid'>;

export const failureOutcomes: readonly FailureOutcome[] = [
  'insufficient_funds',
  'wrong_pin',
  'cancelled',
  'no_response',
];

/**
 * Each failure outcome and the canonical updates it may verify to (any one of them). A provider
 * that cannot express an outcome (see `ProviderContractFixture.expressible`) may say `failed`
 * with any reason instead.
 */
export const canonicalFailures: Readonly<Record<FailureOutcome, readonly ExpectedUpdate[]>> =
  Object.freeze({
    insufficient_funds: [{ status: 'failed', reason: 'insufficient_funds' }],
    wrong_pin: [{ status: 'failed', reason: 'wrong_pin' }],
    cancelled: [{ status: 'cancelled', reason: 'cancelled_by_user' }],
    // Time ran out on the phone: the provider's own expiry, or its "no answer" failure.
    no_response: [
      { status: 'expired', reason: 'no_response' },
      { status: 'failed', reason: 'no_response' },
    ],
  });
