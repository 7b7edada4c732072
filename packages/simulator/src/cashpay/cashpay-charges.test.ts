/** CashPay charges over real HTTP: POST /cashpay/charges and GET /cashpay/charges/:id. */
import { describe, expect, it } from 'vitest';
import {
  type Charge,
  createCharge,
  newCharge,
  retrieve,
  START_MS,
  sim,
  startSimulatorForEachTest,
  token,
} from './test-cashpay-simulator.js';

startSimulatorForEachTest();

describe('CashPay charges: POST /cashpay/charges and GET /cashpay/charges/:id', () => {
  it('creates an INITIATED charge whose transaction_url is the hosted payment page', async () => {
    const response = await createCharge();
    const charge = (await response.json()) as Charge;

    expect(response.status).toBe(201);
    expect(charge).toEqual({
      id: expect.stringMatching(/^chg_[a-z0-9]{10}$/),
      status: 'INITIATED',
      amount: 2000,
      currency: 'YER',
      description: 'Purchase of a watch',
      transaction_url: `${sim.cashpay.baseUrl}/pay/${charge.id}`,
      created: START_MS / 1000,
    });
  });

  it('returns the same charge object from GET /charges/:id', async () => {
    const charge = await newCharge();

    const response = await retrieve(charge.id);

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(charge);
  });

  it('answers 404 charge_not_found for a charge it never created', async () => {
    const response = await retrieve('chg_0000000000');

    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({
      error: { code: 'charge_not_found', param: 'id' },
    });
  });

  it('refuses a request without a bearer token with 401 invalid_token', async () => {
    const response = await fetch(`${sim.cashpay.baseUrl}/charges/chg_0000000000`);

    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe(
      'Bearer realm="cashpay", error="invalid_token"',
    );
    expect(await response.json()).toMatchObject({ error: { code: 'invalid_token' } });
  });

  it('refuses a token once its 55 minutes are over', async () => {
    const bearer = await token();
    await sim.control.advance(55 * 60 * 1000);

    const response = await createCharge({}, bearer);

    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: 'invalid_token' } });
  });

  it.each([
    [{ currency: 'KES' }, 'currency'],
    [{ amount: 20.5 }, 'amount'],
    [{ amount: 0 }, 'amount'],
    [{ amount: '2000' }, 'amount'],
    [{ redirect_url: undefined }, 'redirect_url'],
    [{ redirect_url: 'javascript:alert(1)' }, 'redirect_url'],
    [{ post_url: '/relative' }, 'post_url'],
    [{ description: 'x'.repeat(256) }, 'description'],
    [{ reference: 'R'.repeat(65) }, 'reference'],
  ])('refuses %j with 400 invalid_request naming %s', async (overrides, param) => {
    const response = await createCharge(overrides);

    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'invalid_request', param } });
  });

  it('refuses a body that is not JSON', async () => {
    const response = await fetch(`${sim.cashpay.baseUrl}/charges`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await token()}`, 'content-type': 'text/plain' },
      body: 'amount=2000',
    });

    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'invalid_request' } });
  });

  it('answers unknown paths in its own envelope', async () => {
    const response = await fetch(`${sim.cashpay.baseUrl}/v2/charges`);

    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: 'not_found' } });
  });
});
