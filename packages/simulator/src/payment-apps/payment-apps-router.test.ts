import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RunningSimulator, startSimulator } from '../start-simulator.js';
import {
  startWebhookReceiver,
  type CallbackReceiver as WebhookReceiver,
} from '../test-callback-receiver.js';
import { paymentAppsSandbox } from './sandbox.js';
import { paymentAppsSignature } from './signature.js';

const START = Date.UTC(2026, 2, 15, 11, 30, 0);
const fixedClock = { now: () => START };

let sim: RunningSimulator;
let receiver: WebhookReceiver;
let logs: string[];

beforeEach(async () => {
  logs = [];
  receiver = await startWebhookReceiver('payment-apps');
  sim = await startSimulator({
    clock: fixedClock,
    webhooks: { 'payment-apps': receiver.url },
    log: (line) => logs.push(line),
  });
});

afterEach(async () => {
  await sim.close();
  await receiver.close();
});

const base = () => `${sim.paymentApps.baseUrl}/api`;
const bearer = (token: string = paymentAppsSandbox.apiToken) => ({
  authorization: `Bearer ${token}`,
  accept: 'application/json',
});

function post(path: string, body: unknown, headers: Record<string, string> = bearer()) {
  return fetch(`${base()}${path}`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

function get(path: string, headers: Record<string, string> = bearer()) {
  return fetch(`${base()}${path}`, { headers });
}

function requestBody(phone: string, overrides: Record<string, unknown> = {}) {
  return {
    phone_number: phone,
    amount: 1500,
    reference: 'ORDER1042',
    description: 'Shoes',
    ...overrides,
  };
}

interface Accepted {
  data: { id: number; CheckoutRequestID: string; MerchantRequestID: string };
}

async function requestPayment(phone: string, overrides: Record<string, unknown> = {}) {
  const response = await post('/pay/1/requestPayment', requestBody(phone, overrides));
  expect(response.status).toBe(200);
  return ((await response.json()) as Accepted).data;
}

async function settled() {
  await sim.control.advance(0);
  await sim.control.idle();
}

async function statusOf(id: number) {
  const response = await get(`/pay/1/checkPaymentRequestStatus/${id}`);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const webhookBodies = () =>
  receiver.received.map((webhook) => JSON.parse(webhook.rawBody) as Record<string, unknown>);

describe('POST /api/pay/{payment_app}/requestPayment', () => {
  it('accepts a request, wraps Daraja’s answer in {data, status, message} and names the Salami id', async () => {
    const response = await post('/pay/1/requestPayment', requestBody('254708374149'));

    expect(response.status).toBe(200);
    expect(response.headers.get('x-ratelimit-limit')).toBe('200');
    expect(response.headers.get('x-ratelimit-remaining')).toBe('199');
    expect(await response.json()).toEqual({
      data: {
        id: 1,
        MerchantRequestID: expect.stringMatching(/^\d{5}-\d{8}-1$/),
        CheckoutRequestID: expect.stringMatching(/^ws_CO_15032026143000000708374149$/),
        ResponseCode: '0',
        ResponseDescription: 'Success. Request accepted for processing',
        CustomerMessage: 'Success. Request accepted for processing',
      },
      status: 'success',
      message: 'Payment request initiated',
    });
  });

  it('puts the prompt on the shared virtual phone', async () => {
    const accepted = await requestPayment('254708374149');

    expect(sim.control.prompts()).toEqual([
      expect.objectContaining({
        id: accepted.CheckoutRequestID,
        provider: 'payment-apps',
        phone: '254708374149',
        amount: '1500',
        currency: 'KES',
        payee: '174379',
        reference: 'ORDER1042',
      }),
    ]);
  });

  it('numbers transactions one after another', async () => {
    const first = await requestPayment('254708374149');
    const second = await requestPayment('254708374149');

    expect(second.id).toBe(first.id + 1);
    expect(second.CheckoutRequestID).not.toBe(first.CheckoutRequestID);
  });

  it('refuses a request without a valid bearer token with 401 in the error envelope', async () => {
    const missing = await post('/pay/1/requestPayment', requestBody('254711000000'), {});
    const wrong = await post(
      '/pay/1/requestPayment',
      requestBody('254711000000'),
      bearer('1|not-the-secret'),
    );
    const unknownId = await post(
      '/pay/1/requestPayment',
      requestBody('254711000000'),
      bearer('77|LipwaSimulatorPaymentAppsSandboxToken0001'),
    );

    for (const response of [missing, wrong, unknownId]) {
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ success: false, error: 'Unauthenticated.' });
    }
    expect(sim.control.prompts()).toHaveLength(0);
  });

  it('refuses another merchant’s app with 403 and an unknown app with 404', async () => {
    const foreign = await post('/pay/2/requestPayment', requestBody('254711000000'));
    const unknown = await post('/pay/99/requestPayment', requestBody('254711000000'));

    expect(foreign.status).toBe(403);
    expect(await foreign.json()).toEqual({
      success: false,
      error: 'You do not own this Payment App',
    });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ success: false, error: 'Payment App not found.' });
  });

  it('lists every invalid field in a 422, with Laravel’s messages', async () => {
    const response = await post('/pay/1/requestPayment', {
      phone_number: '0712345678',
      amount: 10.5,
      reference: 'ORDER-1042-XYZ',
      description: 'Shoes and socks',
    });

    expect(response.status).toBe(422);
    expect(await response.json()).toEqual({
      success: false,
      error: 'The phone number field format is invalid. (and 3 more errors)',
      errors: {
        phone_number: ['The phone number field format is invalid.'],
        amount: ['The amount field must be an integer.'],
        reference: ['The reference field must not be greater than 12 characters.'],
        description: ['The description field must not be greater than 13 characters.'],
      },
    });
  });

  it('reads a body it cannot parse as no input at all (422 required), never 400', async () => {
    const response = await post('/pay/1/requestPayment', '{not json');

    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({
      errors: {
        phone_number: ['The phone number field is required.'],
        amount: ['The amount field is required.'],
        reference: ['The reference field is required.'],
      },
    });
  });

  it('takes amounts up to KES 250,000 and refuses more', async () => {
    const tooMuch = await post(
      '/pay/1/requestPayment',
      requestBody('254708374149', { amount: 250_001 }),
    );
    const most = await post(
      '/pay/1/requestPayment',
      requestBody('254708374149', { amount: '250000' }),
    );

    expect(tooMuch.status).toBe(422);
    expect(most.status).toBe(200);
  });

  it('answers a busy subscriber (254711000017) as an upstream failure: 502', async () => {
    const response = await post('/pay/1/requestPayment', requestBody('254711000017'));

    expect(response.status).toBe(502);
    expect(await response.json()).toEqual({
      success: false,
      error:
        'Unable to lock subscriber, a transaction is already in process for the current subscriber',
    });
    expect(sim.control.prompts()).toHaveLength(0);
  });
});

