/**
 * Watches the refunds in flight (payments whose refund is `requested`, listed by the store
 * without reading every payment), newest first. Where the provider keeps the outcome for us to
 * ask for (`results: 'poll'`, e.g. payment-apps) each is checked when due (`pollDue`, on the
 * kit's clock): one with no result yet records the check and waits longer; a failed check is
 * logged and retried when next due, never guessed at. Where the provider posts its result (e.g.
 * Daraja's reversal result) there is nothing to ask. Either way, one still unsettled
 * `reconcile.moneyOutReviewAfterMs` after the request is marked for review: never failed, never
 * requested again.
 */
import { isLipwaError, type ProviderAdapter, type ReversalOutcome } from '@lipwa/core';
import type { Logger } from '../logger.js';
import { mutateRecord } from '../payments/mutate-record.js';
import { type MoneyOutTiming, pastReviewDeadline, pollDue } from '../payouts/poll-schedule.js';
import type { PaymentRecord } from '../stores/payment-record.js';
import type { PaymentStore } from '../stores/payment-store.js';
import { reversalsOf } from './reversal-hook.js';

const PAGE_SIZE = 100;

export interface RefundReconcilerDeps {
  readonly store: PaymentStore;
  readonly clock: { now(): number };
  readonly logger: Logger;
  readonly reconcile: MoneyOutTiming;
  readonly providers: ReadonlyMap<string, ProviderAdapter>;
  /** Records the outcome (the refunds' own step); true when it changed the payment. */
  settle(record: PaymentRecord, outcome: ReversalOutcome): Promise<boolean>;
  /** Marks a refund the provider never settled for review (the refunds' own step). */
  review(record: PaymentRecord): Promise<void>;
}

async function* refundsInFlight(store: PaymentStore): AsyncGenerator<PaymentRecord> {
  let startingAfter: string | undefined;
  for (;;) {
    const page = await store.list({
      status: 'completed',
      refund: 'requested',
      limit: PAGE_SIZE,
      startingAfter,
    });
    yield* page;
    if (page.length < PAGE_SIZE) return;
    startingAfter = page[page.length - 1]?.id;
  }
}

function requestedAt(record: PaymentRecord): number {
  return Number(record.providerData?.refundRequestedAt ?? record.updatedAt);
}

function isDue(deps: RefundReconcilerDeps, record: PaymentRecord): boolean {
  const checked = record.providerData?.refundCheckedAt;
  return pollDue(
    deps.reconcile,
    deps.clock.now(),
    requestedAt(record),
    checked === undefined ? undefined : Number(checked),
  );
}

/** One pass; resolves with how many refunds it settled. */
export async function reconcileRefunds(deps: RefundReconcilerDeps): Promise<number> {
  let settled = 0;
  for await (const record of refundsInFlight(deps.store)) {
    if (record.providerData?.refund !== 'requested') continue;
    // Unsettled too long (no result asked for or posted, or its request's fate unknown that
    // long): a person must check.
    if (pastReviewDeadline(deps.reconcile, deps.clock.now(), requestedAt(record))) {
      await deps.review(record);
      continue;
    }
    const provider = deps.providers.get(record.provider);
    const hook = provider ? reversalsOf(provider) : undefined;
    if (hook?.results !== 'poll') continue;
    const requestId = record.providerData?.refundRequestId;
    if (requestId === undefined || !isDue(deps, record)) continue;
    try {
      const outcome = await hook.check(requestId);
      if (outcome === undefined) {
        await mutateRecord(deps.store, record.id, (current) => ({
          providerData: { ...current.providerData, refundCheckedAt: String(deps.clock.now()) },
        }));
      } else if (await deps.settle(record, outcome)) {
        settled += 1;
      }
    } catch (error) {
      deps.logger.warn(
        { paymentId: record.id, code: isLipwaError(error) ? error.code : 'unexpected' },
        'Could not check a requested refund; trying again next pass',
      );
    }
  }
  return settled;
}
