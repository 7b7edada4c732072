export type { CallbackDelivery } from './callback-sender.js';
export type { Prompt, Settlement, SimulatorControl } from './engine.js';
export {
  type Fault,
  type FaultKind,
  type FaultOperation,
  type FaultSpec,
  faultKinds,
  faultOperations,
} from './faults.js';
export { type MagicBehaviour, magicNumbers, sandboxTestMsisdn } from './magic-numbers.js';
export type { SimulatorOptions } from './options.js';
export { stkPassword } from './password.js';
export { receiptNumber } from './receipt-number.js';
export { documentedResultCodes, resultDescription, resultDescriptions } from './result-codes.js';
export { darajaSandbox } from './sandbox.js';
export { type RunningSimulator, startSimulator } from './start-simulator.js';
export type { StkCallbackBody, StkCallbackItem } from './stk-callback.js';