describe('webhooks to the dashboard-registered URL', () => {
  it('posts the settled transaction record, signed with X-Salami-Signature over the raw body', async () => {
    const accepted = await requestPayment('254711000000');
    await settled();

    expect(receiver.received).toHaveLength(1);
    const [webhook] = receiver.received;
    expect(webhook?.path).toBe('/lipwa/callbacks/payment-apps');
    expect(webhook?.headers['content-type']).toBe('application/json');
    expect(webhook?.headers['x-salami-signature']).toBe(
      paymentAppsSignature(paymentAppsSandbox.webhookSecret, webhook?.rawBody ?? ''),
    );
    expect(JSON.parse(webhook?.rawBody ?? '')).toEqual({
      id: accepted.id,
      payer_account: '254711000000',
      payer_name: null,
      payee_account: '174379',
      payee_name: 'Lipwa Simulator Shop',
      reference: 'ORDER1042',
      transaction_id: expect.stringMatching(/^UCF[A-Z0-9]{7}$/),
      amount: '1500.00',
      currency: 'KES',
      transaction_time: '2026-03-15T11:30:00.000000Z',
      narration: 'Shoes',
      status: 'STATUS_COMPLETED',
      transaction_type: 'PAYMENT_IN',
      transaction_sub_type: 'CustomerPayBillOnline',
      payment_provider: 'MpesaKeExpress',
      app_id: 1,
      created_at: '2026-03-15T11:30:00.000000Z',
      updated_at: '2026-03-15T11:30:00.000000Z',
      result_code: '0',
      result_desc: 'The service request is processed successfully.',
    });
  });

  it.each([
    ['254711000001', 'STATUS_FAILED', '1'],
    ['254711002001', 'STATUS_FAILED', '2001'],
    ['254711000032', 'STATUS_DECLINED', '1032'],
    ['254711000037', 'STATUS_FAILED', '1037'],
  ])('says the outcome for %s as %s with result code %s', async (phone, status, code) => {
    const accepted = await requestPayment(phone);
    await settled();
    const queried = await statusOf(accepted.id);

    expect(webhookBodies()).toEqual([
      expect.objectContaining({ id: accepted.id, status, result_code: code, transaction_id: null }),
    ]);
    expect(queried.body).toMatchObject({ data: { ResultCode: code }, status: 'success' });
  });

  it('sends nothing for 254711000099, though the status check knows it was paid', async () => {
    const accepted = await requestPayment('254711000099');
    await settled();

    expect(receiver.received).toHaveLength(0);
    expect((await statusOf(accepted.id)).body).toMatchObject({ data: { ResultCode: '0' } });
  });

  it('sends the same signed webhook twice for 254711000098', async () => {
    await requestPayment('254711000098');
    await settled();

    expect(receiver.received).toHaveLength(2);
    expect(receiver.received[1]?.rawBody).toBe(receiver.received[0]?.rawBody);
    expect(receiver.received[1]?.headers['x-salami-signature']).toBe(
      receiver.received[0]?.headers['x-salami-signature'],
    );
  });

  it('sends nothing, and logs why, when no webhook URL is registered', async () => {
    sim.control.setWebhookUrl('payment-apps', undefined);

    await requestPayment('254711000000');
    await settled();

    expect(receiver.received).toHaveLength(0);
    expect(logs.some((line) => line.includes('no webhook URL registered'))).toBe(true);
  });

  it('settles an unanswered prompt as STATUS_FAILED 1037 when it times out', async () => {
    const accepted = await requestPayment('254708374149');

    await sim.control.advance(60_000);

    expect(webhookBodies()).toEqual([
      expect.objectContaining({ id: accepted.id, status: 'STATUS_FAILED', result_code: '1037' }),
    ]);
  });

  it('never logs the phone number unmasked', async () => {
    await requestPayment('254711000000');
    await settled();

    expect(logs.join('\n')).not.toContain('254711000000');
  });
});

