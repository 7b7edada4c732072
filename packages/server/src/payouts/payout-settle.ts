/**
 * Records a payout's outcome once, whichever way it was learned (a posted result or a poll):
 * only a pending payout (or one in review) changes, by compare-and-set, so a repeated result
 * changes nothing.
 */
import type { PayoutOutcome } from '@lipwa/core';
import type { Logger } from '../logger.js';
import type { PayoutRecord, PayoutStore } from './payout-store.js';

export async function settlePayout(
  deps: { store: PayoutStore; clock: { now(): number }; logger: Logger },
  record: PayoutRecord,
  outcome: PayoutOutcome,
): Promise<PayoutRecord | undefined> {
  // A payout in review still takes the provider's word: the person checking needs the truth.
  if (record.status !== 'pending' && record.status !== 'review') return undefined;
  const settled = await deps.store.update(record.id, record.version, {
    status: outcome.ok ? 'completed' : 'failed',
    nextCheckAt: undefined,
    receipt: outcome.receipt,
    reason: outcome.ok ? undefined : (outcome.reason ?? 'unknown'),
    providerCode: outcome.providerCode,
    updatedAt: deps.clock.now(),
  });
  if (settled) deps.logger.info({ payoutId: record.id, status: settled.status }, 'Payout settled');
  return settled;
}
