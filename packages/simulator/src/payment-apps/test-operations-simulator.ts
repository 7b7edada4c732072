/**
 * Test fixture for the payment-apps gateway's other operations in the simulator: a simulator on
 * a fixed clock with its webhooks going to a local receiver, started afresh before each test, and
 * the calls the tests make.
 */
import { afterEach, beforeEach } from 'vitest';
import { type RunningSimulator, startSimulator } from '../start-simulator.js';
import {
  startWebhookReceiver,
  type CallbackReceiver as WebhookReceiver,
} from '../test-callback-receiver.js';
import { paymentAppsSandboxApps as apps, paymentAppsSandbox } from './sandbox.js';

export const START = Date.UTC(2026, 2, 15, 11, 30, 0);
export const EXAMPLE_SMS =
  'QJI3R7GXWV Confirmed. Ksh100.00 received from JOHN DOE 0712345678 on 15/3/26 at 2:30 PM. New M-PESA balance is Ksh1,500.00.';

export let sim: RunningSimulator;
export let receiver: WebhookReceiver;

/** Starts a simulator and a webhook receiver before each test of the calling file; closes them after. */
export function startSimulatorForEachTest(): void {
  beforeEach(async () => {
    receiver = await startWebhookReceiver('payment-apps');
    sim = await startSimulator({
      clock: { now: () => START },
      autoResolveDelayMs: 0,
      webhooks: { 'payment-apps': receiver.url },
    });
  });
  afterEach(async () => {
    await sim.close();
    await receiver.close();
  });
}

// biome-ignore lint/suspicious/noExplicitAny: answers are read field by field.
export type Loose = any;

export async function call(
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  token: string = paymentAppsSandbox.apiToken,
): Promise<{ status: number; json: Loose; text: string; type: string | null }> {
  const response = await fetch(`${sim.paymentApps.baseUrl}/api${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      accept: 'application/json',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  let json: Loose;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, json, text, type: response.headers.get('content-type') };
}

export async function settled() {
  await sim.control.advance(0);
  await sim.control.idle();
}

export const send = (body: Record<string, unknown>, app: number = apps.b2c) =>
  call('POST', `/pay/${app}/sendMoney`, {
    phone_number: '254708374149',
    amount: 500,
    command_id: 'BusinessPayment',
    remarks: 'Refund',
    ...body,
  });

export async function paidStk(): Promise<number> {
  const { json } = await call('POST', `/pay/${apps.express}/requestPayment`, {
    phone_number: '254711000000',
    amount: 1500,
    reference: 'ORDER1042',
  });
  await settled();
  return json.data.id;
}
