/**
 * The gateway's reverseTransaction and sendMoney behind core's provider-neutral `reversals` /
 * `payouts` contract. Both are accepted at once and settled later on a transaction record of
 * their own (its Salami id is in the answer). The gateway's webhook for it goes to the one
 * dashboard URL, not to a URL per request, so the kit learns the outcome by polling
 * getTransactionStatus on that record (`results: 'poll'`): a Daraja ResultCode there is final.
 */
import type {
  FailureReason,
  PayoutOutcome,
  ProviderPayouts,
  ProviderReversals,
  ReversalOutcome,
} from '@lipwa/core';
import type { PaymentAppsCommandAccepted } from './command-accepted.js';
import { unexpectedAnswer } from './errors.js';
import { SEND_MONEY_LIMITS } from './inputs.js';
import type { PaymentAppsPayouts } from './money-out.js';
import type {
  PaymentAppsTransactionStatus,
  PaymentAppsTransactions,
} from './transactions-client.js';

/** The record the command made: without its id the outcome could never be asked for. */
function recordId(
  operation: 'sendMoney' | 'reverseTransaction',
  accepted: PaymentAppsCommandAccepted,
): string {
  if (accepted.transactionId === undefined) {
    // Accepted, so money may move: ambiguous, never repeated blindly.
    throw unexpectedAnswer(operation, 200, 'the id of the transaction record it made', '');
  }
  return accepted.transactionId;
}

/** The outcome once the record carries the driver's ResultCode; `undefined` before. */
function outcomeOf(status: PaymentAppsTransactionStatus) {
  if (status.resultCode === undefined && status.status === 'pending') return undefined;
  const ok = status.status === 'completed';
  return {
    ok,
    receipt: status.receipt,
    reason: ok ? undefined : ((status.reason as FailureReason | undefined) ?? 'unknown'),
    providerCode: status.resultCode ?? status.transactionStatus,
  };
}

export function paymentAppsReversals(transactions: PaymentAppsTransactions): ProviderReversals {
  return Object.freeze({
    results: 'poll' as const,
    async request({ providerRef, signal }) {
      const accepted = await transactions.reverse(providerRef, signal ? { signal } : {});
      return { requestId: recordId('reverseTransaction', accepted) };
    },
    async check(requestId, options = {}): Promise<ReversalOutcome | undefined> {
      const outcome = outcomeOf(await transactions.status(requestId, options));
      return (
        outcome && { ok: outcome.ok, reason: outcome.reason, providerCode: outcome.providerCode }
      );
    },
  });
}

export function paymentAppsPayouts(
  b2c: PaymentAppsPayouts,
  transactions: PaymentAppsTransactions,
  payoutApp: string,
): ProviderPayouts {
  return Object.freeze({
    limits: {
      currency: 'KES',
      min: SEND_MONEY_LIMITS.min * 100,
      max: SEND_MONEY_LIMITS.max * 100,
    },
    // sendMoney takes no idempotency key: a second request is a second payout.
    repeatable: false,
    results: 'poll' as const,
    async send({ phone, amount, signal }) {
      const accepted = await b2c.send({ phone, amount }, signal ? { signal } : {});
      return { requestId: recordId('sendMoney', accepted) };
    },
    async check(requestId, options = {}): Promise<PayoutOutcome | undefined> {
      const status = await transactions.status(requestId, { ...options, app: payoutApp });
      return outcomeOf(status);
    },
  });
}
