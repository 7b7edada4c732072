import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createKit } from '../kit.js';
import { parseOptions } from '../options.js';
import { cashfinRouter, MOBILE_PAYMENT_PATH } from './cashfin-router.js';
import { cashfinSandbox } from './sandbox.js';
import { type CashfinFixture, startCashfinFixture } from './test-cashfin-client.js';
import { type CashfinWebhookEvent, signCashfinWebhook } from './webhook.js';

let fx: CashfinFixture;
beforeEach(async () => {
  fx = await startCashfinFixture();
});
afterEach(async () => {
  await fx.close();
});

function events(): CashfinWebhookEvent[] {
  return fx.receiver.received.map((webhook) => JSON.parse(webhook.rawBody) as CashfinWebhookEvent);
}

describe('Cashfin: POST /business/payments/mobile/request', () => {
  it('accepts a payment with the bare client secret and answers the documented envelope', async () => {
    const response = await fx.request(fx.body({ phone: '254708374149' }));

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      success: true,
      message: 'Payment created successfully',
      data: {
        checkoutrequestid: expect.stringMatching(/^ws_CO_\d+$/),
        merchantrequestid: expect.stringMatching(/^\d{5}-\d{8}-1$/),
        responsecode: '0',
        responsedescription: 'Success. Request accepted for processing',
      },
    });
  });

  it('puts every answer under the X-RateLimit headers of the Professional plan', async () => {
    const first = await fx.request(fx.body());
    const second = await fx.request(fx.body());

    expect(first.headers.get('x-ratelimit-limit')).toBe('1000');
    expect(first.headers.get('x-ratelimit-remaining')).toBe('999');
    expect(second.headers.get('x-ratelimit-remaining')).toBe('998');
    expect(Number(first.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000);
  });

  it('shows the prompt on the virtual phone with the business as payee', async () => {
    const id = await fx.accepted({ phone: '254708374149', referenceid: 'ORDER-42' });

    expect(fx.simulator.control.prompts()).toEqual([
      expect.objectContaining({
        id,
        provider: 'cashfin',
        phone: '254708374149',
        amount: '1500',
        currency: 'KES',
        payee: 'Lipwa Simulator Shop',
        reference: 'ORDER-42',
      }),
    ]);
  });

  it.each([
    ['no Authorization header', {}],
    ['a wrong secret', { authorization: 'cs_not_the_secret' }],
    ['the secret as a Bearer token', { authorization: `Bearer ${cashfinSandbox.clientSecret}` }],
  ])('refuses %s with 401 "Unauthorized access!"', async (_what, headers) => {
    const response = await fetch(`${fx.simulator.cashfin.baseUrl}${MOBILE_PAYMENT_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(fx.body()),
    });

    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ success: false, message: 'Unauthorized access!' });
  });

  it.each([['+254712345678'], ['0712345678'], ['25471234567']])(
    'refuses the phone %s with 422 and the field in errors',
    async (phone) => {
      const response = await fx.request(fx.body({ phone }));

      expect(response.status).toBe(422);
      expect(await response.json()).toEqual({
        success: false,
        error: 'There are problems with your submission',
        errors: { phone: 'Phone must be in the format 254XXXXXXXXX' },
        message: expect.any(String),
      });
    },
  );

  it('reports every bad field at once', async () => {
    const response = await fx.request(
      fx.body({ amount: 10.5, channel: 'card', referenceid: 'x'.repeat(65), phone: undefined }),
    );

    expect(response.status).toBe(422);
    expect(((await response.json()) as { errors: unknown }).errors).toEqual({
      amount: 'Amount must be a whole number of KES from 1 to 250000',
      phone: 'Phone is required',
      channel: 'Channel must be one of: mpesa',
      referenceid: 'Reference ID must be text of at most 64 characters',
    });
  });

  it('requires channel, as the fuller docs say even though the quick example omits it', async () => {
    const response = await fx.request(fx.body({ channel: undefined }));

    expect(response.status).toBe(422);
    expect(((await response.json()) as { errors: unknown }).errors).toEqual({
      channel: 'Channel is required',
    });
  });

  it('reads a body sent without the JSON content type as empty', async () => {
    const response = await fx.request(JSON.stringify(fx.body()), { 'content-type': 'text/plain' });

    expect(response.status).toBe(422);
    expect(((await response.json()) as { errors: object }).errors).toEqual({
      amount: 'Amount is required',
      phone: 'Phone is required',
      channel: 'Channel is required',
    });
  });

  it('answers malformed JSON with 400', async () => {
    const response = await fx.request('{"amount": 15');

    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ success: false, error: 'Invalid JSON payload' });
  });

  it('refuses the busy magic number with 409 in the error envelope', async () => {
    const response = await fx.request(fx.body({ phone: '254711000017' }));

    expect(response.status).toBe(409);
    expect(await response.json()).toEqual({
      success: false,
      error: 'A payment request is already in progress for this phone number',
      message:
        'Unable to lock subscriber, a transaction is already in process for the current subscriber',
    });
    expect(fx.simulator.control.prompts()).toEqual([]);
  });

  it('answers other paths with 404 in the envelope', async () => {
    const response = await fetch(
      `${fx.simulator.cashfin.baseUrl}/business/payments/mobile/status`,
      {
        headers: { authorization: cashfinSandbox.clientSecret },
      },
    );

    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ success: false, error: 'Resource not found' });
  });
});

describe('Cashfin webhooks', () => {
  it('posts a signed payment.completed to the registered URL for the paid magic number', async () => {
    const id = await fx.accepted({ phone: '254711000000', amount: 1500, referenceid: 'ORDER-7' });
    await fx.settle();

    const [webhook] = fx.receiver.received;
    expect(fx.receiver.received).toHaveLength(1);
    expect(webhook?.path).toBe('/lipwa/callbacks/cashfin');
    expect(webhook?.headers['content-type']).toBe('application/json');
    expect(webhook?.headers['x-cashfin-signature']).toBe(
      signCashfinWebhook(webhook?.rawBody ?? '', cashfinSandbox.webhookSecret),
    );
    expect(events()[0]).toEqual({
      type: 'payment.completed',
      data: {
        _id: expect.stringMatching(/^[0-9a-f]{24}$/),
        checkoutrequestid: id,
        merchantrequestid: expect.any(String),
        referenceid: 'ORDER-7',
        amount: 1500,
        currency: 'KES',
        phone: '254711000000',
        channel: 'mpesa',
        status: 'completed',
        resultcode: '0',
        resultdesc: 'The service request is processed successfully.',
        mpesareceiptnumber: expect.stringMatching(/^[A-Z0-9]{10}$/),
        createdat: expect.stringMatching(/Z$/),
        updatedat: expect.stringMatching(/Z$/),
      },
    });
  });

  it.each([
    ['254711000001', 'failed', '1'],
    ['254711002001', 'failed', '2001'],
    ['254711000032', 'cancelled', '1032'],
    ['254711000037', 'failed', '1037'],
  ])('says %s as payment.failed with status %s and resultcode %s', async (phone, status, code) => {
    const id = await fx.accepted({ phone });
    await fx.settle();

    expect(events()).toEqual([
      {
        type: 'payment.failed',
        data: expect.objectContaining({ checkoutrequestid: id, status, resultcode: code }),
      },
    ]);
    expect(events()[0]?.data).not.toHaveProperty('mpesareceiptnumber');
  });

  it('loses the webhook for 254711000099 and doubles it for 254711000098', async () => {
    await fx.accepted({ phone: '254711000099' });
    await fx.settle();
    expect(fx.receiver.received).toHaveLength(0);

    await fx.accepted({ phone: '254711000098' });
    await fx.settle();
    expect(fx.receiver.received).toHaveLength(2);
    expect(fx.receiver.received[1]?.rawBody).toBe(fx.receiver.received[0]?.rawBody);
  });

  it('waits for the virtual phone on other numbers, then reports the answer', async () => {
    const id = await fx.accepted({ phone: '254708374149' });
    await fx.settle();
    expect(fx.receiver.received).toHaveLength(0);

    await fx.simulator.control.answer(id, 'wrong_pin');
    await fx.settle();

    expect(events()).toEqual([
      {
        type: 'payment.failed',
        data: expect.objectContaining({
          checkoutrequestid: id,
          status: 'failed',
          resultcode: '2001',
        }),
      },
    ]);
  });

  it('reports an unanswered prompt as no response after the prompt timeout', async () => {
    await fx.accepted({ phone: '254708374149' });

    await fx.settle(60_000);

    expect(events()[0]?.data).toMatchObject({ status: 'failed', resultcode: '1037' });
  });

  it('sends nothing, and says so in the log, when no webhook URL is registered', async () => {
    fx.simulator.control.setWebhookUrl('cashfin', undefined);

    const id = await fx.accepted({ phone: '254711000000' });
    await fx.settle();

    expect(fx.receiver.received).toHaveLength(0);
    expect(fx.logs).toContain(
      `cashfin ${id}: payment.completed not sent, no webhook URL is registered`,
    );
  });

  it('follows a webhook URL set through the control API', async () => {
    const other = await (await import('./test-cashfin-client.js')).startWebhookReceiver();
    try {
      const response = await fetch(`${fx.simulator.url}/_control/webhooks/cashfin`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ url: other.url }),
      });
      expect(response.status).toBe(204);

      await fx.accepted();
      await fx.settle();

      expect(other.received).toHaveLength(1);
      expect(fx.receiver.received).toHaveLength(0);
    } finally {
      await other.close();
    }
  });

  it('never logs the secrets and masks phone numbers', async () => {
    await fx.accepted({ phone: '254711000000' });
    await fx.request(fx.body(), { authorization: 'cs_wrong_secret_value' });
    await fx.settle();

    const log = fx.logs.join('\n');
    expect(log).toContain('2547•••••000');
    expect(log).not.toContain('254711000000');
    expect(log).not.toContain(cashfinSandbox.clientSecret);
    expect(log).not.toContain(cashfinSandbox.webhookSecret);
    expect(log).not.toContain('cs_wrong_secret_value');
  });
});

describe('Cashfin faults', () => {
  it('answers a queued 429 with retry_after in the body and Retry-After', async () => {
    fx.simulator.control.fault({
      provider: 'cashfin',
      operation: 'stkpush',
      kind: 'http',
      status: 429,
    });

    const response = await fx.request(fx.body());

    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('30');
    expect(response.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(await response.json()).toEqual({
      success: false,
      error: 'Rate limit exceeded. Please try again later.',
      retry_after: 30,
    });
  });

  it('answers a queued 500 in the error envelope, then recovers', async () => {
    fx.simulator.control.fault({
      provider: 'cashfin',
      operation: 'stkpush',
      kind: 'http',
      status: 500,
    });

    const failed = await fx.request(fx.body());
    const next = await fx.request(fx.body());

    expect(failed.status).toBe(500);
    expect(await failed.json()).toMatchObject({ success: false, error: 'Internal server error' });
    expect(next.status).toBe(200);
  });

  it('never answers a hung request and opens no prompt', async () => {
    fx.simulator.control.fault({ provider: 'cashfin', operation: 'stkpush', kind: 'hang' });

    const outcome = await fetch(`${fx.simulator.cashfin.baseUrl}${MOBILE_PAYMENT_PATH}`, {
      method: 'POST',
      headers: { authorization: cashfinSandbox.clientSecret, 'content-type': 'application/json' },
      body: JSON.stringify(fx.body()),
      signal: AbortSignal.timeout(100),
    }).catch((error: unknown) => error);

    expect(outcome).toMatchObject({ name: 'TimeoutError' });
    expect(fx.simulator.control.prompts()).toEqual([]);
  });

  it('answers a delayed request once simulated time has passed', async () => {
    fx.simulator.control.fault({
      provider: 'cashfin',
      operation: 'stkpush',
      kind: 'delay',
      delayMs: 5_000,
    });

    const pending = fx.request(fx.body({ phone: '254708374149' }));
    // The fault is used up once the request reaches the simulator; only then can time move on.
    while (fx.simulator.control.faults().length > 0) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    await fx.settle(5_000);

    expect((await pending).status).toBe(200);
  });

  it('delays, drops or duplicates webhooks with callback faults for cashfin', async () => {
    fx.simulator.control.fault({
      provider: 'cashfin',
      operation: 'callback',
      kind: 'delay',
      delayMs: 120_000,
    });
    await fx.accepted();
    await fx.settle();
    expect(fx.receiver.received).toHaveLength(0);
    await fx.settle(120_000);
    expect(events().map((event) => event.type)).toEqual(['payment.completed']);

    fx.simulator.control.fault({ provider: 'cashfin', operation: 'callback', kind: 'drop' });
    await fx.accepted();
    await fx.settle();
    expect(fx.receiver.received).toHaveLength(1);

    fx.simulator.control.fault({ provider: 'cashfin', operation: 'callback', kind: 'duplicate' });
    await fx.accepted();
    await fx.settle();
    expect(fx.receiver.received).toHaveLength(3);
  });

  it('ignores faults queued for Daraja', async () => {
    fx.simulator.control.fault({ operation: 'stkpush', kind: 'http', status: 500 });

    const response = await fx.request(fx.body());

    expect(response.status).toBe(200);
  });
});

describe('Cashfin rate limits', () => {
  it('refuses requests over the window with 429 until the window resets', async () => {
    const kit = createKit(parseOptions({}));
    const app = express().use(
      '/cashfin',
      cashfinRouter(kit, { rateWindows: [{ windowMs: 60_000, limit: 2 }] }),
    );
    const server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/cashfin${MOBILE_PAYMENT_PATH}`;
    const post = () =>
      fetch(url, {
        method: 'POST',
        headers: { authorization: cashfinSandbox.clientSecret, 'content-type': 'application/json' },
        body: JSON.stringify(fx.body({ phone: '254708374149' })),
      });
    try {
      const statuses = [(await post()).status, (await post()).status];
      const refused = await post();
      kit.scheduler.advance(60_000);
      const afterReset = await post();

      expect(statuses).toEqual([200, 200]);
      expect(refused.status).toBe(429);
      expect(refused.headers.get('x-ratelimit-remaining')).toBe('0');
      const retryAfter = Number(refused.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(await refused.json()).toEqual({
        success: false,
        error: 'Rate limit exceeded. Please try again later.',
        retry_after: retryAfter,
      });
      expect(afterReset.status).toBe(200);
    } finally {
      kit.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    }
  });
});
