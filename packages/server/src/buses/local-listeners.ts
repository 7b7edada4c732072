/**
 * The listeners of one process, keyed by payment id: the fan-out every bus uses to reach the
 * status streams it holds.
 */
import type { PaymentView } from '@lipwa/core';

export type PaymentListener = (view: PaymentView) => void;

export interface LocalListeners {
  add(paymentId: string, listener: PaymentListener): () => void;
  deliver(paymentId: string, view: PaymentView): void;
  has(paymentId: string): boolean;
  /** Payment ids that have at least one listener right now. */
  paymentIds(): string[];
}

export function createLocalListeners(onListenerError: (error: unknown) => void): LocalListeners {
  const listeners = new Map<string, Set<PaymentListener>>();
  return {
    add(paymentId, listener) {
      const set = listeners.get(paymentId) ?? new Set<PaymentListener>();
      set.add(listener);
      listeners.set(paymentId, set);
      return () => {
        set.delete(listener);
        if (set.size === 0 && listeners.get(paymentId) === set) listeners.delete(paymentId);
      };
    },
    deliver(paymentId, view) {
      // Copy first: a listener may unsubscribe (a stream ending) while we iterate.
      for (const listener of [...(listeners.get(paymentId) ?? [])]) {
        try {
          listener(view);
        } catch (error) {
          onListenerError(error);
        }
      }
    },
    has: (paymentId) => listeners.has(paymentId),
    paymentIds: () => [...listeners.keys()],
  };
}