describe('GET /api/pay/{payment_app}/checkPaymentRequestStatus/{transaction}', () => {
  it('says 4999 "still under processing" while the customer has not answered, then the answer', async () => {
    const accepted = await requestPayment('254708374149');
    const waiting = await statusOf(accepted.id);
    await sim.control.answer(accepted.CheckoutRequestID, 'cancelled');
    const answered = await statusOf(accepted.id);

    expect(waiting).toEqual({
      status: 200,
      body: {
        data: {
          ResponseCode: '0',
          ResponseDescription: 'The service request has been accepted successfully',
          MerchantRequestID: accepted.MerchantRequestID,
          CheckoutRequestID: accepted.CheckoutRequestID,
          ResultCode: '4999',
          ResultDesc: 'The transaction is still under processing',
        },
        status: 'success',
      },
    });
    expect(answered.body).toMatchObject({
      data: { ResultCode: '1032', ResultDesc: 'Request cancelled by user' },
    });
  });

  it('answers 404 for an id it never issued, or one of another app', async () => {
    const unknown = await statusOf(4242);
    const garbled = await get('/pay/1/checkPaymentRequestStatus/ws_CO_123');

    expect(unknown).toEqual({
      status: 404,
      body: { success: false, error: 'Transaction not found.' },
    });
    expect(garbled.status).toBe(404);
  });
});

