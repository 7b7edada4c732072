// The provider contract suite for people writing adapters. Imports vitest, hence a separate entry.
export type {
  CallbackAuthentication,
  ContractFault,
  ContractOutcome,
  ContractWorld,
  ContractWorldOptions,
  ExpectedUpdate,
  ProviderContractFixture,
} from './testing/contract-fixture.js';
export {
  canonicalFailures,
  contractPhones,
  type FailureOutcome,
  failureOutcomes,
} from './testing/contract-outcomes.js';
export { describeProviderContract, HANG_TIMEOUT_MS } from './testing/provider-contract.js';
