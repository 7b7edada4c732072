/** Cashfin and its simulator against the shared provider contract suite. */
import { describeProviderContract } from '../testing/provider-contract.js';
import { cashfinFixture } from './test-cashfin-fixture.js';

describeProviderContract(cashfinFixture);