describe('GET /api/pay/{payment_app}/transaction/{transactionId}', () => {
  it('shows the record, pending and then completed', async () => {
    const accepted = await requestPayment('254708374149');
    const pending = await (await get(`/pay/1/transaction/${accepted.id}`)).json();
    await sim.control.answer(accepted.CheckoutRequestID, 'paid');
    const paid = (await (await get(`/pay/1/transaction/${accepted.id}`)).json()) as {
      data: Record<string, unknown>;
    };

    expect(pending).toEqual({
      data: expect.objectContaining({
        id: accepted.id,
        status: 'STATUS_PENDING',
        transaction_id: null,
        transaction_time: null,
      }),
    });
    expect(paid).toEqual({
      data: expect.objectContaining({ status: 'STATUS_COMPLETED', amount: '1500.00' }),
    });
    expect(paid.data).not.toHaveProperty('result_code');
  });
});

describe('API tokens and abilities', () => {
  async function createToken(body: Record<string, unknown>) {
    const response = await post('/account/tokens', body);
    expect(response.status).toBe(201);
    return ((await response.json()) as { data: { id: number; token: string } }).data;
  }

  it('creates a token shown once as {id}|{40 characters}, which then authenticates', async () => {
    const created = await createToken({ name: 'shop', abilities: ['payments:read'] });
    const test = await post('/account/tokens/test', {}, bearer(created.token));

    expect(created.token).toMatch(/^\d+\|[A-Za-z0-9]{40}$/);
    expect(await test.json()).toMatchObject({
      data: { id: created.id, name: 'shop', abilities: ['payments:read'] },
      message: 'Token is valid',
    });
    const listed = await (await get('/account/tokens')).json();
    expect(JSON.stringify(listed)).not.toContain(created.token.split('|')[1]);
  });

  it('refuses requestPayment with 403 to a token without payments:write', async () => {
    const readOnly = await createToken({ name: 'reader', abilities: ['payments:read'] });

    const response = await post(
      '/pay/1/requestPayment',
      requestBody('254711000000'),
      bearer(readOnly.token),
    );

    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ success: false, error: 'Invalid ability provided.' });
  });

  it('stops accepting a token at its expires_at, on simulated time', async () => {
    const expiring = await createToken({
      name: 'hour',
      abilities: ['*'],
      expires_at: new Date(START + 3_600_000).toISOString(),
    });
    const before = await post('/account/tokens/test', {}, bearer(expiring.token));

    await sim.control.advance(3_600_000);
    const after = await post('/account/tokens/test', {}, bearer(expiring.token));

    expect(before.status).toBe(200);
    expect(after.status).toBe(401);
  });

  it('stops accepting a revoked token', async () => {
    const created = await createToken({ name: 'temp' });

    const revoked = await fetch(`${base()}/account/tokens/${created.id}`, {
      method: 'DELETE',
      headers: bearer(),
    });
    const after = await post('/account/tokens/test', {}, bearer(created.token));

    expect(revoked.status).toBe(200);
    expect(after.status).toBe(401);
  });

  it('will not let a token mint a stronger one', async () => {
    const reader = await createToken({ name: 'reader', abilities: ['payments:read'] });

    const response = await post(
      '/account/tokens',
      { name: 'escalate', abilities: ['payments:write'] },
      bearer(reader.token),
    );

    expect(response.status).toBe(403);
  });
});

