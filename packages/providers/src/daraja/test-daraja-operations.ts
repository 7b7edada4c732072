/**
 * Test fixture for Daraja's operations against @lipwa/simulator over real HTTP on 127.0.0.1:
 * one simulator and one merchant endpoint per test file (reset after each test), the adapter
 * pointed at them, and the helpers the operations tests share.
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
import { type DarajaAdapter, daraja } from './daraja-adapter.js';
import type { DarajaOptions } from './daraja-options.js';

export const TOKEN = 'tok_results_9c1f4a7e2d';

export let sim: RunningSimulator;
export let shop: MerchantEndpoint;
export let adapter: DarajaAdapter;

export function setupAdapter(overrides: Partial<DarajaOptions> = {}): DarajaAdapter {
  return daraja({ ...sim.daraja, callbackToken: TOKEN, ...overrides });
}

/**
 * Starts the simulator and the shop before the calling file's tests and closes them after;
 * after each test, lets owed requests arrive and resets both. The shop acknowledges every
 * request; a C2B validation request goes to `validate` when given.
 */
export function startSimulatorAndShop(validate?: (input: CallbackInput) => EndpointAnswer): void {
  beforeAll(async () => {
    sim = await startSimulator({ port: 0, autoResolveDelayMs: 0 });
    shop = await startMerchantEndpoint((input, path) => {
      if (!path.includes('/daraja-validate/') || !validate)
        return { status: 200, body: adapter.c2b.acknowledge().body };
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

/** Lets every result and C2B request the simulator owes arrive. */
export async function settle(): Promise<void> {
  await sim.control.advance(0);
  await sim.control.idle();
}

const urls = {
  resultUrl: () => `${shop.origin}/lipwa/callbacks/daraja-result/${TOKEN}`,
  timeoutUrl: () => `${shop.origin}/lipwa/callbacks/daraja-timeout/${TOKEN}`,
};
export const resultUrls = () => ({ resultUrl: urls.resultUrl(), timeoutUrl: urls.timeoutUrl() });

export function kes(shillings: number) {
  return { amount: shillings * 100, currency: 'KES' };
}

/** The one request of a list, or a failure that says it never came. */
export function first<T>(items: readonly T[]): T {
  const [item] = items;
  if (item === undefined) throw new Error('expected a request from the simulator');
  return item;
}

export function results() {
  return shop.to('/daraja-result/');
}

export async function errorOf(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}
