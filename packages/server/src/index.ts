export {
  createMemoryEventBus,
  type EventBus,
  type EventBusContext,
  type MemoryEventBusOptions,
  type PaymentListener,
} from './buses/event-bus.js';
export { createLipwa, type Lipwa } from './create-lipwa.js';
export { type ProblemResponse, toProblem } from './http/problem.js';
export { createConsoleLogger, type LogFields, type Logger } from './logger.js';
export {
  type LipwaConfig,
  type LipwaOptions,
  type PaymentFinalEvent,
  type PaymentReviewEvent,
  parseOptions,
} from './options.js';
export type { CallbackAnswer, CallbackRequest } from './payments/callback-handler.js';
export type { StartContext } from './payments/payment-starter.js';
export { toPaymentView } from './payments/payment-view.js';
export { createMemoryStore } from './stores/memory-store.js';
export type {
  PaymentEvent,
  PaymentEventKind,
  PaymentPatch,
  PaymentRecord,
  ReviewReason,
  UnmatchedCallback,
} from './stores/payment-record.js';
export type { CreateAttemptResult, PaymentStore } from './stores/payment-store.js';