describe('rate limit: 200 requests a minute per token', () => {
  it('answers the 201st request in a minute with 429 and Retry-After, then lets requests through again', async () => {
    for (let batch = 0; batch < 4; batch++) {
      const answers = await Promise.all(Array.from({ length: 50 }, () => get('/pay/apps')));
      expect(answers.map((answer) => answer.status)).toEqual(Array(50).fill(200));
    }
    const limited = await get('/pay/apps');
    await sim.control.advance(60_000);
    const again = await get('/pay/apps');

    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('60');
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(await limited.json()).toEqual({ success: false, error: 'Too Many Attempts.' });
    expect(again.status).toBe(200);
  });
});

describe('faults for provider payment-apps', () => {
  it('answers an http fault in the gateway’s envelope, once', async () => {
    sim.control.fault({
      provider: 'payment-apps',
      operation: 'stkpush',
      kind: 'http',
      status: 500,
    });

    const failed = await post('/pay/1/requestPayment', requestBody('254711000000'));
    const next = await post('/pay/1/requestPayment', requestBody('254711000000'));

    expect(failed.status).toBe(500);
    expect(await failed.json()).toEqual({
      success: false,
      error: 'System is busy. Please try again in few minutes.',
    });
    expect(next.status).toBe(200);
  });

  it('adds Retry-After to a 429 fault', async () => {
    sim.control.fault({ provider: 'payment-apps', operation: 'query', kind: 'http', status: 429 });

    const response = await get('/pay/1/checkPaymentRequestStatus/1');

    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('60');
    expect(await response.json()).toMatchObject({ success: false });
  });

  it('never answers a hung request, and does not process it', async () => {
    sim.control.fault({ provider: 'payment-apps', operation: 'stkpush', kind: 'hang' });

    const error = await fetch(`${base()}/pay/1/requestPayment`, {
      method: 'POST',
      headers: { ...bearer(), 'content-type': 'application/json' },
      body: JSON.stringify(requestBody('254711000000')),
      signal: AbortSignal.timeout(150),
    }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(Error);
    expect(sim.control.prompts()).toHaveLength(0);
  });

  it('drops a webhook on a callback drop fault; the status check still knows', async () => {
    sim.control.fault({ provider: 'payment-apps', operation: 'callback', kind: 'drop' });

    const accepted = await requestPayment('254711000000');
    await settled();

    expect(receiver.received).toHaveLength(0);
    expect(sim.control.callbacks()).toEqual([
      expect.objectContaining({ provider: 'payment-apps', error: 'dropped by fault' }),
    ]);
    expect((await statusOf(accepted.id)).body).toMatchObject({ data: { ResultCode: '0' } });
  });

  it('leaves Daraja alone: a payment-apps fault does not touch /daraja', async () => {
    sim.control.fault({
      provider: 'payment-apps',
      operation: 'stkpush',
      kind: 'http',
      status: 500,
    });

    expect(sim.control.faults()).toEqual([expect.objectContaining({ provider: 'payment-apps' })]);
  });
});

describe('everything else', () => {
  it('answers 404 in the gateway envelope for a path that is no gateway endpoint', async () => {
    const response = await post('/pay/1/refundEverything', { phone_number: '254711000000' });

    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ success: false });
  });

  it('lists only the merchant’s own apps, paginated like Laravel', async () => {
    const response = await get('/pay/apps');

    expect(await response.json()).toEqual({
      data: {
        current_page: 1,
        data: [
          expect.objectContaining({ id: 1, type: 'MpesaKeExpress', is_live: false }),
          expect.objectContaining({ id: 3, type: 'MpesaKeB2C', is_live: false }),
          expect.objectContaining({ id: 4, type: 'MpesaKeC2B', is_live: false }),
          expect.objectContaining({ id: 5, type: 'MpesaKeC2B', is_live: true }),
          expect.objectContaining({ id: 6, type: 'MpesaKePersonal', is_live: false }),
        ],
        per_page: 15,
        total: 5,
        last_page: 1,
        from: 1,
        to: 5,
      },
    });
  });
});
