/**
 * Settles payments whose callback never came: asks the provider with exponential backoff, and
 * past the prompt's deadline (plus grace) expires the attempt by our own decision, which a late
 * provider success may still complete. No payment stays pending forever.
 */

import type { ProviderAdapter } from '@lipwa/core';
import type { Logger } from '../logger.js';
import type { PaymentRecord } from '../stores/payment-record.js';
import type { PaymentStore } from '../stores/payment-store.js';
import { mutateRecord } from './mutate-record.js';
import type { StatusApplier } from './status-applier.js';
import { changeFromUpdate } from './status-change.js';

export interface Reconciler {
  /** One pass over pending payments. Overlapping calls share the running pass. */
  runOnce(): Promise<void>;
  /** Resolves when no pass is running (does not start one). */
  idle(): Promise<void>;
}

// Delay before the second query; doubles up to `reconcile.maxIntervalMs`.
const QUERY_BACKOFF_BASE_MS = 5_000;
const BATCH_SIZE = 100;

/** What reconciling needs from the kit (a slice of `LipwaConfig`). */
export interface ReconcilerDeps {
  readonly store: PaymentStore;
  readonly clock: { now(): number };
  readonly logger: Logger;
  readonly providers: ReadonlyMap<string, ProviderAdapter>;
  readonly reconcile: {
    readonly firstQueryAfterMs: number;
    readonly maxIntervalMs: number;
    readonly promptTimeoutMs: number;
    readonly graceMs: number;
  };
}

// A factory closure over its dependencies, longer than ~60 lines only because it holds the
// named steps below (each short); read them one at a time.
export function createReconciler(
  config: ReconcilerDeps,
  applier: StatusApplier,
  isInitiating: (paymentId: string) => boolean,
): Reconciler {
  const { store, clock, logger } = config;
  let running: Promise<void> | undefined;

  function backoff(queryCount: number): number {
    return Math.min(config.reconcile.maxIntervalMs, QUERY_BACKOFF_BASE_MS * 2 ** (queryCount - 1));
  }

  async function scheduleNextQuery(record: PaymentRecord, now: number): Promise<void> {
    await mutateRecord(store, record.id, (current) =>
      current.status !== 'pending'
        ? undefined
        : {
            queryCount: current.queryCount + 1,
            nextQueryAt: now + backoff(current.queryCount + 1),
          },
    );
  }

  /** Returns true when the provider gave a final verdict. */
  async function query(record: PaymentRecord, now: number): Promise<boolean> {
    const provider = config.providers.get(record.provider);
    // No query (Cashfin): never poll; our deadline expires the attempt and a late webhook
    // can still complete it.
    if (!provider?.query || !provider.capabilities.has('query')) return false;
    if (record.providerRef === undefined) return false;
    if (now < (record.nextQueryAt ?? record.createdAt + config.reconcile.firstQueryAfterMs)) {
      return false;
    }
    try {
      const update = await provider.query(record.providerRef);
      await store.appendEvent(record.id, {
        at: now,
        kind: 'query',
        data: { status: update.status, providerCode: update.providerCode },
      });
      if (update.providerRef === record.providerRef && update.status !== 'pending') {
        const after = await applier.apply(record.id, changeFromUpdate(update), 'provider');
        // A verdict that leaves the payment pending (a second success on a paid order goes to
        // review instead) settles nothing: back off, and let our deadline end it.
        if (after?.status !== 'pending') return true;
      }
    } catch (error) {
      logger.warn(
        {
          paymentId: record.id,
          provider: record.provider,
          error,
        },
        'Status query failed; will retry on a later pass',
      );
    }
    await scheduleNextQuery(record, now);
    return false;
  }

  async function settle(record: PaymentRecord): Promise<void> {
    if (isInitiating(record.id)) return;
    const now = clock.now();
    if (await query(record, now)) return;
    const deadline =
      (record.promptExpiresAt ?? record.createdAt + config.reconcile.promptTimeoutMs) +
      config.reconcile.graceMs;
    if (now >= deadline) {
      await applier.apply(record.id, { status: 'expired', reason: 'no_response' }, 'deadline');
    }
  }

  async function pass(): Promise<void> {
    const pending = await store.listPending(BATCH_SIZE);
    for (const record of pending) {
      try {
        await settle(record);
      } catch (error) {
        logger.error(
          {
            paymentId: record.id,
            error,
          },
          'Reconciling a payment failed; will retry on the next pass',
        );
      }
    }
  }

  return {
    runOnce() {
      if (!running) {
        running = pass().finally(() => {
          running = undefined;
        });
      }
      return running;
    },
    async idle() {
      await running;
    },
  };
}
