export type { CallbackDelivery, OutgoingCallback } from './callback-sender.js';
export {
  type CashpayChargeObject,
  type CashpayChargeStatus,
  cashpayStatusOf,
} from './cashpay/charges.js';
export { CASHPAY_SANDBOX_MERCHANT, cashpaySandbox } from './cashpay/sandbox.js';
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
export { gatewayCodesOf } from './gateway/gateway-outcomes.js';
export { gatewaySandbox } from './gateway/gateway-sandbox.js';
export { gatewaySign, gatewaySignatureValid } from './gateway/gateway-signature.js';
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
export { paymentAppsSandbox } from './payment-apps/sandbox.js';
export { paymentAppsSignature } from './payment-apps/signature.js';
export type {
  PaymentAppsTransactionRecord,
  PaymentAppsWebhookBody,
} from './payment-apps/transaction-record.js';
export type { PhonePrompt } from './phone-book.js';
export { receiptNumber } from './receipt-number.js';
export { documentedResultCodes, resultDescription, resultDescriptions } from './result-codes.js';
export { darajaSandbox } from './sandbox.js';
export { type RunningSimulator, startSimulator } from './start-simulator.js';
export type { StkCallbackBody, StkCallbackItem } from './stk-callback.js';
