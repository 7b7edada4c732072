export type { CallbackDelivery, OutgoingCallback } from './callback-sender.js';
export { cashfinSandboxCatalogue } from './cashfin/catalogue.js';
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
export {
  type CashpayChargeObject,
  type CashpayChargeStatus,
  cashpayStatusOf,
} from './cashpay/charges.js';
export { CASHPAY_SANDBOX_MERCHANT, cashpaySandbox } from './cashpay/sandbox.js';
export { darajaResultCodeOf } from './daraja/daraja-engine.js';
export { type MagicBehaviour, magicNumbers, sandboxTestMsisdn } from './daraja/magic-numbers.js';
export { stkPassword } from './daraja/password.js';
export { receiptNumber } from './daraja/receipt-number.js';
export {
  documentedResultCode,
  documentedResultCodes,
  resultDescription,
  resultDescriptions,
} from './daraja/result-codes.js';
export { darajaSandbox } from './daraja/sandbox.js';
export type { StkCallbackBody, StkCallbackItem } from './daraja/stk-callback.js';
export type { Prompt, Settlement, SimulatorControl } from './engine.js';
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
export { GATEWAY_CONFIRMATION_CODE as gatewayConfirmationCode } from './gateway/gateway-answers.js';
export { gatewayCodesOf } from './gateway/gateway-outcomes.js';
export { gatewaySandbox } from './gateway/gateway-sandbox.js';
export { gatewaySign, gatewaySignatureValid } from './gateway/gateway-signature.js';
export type { SimulatorKit } from './kit.js';
export type { SimulatorOptions } from './options.js';
export {
  isOutcome,
  type MagicOutcome,
  magicOutcome,
  magicOutcomes,
  type Outcome,
  outcomes,
} from './outcomes.js';
export { paymentAppsSandbox, paymentAppsSandboxApps } from './payment-apps/sandbox.js';
export { paymentAppsSignature } from './payment-apps/signature.js';
export type {
  PaymentAppsTransactionRecord,
  PaymentAppsWebhookBody,
} from './payment-apps/transaction-record.js';
export type { PhonePrompt } from './phone-book.js';
export { type RunningSimulator, startSimulator } from './start-simulator.js';
