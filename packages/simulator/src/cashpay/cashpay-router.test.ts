/**
 * The CashPay simulator over real HTTP: tokens, charges, the hosted payment page, webhooks to
 * `post_url`, the control API and faults for `provider: 'cashpay'`.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RunningSimulator, startSimulator } from '../start-simulator.js';
import { type CallbackReceiver, startCallbackReceiver } from '../test-callback-receiver.js';
import { CASHPAY_SANDBOX_MERCHANT, cashpaySandbox } from './sandbox.js';

const START_MS = Date.UTC(2026, 0, 5, 9, 0, 0);

let sim: RunningSimulator;
let receiver: CallbackReceiver;

beforeEach(async () => {
  sim = await startSimulator({ clock: { now: () => START_MS } });
  receiver = await startCallbackReceiver();
});
afterEach(async () => {
  await sim.close();
  await receiver.close();
});

const basic = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

function tokenRequest(authorization?: string, body = 'grant_type=client_credentials') {
  return fetch(`${sim.cashpay.baseUrl}/oauth/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(authorization === undefined ? {} : { authorization }),
    },
    body,
  });
}

async function token(): Promise<string> {
  const response = await tokenRequest(basic(cashpaySandbox.clientId, cashpaySandbox.clientSecret));
  return ((await response.json()) as { access_token: string }).access_token;
}

const merchant = 'http://127.0.0.1:9/shop/orders/1042';

function chargeBody(overrides: Record<string, unknown> = {}) {
  return {
    amount: 2000,
    currency: 'YER',
    description: 'Purchase of a watch',
    redirect_url: merchant,
    post_url: receiver.url.replace('/daraja/', '/cashpay/'),
    reference: 'ORDER-1042',
    ...overrides,
  };
}

async function createCharge(overrides: Record<string, unknown> = {}, bearer?: string) {
  return fetch(`${sim.cashpay.baseUrl}/charges`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${bearer ?? (await token())}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify(chargeBody(overrides)),
  });
}

interface Charge {
  id: string;
  status: string;
  amount: number;
  currency: string;
  transaction_url: string;
}

async function newCharge(overrides: Record<string, unknown> = {}): Promise<Charge> {
  return (await (await createCharge(overrides)).json()) as Charge;
}

async function retrieve(id: string): Promise<Response> {
  return fetch(`${sim.cashpay.baseUrl}/charges/${id}`, {
    headers: { authorization: `Bearer ${await token()}` },
  });
}

/** Submits one of the hosted page's buttons as a browser would, without following the redirect. */
async function press(charge: Charge, action: 'approve' | 'decline' | 'close'): Promise<Response> {
  const response = await fetch(`${charge.transaction_url}/${action}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `action=${action}`,
    redirect: 'manual',
  });
  await sim.control.idle();
  return response;
}

describe('CashPay tokens: POST /cashpay/oauth/token', () => {
  it('issues a bearer token valid for the documented 55 minutes to the sandbox client', async () => {
    const response = await tokenRequest(
      basic(cashpaySandbox.clientId, cashpaySandbox.clientSecret),
    );

    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({
      access_token: expect.stringMatching(/^cpt_[\w-]{32}$/),
      token_type: 'Bearer',
      expires_in: 3300,
    });
  });

  it('also takes the client credentials in the form body', async () => {
    const response = await tokenRequest(
      undefined,
      `grant_type=client_credentials&client_id=${cashpaySandbox.clientId}&client_secret=${cashpaySandbox.clientSecret}`,
    );

    expect(response.status).toBe(200);
  });

  it('refuses wrong client credentials with 401 invalid_client, never echoing them', async () => {
    const response = await tokenRequest(basic(cashpaySandbox.clientId, 'not-the-secret'));
    const text = await response.text();

    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Basic realm="cashpay"');
    expect(JSON.parse(text)).toEqual({
      error: { code: 'invalid_client', message: 'Client authentication failed.' },
    });
    expect(text).not.toContain('not-the-secret');
  });

  it('refuses any grant but client_credentials', async () => {
    const response = await tokenRequest(
      basic(cashpaySandbox.clientId, cashpaySandbox.clientSecret),
      'grant_type=password',
    );

    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'unsupported_grant_type' } });
  });
});

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

describe('CashPay hosted payment page: GET /cashpay/pay/:id', () => {
  it('shows the merchant, amount and currency with three named actions and no script', async () => {
    const charge = await newCharge();

    const response = await fetch(charge.transaction_url);
    const html = await response.text();

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(html).toContain(CASHPAY_SANDBOX_MERCHANT);
    expect(html).toContain('YER 2,000');
    expect(html).toContain('>Approve payment</button>');
    expect(html).toContain('>Decline payment</button>');
    expect(html).toContain('>Close without paying</button>');
    expect(html).not.toMatch(/<script|\sstyle=|\son\w+=/i);
  });

  it('is served under a CSP without script that lets its forms return to the merchant only', async () => {
    const charge = await newCharge();

    const response = await fetch(charge.transaction_url);

    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('script-src');
    expect(csp).toContain("form-action 'self' http://127.0.0.1:9");
    expect((await fetch(`${sim.cashpay.baseUrl}/pay.css`)).headers.get('content-type')).toMatch(
      /^text\/css/,
    );
  });

  it('Approve captures the charge, posts the charge object to post_url and sends the customer back', async () => {
    const charge = await newCharge();

    const response = await press(charge, 'approve');

    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(merchant);
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]?.path).toBe('/lipwa/callbacks/cashpay/tok_5f2c9a');
    expect(receiver.received[0]?.body).toEqual({ ...charge, status: 'CAPTURED' });
    expect(receiver.received[0]?.headers['content-type']).toBe('application/json');
    expect(await (await retrieve(charge.id)).json()).toMatchObject({ status: 'CAPTURED' });
  });

  it('Decline fails the charge and sends the webhook', async () => {
    const charge = await newCharge();

    const response = await press(charge, 'decline');

    expect(response.status).toBe(303);
    expect(receiver.received[0]?.body).toMatchObject({ id: charge.id, status: 'FAILED' });
    expect(await (await retrieve(charge.id)).json()).toMatchObject({ status: 'FAILED' });
  });

  it('Close without paying goes back to the merchant and leaves the charge payable', async () => {
    const charge = await newCharge();

    const closed = await press(charge, 'close');
    const still = (await (await retrieve(charge.id)).json()) as Charge;
    const page = await (await fetch(charge.transaction_url)).text();

    expect(closed.status).toBe(303);
    expect(closed.headers.get('location')).toBe(merchant);
    expect(receiver.received).toHaveLength(0);
    expect(still.status).toBe('INITIATED');
    expect(page).toContain('Approve payment');
  });

  it('refuses to settle a charge twice and shows how it ended', async () => {
    const charge = await newCharge();
    await press(charge, 'decline');

    const again = await press(charge, 'approve');
    const page = await (await fetch(charge.transaction_url)).text();

    expect(again.status).toBe(409);
    expect(receiver.received).toHaveLength(1);
    expect(page).toContain('This payment was declined.');
    expect(page).not.toContain('Approve payment');
  });

  it('answers 404 for a charge it never created', async () => {
    const response = await fetch(`${sim.cashpay.baseUrl}/pay/chg_0000000000`);

    expect(response.status).toBe(404);
    expect(await response.text()).toContain('Payment not found');
  });

  it('sends no webhook for a charge created without post_url', async () => {
    const charge = await newCharge({ post_url: undefined });

    await press(charge, 'approve');

    expect(receiver.received).toHaveLength(0);
    expect(await (await retrieve(charge.id)).json()).toMatchObject({ status: 'CAPTURED' });
  });
});

describe('CashPay and the control API', () => {
  it('keeps charges off the virtual phone, and never settles them by time', async () => {
    const charge = await newCharge();

    await sim.control.advance(24 * 60 * 60 * 1000);

    expect(sim.control.prompts()).toEqual([]);
    expect(await (await retrieve(charge.id)).json()).toMatchObject({ status: 'INITIATED' });
  });

  it.each([
    ['paid', 'CAPTURED'],
    ['insufficient_funds', 'FAILED'],
    ['wrong_pin', 'FAILED'],
    ['cancelled', 'FAILED'],
    ['no_response', 'FAILED'],
  ] as const)(
    'answer(id, %s) settles the charge as %s and sends the webhook',
    async (outcome, status) => {
      const charge = await newCharge();

      const answered = await fetch(`${sim.url}/_control/prompts/${charge.id}/answer`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ outcome }),
      });
      await sim.control.idle();

      expect(answered.status).toBe(204);
      expect(receiver.received[0]?.body).toMatchObject({ id: charge.id, status });
      expect(await (await retrieve(charge.id)).json()).toMatchObject({ status });
    },
  );

  it('refuses to answer a charge its page already settled', async () => {
    const charge = await newCharge();
    await press(charge, 'approve');

    await expect(sim.control.answer(charge.id, 'cancelled')).rejects.toMatchObject({
      code: 'illegal_transition',
    });
  });
});

describe('CashPay faults (provider: cashpay)', () => {
  it('answers an http 429 fault with Retry-After and retry_after in its envelope', async () => {
    const bearer = await token();
    sim.control.fault({ provider: 'cashpay', operation: 'stkpush', kind: 'http', status: 429 });

    const response = await createCharge({}, bearer);

    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('1');
    expect(await response.json()).toEqual({
      error: {
        code: 'rate_limited',
        message: 'Too many requests. Try again later.',
        retry_after: 1,
      },
    });
  });

  it('answers an http 500 fault on retrieval as server_error, then serves the charge again', async () => {
    const charge = await newCharge();
    sim.control.fault({ provider: 'cashpay', operation: 'query', kind: 'http', status: 500 });

    const failed = await retrieve(charge.id);
    const again = await retrieve(charge.id);

    expect(failed.status).toBe(500);
    expect(await failed.json()).toMatchObject({ error: { code: 'server_error' } });
    expect(again.status).toBe(200);
  });

  it('leaves other providers’ faults alone', async () => {
    sim.control.fault({ operation: 'oauth', kind: 'http', status: 500 });

    expect(
      (await tokenRequest(basic(cashpaySandbox.clientId, cashpaySandbox.clientSecret))).status,
    ).toBe(200);
    expect(sim.control.faults()).toHaveLength(1);
  });

  it('never answers a charge request under a hang fault', async () => {
    const bearer = await token();
    sim.control.fault({ provider: 'cashpay', operation: 'stkpush', kind: 'hang' });

    const outcome = await fetch(`${sim.cashpay.baseUrl}/charges`, {
      method: 'POST',
      headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
      body: JSON.stringify(chargeBody()),
      signal: AbortSignal.timeout(150),
    }).catch((error: unknown) => error);

    expect(outcome).toMatchObject({ name: 'TimeoutError' });
  });

  it('loses the webhook under a callback drop fault, but the charge is still captured', async () => {
    const charge = await newCharge();
    sim.control.fault({ provider: 'cashpay', operation: 'callback', kind: 'drop' });

    await press(charge, 'approve');

    expect(receiver.received).toHaveLength(0);
    expect(sim.control.callbacks()).toMatchObject([
      { provider: 'cashpay', requestId: charge.id, error: 'dropped by fault' },
    ]);
    expect(await (await retrieve(charge.id)).json()).toMatchObject({ status: 'CAPTURED' });
  });

  it('sends the webhook twice under a callback duplicate fault', async () => {
    const charge = await newCharge();
    sim.control.fault({ provider: 'cashpay', operation: 'callback', kind: 'duplicate' });

    await press(charge, 'approve');

    expect(receiver.received.map((r) => r.body)).toEqual([
      expect.objectContaining({ status: 'CAPTURED' }),
      expect.objectContaining({ status: 'CAPTURED' }),
    ]);
  });

  it('sends the webhook late under a callback delay fault', async () => {
    const charge = await newCharge();
    sim.control.fault({
      provider: 'cashpay',
      operation: 'callback',
      kind: 'delay',
      delayMs: 60_000,
    });

    await press(charge, 'approve');
    const before = receiver.received.length;
    await sim.control.advance(60_000);

    expect(before).toBe(0);
    expect(receiver.received).toHaveLength(1);
  });
});
