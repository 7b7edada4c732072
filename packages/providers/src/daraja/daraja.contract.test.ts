/** Daraja and its simulator against the shared provider contract suite. */
import { describeProviderContract } from '../testing/provider-contract.js';
import { darajaFixture } from './test-daraja-fixture.js';

describeProviderContract(darajaFixture);
