/**
 * Publish/subscribe of payment views, keyed by payment id. The memory bus reaches the streams of
 * this process only; `@lipwa/server/postgres` and `@lipwa/server/redis` provide buses that reach
 * the streams of every instance sharing a channel.
 */
import type { PaymentView } from '@lipwa/core';
import type { Logger } from '../logger.js';
import { createLocalListeners, type PaymentListener } from './local-listeners.js';

export type { PaymentListener } from './local-listeners.js';

/** What `createLipwa` hands a bus that wants it: the kit's logger and a reader of payments. */
export interface EventBusContext {
  readonly logger: Logger;
  /** The payment's current view from the store, or `undefined` when there is none. */
  readonly load: (paymentId: string) => Promise<PaymentView | undefined>;
}

export interface EventBus {
  publish(paymentId: string, view: PaymentView): void;
  /** Returns the function that unsubscribes. */
  subscribe(paymentId: string, listener: PaymentListener): () => void;
  /** Called once by `createLipwa`; options given to the bus itself take precedence. */
  attach?(context: EventBusContext): void;
  /** Releases connections; `lipwa.close()` calls it. */
  close?(): Promise<void>;
}

export interface MemoryEventBusOptions {
  /** Told about a listener that threw; the other listeners still run. */
  onListenerError?: (error: unknown) => void;
}

export function createMemoryEventBus(options: MemoryEventBusOptions = {}): EventBus {
  const local = createLocalListeners((error) => options.onListenerError?.(error));
  return {
    publish: (paymentId, view) => local.deliver(paymentId, view),
    subscribe: (paymentId, listener) => local.add(paymentId, listener),
  };
}
