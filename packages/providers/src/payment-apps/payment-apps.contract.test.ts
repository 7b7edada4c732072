/** The payment-apps API and its simulator against the shared provider contract suite. */
import { describeProviderContract } from '../testing/provider-contract.js';
import { paymentAppsFixture } from './test-payment-apps-fixture.js';

describeProviderContract(paymentAppsFixture);
