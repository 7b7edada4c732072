/// <reference types="node" />
/**
 * Cashfin's typed operations (invoices, subscriptions, payment links, shop orders) against
 * @lipwa/simulator over real HTTP: what they send, what they read back, the rate limit honoured,
 * refusals before sending, and every failure as a typed `ProviderError`.
 */
import { ProviderError, ValidationError } from '@lipwa/core';
import { cashfinSandboxCatalogue, type FaultSpec } from '@lipwa/simulator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CashfinAdapter, cashfin } from './cashfin-adapter.js';
import type { CashfinOptions } from './cashfin-options.js';
import { type CashfinWorld, startCashfinWorld } from './test-cashfin-fixture.js';

const [customer] = cashfinSandboxCatalogue.customers;
const [towel, shuka, , basket] = cashfinSandboxCatalogue.products;
const [vat] = cashfinSandboxCatalogue.taxes;
const KES = (shillings: number) => ({ amount: shillings * 100, currency: 'KES' });

let world: CashfinWorld;
let sent: { method: string; url: URL }[];
let slept: number[];
let adapter: CashfinAdapter;

/** An adapter on the world's simulator that records each request and sleeps in simulated time. */
function adapterWith(overrides: Partial<CashfinOptions> = {}): CashfinAdapter {
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

beforeEach(async () => {
  world = await startCashfinWorld();
  sent = [];
  slept = [];
  adapter = adapterWith();
});
afterEach(async () => {
  await world.close();
});

/** Queues a Cashfin fault in the simulator (`api` is the typed writes, `query` the reads). */
function simulatorFault(spec: Omit<FaultSpec, 'provider'>): void {
  world.simulator.control.fault({ provider: 'cashfin', ...spec });
}

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected the promise to reject');
    },
    (reason: unknown) => reason,
  );
}

function invoiceInput(overrides: Record<string, unknown> = {}) {
  return {
    customerId: customer?._id ?? '',
    items: [{ itemId: towel?._id ?? '', quantity: 2, rate: KES(1500) }],
    dueDate: '2099-04-15',
    title: 'March order',
    ...overrides,
  };
}

