/**
 * The provider-neutral contract for money going back out: reversals (the kit's refunds) and
 * payouts (B2C). An adapter that can do one offers it as `reversals` / `payouts` on
 * `ProviderAdapter`, and declares the matching capability; `moneyOutMismatches` finds an adapter
 * where the two disagree, so the kit refuses it at start instead of answering `not_supported`.
 *
 * Both are asynchronous at every provider: the request is accepted now, the outcome is learned
 * later, either posted to the `resultUrl` the kit passes (`results: 'callback'`) or only by
 * asking (`results: 'poll'`, the kit's reconciler calls `check`).
 */
import type { Money } from './money.js';
import type { Msisdn } from './msisdn.js';
import type { FailureReason } from './payment-status.js';
import type { CallbackInput, Capability, ProviderAdapter } from './provider.js';

/** The provider accepted the request; its id for it is what `check` is asked about. */
export interface AcceptedRequest {
  readonly requestId: string;
}

/** What to answer a provider that posted a result, so it stops retrying. */
export interface ResultAnswer {
  readonly status: number;
  readonly body: unknown;
}

/** How the outcome of an accepted request is learned. */
export type ResultDelivery<Outcome> =
  | {
      /** The provider posts the outcome to the request's `resultUrl`. */
      readonly results: 'callback';
      /** Verifies and reads a posted outcome; throws `CallbackError` for anything forged or malformed. */
      parseResult(input: CallbackInput): Promise<Outcome>;
      acknowledge(): ResultAnswer;
    }
  | {
      /** The provider keeps the outcome for us to ask for (no callback reaches the kit). */
      readonly results: 'poll';
      /** The outcome of `requestId`; `undefined` while the provider has none yet. Throws `ProviderError`. */
      check(requestId: string, options?: { signal?: AbortSignal }): Promise<Outcome | undefined>;
    };

/** What a reversal and a payout request both carry. */
interface MoneyOutRequest {
  readonly amount: Money;
  /** Where a `callback` provider posts the outcome; unused by `poll` ones. */
  readonly resultUrl: string;
  readonly signal?: AbortSignal | undefined;
}

/** What a reversal and a payout outcome both say. */
interface MoneyOutOutcome {
  readonly ok: boolean;
  readonly reason?: FailureReason | undefined;
  readonly providerCode?: string | undefined;
}

export interface ReversalRequest extends MoneyOutRequest {
  /** The provider's receipt of the payment to reverse. */
  readonly receipt: string;
  /** The provider's id for the payment (`InitiateResult.providerRef`). */
  readonly providerRef: string;
}

export interface ReversalOutcome extends MoneyOutOutcome {
  /** The receipt the provider says it reversed, when it says. */
  readonly originalReceipt?: string | undefined;
}

export type ProviderReversals = {
  /** Throws `ProviderError` (refused or unreachable; `ambiguous` when it may have arrived). */
  request(request: ReversalRequest): Promise<AcceptedRequest>;
} & ResultDelivery<ReversalOutcome>;

/** The amounts a provider pays out, in minor units of `currency`. */
export interface PayoutLimits {
  readonly currency: string;
  readonly min: number;
  readonly max: number;
}

export interface PayoutRequest extends MoneyOutRequest {
  /** Lipwa's payout id: the provider's idempotency key where it has one. */
  readonly payoutId: string;
  readonly phone: Msisdn;
}

export interface PayoutOutcome extends MoneyOutOutcome {
  readonly receipt?: string | undefined;
  /** The payout id the provider echoed back, when it does. */
  readonly payoutId?: string | undefined;
}

export type ProviderPayouts = {
  /** Checked by the kit before anything is stored or sent. */
  readonly limits: PayoutLimits;
  /**
   * Whether sending the same `payoutId` again pays once (the provider keys on it). When false, a
   * send that may have reached the provider is never repeated: the payout stays pending for a
   * person to check, since a second request would be a second payment.
   */
  readonly repeatable: boolean;
  /** Throws `ValidationError` (nothing sent) or `ProviderError`. */
  send(request: PayoutRequest): Promise<AcceptedRequest>;
} & ResultDelivery<PayoutOutcome>;

const members: ReadonlyArray<readonly [Capability, 'reversals' | 'payouts']> = [
  ['reversal', 'reversals'],
  ['payout', 'payouts'],
];

/**
 * Where the adapter's declared capabilities and its money-out members disagree (a `payout`
 * capability without `payouts`, or the reverse), one sentence each; empty when they agree.
 */
export function moneyOutMismatches(adapter: ProviderAdapter): string[] {
  return members.flatMap(([capability, member]) => {
    const declared = adapter.capabilities.has(capability);
    const offered = adapter[member] !== undefined;
    if (declared === offered) return [];
    return declared
      ? [`${adapter.id} declares '${capability}' but offers no ${member}`]
      : [`${adapter.id} offers ${member} but does not declare '${capability}'`];
  });
}

/** Whether an amount is one the provider pays out. */
export function withinPayoutLimits(limits: PayoutLimits, amount: Money): boolean {
  return (
    amount.currency === limits.currency &&
    amount.amount >= limits.min &&
    amount.amount <= limits.max
  );
}
