/**
 * The simulator's Cashfin invoice endpoints over real HTTP: the wire shapes, the envelopes, the
 * refusals, and how payments move an invoice's status.
 */
import { describe, expect, it } from 'vitest';
import { cashfinSandbox } from './sandbox.js';
import {
  call,
  createInvoice,
  customer,
  fx,
  invoiceBody,
  type Loose,
  startFixtureForEachTest,
  towel,
  vat,
} from './test-business-router-setup.js';

startFixtureForEachTest();

describe('Cashfin invoices in the simulator', () => {
  it('refuses an invoice without the bare client secret', async () => {
    const { status, json } = await call('POST', '/business/invoice/create', invoiceBody(), {
      authorization: `Bearer ${cashfinSandbox.clientSecret}`,
    });

    expect(status).toBe(401);
    expect(json).toEqual({ success: false, message: 'Unauthorized access!' });
  });

  it('creates an unpaid invoice with its totals, discount, VAT and payment link', async () => {
    const { status, json } = await call(
      'POST',
      '/business/invoice/create',
      invoiceBody({ discount: 10, discounttype: 'percentage', taxid: vat?._id }),
    );

    expect(status).toBe(201);
    expect(json).toMatchObject({ success: true, message: 'Invoice created successfully' });
    expect((json as Loose).data).toMatchObject({
      _id: expect.stringMatching(/^[0-9a-f]{24}$/),
      invoicenumber: 'INV-000001',
      customerid: customer?._id,
      status: 'unpaid',
      items: [{ itemid: towel?._id, name: towel?.title, quantity: 2, rate: 1500, amount: 3000 }],
      currency: 'KES',
      subtotal: 3000,
      tax: 432,
      total: 3132,
      amountpaid: 0,
      balance: 3132,
      paymentlink: expect.stringMatching(/^https:\/\/pay\.cashfin\.africa\/i\//),
      createdat: '2026-03-15T09:00:00.000Z',
    });
  });

  it('lists every problem with a create in the 422 errors map', async () => {
    const { status, json } = await call('POST', '/business/invoice/create', {
      customerid: 'ffffffffffffffffffffffff',
      items: [],
    });

    expect(status).toBe(422);
    expect(json).toMatchObject({
      success: false,
      error: 'There are problems with your submission',
      errors: {
        customerid: 'Customer not found',
        items: 'At least one item is required',
        duedate: 'duedate is required',
      },
    });
  });

  it('lists invoices newest first, a page at a time, with meta', async () => {
    for (let i = 0; i < 3; i++) await createInvoice({ title: `Invoice ${i}` });

    const first = await call('GET', '/business/invoice/list?page=1&limit=2');
    const second = await call('GET', '/business/invoice/list?page=2&limit=2');

    expect((first.json as Loose).data.map((i: Loose) => i.title)).toEqual([
      'Invoice 2',
      'Invoice 1',
    ]);
    expect((first.json as Loose).meta).toEqual({ total: 3, page: 1, limit: 2, pages: 2 });
    expect((second.json as Loose).data.map((i: Loose) => i.title)).toEqual(['Invoice 0']);
  });

  it('reads one invoice, 404 for an unknown id and 400 for a malformed one', async () => {
    const invoice = await createInvoice();

    expect((await call('GET', `/business/invoice/details/${invoice._id}`)).json).toMatchObject({
      success: true,
      data: { _id: invoice._id, total: 3000 },
    });
    expect((await call('GET', '/business/invoice/details/ffffffffffffffffffffffff')).status).toBe(
      404,
    );
    expect((await call('GET', '/business/invoice/details/nope')).status).toBe(400);
  });

  it('updates an invoice (modified 1, then 0 for the same change) and refuses a cancelled one', async () => {
    const invoice = await createInvoice();
    const path = `/business/invoice/update/${invoice._id}`;

    const changed = await call('PATCH', path, { title: 'Renamed' });
    const same = await call('PATCH', path, { title: 'Renamed' });
    await call('PATCH', path, { status: 'cancelled' });
    const refused = await call('PATCH', path, { title: 'Too late' });

    expect(changed.json).toEqual({
      success: true,
      message: 'Invoice updated successfully',
      data: { _id: invoice._id, modified: 1 },
    });
    expect((same.json as Loose).data.modified).toBe(0);
    expect(refused.status).toBe(409);
  });

  it('turns an unpaid invoice overdue once its due date passes', async () => {
    const invoice = await createInvoice({ duedate: '2026-03-16T00:00:00.000Z' });

    await fx.settle(2 * 86_400_000);
    const { json } = await call('GET', `/business/invoice/details/${invoice._id}`);

    expect((json as Loose).data.status).toBe('overdue');
    expect((await call('GET', '/business/invoice/list?status=overdue')).json).toMatchObject({
      meta: { total: 1 },
    });
  });

  it('takes part and then full payment through the invoice’s payment page', async () => {
    const invoice = await createInvoice();
    const code = String(invoice.paymentlink).split('/').pop();

    const part = await call('POST', `/pay/${code}`, { phone: '254711000000', amount: 1000 }, {});
    await fx.settle(10_000);
    const afterPart = (await call('GET', `/business/invoice/details/${invoice._id}`)).json as Loose;
    await call('POST', `/pay/${code}`, { phone: '254711000000' }, {});
    await fx.settle(10_000);
    const afterAll = (await call('GET', `/business/invoice/details/${invoice._id}`)).json as Loose;

    expect(part.status).toBe(200);
    expect(afterPart.data).toMatchObject({
      status: 'partially_paid',
      amountpaid: 1000,
      balance: 2000,
    });
    expect(afterAll.data).toMatchObject({ status: 'paid', amountpaid: 3000, balance: 0 });
    expect(fx.receiver.received.map((hook) => JSON.parse(hook.rawBody).type)).toEqual([
      'payment.completed',
      'payment.completed',
    ]);
  });
});
