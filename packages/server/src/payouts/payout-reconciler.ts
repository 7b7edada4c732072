/**
 * Settles payouts whose provider keeps the outcome for us to ask for (`results: 'poll'`, e.g.
 * payment-apps): each pending payout with a request id is checked once per pass; one the
 * provider has no result for yet stays pending for the next pass. A failed check is logged
 * and retried next pass, never guessed at.
 */
import { isLipwaError, type ProviderAdapter } from '@lipwa/core';
import type { Logger } from '../logger.js';
import { payoutsOf } from './payout-hook.js';
import { settlePayout } from './payout-settle.js';
import type { PayoutStore } from './payout-store.js';

const BATCH_SIZE = 100;

export interface PayoutReconcilerDeps {
  readonly payoutStore: PayoutStore;
  readonly clock: { now(): number };
  readonly logger: Logger;
  readonly providers: ReadonlyMap<string, ProviderAdapter>;
}

/** One pass; resolves with how many payouts it settled. */
export async function reconcilePayouts(deps: PayoutReconcilerDeps): Promise<number> {
  const { payoutStore: store, logger } = deps;
  let settled = 0;
  for (const record of await store.listPending(BATCH_SIZE)) {
    const adapter = deps.providers.get(record.provider);
    const hook = adapter ? payoutsOf(adapter) : undefined;
    if (hook?.results !== 'poll' || record.requestId === undefined) continue;
    try {
      const outcome = await hook.check(record.requestId);
      if (outcome && (await settlePayout({ ...deps, store }, record, outcome))) settled += 1;
    } catch (error) {
      logger.warn(
        { payoutId: record.id, code: isLipwaError(error) ? error.code : 'unexpected' },
        'Could not check a pending payout; trying again next pass',
      );
    }
  }
  return settled;
}
