/**
 * Test fixture for the gateway router tests: a simulator and a callback receiver started afresh
 * before each test, and the signed requests the tests send.
 */
import { afterEach, beforeEach } from 'vitest';
import { type RunningSimulator, startSimulator } from '../start-simulator.js';
import { type CallbackReceiver, startCallbackReceiver } from '../test-callback-receiver.js';
import { gatewaySandbox } from './gateway-sandbox.js';
import { withGatewaySignature } from './gateway-signature.js';

export let sim: RunningSimulator;
export let receiver: CallbackReceiver;
let orderSeq = 0;

/** Starts a simulator and a callback receiver before each test of the calling file; closes them after. */
export function startSimulatorForEachTest(): void {
  beforeEach(async () => {
    sim = await startSimulator({ autoResolveDelayMs: 1000, promptTimeoutMs: 60_000 });
    receiver = await startCallbackReceiver();
  });
  afterEach(async () => {
    await sim.close();
    await receiver.close();
  });
}

export function c2bBody(phone: string, overrides: Record<string, unknown> = {}) {
  orderSeq += 1;
  return {
    merchant_id: gatewaySandbox.merchantId,
    customer_id: phone,
    order_id: `order-${orderSeq}`,
    amount: '1500.00',
    currency: 'KES',
    country: 'KE',
    callback_url: receiver.url,
    provider_id: 40,
    ...overrides,
  };
}

export function post(
  path: string,
  body: unknown,
  init: { contentType?: string; publicId?: string } = {},
) {
  return fetch(`${sim.gateway.baseUrl}/${init.publicId ?? gatewaySandbox.publicId}/${path}`, {
    method: 'POST',
    headers: { 'content-type': init.contentType ?? 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

export function signed<T extends object>(body: T) {
  return withGatewaySignature(body, gatewaySandbox.secretKey);
}

export async function pay(phone: string, overrides: Record<string, unknown> = {}) {
  const body = c2bBody(phone, overrides);
  const response = await post('payment_c2b', signed(body));
  return { body, response, answer: (await response.json()) as Record<string, unknown> };
}

export async function status(orderId: string) {
  const response = await post(
    'status',
    signed({ merchant_id: gatewaySandbox.merchantId, order_id: orderId }),
  );
  return { response, answer: (await response.json()) as Record<string, unknown> };
}

export const authError = { result: { code: 10201, message: 'MERCHANT AUTHENTICATION ERROR' } };
