/**
 * In-process publish/subscribe of payment views, keyed by payment id. The interface is the seam
 * where a PostgreSQL LISTEN/NOTIFY or Redis bus plugs in to reach streams on other instances.
 */
import type { PaymentView } from '@lipwa/core';

export type PaymentListener = (view: PaymentView) => void;

export interface EventBus {
  publish(paymentId: string, view: PaymentView): void;
  /** Returns the function that unsubscribes. */
  subscribe(paymentId: string, listener: PaymentListener): () => void;
}

export interface MemoryEventBusOptions {
  /** Told about a listener that threw; the other listeners still run. */
  onListenerError?: (error: unknown) => void;
}

export function createMemoryEventBus(options: MemoryEventBusOptions = {}): EventBus {
  const listeners = new Map<string, Set<PaymentListener>>();
  return {
    publish(paymentId, view) {
      // Copy first: a listener may unsubscribe (a stream ending) while we iterate.
      for (const listener of [...(listeners.get(paymentId) ?? [])]) {
        try {
          listener(view);
        } catch (error) {
          options.onListenerError?.(error);
        }
      }
    },
    subscribe(paymentId, listener) {
      const set = listeners.get(paymentId) ?? new Set<PaymentListener>();
      set.add(listener);
      listeners.set(paymentId, set);
      return () => {
        set.delete(listener);
        if (set.size === 0 && listeners.get(paymentId) === set) listeners.delete(paymentId);
      };
    },
  };
}
