/**
 * Settles payouts whose provider keeps the outcome for us to ask for (`results: 'poll'`, e.g.
 * payment-apps): each pending payout with a request id is checked when due (`pollDue`, on the
 * kit's clock); one the provider has no result for yet records the check and waits longer.
 * A failed check is logged and retried when next due, never guessed at.
 */
import { isLipwaError, type ProviderAdapter } from '@lipwa/core';
import type { Logger } from '../logger.js';
import { payoutsOf } from './payout-hook.js';
import { settlePayout } from './payout-settle.js';
import type { PayoutStore } from './payout-store.js';
import { type PollTiming, pollDue } from './poll-schedule.js';

const BATCH_SIZE = 100;

export interface PayoutReconcilerDeps {
  readonly payoutStore: PayoutStore;
  readonly clock: { now(): number };
  readonly logger: Logger;
  readonly providers: ReadonlyMap<string, ProviderAdapter>;
  readonly reconcile: PollTiming;
}

/** One pass; resolves with how many payouts it settled. */
export async function reconcilePayouts(deps: PayoutReconcilerDeps): Promise<number> {
  const { payoutStore: store, logger, clock } = deps;
  let settled = 0;
  for (const record of await store.listPending(BATCH_SIZE)) {
    const adapter = deps.providers.get(record.provider);
    const hook = adapter ? payoutsOf(adapter) : undefined;
    if (hook?.results !== 'poll' || record.requestId === undefined) continue;
    if (!pollDue(deps.reconcile, clock.now(), record.createdAt, record.checkedAt)) continue;
    try {
      const outcome = await hook.check(record.requestId);
      if (outcome === undefined) {
        await store.update(record.id, record.version, { checkedAt: clock.now() });
      } else if (await settlePayout({ ...deps, store }, record, outcome)) {
        settled += 1;
      }
    } catch (error) {
      logger.warn(
        { payoutId: record.id, code: isLipwaError(error) ? error.code : 'unexpected' },
        'Could not check a pending payout; trying again next pass',
      );
    }
  }
  return settled;
}
