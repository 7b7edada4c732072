/** CashPay and its simulator (hosted page included) against the shared provider contract suite. */
import { describeProviderContract } from '../testing/provider-contract.js';
import { cashpayFixture } from './test-cashpay-fixture.js';

describeProviderContract(cashpayFixture);
