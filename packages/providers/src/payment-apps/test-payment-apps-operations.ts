/// <reference types="node" />
/**
 * Test fixture for the payment-apps adapter's typed operations against @lipwa/simulator over
 * real HTTP: a fresh world per test, the adapter (recording what it sent), and the helpers the
 * operations tests share.
 */
import type { CallbackInput } from '@lipwa/core';
import type { FaultSpec } from '@lipwa/simulator';
import { afterEach, beforeEach } from 'vitest';
import type { PaymentAppsAdapter } from './payment-apps-adapter.js';
import type { PaymentAppsOptions } from './payment-apps-options.js';
import { type PaymentAppsWorld, startPaymentAppsWorld } from './test-payment-apps-fixture.js';

export const KES = (shillings: number) => ({ amount: shillings * 100, currency: 'KES' });
export const EXAMPLE_SMS =
  'QJI3R7GXWV Confirmed. Ksh100.00 received from JOHN DOE 0712345678 on 15/3/26 at 2:30 PM. New M-PESA balance is Ksh1,500.00.';

export let world: PaymentAppsWorld;
export let sent: { method: string; url: URL }[];
export let adapter: PaymentAppsAdapter;

export function adapterWith(overrides: Partial<PaymentAppsOptions> = {}): PaymentAppsAdapter {
  return world.adapterWith({
    timeoutMs: 2_000,
    fetch: async (input, init) => {
      sent.push({ method: init?.method ?? 'GET', url: new URL(String(input)) });
      return fetch(input, init);
    },
    ...overrides,
  });
}

/** Starts a world and an adapter before each test of the calling file; closes the world after. */
export function startWorldForEachTest(): void {
  beforeEach(async () => {
    world = await startPaymentAppsWorld();
    sent = [];
    adapter = adapterWith();
  });
  afterEach(async () => {
    await world.close();
  });
}

export function fault(spec: Omit<FaultSpec, 'provider'>): void {
  world.simulator.control.fault({ provider: 'payment-apps', ...spec });
}

export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected the promise to reject');
    },
    (reason: unknown) => reason,
  );
}

/** The webhooks received so far, verified as typed events. */
export async function events() {
  await world.idle();
  return Promise.all(
    world.received().map((input: CallbackInput) => adapter.webhooks.verify(input)),
  );
}

export async function paidPayment(): Promise<string> {
  const started = await adapter.initiate(world.request('254711000000'));
  await world.idle();
  return started.providerRef;
}
