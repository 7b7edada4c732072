/**
 * Test fixture for the payment-apps router tests: a simulator on a fixed clock, started afresh
 * before each test with its webhooks going to a local receiver, and the requests the tests send.
 */
import { afterEach, beforeEach, expect } from 'vitest';
import { type RunningSimulator, startSimulator } from '../start-simulator.js';
import {
  startWebhookReceiver,
  type CallbackReceiver as WebhookReceiver,
} from '../test-callback-receiver.js';
import { paymentAppsSandbox } from './sandbox.js';

export const START = Date.UTC(2026, 2, 15, 11, 30, 0);
const fixedClock = { now: () => START };

export let sim: RunningSimulator;
export let receiver: WebhookReceiver;
export let logs: string[];

/** Starts a simulator and a webhook receiver before each test of the calling file; closes them after. */
export function startSimulatorForEachTest(): void {
  beforeEach(async () => {
    logs = [];
    receiver = await startWebhookReceiver('payment-apps');
    sim = await startSimulator({
      clock: fixedClock,
      webhooks: { 'payment-apps': receiver.url },
      log: (line) => logs.push(line),
    });
  });

  afterEach(async () => {
    await sim.close();
    await receiver.close();
  });
}

export const base = () => `${sim.paymentApps.baseUrl}/api`;
export const bearer = (token: string = paymentAppsSandbox.apiToken) => ({
  authorization: `Bearer ${token}`,
  accept: 'application/json',
});

export function post(path: string, body: unknown, headers: Record<string, string> = bearer()) {
  return fetch(`${base()}${path}`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

export function get(path: string, headers: Record<string, string> = bearer()) {
  return fetch(`${base()}${path}`, { headers });
}

export function requestBody(phone: string, overrides: Record<string, unknown> = {}) {
  return {
    phone_number: phone,
    amount: 1500,
    reference: 'ORDER1042',
    description: 'Shoes',
    ...overrides,
  };
}

interface Accepted {
  data: { id: number; CheckoutRequestID: string; MerchantRequestID: string };
}

export async function requestPayment(phone: string, overrides: Record<string, unknown> = {}) {
  const response = await post('/pay/1/requestPayment', requestBody(phone, overrides));
  expect(response.status).toBe(200);
  return ((await response.json()) as Accepted).data;
}

export async function settled() {
  await sim.control.advance(0);
  await sim.control.idle();
}

export async function statusOf(id: number) {
  const response = await get(`/pay/1/checkPaymentRequestStatus/${id}`);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

export const webhookBodies = () =>
  receiver.received.map((webhook) => JSON.parse(webhook.rawBody) as Record<string, unknown>);
