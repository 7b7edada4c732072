/**
 * Test fixture for the CashPay simulator tests over real HTTP: a simulator on a fixed clock and a
 * callback receiver, started afresh before each test, and the requests the tests send.
 */
import { afterEach, beforeEach } from 'vitest';
import { type RunningSimulator, startSimulator } from '../start-simulator.js';
import { type CallbackReceiver, startCallbackReceiver } from '../test-callback-receiver.js';
import { cashpaySandbox } from './sandbox.js';

export const START_MS = Date.UTC(2026, 0, 5, 9, 0, 0);

export let sim: RunningSimulator;
export let receiver: CallbackReceiver;

/** Starts a simulator and a callback receiver before each test of the calling file; closes them after. */
export function startSimulatorForEachTest(): void {
  beforeEach(async () => {
    sim = await startSimulator({ clock: { now: () => START_MS } });
    receiver = await startCallbackReceiver();
  });
  afterEach(async () => {
    await sim.close();
    await receiver.close();
  });
}

export const basic = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

export function tokenRequest(authorization?: string, body = 'grant_type=client_credentials') {
  return fetch(`${sim.cashpay.baseUrl}/oauth/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(authorization === undefined ? {} : { authorization }),
    },
    body,
  });
}

export async function token(): Promise<string> {
  const response = await tokenRequest(basic(cashpaySandbox.clientId, cashpaySandbox.clientSecret));
  return ((await response.json()) as { access_token: string }).access_token;
}

export const merchant = 'http://127.0.0.1:9/shop/orders/1042';

export function chargeBody(overrides: Record<string, unknown> = {}) {
  return {
    amount: 2000,
    currency: 'YER',
    description: 'Purchase of a watch',
    redirect_url: merchant,
    post_url: receiver.url.replace('/daraja/', '/cashpay/'),
    reference: 'ORDER-1042',
    ...overrides,
  };
}

export async function createCharge(overrides: Record<string, unknown> = {}, bearer?: string) {
  return fetch(`${sim.cashpay.baseUrl}/charges`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${bearer ?? (await token())}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify(chargeBody(overrides)),
  });
}

export interface Charge {
  id: string;
  status: string;
  amount: number;
  currency: string;
  transaction_url: string;
}

export async function newCharge(overrides: Record<string, unknown> = {}): Promise<Charge> {
  return (await (await createCharge(overrides)).json()) as Charge;
}

export async function retrieve(id: string): Promise<Response> {
  return fetch(`${sim.cashpay.baseUrl}/charges/${id}`, {
    headers: { authorization: `Bearer ${await token()}` },
  });
}

/** Submits one of the hosted page's buttons as a browser would, without following the redirect. */
export async function press(
  charge: Charge,
  action: 'approve' | 'decline' | 'close',
): Promise<Response> {
  const response = await fetch(`${charge.transaction_url}/${action}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `action=${action}`,
    redirect: 'manual',
  });
  await sim.control.idle();
  return response;
}
