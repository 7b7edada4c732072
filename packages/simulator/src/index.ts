export type { CallbackDelivery, OutgoingCallback } from './callback-sender.js';
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
export type { PhonePrompt } from './phone-book.js';
export { type RunningSimulator, startSimulator } from './start-simulator.js';