describe('Cashfin invoices against the simulator', () => {
  it('creates an invoice and reads it back with money as Money', async () => {
    const created = await adapter.invoices.create(
      invoiceInput({ taxId: vat?._id, discount: { type: 'percentage', percent: 10 } }),
    );
    const read = await adapter.invoices.details(created.id);

    expect(created).toMatchObject({
      id: expect.stringMatching(/^[0-9a-f]{24}$/),
      number: 'INV-000001',
      customerId: customer?._id,
      status: 'unpaid',
      items: [{ itemId: towel?._id, quantity: 2, rate: KES(1500), amount: KES(3000) }],
      subtotal: KES(3000),
      total: KES(3132),
      balance: KES(3132),
      discount: 10,
      discountType: 'percentage',
      paymentLink: expect.stringMatching(/^https:\/\//),
    });
    expect(read).toEqual(created);
    expect(sent[0]).toMatchObject({ method: 'POST' });
    expect(sent[0]?.url.pathname).toBe('/cashfin/business/invoice/create');
  });

  it('walks every invoice page by page with for await, asking only as it reads', async () => {
    for (let i = 0; i < 5; i++) await adapter.invoices.create(invoiceInput({ title: `No ${i}` }));
    sent.length = 0;

    const titles: (string | undefined)[] = [];
    for await (const invoice of adapter.invoices.list({ limit: 2 })) titles.push(invoice.title);

    expect(titles).toEqual(['No 4', 'No 3', 'No 2', 'No 1', 'No 0']);
    expect(sent.map((request) => request.url.search)).toEqual([
      '?page=1&limit=2',
      '?page=2&limit=2',
      '?page=3&limit=2',
    ]);
  });

  it('sends no more requests when the caller stops early', async () => {
    for (let i = 0; i < 3; i++) await adapter.invoices.create(invoiceInput());
    sent.length = 0;

    for await (const invoice of adapter.invoices.list({ limit: 1 })) {
      expect(invoice.status).toBe('unpaid');
      break;
    }

    expect(sent).toHaveLength(1);
  });

  it('gives whole pages with their totals, and filters by status', async () => {
    await adapter.invoices.create(invoiceInput());
    await adapter.invoices.create(invoiceInput({ dueDate: '2026-03-16' }));
    await world.advance(3 * 86_400_000);

    const pages = [];
    for await (const page of adapter.invoices.list({ status: 'overdue' }).pages()) pages.push(page);

    expect(pages).toEqual([expect.objectContaining({ page: 1, total: 1, pages: 1, limit: 100 })]);
    expect(pages[0]?.items[0]?.status).toBe('overdue');
  });

  it('updates an invoice: modified 1, then 0 for the same change', async () => {
    const invoice = await adapter.invoices.create(invoiceInput());

    const first = await adapter.invoices.update(invoice.id, {
      title: 'Renamed',
      items: [{ itemId: shuka?._id ?? '', quantity: 1, rate: KES(2500) }],
    });
    const second = await adapter.invoices.update(invoice.id, { title: 'Renamed' });

    expect(first).toEqual({ id: invoice.id, modified: 1 });
    expect(second).toEqual({ id: invoice.id, modified: 0 });
    expect((await adapter.invoices.details(invoice.id)).total).toEqual(KES(2500));
  });

  it('reports an update of a cancelled invoice as Cashfin’s 409, not retryable', async () => {
    const invoice = await adapter.invoices.create(invoiceInput());
    await adapter.invoices.update(invoice.id, { status: 'cancelled' });

    const error = await rejectionOf(adapter.invoices.update(invoice.id, { title: 'Too late' }));

    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({
      code: 'provider_rejected',
      providerCode: '409',
      retryable: false,
      details: { providerError: 'Invoice cannot be updated' },
    });
  });

  it('reports an unknown invoice as provider_rejected 404', async () => {
    const error = await rejectionOf(adapter.invoices.details('ffffffffffffffffffffffff'));

    expect(error).toMatchObject({ code: 'provider_rejected', providerCode: '404' });
    expect((error as Error).message).toContain('invoices.details');
  });

  it.each([
    ['a customer id that is not an ObjectID', invoiceInput({ customerId: 'cus_1' })],
    ['no items', invoiceInput({ items: [] })],
    [
      'a rate in another currency',
      invoiceInput({
        items: [{ itemId: towel?._id, quantity: 1, rate: { amount: 100, currency: 'UGX' } }],
      }),
    ],
    [
      'a fractional quantity',
      invoiceInput({ items: [{ itemId: towel?._id, quantity: 1.5, rate: KES(1) }] }),
    ],
    ['a due date that is not ISO 8601', invoiceInput({ dueDate: '15/04/2026' })],
    ['a discount over 100 %', invoiceInput({ discount: { type: 'percentage', percent: 120 } })],
  ])('refuses %s before sending anything', async (_case, input) => {
    const error = await rejectionOf(adapter.invoices.create(input as never));

    expect(error).toBeInstanceOf(ValidationError);
    expect(sent).toHaveLength(0);
  });

  it('refuses an empty update or one that sets a status Cashfin decides', async () => {
    const id = 'ffffffffffffffffffffffff';

    await expect(adapter.invoices.update(id, {})).rejects.toBeInstanceOf(ValidationError);
    await expect(adapter.invoices.update(id, { status: 'paid' as never })).rejects.toMatchObject({
      code: 'invalid_field',
      details: { field: 'status' },
    });
    expect(sent).toHaveLength(0);
  });
});

describe('Cashfin rate limits and failures on typed operations', () => {
  it('waits out a 429’s retry_after, then reads the list', async () => {
    await adapter.invoices.create(invoiceInput());
    simulatorFault({ operation: 'query', kind: 'http', status: 429 });

    const invoices = await adapter.invoices.list().toArray();

    expect(invoices).toHaveLength(1);
    expect(slept).toEqual([30_000]);
  });

  it('waits out a 429 on a create too (Cashfin refused it before doing anything): one invoice', async () => {
    simulatorFault({ operation: 'api', kind: 'http', status: 429 });

    await adapter.invoices.create(invoiceInput());

    expect(slept).toEqual([30_000]);
    expect(await adapter.invoices.list().toArray()).toHaveLength(1);
  });

  it('gives up after two waits, with retryAfterMs for the caller', async () => {
    world.simulator.control.fault({
      provider: 'cashfin',
      operation: 'query',
      kind: 'http',
      status: 429,
      times: 3,
    });

    const error = await rejectionOf(adapter.invoices.list().toArray());

    expect(slept).toEqual([30_000, 30_000]);
    expect(error).toMatchObject({
      code: 'provider_unavailable',
      retryable: true,
      retryAfterMs: 30_000,
      providerCode: '429',
    });
  });

  it('does not wait longer than maxRetryWaitMs: the 429 is the caller’s at once', async () => {
    const hurried = adapterWith({ maxRetryWaitMs: 1_000 });
    simulatorFault({ operation: 'query', kind: 'http', status: 429 });

    const error = await rejectionOf(hurried.subscriptions.details('ffffffffffffffffffffffff'));

    expect(slept).toEqual([]);
    expect(error).toMatchObject({ retryAfterMs: 30_000 });
  });

  it('retries a read once after a 500, but never a create', async () => {
    const invoice = await adapter.invoices.create(invoiceInput());
    simulatorFault({ operation: 'query', kind: 'http', status: 500 });
    simulatorFault({ operation: 'api', kind: 'http', status: 500 });

    const read = await adapter.invoices.details(invoice.id);
    const error = await rejectionOf(adapter.invoices.create(invoiceInput()));

    expect(read.id).toBe(invoice.id);
    expect(error).toMatchObject({
      code: 'provider_unavailable',
      retryable: true,
      ambiguous: false,
    });
    expect(await adapter.invoices.list().toArray()).toHaveLength(1);
  });

  it('reports a hung create as ambiguous (it may have taken effect)', async () => {
    const hurried = adapterWith({ timeoutMs: 300 });
    simulatorFault({ operation: 'api', kind: 'hang' });

    const error = await rejectionOf(
      hurried.paymentLinks.create({ title: 'Deposit', amount: KES(500) }),
    );

    expect(error).toMatchObject({
      code: 'provider_unavailable',
      ambiguous: true,
      retryable: false,
      details: { timedOut: true },
    });
  });

  it('reports an answer that is not Cashfin’s envelope as provider_unavailable, keeping it', async () => {
    const garbling = adapterWith({
      fetch: async (input, init) => {
        await fetch(input, init);
        return new Response('{"success":true,"data":{"title":"no id"}}', { status: 200 });
      },
    });

    const error = await rejectionOf(garbling.invoices.details('ffffffffffffffffffffffff'));

    expect(error).toMatchObject({
      code: 'provider_unavailable',
      details: { fields: expect.arrayContaining(['data._id']), rawAnswer: expect.any(String) },
    });
  });

  it('reports a wrong client secret as provider_auth_failed without echoing it', async () => {
    const stranger = adapterWith({ clientSecret: 'cs_not_the_secret' });

    const error = await rejectionOf(stranger.paymentLinks.list().toArray());

    expect(error).toMatchObject({ code: 'provider_auth_failed', providerCode: '401' });
    expect(
      JSON.stringify({ m: (error as Error).message, d: (error as ProviderError).details }),
    ).not.toContain('cs_not_the_secret');
  });
});

describe('Cashfin subscriptions against the simulator', () => {
  it('creates a subscription with a trial and reads it back', async () => {
    const created = await adapter.subscriptions.create({
      customerId: customer?._id ?? '',
      items: [{ itemId: towel?._id ?? '', quantity: 1, rate: KES(999) }],
      billingCycle: 'quarterly',
      autoRenew: true,
      trial: { days: 7 },
    });

    expect(created).toMatchObject({
      status: 'trial',
      billingCycle: 'quarterly',
      autoRenew: true,
      amount: KES(999),
      trialDays: 7,
      nextBillingDate: expect.any(String),
    });
    expect(await adapter.subscriptions.details(created.id)).toEqual(created);
  });

  it('refuses an unknown cycle or a trial of no days before sending', async () => {
    const base = {
      customerId: customer?._id ?? '',
      items: [{ itemId: towel?._id ?? '', quantity: 1, rate: KES(999) }],
    };

    await expect(
      adapter.subscriptions.create({ ...base, billingCycle: 'daily' as never }),
    ).rejects.toBeInstanceOf(ValidationError);
    await expect(
      adapter.subscriptions.create({ ...base, trial: { days: 0 } }),
    ).rejects.toBeInstanceOf(ValidationError);
    expect(sent).toHaveLength(0);
  });
});

describe('Cashfin payment links against the simulator', () => {
  it('creates, lists and reads payment links', async () => {
    const link = await adapter.paymentLinks.create({
      title: 'Deposit',
      amount: KES(500),
      type: 'reusable',
    });

    const listed = [];
    for await (const each of adapter.paymentLinks.list()) listed.push(each);

    expect(link).toMatchObject({
      title: 'Deposit',
      amount: KES(500),
      type: 'reusable',
      active: true,
      url: expect.stringContaining('/cashfin/pay/'),
    });
    expect(listed).toEqual([link]);
    expect(await adapter.paymentLinks.details(link.id)).toEqual(link);
  });

  it.each([
    ['with cents', { amount: 50_050, currency: 'KES' }],
    ['above KES 250,000', KES(250_001)],
    ['in another currency', { amount: 50_000, currency: 'USD' }],
  ])('refuses an amount %s before sending', async (_case, amount) => {
    const error = await rejectionOf(adapter.paymentLinks.create({ title: 'x', amount }));

    expect(error).toMatchObject({ name: 'ValidationError', code: 'invalid_amount' });
    expect(sent).toHaveLength(0);
  });
});

describe('Cashfin shop orders against the simulator', () => {
  it('checks out an order whose prompt settles through the usual signed webhook', async () => {
    const order = await adapter.orders.checkout({
      items: [
        { productId: towel?._id ?? '', quantity: 1 },
        { productId: shuka?._id ?? '', quantity: 1 },
      ],
      phone: '254711000000',
      reference: 'SHOP-42',
    });
    await world.idle();
    const [webhook] = world.received();
    const result = await adapter.verifyCallback(webhook as never);

    expect(order).toMatchObject({
      number: 'ORD-000001',
      status: 'pending',
      total: KES(4000),
      referenceId: 'SHOP-42',
      checkoutRequestId: expect.stringMatching(/^ws_CO_/),
    });
    expect(result.updates).toEqual([
      expect.objectContaining({
        providerRef: order.checkoutRequestId,
        status: 'completed',
        amount: KES(4000),
      }),
    ]);
  });

  it('refuses a phone that is not 2547… before sending', async () => {
    const error = await rejectionOf(
      adapter.orders.checkout({
        items: [{ productId: towel?._id ?? '', quantity: 1 }],
        phone: '0712345678',
      }),
    );

    expect(error).toMatchObject({ name: 'ValidationError', code: 'invalid_phone' });
    expect(sent).toHaveLength(0);
  });

  it('reports more than the stock as Cashfin’s 409 refusal, never retried', async () => {
    const error = await rejectionOf(
      adapter.orders.checkout({
        items: [{ productId: basket?._id ?? '', quantity: 2 }],
        phone: '254708374149',
      }),
    );

    expect(error).toMatchObject({
      code: 'provider_rejected',
      providerCode: '409',
      retryable: false,
    });
    expect(sent).toHaveLength(1);
    expect(world.simulator.control.prompts()).toEqual([]);
  });
});
