/**
 * Settles payouts whose provider keeps the outcome for us to ask for (`results: 'poll'`, e.g.
 * payment-apps), and sends to review those whose posted result (e.g. Daraja's B2C result) never
 * came: they are due only at their review deadline. Each pass takes only payouts that are due (`nextCheckAt`, on the kit's clock),
 * the longest-waiting first, at most `BATCH_SIZE`; every one it looks at gets a later
 * `nextCheckAt` (or settles), so a backlog rotates and none starves. One the provider has no
 * result for yet waits longer (`nextPollAt`); a failed check is logged and waits the same. One
 * still unsettled `reconcile.moneyOutReviewAfterMs` after it was created is marked for review:
 * not failed (the money may have moved), never sent again.
 */
import { isLipwaError, maskMsisdn, type ProviderAdapter } from '@lipwa/core';
import type { Logger } from '../logger.js';
import { payoutsOf } from './payout-hook.js';
import { settlePayout } from './payout-settle.js';
import type { PayoutRecord, PayoutStore } from './payout-store.js';
import { type MoneyOutTiming, nextPollAt, pastReviewDeadline } from './poll-schedule.js';

/** Payouts one pass looks at, at most: a pass stays short however large the backlog. */
export const PAYOUT_BATCH_SIZE = 100;

export interface PayoutReconcilerDeps {
  readonly payoutStore: PayoutStore;
  readonly clock: { now(): number };
  readonly logger: Logger;
  readonly providers: ReadonlyMap<string, ProviderAdapter>;
  readonly reconcile: MoneyOutTiming;
}

function nextCheck(timing: MoneyOutTiming, record: PayoutRecord, now: number): number {
  // Never past the review deadline, so a payout goes to review on time.
  return Math.min(
    nextPollAt(timing, record.createdAt, now),
    record.createdAt + timing.moneyOutReviewAfterMs,
  );
}

async function markForReview(deps: PayoutReconcilerDeps, record: PayoutRecord): Promise<boolean> {
  const now = deps.clock.now();
  const marked = await deps.payoutStore.update(record.id, record.version, {
    status: 'review',
    nextCheckAt: undefined,
    updatedAt: now,
  });
  if (!marked) return false;
  deps.logger.warn(
    {
      payoutId: record.id,
      provider: record.provider,
      phone: maskMsisdn(record.phone),
      requestId: record.requestId,
      ageMs: now - record.createdAt,
    },
    'A payout the provider has not settled in time; marked for review (not failed, not sent again)',
  );
  return true;
}

/** One pass; resolves with how many payouts it settled. */
export async function reconcilePayouts(deps: PayoutReconcilerDeps): Promise<number> {
  const { payoutStore: store, logger, clock, reconcile: timing } = deps;
  const now = clock.now();
  let settled = 0;
  for (const record of await store.listDue(now, PAYOUT_BATCH_SIZE)) {
    const adapter = deps.providers.get(record.provider);
    const hook = adapter ? payoutsOf(adapter) : undefined;
    if (pastReviewDeadline(timing, now, record.createdAt)) {
      await markForReview(deps, record);
      continue;
    }
    if (hook?.results !== 'poll' || record.requestId === undefined) {
      // Nothing to ask (results are posted, the request's fate is unknown, or the provider is
      // gone): wait for the deadline, when a person is asked to check.
      await store.update(record.id, record.version, {
        nextCheckAt: record.createdAt + timing.moneyOutReviewAfterMs,
      });
      continue;
    }
    try {
      const outcome = await hook.check(record.requestId);
      if (outcome === undefined) {
        await store.update(record.id, record.version, {
          checkedAt: now,
          nextCheckAt: nextCheck(timing, record, now),
        });
      } else if (await settlePayout({ ...deps, store }, record, outcome)) {
        settled += 1;
      }
    } catch (error) {
      logger.warn(
        { payoutId: record.id, code: isLipwaError(error) ? error.code : 'unexpected' },
        'Could not check a pending payout; trying again when next due',
      );
      await store.update(record.id, record.version, {
        nextCheckAt: nextCheck(timing, record, now),
      });
    }
  }
  return settled;
}
