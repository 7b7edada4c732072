/// <reference types="node" />
/**
 * Test fixture for Cashfin's typed operations against @lipwa/simulator over real HTTP: a fresh
 * world per test, the adapter (recording its requests and sleeping in simulated time), the
 * sandbox catalogue, and the helpers the operations tests share.
 */
import { cashfinSandboxCatalogue, type FaultSpec } from '@lipwa/simulator';
import { afterEach, beforeEach } from 'vitest';
import { type CashfinAdapter, cashfin } from './cashfin-adapter.js';
import type { CashfinOptions } from './cashfin-options.js';
import { type CashfinWorld, startCashfinWorld } from './test-cashfin-fixture.js';

export const [customer] = cashfinSandboxCatalogue.customers;
export const [towel, shuka, , basket] = cashfinSandboxCatalogue.products;
export const [vat] = cashfinSandboxCatalogue.taxes;
export const KES = (shillings: number) => ({ amount: shillings * 100, currency: 'KES' });

export let world: CashfinWorld;
export let sent: { method: string; url: URL }[];
export let slept: number[];
export let adapter: CashfinAdapter;

/** An adapter on the world's simulator that records each request and sleeps in simulated time. */
export function adapterWith(overrides: Partial<CashfinOptions> = {}): CashfinAdapter {
  return cashfin({
    ...world.simulator.cashfin,
    timeoutMs: 5_000,
    fetch: async (input, init) => {
      sent.push({ method: init?.method ?? 'GET', url: new URL(String(input)) });
      return fetch(input, init);
    },
    sleep: async (ms) => {
      slept.push(ms);
      await world.advance(ms);
    },
    ...overrides,
  });
}

/** Starts a world and an adapter before each test of the calling file; closes the world after. */
export function startWorldForEachTest(): void {
  beforeEach(async () => {
    world = await startCashfinWorld();
    sent = [];
    slept = [];
    adapter = adapterWith();
  });
  afterEach(async () => {
    await world.close();
  });
}

/** Queues a Cashfin fault in the simulator (`api` is the typed writes, `query` the reads). */
export function simulatorFault(spec: Omit<FaultSpec, 'provider'>): void {
  world.simulator.control.fault({ provider: 'cashfin', ...spec });
}

export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected the promise to reject');
    },
    (reason: unknown) => reason,
  );
}

export function invoiceInput(overrides: Record<string, unknown> = {}) {
  return {
    customerId: customer?._id ?? '',
    items: [{ itemId: towel?._id ?? '', quantity: 2, rate: KES(1500) }],
    dueDate: '2099-04-15',
    title: 'March order',
    ...overrides,
  };
}
