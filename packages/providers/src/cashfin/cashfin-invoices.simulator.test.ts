/**
 * Cashfin's typed invoice operations (create, list, details, update) against @lipwa/simulator over
 * real HTTP.
 */
import { ProviderError, ValidationError } from '@lipwa/core';
import { describe, expect, it } from 'vitest';
import {
  adapter,
  customer,
  invoiceInput,
  KES,
  rejectionOf,
  sent,
  shuka,
  startWorldForEachTest,
  towel,
  vat,
  world,
} from './test-cashfin-operations.js';

startWorldForEachTest();

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
