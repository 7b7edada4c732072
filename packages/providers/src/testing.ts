// The provider contract suite for people writing adapters. Imports vitest, hence a separate entry.
export type {
  CallbackAuthentication,
  ContractFault,
  ContractOutcome,
  ContractWorld,
  ExpectedUpdate,
  ProviderContractFixture,
} from './testing/contract-fixture.js';
