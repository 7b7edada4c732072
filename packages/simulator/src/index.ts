export type { CallbackDelivery, OutgoingCallback } from './callback-sender.js';
export { cashfinPlans } from './cashfin/rate-limiter.js';
export { cashfinSandbox } from './cashfin/sandbox.js';
export {
  CASHFIN_SIGNATURE_HEADER,
  type CashfinPaymentData,
  type CashfinPaymentEventType,
  type CashfinPaymentStatus,
  type CashfinResult,
  type CashfinWebhookEvent,
  cashfinResultOf,
  signCashfinWebhook,
  signedCashfinWebhook,
} from './cashfin/webhook.js';
export type { Prompt, Settlement, SimulatorControl } from './engine.js';
export { darajaResultCodeOf } from './engine.js';
export {
  type Fault,
  type FaultKind,
  type FaultOperation,
  type FaultSpec,
  faultKinds,
  faultOperations,
  type SimulatedProvider,
  simulatedProviders,
} from './faults.js';
export type { SimulatorKit } from './kit.js';
export { type MagicBehaviour, magicNumbers, sandboxTestMsisdn } from './magic-numbers.js';
export type { SimulatorOptions } from './options.js';
export {
  isOutcome,
  type MagicOutcome,
  magicOutcome,
  magicOutcomes,
  type Outcome,
  outcomes,
} from './outcomes.js';
export { stkPassword } from './password.js';
export type { PhonePrompt } from './phone-book.js';
export { receiptNumber } from './receipt-number.js';
export { documentedResultCodes, resultDescription, resultDescriptions } from './result-codes.js';
export { darajaSandbox } from './sandbox.js';
export { type RunningSimulator, startSimulator } from './start-simulator.js';
export type { StkCallbackBody, StkCallbackItem } from './stk-callback.js';
