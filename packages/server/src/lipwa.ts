/**
 * The merchant's API, shaped like stripe-node's resources: `lipwa.sessions.create(...)`,
 * `lipwa.payments.retrieve(id)`, `lipwa.payments.list({ ... })`, plus `router()`, `start()` and
 * `close()`. It returns public `PaymentView`s, never stored records. The names of 0.1 remain for
 * one minor version, deprecated (each warns once through the kit's logger).
 */
import type {
  CheckoutSession,
  CreateSessionInput,
  PaymentStatus,
  PaymentView,
  StartPaymentBody,
} from '@lipwa/core';
import type { Router } from 'express';
import type { CallbackAnswer, CallbackRequest } from './payments/callback-handler.js';
import type { StartContext } from './payments/payment-starter.js';
import type { PayoutInput, PayoutView } from './payouts/payouts.js';
import type { RefundRequested } from './refunds/refunds.js';
import type { PaymentRecord } from './stores/payment-record.js';
import type { LipwaWebhooks } from './webhooks/webhooks-resource.js';

export interface CreatedSession {
  /** The signed session token: give it to `<lipwa-checkout session="…">`. */
  readonly token: string;
  readonly session: CheckoutSession;
}

export interface PaymentListParams {
  /** Only attempts for this merchant reference (your order id). */
  readonly reference?: string | undefined;
  /** Only payments in this status. */
  readonly status?: PaymentStatus | undefined;
  /** The most payments the iteration yields; default: all of them (fetched 100 at a time). */
  readonly limit?: number | undefined;
  /** A payment id: continue after it (payments are listed newest first). */
  readonly startingAfter?: string | undefined;
}

export interface LipwaSessions {
  /** Mints a checkout session token for the amount and reference your server decided. */
  create(input: CreateSessionInput): Promise<CreatedSession>;
}

export interface LipwaPayments {
  /** The payment's public view; throws `LipwaError` `payment_not_found` (404) when unknown. */
  retrieve(id: string): Promise<PaymentView>;
  /**
   * Payments newest first, as an async iterable that fetches pages as you go:
   * `for await (const payment of lipwa.payments.list({ reference: 'ORDER-1' })) { … }`.
   * Bad parameters throw `ValidationError` at once; an unknown `startingAfter` when iterating.
   */
  list(params?: PaymentListParams): AsyncIterable<PaymentView>;
  /**
   * Asks the provider to reverse a completed payment. Resolves once the request is accepted
   * (`status: 'pending'`); the payment becomes `reversed` when the provider's result arrives, and
   * `hooks.onPaymentFinal` hears it. Refusals are `LipwaError`s with `details.refusal`:
   * `not_supported` (the provider cannot reverse), `not_completed`, `already_reversed`,
   * `refund_pending`.
   */
  refund(id: string): Promise<RefundRequested>;
}

export interface LipwaPayouts {
  /**
   * Pays a customer (B2C) through the first provider that can, or `input.provider`. Checked before
   * anything is sent; one payout per `reference` (sending it again returns the first payout and
   * never pays twice). Resolves `pending`; the provider's result settles it (`retrieve`).
   */
  send(input: PayoutInput): Promise<PayoutView>;
  retrieve(id: string): Promise<PayoutView>;
}

export interface Lipwa {
  readonly sessions: LipwaSessions;
  readonly payments: LipwaPayments;
  /**
   * The webhook outbox: `list({ status })` and `replay(id)`. Works on any store with an outbox,
   * also without `webhooks` configured (e.g. to inspect what another instance sends).
   */
  readonly webhooks: LipwaWebhooks;
  readonly payouts: LipwaPayouts;
  /** The Express router to mount: `app.use('/lipwa', lipwa.router())`. */
  router(): Router;
  /**
   * Starts the reconciler timer and, with `webhooks`, the webhook sender's (both unref'd, so
   * they never keep the process alive).
   */
  start(): void;
  /**
   * Stops the reconciler, ends open status streams, waits for work in progress, then closes the
   * bus and the store, whether `createLipwa` made them or was given them (their `close()`, if
   * they have one). Idempotent: later calls return the first call's promise.
   */
  close(): Promise<void>;

  /** @deprecated Since 0.2; removed in 0.3. Use `lipwa.sessions.create(input)`. */
  createSession(input: CreateSessionInput): Promise<CreatedSession>;
  /**
   * @deprecated Since 0.2; removed in 0.3. Use `lipwa.payments.retrieve(id)`, which returns the
   * public `PaymentView`. This one returns the stored record (full phone, token hash, version).
   */
  getPayment(id: string): Promise<PaymentRecord | undefined>;
  /** @deprecated Since 0.2; removed in 0.3. The router's `POST /payments` does this. */
  startPayment(
    token: string,
    body: StartPaymentBody,
    context?: StartContext,
  ): Promise<{ payment: PaymentView; created: boolean }>;
  /** @deprecated Since 0.2; removed in 0.3. The router reads sessions itself. */
  readSession(token: string, origin?: string): Promise<CheckoutSession>;
  /** @deprecated Since 0.2; removed in 0.3. Mount `lipwa.router()`: it takes callbacks. */
  handleCallback(
    providerId: string,
    token: string,
    input: CallbackRequest,
  ): Promise<CallbackAnswer>;
  /** @deprecated Since 0.2; removed in 0.3. Mount `lipwa.router()`: it takes callbacks. */
  handleFixedCallback(providerId: string, input: CallbackRequest): Promise<CallbackAnswer>;
  /** @deprecated Since 0.2; removed in 0.3. Use `hooks.onPaymentFinal` / `onPaymentReview`. */
  subscribe(paymentId: string, listener: (view: PaymentView) => void): () => void;
  /** @deprecated Since 0.2; removed in 0.3. `lipwa.payments.retrieve(id)` returns the view. */
  view(record: PaymentRecord): PaymentView;
  /** @deprecated Since 0.2; removed in 0.3. `lipwa.start()` runs reconciliation on a timer. */
  reconcileOnce(): Promise<void>;
}
