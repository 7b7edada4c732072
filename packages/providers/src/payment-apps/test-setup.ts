/** The setup factory the payment-apps unit tests share: options wired to a fake gateway. */
import type { InitiateRequest, Msisdn } from '@lipwa/core';
import { type PaymentAppsOptions, parsePaymentAppsOptions } from './payment-apps-options.js';
import { createFakeGateway, FAKE_BASE_URL } from './test-fetch.js';
import { credentials } from './test-payloads.js';

export const NOW = Date.UTC(2026, 2, 15, 11, 30, 0);

export function setupPaymentApps(overrides: Partial<PaymentAppsOptions> = {}) {
  const gateway = createFakeGateway();
  const options: PaymentAppsOptions = {
    ...credentials,
    baseUrl: FAKE_BASE_URL,
    fetch: gateway.fetch,
    clock: { now: () => NOW },
    ...overrides,
  };
  return { gateway, options, config: parsePaymentAppsOptions(options) };
}

export function paymentRequest(overrides: Partial<InitiateRequest> = {}): InitiateRequest {
  return {
    paymentId: 'pay_01J2Z3',
    amount: { amount: 150_000, currency: 'KES' },
    phone: '254712345678' as Msisdn,
    reference: 'ORDER-1042',
    description: 'Shoes',
    callbackUrl: 'https://shop.example/lipwa/callbacks/payment-apps',
    ...overrides,
  };
}
