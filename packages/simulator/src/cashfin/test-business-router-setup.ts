/**
 * Test setup for the simulator's Cashfin business endpoints: a Cashfin fixture on a fixed clock
 * started afresh before each test, the sandbox catalogue, and the calls the tests make.
 */
import { afterEach, beforeEach, expect } from 'vitest';
import { cashfinSandboxCatalogue } from './catalogue.js';
import { cashfinSandbox } from './sandbox.js';
import { type CashfinFixture, startCashfinFixture } from './test-cashfin-client.js';

export const [customer] = cashfinSandboxCatalogue.customers;
export const [towel, shuka, , basket] = cashfinSandboxCatalogue.products;
export const [vat] = cashfinSandboxCatalogue.taxes;

export let fx: CashfinFixture;

/** Starts a Cashfin fixture before each test of the calling file; closes it after. */
export function startFixtureForEachTest(): void {
  beforeEach(async () => {
    fx = await startCashfinFixture({ clock: { now: () => Date.UTC(2026, 2, 15, 9, 0, 0) } });
  });
  afterEach(async () => {
    await fx.close();
  });
}

export async function call(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = { authorization: cashfinSandbox.clientSecret },
): Promise<{ status: number; json: Record<string, unknown> & { data?: never } }> {
  const response = await fetch(`${fx.simulator.cashfin.baseUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, json: (await response.json()) as never };
}

// biome-ignore lint/suspicious/noExplicitAny: test answers are read field by field.
export type Loose = any;

export function invoiceBody(overrides: Record<string, unknown> = {}) {
  return {
    customerid: customer?._id,
    items: [{ itemid: towel?._id, quantity: 2, rate: 1500 }],
    duedate: '2026-04-15T00:00:00.000Z',
    title: 'March order',
    ...overrides,
  };
}

export async function createInvoice(overrides: Record<string, unknown> = {}): Promise<Loose> {
  const { status, json } = await call('POST', '/business/invoice/create', invoiceBody(overrides));
  expect(status).toBe(201);
  return (json as Loose).data;
}
