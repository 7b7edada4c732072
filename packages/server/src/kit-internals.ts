/**
 * What the kit does that is not the merchant's API: read sessions, start payments, take callbacks,
 * stream changes, reconcile. The router calls these; this package's own tests reach them through
 * `internalsOf(lipwa)`. Not exported from the package.
 */
import type { CheckoutSession, PaymentView } from '@lipwa/core';
import type { Lipwa } from './lipwa.js';
import type { LipwaConfig } from './options.js';
import type { CallbackAnswer, CallbackRequest } from './payments/callback-handler.js';
import type { StartContext, StartResult } from './payments/payment-starter.js';

export interface LipwaInternals {
  readonly config: LipwaConfig;
  readSession(token: string, origin?: string): Promise<CheckoutSession>;
  startPayment(token: string, body: unknown, context?: StartContext): Promise<StartResult>;
  handleCallback(
    providerId: string,
    token: string,
    input: CallbackRequest,
  ): Promise<CallbackAnswer>;
  handleFixedCallback(providerId: string, input: CallbackRequest): Promise<CallbackAnswer>;
  subscribe(paymentId: string, listener: (view: PaymentView) => void): () => void;
  reconcileOnce(): Promise<void>;
  /** One webhook sender pass (0 without `webhooks`); the timer runs it after `start()`. */
  sendWebhooksOnce(): Promise<number>;
}

const registry = new WeakMap<Lipwa, LipwaInternals>();

export function registerInternals(lipwa: Lipwa, internals: LipwaInternals): void {
  registry.set(lipwa, internals);
}

export function internalsOf(lipwa: Lipwa): LipwaInternals {
  const internals = registry.get(lipwa);
  if (!internals) throw new Error('Not a kit made by createLipwa.');
  return internals;
}
