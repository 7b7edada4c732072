import { ProviderError } from '@lipwa/core';
import { describe, expect, it } from 'vitest';
import { paginatedList } from '../common/paginated-list.js';
import { type ScriptedAnswer, scriptedFetch } from '../common/test-scripted-fetch.js';
import { type CashfinOptions, parseCashfinOptions } from './cashfin-options.js';
import { createCashfinInvoices, invoiceSchema } from './invoices.js';
import { listPage, pageOf } from './list-pages.js';
import { CLIENT_SECRET, WEBHOOK_SECRET } from './test-fake-cashfin.js';

const NOW = Date.UTC(2026, 2, 15, 9, 0, 0);
const ID = '65f1a0c0ffee0000000000aa';
const LIST = 'GET /business/invoice/list';
const DETAILS = `GET /business/invoice/details/${ID}`;
const CREATE = 'POST /business/invoice/create';

function invoice(id = ID) {
  return {
    _id: id,
    customerid: '65f1a0c0ffee000000000001',
    status: 'unpaid',
    items: [],
    total: 10,
  };
}

function setup(overrides: Partial<CashfinOptions> = {}) {
  const wire = scriptedFetch();
  const slept: number[] = [];
  const config = parseCashfinOptions({
    clientSecret: CLIENT_SECRET,
    webhookSecret: WEBHOOK_SECRET,
    fetch: wire.fetch,
    clock: { now: () => NOW },
    sleep: async (ms) => {
      slept.push(ms);
    },
    ...overrides,
  });
  return { wire, slept, config, invoices: createCashfinInvoices(config) };
}

const ok = (data: unknown, meta?: unknown): ScriptedAnswer => ({
  status: 200,
  body: { success: true, data, ...(meta ? { meta } : {}) },
});
const createInput = {
  customerId: '65f1a0c0ffee000000000001',
  items: [{ itemId: ID, quantity: 1, rate: { amount: 1000, currency: 'KES' } }],
  dueDate: '2026-04-01',
};

describe('Cashfin typed calls', () => {
  it('sends the bare client secret and reads an invoice’s money as Money', async () => {
    const { wire, invoices } = setup();
    wire.answer(DETAILS, ok({ ...invoice(), total: 1999.99, currency: 'KES' }));

    const read = await invoices.details(ID);

    expect(wire.requests[0]?.headers.get('authorization')).toBe(CLIENT_SECRET);
    expect(read.total).toEqual({ amount: 199_999, currency: 'KES' });
  });

  it('waits the longer of retry_after and Retry-After before asking again', async () => {
    const { wire, slept, invoices } = setup();
    wire.answer(
      DETAILS,
      {
        status: 429,
        body: {
          success: false,
          error: 'Rate limit exceeded. Please try again later.',
          retry_after: 5,
        },
        headers: { 'retry-after': new Date(NOW + 12_000).toUTCString() },
      },
      ok(invoice()),
    );

    await invoices.details(ID);

    expect(slept).toEqual([12_000]);
    expect(wire.requests).toHaveLength(2);
  });

  it('does not wait on a 429 without any hint: the caller decides', async () => {
    const { wire, slept, invoices } = setup();
    wire.answer(DETAILS, { status: 429, body: { success: false, error: 'Slow down' } });

    await expect(invoices.details(ID)).rejects.toMatchObject({
      retryable: true,
      retryAfterMs: undefined,
    });
    expect(slept).toEqual([]);
  });

  it('hands the 429 back when the caller aborts during the wait', async () => {
    const { wire, invoices } = setup({
      sleep: (_ms, signal) => Promise.reject(signal?.reason ?? new Error('aborted')),
    });
    wire.answer(DETAILS, { status: 429, body: { success: false, retry_after: 3 } });

    await expect(invoices.details(ID)).rejects.toMatchObject({
      code: 'provider_unavailable',
      retryAfterMs: 3_000,
    });
  });

  it('reads a 2xx with success: false as Cashfin’s refusal', async () => {
    const { wire, invoices } = setup();
    wire.answer(DETAILS, { status: 200, body: { success: false, error: 'Invoice not found' } });

    await expect(invoices.details(ID)).rejects.toMatchObject({
      code: 'provider_rejected',
      details: { providerError: 'Invoice not found' },
    });
  });

  it('retries a read once after a dropped connection, never a create', async () => {
    const { wire, invoices } = setup();
    wire.answer(DETAILS, { kind: 'network-error' }, ok(invoice()));
    wire.answer(CREATE, { kind: 'network-error' });

    await expect(invoices.details(ID)).resolves.toMatchObject({ id: ID });
    const error = await invoices.create(createInput).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ retryable: true, ambiguous: false });
    expect(wire.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
  });

  it('calls a timed-out create ambiguous and a timed-out read repeatable', async () => {
    const { wire, invoices } = setup();
    wire.answer(CREATE, { kind: 'timeout' });
    wire.answer(DETAILS, { kind: 'timeout' }, { kind: 'timeout' });

    await expect(invoices.create(createInput)).rejects.toMatchObject({
      ambiguous: true,
      retryable: false,
    });
    await expect(invoices.details(ID)).rejects.toMatchObject({ ambiguous: false, retryable: true });
  });

  it('calls a create answered outside the envelope ambiguous, keeping the answer', async () => {
    const { wire, invoices } = setup();
    wire.answer(CREATE, { status: 201, text: '<html>proxy</html>' });

    await expect(invoices.create(createInput)).rejects.toMatchObject({
      code: 'provider_unavailable',
      ambiguous: true,
      details: { rawAnswer: '<html>proxy</html>' },
    });
  });

  it('walks a list without meta until a short page', async () => {
    const { wire, config } = setup();
    wire.answer(LIST, ok([invoice('a'), invoice('b')]), ok([invoice('c')]));
    const list = paginatedList(async (page) =>
      pageOf(
        await listPage(config, {
          operation: 'invoices.list',
          path: '/business/invoice/list',
          page,
          limit: 2,
          item: invoiceSchema,
        }),
      ),
    );

    const ids = (await list.toArray()).map((item) => item._id);

    expect(ids).toEqual(['a', 'b', 'c']);
    expect(wire.requests).toHaveLength(2);
  });

  it('reads numeric text in meta and stops at its last page', async () => {
    const { wire, invoices } = setup();
    wire.answer(LIST, ok([invoice('a')], { total: '1', page: '1', limit: '100', pages: '1' }));

    expect(await invoices.list().toArray()).toHaveLength(1);
    expect(wire.requests).toHaveLength(1);
  });
});
