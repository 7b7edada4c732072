/**
 * The simulator's Cashfin invoice, subscription, payment-link and shop-order endpoints over real
 * HTTP: the wire shapes, the envelopes, the refusals, and how payments move an invoice's status.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cashfinSandboxCatalogue } from './catalogue.js';
import { cashfinSandbox } from './sandbox.js';
import { type CashfinFixture, startCashfinFixture } from './test-cashfin-client.js';

const [customer] = cashfinSandboxCatalogue.customers;
const [towel, shuka, , basket] = cashfinSandboxCatalogue.products;
const [vat] = cashfinSandboxCatalogue.taxes;

let fx: CashfinFixture;
beforeEach(async () => {
  fx = await startCashfinFixture({ clock: { now: () => Date.UTC(2026, 2, 15, 9, 0, 0) } });
});
afterEach(async () => {
  await fx.close();
});

async function call(
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
type Loose = any;

function invoiceBody(overrides: Record<string, unknown> = {}) {
  return {
    customerid: customer?._id,
    items: [{ itemid: towel?._id, quantity: 2, rate: 1500 }],
    duedate: '2026-04-15T00:00:00.000Z',
    title: 'March order',
    ...overrides,
  };
}

async function createInvoice(overrides: Record<string, unknown> = {}): Promise<Loose> {
  const { status, json } = await call('POST', '/business/invoice/create', invoiceBody(overrides));
  expect(status).toBe(201);
  return (json as Loose).data;
}

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

describe('Cashfin subscriptions in the simulator', () => {
  it('creates a subscription in trial, billing after the trial, and reads it back', async () => {
    const { status, json } = await call('POST', '/business/subscription/create', {
      customerid: customer?._id,
      items: [{ itemid: towel?._id, quantity: 1, rate: 999 }],
      billingcycle: 'monthly',
      trial: { days: 14 },
    });
    const id = (json as Loose).data._id;

    expect(status).toBe(201);
    expect((json as Loose).data).toMatchObject({
      status: 'trial',
      billingcycle: 'monthly',
      autorenew: false,
      amount: 999,
      trial: { days: 14, enddate: '2026-03-29T09:00:00.000Z' },
      nextbillingdate: '2026-03-29T09:00:00.000Z',
    });
    expect((await call('GET', `/business/subscription/details/${id}`)).json).toMatchObject({
      data: { _id: id, status: 'trial' },
    });
    expect(
      (await call('GET', '/business/subscription/details/ffffffffffffffffffffffff')).status,
    ).toBe(404);
  });

  it('refuses an unknown billing cycle', async () => {
    const { status, json } = await call('POST', '/business/subscription/create', {
      customerid: customer?._id,
      items: [{ itemid: towel?._id, quantity: 1, rate: 999 }],
      billingcycle: 'daily',
    });

    expect(status).toBe(422);
    expect((json as Loose).errors).toHaveProperty('billingcycle');
  });
});

describe('Cashfin payment links in the simulator', () => {
  it('creates, lists and reads a link; a one-time link closes once paid', async () => {
    const created = await call('POST', '/business/payment-link/create', {
      title: 'Deposit',
      amount: 500,
    });
    const link = (created.json as Loose).data;

    const code = String(link.url).split('/').pop();
    await call('POST', `/pay/${code}`, { phone: '254711000000' }, {});
    await fx.settle(10_000);
    const after = (await call('GET', `/business/payment-link/details/${link._id}`)).json as Loose;
    const again = await call('POST', `/pay/${code}`, { phone: '254711000000' }, {});

    expect(created.status).toBe(201);
    expect(link).toMatchObject({ title: 'Deposit', amount: 500, type: 'one_time', active: true });
    expect(link.url).toBe(`${fx.simulator.cashfin.baseUrl}/pay/${code}`);
    expect((await call('GET', '/business/payment-link/list')).json).toMatchObject({
      meta: { total: 1, page: 1, limit: 10, pages: 1 },
    });
    expect(after.data).toMatchObject({ active: false, payments: 1 });
    expect(again.status).toBe(404);
  });

  it('refuses a link amount with cents or above M-Pesa’s limit', async () => {
    const cents = await call('POST', '/business/payment-link/create', { title: 'x', amount: 10.5 });
    const huge = await call('POST', '/business/payment-link/create', {
      title: 'x',
      amount: 250_001,
    });

    expect(cents.status).toBe(422);
    expect(huge.status).toBe(422);
  });
});

describe('Cashfin shop orders in the simulator', () => {
  it('checks out an order: the total from the catalogue, a prompt on the phone, stock held', async () => {
    const { status, json } = await call('POST', '/business/order/checkout', {
      items: [
        { productid: towel?._id, quantity: 2 },
        { productid: shuka?._id, quantity: 1 },
      ],
      phone: '254708374149',
      channel: 'mpesa',
    });

    expect(status).toBe(201);
    expect((json as Loose).data).toMatchObject({
      ordernumber: 'ORD-000001',
      status: 'pending',
      total: 5500,
      referenceid: 'ORD-000001',
      checkoutrequestid: expect.stringMatching(/^ws_CO_/),
      responsecode: '0',
    });
    expect(fx.simulator.control.prompts()).toEqual([
      expect.objectContaining({ amount: '5500', reference: 'ORD-000001' }),
    ]);
  });

  it('refuses more than is in stock with 409, and puts stock back when the payment fails', async () => {
    const order = { items: [{ productid: basket?._id, quantity: 1 }], channel: 'mpesa' };

    const first = await call('POST', '/business/order/checkout', {
      ...order,
      phone: '254708374149',
    });
    const whileHeld = await call('POST', '/business/order/checkout', {
      ...order,
      phone: '254708374149',
    });
    await fx.simulator.control.answer((first.json as Loose).data.checkoutrequestid, 'cancelled');
    await fx.settle();
    const afterFailure = await call('POST', '/business/order/checkout', {
      ...order,
      phone: '254708374149',
    });

    expect(whileHeld.status).toBe(409);
    expect(whileHeld.json).toMatchObject({ success: false, error: 'Insufficient stock' });
    expect(afterFailure.status).toBe(201);
  });

  it('answers a queued query fault on a list in Cashfin’s 429 envelope', async () => {
    fx.simulator.control.fault({
      provider: 'cashfin',
      operation: 'query',
      kind: 'http',
      status: 429,
    });

    const { status, json } = await call('GET', '/business/invoice/list');

    expect(status).toBe(429);
    expect(json).toMatchObject({ success: false, retry_after: 30 });
    expect((await call('GET', '/business/invoice/list')).status).toBe(200);
  });
});
