/**
 * The kit's running state: the reconciler timer, the open status streams, and `close()`, which
 * owns everything `createLipwa` opened or was given (the bus and the store).
 */

import type { KitParts } from './kit-assembly.js';
import type { LipwaConfig } from './options.js';

export interface KitLifecycle {
  start(): void;
  close(): Promise<void>;
  /** Keeps track of an open stream so `close()` can end it; returns the untrack function. */
  trackStream(end: () => void): () => void;
}

export function createKitLifecycle(config: LipwaConfig, parts: KitParts): KitLifecycle {
  const streams = new Set<() => void>();
  let timer: NodeJS.Timeout | undefined;
  let closing: Promise<void> | undefined;

  async function tick(): Promise<void> {
    try {
      await parts.reconciler.runOnce();
    } catch (error) {
      config.logger.error({ error }, 'Reconciliation pass failed');
    }
  }

  async function closeAll(): Promise<void> {
    if (timer) clearInterval(timer);
    timer = undefined;
    for (const end of [...streams]) end();
    streams.clear();
    await Promise.allSettled([
      parts.reconciler.idle(),
      parts.starter.settled(),
      parts.webhookSender?.stop(),
    ]);
    try {
      await config.bus.close?.();
    } finally {
      await config.store.close?.();
    }
  }

  return {
    start() {
      if (timer) return;
      timer = setInterval(() => void tick(), config.reconcile.intervalMs);
      timer.unref();
      parts.webhookSender?.start();
    },
    close() {
      closing ??= closeAll();
      return closing;
    },
    trackStream(end) {
      streams.add(end);
      return () => streams.delete(end);
    },
  };
}
