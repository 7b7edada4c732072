/**
 * Test fixture for the gateway's operations against @lipwa/simulator over real HTTP on
 * 127.0.0.1: one simulator and one merchant endpoint per test file (reset after each test), the
 * adapter pointed at them, and the helpers the operations tests share.
 */
import type { CallbackInput } from '@lipwa/core';
import { ProviderError } from '@lipwa/core';
import { type RunningSimulator, startSimulator } from '@lipwa/simulator';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import {
  type EndpointAnswer,
  type MerchantEndpoint,
  startMerchantEndpoint,
} from '../testing/test-merchant-endpoint.js';
import { type GatewayAdapter, paymentGateway } from './gateway-adapter.js';
import type { GatewayOptions } from './gateway-options.js';

export let sim: RunningSimulator;
export let shop: MerchantEndpoint;
export let adapter: GatewayAdapter;
let orderSeq = 0;

export function setupAdapter(overrides: Partial<GatewayOptions> = {}): GatewayAdapter {
  return paymentGateway({ ...sim.gateway, ...overrides });
}

/**
 * Starts the simulator and the shop before the calling file's tests and closes them after;
 * after each test, lets owed requests arrive and resets both. The shop answers every request
 * `{ result: { code: 0 } }`; a paybill validation request goes to `validate` when given.
 */
export function startSimulatorAndShop(validate?: (input: CallbackInput) => EndpointAnswer): void {
  beforeAll(async () => {
    sim = await startSimulator({ port: 0, autoResolveDelayMs: 0, callbackTimeoutMs: 2_000 });
    shop = await startMerchantEndpoint((input, path) => {
      if (!path.includes('/gateway-validate') || !validate)
        return { status: 200, body: { result: { code: 0 } } };
      return validate(input);
    });
    adapter = setupAdapter();
  });

  afterAll(async () => {
    await sim.close();
    await shop.close();
  });

  afterEach(async () => {
    await settle();
    sim.control.reset();
    shop.received.length = 0;
  });
}

export async function settle(): Promise<void> {
  await sim.control.advance(0);
  await sim.control.idle();
}

export function kes(major: number) {
  return { amount: major * 100, currency: 'KES' };
}

export function nextOrder(prefix = 'payout'): string {
  orderSeq += 1;
  return `${prefix}-${orderSeq}`;
}

export function payout(phone: string, major: number) {
  return {
    orderId: nextOrder(),
    phone,
    amount: kes(major),
    callbackUrl: `${shop.origin}/lipwa/callbacks/gateway/tok_payouts_1`,
  };
}

export async function errorOf(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

/** Registers the shop's paybill URLs with the simulator (what the gateway's tech team does). */
export async function registerPaybill(withValidation = true): Promise<void> {
  const response = await fetch(`${sim.gateway.baseUrl}/_sandbox/${sim.gateway.publicId}/paybill`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      callback_url: `${shop.origin}/lipwa/callbacks/gateway-paybill`,
      ...(withValidation
        ? { validation_url: `${shop.origin}/lipwa/callbacks/gateway-validate` }
        : {}),
    }),
  });
  expect(response.status).toBe(204);
}
