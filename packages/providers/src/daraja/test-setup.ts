/** The setup factory the Daraja tests share: a parsed config wired to a fake Daraja and a manual clock. */
import type { CallbackInput, InitiateRequest, Msisdn } from '@lipwa/core';
import { type DarajaOptions, parseDarajaOptions } from './daraja-options.js';
import { createFakeDaraja, FAKE_BASE_URL, manualClock } from './test-fetch.js';
import { sandbox } from './test-payloads.js';

/** 2021-06-28 09:24:08 in Nairobi (06:24:08 UTC): the portal's second Password vector. */
export const START_MS = Date.UTC(2021, 5, 28, 6, 24, 8);

export function setupDaraja(overrides: Partial<DarajaOptions> = {}) {
  const fake = createFakeDaraja();
  const clock = manualClock(START_MS);
  const options: DarajaOptions = {
    consumerKey: sandbox.consumerKey,
    consumerSecret: sandbox.consumerSecret,
    shortcode: sandbox.shortcode,
    passkey: sandbox.passkey,
    baseUrl: FAKE_BASE_URL,
    fetch: fake.fetch,
    clock,
    ...overrides,
  };
  return { fake, clock, options, config: parseDarajaOptions(options) };
}

export function paymentRequest(overrides: Partial<InitiateRequest> = {}): InitiateRequest {
  return {
    paymentId: 'pay_01J2Z3',
    amount: { amount: 150_000, currency: 'KES' },
    phone: sandbox.msisdn as Msisdn,
    reference: 'ORDER-1042',
    description: 'Shoes',
    callbackUrl: 'https://shop.example/lipwa/callbacks/daraja/tok_9f8e7d',
    ...overrides,
  };
}

/** A callback as the kit hands it to a parser: POST, the exact bytes, the route's token. */
export function callbackInput(
  body: unknown,
  options: { token?: string; remoteAddress?: string; method?: string } = {},
): CallbackInput {
  return {
    method: options.method ?? 'POST',
    headers: { 'content-type': 'application/json' },
    rawBody: typeof body === 'string' ? body : JSON.stringify(body),
    query: {},
    params: {
      provider: 'daraja',
      ...(options.token === undefined ? {} : { token: options.token }),
    },
    remoteAddress: options.remoteAddress ?? '196.201.214.200',
  };
}
