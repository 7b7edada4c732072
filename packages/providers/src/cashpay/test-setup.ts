/** The setup factory the CashPay unit tests share: a parsed config wired to a fake CashPay and a manual clock. */
import type { CallbackInput, InitiateRequest } from '@lipwa/core';
import { type CashpayOptions, parseCashpayOptions } from './cashpay-options.js';
import { createFakeCashpay, FAKE_BASE_URL, manualClock } from './test-fetch.js';

export const START_MS = Date.UTC(2026, 0, 5, 9, 0, 0);

export const credentials = {
  clientId: 'client-abc',
  clientSecret: 'very-secret-value',
  currency: 'YER',
} as const;

export function setupCashpay(overrides: Partial<CashpayOptions> = {}) {
  const fake = createFakeCashpay();
  const clock = manualClock(START_MS);
  const options: CashpayOptions = {
    ...credentials,
    baseUrl: FAKE_BASE_URL,
    fetch: fake.fetch,
    clock,
    ...overrides,
  };
  return { fake, clock, options, config: parseCashpayOptions(options) };
}

export function paymentRequest(overrides: Partial<InitiateRequest> = {}): InitiateRequest {
  return {
    paymentId: 'pay_01J2Z3',
    amount: { amount: 200_000, currency: 'YER' },
    reference: 'ORDER-1042',
    description: 'Purchase of a watch',
    callbackUrl: 'https://shop.example/lipwa/callbacks/cashpay/tok_9f8e7d',
    returnUrl: 'https://shop.example/orders/1042',
    ...overrides,
  };
}

export function webhook(body: unknown, overrides: Partial<CallbackInput> = {}): CallbackInput {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    rawBody: typeof body === 'string' ? body : JSON.stringify(body),
    query: {},
    params: { provider: 'cashpay', token: 'tok_9f8e7d' },
    ...overrides,
  };
}
