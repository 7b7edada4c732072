/**
 * The simulator's Cashfin subscription, payment-link and shop-order endpoints over real HTTP: the
 * wire shapes, the envelopes and the refusals.
 */
import { describe, expect, it } from 'vitest';
import {
  basket,
  call,
  customer,
  fx,
  type Loose,
  shuka,
  startFixtureForEachTest,
  towel,
} from './test-business-router-setup.js';

startFixtureForEachTest();

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
