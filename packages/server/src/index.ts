// The merchant's API: createLipwa and what it returns.

// Errors a caller branches on (`code`, `statusCode`; `ProviderError` adds `retryable`, `providerCode`).
export {
  CallbackError,
  ConfigError,
  isLipwaError,
  LipwaError,
  ProviderError,
  SessionError,
  ValidationError,
} from '@lipwa/core';
// Contracts for your own store, bus and logger (conformance suites: `@lipwa/server/testing`).
export {
  createMemoryEventBus,
  type EventBus,
  type EventBusContext,
  type MemoryEventBusOptions,
  type PaymentListener,
} from './buses/event-bus.js';
export { createLipwa } from './create-lipwa.js';
export { type ProblemResponse, toProblem } from './http/problem.js';
export type { LimitDecision, LimitRule, LimitStore } from './limits/limit-store.js';
export { createMemoryLimitStore } from './limits/memory-limit-store.js';
export type {
  CreatedSession,
  Lipwa,
  LipwaPayments,
  LipwaPayouts,
  LipwaSessions,
  PaymentListParams,
} from './lipwa.js';
export { createConsoleLogger, type LogFields, type Logger } from './logger.js';
// Deprecated since 0.2, removed in 0.3: the kit's internals, once on the surface.
/** @deprecated Since 0.2; the internal configuration is not the merchant's to hold. */
export type {
  LipwaConfig,
  LipwaOptions,
  PaymentFinalEvent,
  PaymentReviewEvent,
} from './options.js';
export { parseOptions } from './parse-options-deprecated.js';
export type {
  ManualAnswer,
  ManualPayment,
  ManualPaymentHook,
  ManualRefusal,
} from './paybill/manual-payment-hook.js';
export type { UnmatchedPaymentEvent } from './paybill/manual-payments.js';
/** @deprecated Since 0.2; goes with `lipwa.handleCallback`. */
export type { CallbackAnswer, CallbackRequest } from './payments/callback-handler.js';
/** @deprecated Since 0.2; goes with `lipwa.startPayment`. */
export type { StartContext } from './payments/payment-starter.js';
export { toPaymentView } from './payments/payment-view.js';
export {
  createMemoryPayoutStore,
  type PayoutPatch,
  type PayoutRecord,
  type PayoutStatus,
  type PayoutStore,
} from './payouts/payout-store.js';
export type { PayoutInput, PayoutView } from './payouts/payouts.js';
export type { RefundRefusal, RefundRequested } from './refunds/refunds.js';
export { createMemoryStore } from './stores/memory-store.js';
export type {
  PaymentEvent,
  PaymentEventKind,
  PaymentPatch,
  PaymentRecord,
  ReviewReason,
  UnmatchedCallback,
} from './stores/payment-record.js';
export type {
  CreateAttemptResult,
  PaymentListQuery,
  PaymentStore,
} from './stores/payment-store.js';
export { type LipwaWebhookEvent, verifyWebhook } from './webhooks/verify-webhook.js';
export {
  type DeliveryStatus,
  WEBHOOK_EVENT_TYPES,
  type WebhookDelivery,
  type WebhookEventType,
} from './webhooks/webhook-delivery.js';
export type { WebhooksOptions } from './webhooks/webhook-options.js';
export type {
  LipwaWebhooks,
  WebhookDeliveryView,
  WebhookListParams,
} from './webhooks/webhooks-resource.js';
