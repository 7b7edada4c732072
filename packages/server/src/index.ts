export type { CallbackAnswer, CallbackRequest } from './callback-handler.js';
export { createLipwa, type Lipwa } from './create-lipwa.js';
export {
  createMemoryEventBus,
  type EventBus,
  type EventBusContext,
  type MemoryEventBusOptions,
  type PaymentListener,
} from './event-bus.js';
export { createConsoleLogger, type LogFields, type Logger } from './logger.js';
export { createMemoryStore } from './memory-store.js';
export {
  type LipwaConfig,
  type LipwaOptions,
  type PaymentFinalEvent,
  type PaymentReviewEvent,
  parseOptions,
} from './options.js';
export type {
  PaymentEvent,
  PaymentEventKind,
  PaymentPatch,
  PaymentRecord,
  ReviewReason,
  UnmatchedCallback,
} from './payment-record.js';
export type { StartContext } from './payment-starter.js';
export type { CreateAttemptResult, PaymentStore } from './payment-store.js';
export { toPaymentView } from './payment-view.js';
export { type ProblemResponse, toProblem } from './problem.js';
