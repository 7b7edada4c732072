/** The Payment Gateway v5.7.2 and its simulator against the shared provider contract suite. */
import { describeProviderContract } from '../testing/provider-contract.js';
import { gatewayFixture } from './test-gateway-fixture.js';

describeProviderContract(gatewayFixture);
