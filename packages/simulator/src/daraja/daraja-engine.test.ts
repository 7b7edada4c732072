import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type DarajaFixture,
  startDarajaFixture,
  until,
  yieldTurns,
} from '../test-daraja-client.js';
import type { StkCallbackBody } from './stk-callback.js';

const AUTO_RESOLVE_MS = 2_000;
const PROMPT_TIMEOUT_MS = 60_000;

let fx: DarajaFixture;
beforeEach(async () => {
  fx = await startDarajaFixture({
    autoResolveDelayMs: AUTO_RESOLVE_MS,
    promptTimeoutMs: PROMPT_TIMEOUT_MS,
  });
});
afterEach(async () => {
  await fx.close();
});

function pushFrom(phone: number, amount = 1500) {
  return fx.pushAccepted({ PartyA: phone, PhoneNumber: phone, Amount: amount });
}

function callbacks(): StkCallbackBody[] {
  return fx.receiver.received.map((callback) => callback.body as StkCallbackBody);
}

describe('magic numbers', () => {
  it('254711000000 completes: one callback with the full metadata, and the query agrees', async () => {
    const id = await pushFrom(254711000000);
    expect(fx.receiver.received).toHaveLength(0);

    await fx.simulator.control.advance(AUTO_RESOLVE_MS);

    expect(callbacks()).toEqual([
      {
        Body: {
          stkCallback: {
            MerchantRequestID: expect.stringMatching(/^\d{5}-\d{8}-1$/),
            CheckoutRequestID: id,
            ResultCode: 0,
            ResultDesc: 'The service request is processed successfully.',
            CallbackMetadata: {
              Item: [
                { Name: 'Amount', Value: 1500 },
                // 14 March 2025 in Nairobi: T (2025), C (March), E (14th).
                { Name: 'MpesaReceiptNumber', Value: expect.stringMatching(/^TCE[A-Z0-9]{7}$/) },
                { Name: 'Balance' },
                { Name: 'TransactionDate', Value: 20250314123002 },
                { Name: 'PhoneNumber', Value: 254711000000 },
              ],
            },
          },
        },
      },
    ]);
    expect(fx.receiver.received[0]?.path).toBe('/lipwa/callbacks/daraja/tok_5f2c9a');
    expect(fx.receiver.received[0]?.headers['content-type']).toBe('application/json;charset=UTF-8');
    const query = await (await fx.query(id)).json();
    expect(query).toMatchObject({
      ResultCode: '0',
      ResultDesc: 'The service request is processed successfully.',
    });
  });

  const failures: [number, number, string][] = [
    [254711000001, 1, 'The balance is insufficient for the transaction.'],
    [254711000032, 1032, 'Request cancelled by user'],
    [254711000037, 1037, 'No response from user.'],
    [254711002001, 2001, 'The initiator information is invalid.'],
  ];
  for (const [phone, resultCode, resultDesc] of failures) {
    it(`${phone} fails with ResultCode ${resultCode}, a callback without metadata, and the same query result`, async () => {
      const id = await pushFrom(phone);

      await fx.simulator.control.advance(AUTO_RESOLVE_MS);

      expect(callbacks()).toEqual([
        {
          Body: {
            stkCallback: {
              MerchantRequestID: expect.any(String),
              CheckoutRequestID: id,
              ResultCode: resultCode,
              ResultDesc: resultDesc,
            },
          },
        },
      ]);
      const query = await fx.query(id);
      expect(query.status).toBe(200);
      expect(await query.json()).toMatchObject({
        ResultCode: String(resultCode),
        ResultDesc: resultDesc,
      });
    });
  }

  it('254711000099 completes but never calls back: only the query finds out', async () => {
    const id = await pushFrom(254711000099);

    await fx.simulator.control.advance(AUTO_RESOLVE_MS);

    expect(fx.receiver.received).toEqual([]);
    expect(fx.simulator.control.callbacks()).toEqual([]);
    expect(await (await fx.query(id)).json()).toMatchObject({ ResultCode: '0' });
  });

  it('254711000098 completes and delivers the identical callback twice', async () => {
    const id = await pushFrom(254711000098);

    await fx.simulator.control.advance(AUTO_RESOLVE_MS);

    expect(callbacks()).toHaveLength(2);
    expect(callbacks()[0]).toEqual(callbacks()[1]);
    expect(callbacks()[0]?.Body.stkCallback).toMatchObject({
      CheckoutRequestID: id,
      ResultCode: 0,
    });
  });

  it('does not settle a magic number before autoResolveDelayMs has passed', async () => {
    const id = await pushFrom(254711000000);

    await fx.simulator.control.advance(AUTO_RESOLVE_MS - 1);

    expect(fx.simulator.control.prompts().map((prompt) => prompt.id)).toEqual([id]);
    expect(await (await fx.query(id)).json()).toMatchObject({ ResultCode: '4999' });
  });
});

describe('prompts that wait for the virtual phone', () => {
  it('lists the sandbox test number as a pending prompt with its details and deadline', async () => {
    const id = await pushFrom(254708374149);

    expect(fx.simulator.control.prompts()).toEqual([
      {
        id,
        provider: 'daraja',
        phone: '254708374149',
        amount: '1500',
        currency: 'KES',
        payee: '174379',
        reference: 'LW1A2B3C4D5E',
        createdAt: '2025-03-14T09:30:00.000Z',
        expiresAt: '2025-03-14T09:31:00.000Z',
      },
    ]);
  });

  it('times out unanswered prompts as 1037 after promptTimeoutMs', async () => {
    const id = await pushFrom(254712345678);
    await fx.simulator.control.advance(PROMPT_TIMEOUT_MS - 1);
    expect(fx.receiver.received).toHaveLength(0);

    await fx.simulator.control.advance(1);

    expect(callbacks()[0]?.Body.stkCallback).toMatchObject({
      CheckoutRequestID: id,
      ResultCode: 1037,
    });
    expect(fx.simulator.control.prompts()).toEqual([]);
  });

  it('settles a prompt with any documented code through control.resolve, once', async () => {
    const id = await pushFrom(254712345678);

    const settlement = await fx.simulator.control.resolve(id, { resultCode: 17 });

    expect(settlement).toEqual({
      checkoutRequestId: id,
      merchantRequestId: expect.any(String),
      resultCode: '17',
      resultDesc: 'Rule limited.',
    });
    expect(callbacks()[0]?.Body.stkCallback.ResultCode).toBe(17);
    await expect(fx.simulator.control.resolve(id, { resultCode: 0 })).rejects.toMatchObject({
      code: 'illegal_transition',
    });
    await fx.simulator.control.advance(PROMPT_TIMEOUT_MS);
    expect(fx.receiver.received).toHaveLength(1);
  });

  it.each([
    [1031, 1031, 'Request cancelled by user'],
    ['1036', 1036, 'SMSC ACK timeout.'],
    [1101, 1101, 'Unable to send the push request.'],
    ['SFC_IC0003', 'SFC_IC0003', 'The operator does not exist'],
  ])(
    'settles with %j and calls back with ResultCode %j as Daraja sends it',
    async (code, sent, desc) => {
      const id = await pushFrom(254712345678);

      await fx.simulator.control.resolve(id, { resultCode: code });

      expect(callbacks()[0]?.Body.stkCallback).toMatchObject({
        ResultCode: sent,
        ResultDesc: desc,
      });
      expect(await (await fx.query(id)).json()).toMatchObject({
        ResultCode: String(code),
        ResultDesc: desc,
      });
    },
  );

  it('sends a 4999 callback through resolve but keeps the prompt open for the real answer', async () => {
    const id = await pushFrom(254712345678);

    await fx.simulator.control.resolve(id, { resultCode: 4999 });
    await fx.simulator.control.answer(id, 'paid');

    expect(callbacks().map((body) => body.Body.stkCallback.ResultCode)).toEqual([4999, 0]);
    expect(await (await fx.query(id)).json()).toMatchObject({ ResultCode: '0' });
  });

  it('refuses undocumented result codes and unknown ids without changing anything', async () => {
    const id = await pushFrom(254712345678);

    await expect(fx.simulator.control.resolve(id, { resultCode: 42 })).rejects.toMatchObject({
      code: 'invalid_field',
    });
    await expect(
      fx.simulator.control.resolve(id, { resultCode: 'SFC_XX9999' }),
    ).rejects.toMatchObject({ code: 'invalid_field' });
    await expect(
      fx.simulator.control.resolve('ws_CO_nope', { resultCode: 0 }),
    ).rejects.toMatchObject({ code: 'not_found' });
    expect(fx.simulator.control.prompts()).toHaveLength(1);
  });

  it('logs a failed callback delivery instead of failing', async () => {
    const id = await fx.pushAccepted({ CallBackURL: 'http://127.0.0.1:1/unreachable' });

    await fx.simulator.control.resolve(id, { resultCode: 0 });

    const [delivery] = fx.simulator.control.callbacks();
    expect(delivery).toMatchObject({
      url: 'http://127.0.0.1:1/unreachable',
      requestId: id,
    });
    expect(delivery?.error).toEqual(expect.any(String));
    expect(delivery?.status).toBeUndefined();
    expect((await fx.query(id)).status).toBe(200);
  });

  it('reset forgets prompts, results, faults and the callback log', async () => {
    const open = await pushFrom(254712345678);
    const settled = await pushFrom(254712345679);
    await fx.simulator.control.resolve(settled, { resultCode: 0 });
    await fx.pushAccepted({ AccountReference: 'ORDER-1042-LONG' });
    fx.simulator.control.fault({ operation: 'stkpush', kind: 'http' });

    fx.simulator.control.reset();

    expect(fx.simulator.control.prompts()).toEqual([]);
    expect(fx.simulator.control.callbacks()).toEqual([]);
    expect(fx.simulator.control.faults()).toEqual([]);
    expect((await fx.query(open)).status).toBe(400);
    await fx.simulator.control.advance(PROMPT_TIMEOUT_MS);
    expect(fx.receiver.received).toHaveLength(1);
  });
});

describe('faults', () => {
  it('http: answers the given status and envelope, `times` times, then behaves normally', async () => {
    fx.simulator.control.fault({
      operation: 'stkpush',
      kind: 'http',
      status: 429,
      errorCode: '500.003.03',
      errorMessage: 'Quota Violation',
      times: 2,
    });

    const answers = [await fx.push(), await fx.push(), await fx.push()];

    expect(answers.map((response) => response.status)).toEqual([429, 429, 200]);
    expect(await answers[0]?.json()).toMatchObject({
      errorCode: '500.003.03',
      errorMessage: 'Quota Violation',
    });
    expect(fx.simulator.control.prompts()).toHaveLength(1);
  });

  it('http: defaults to HTTP 500 500.003.02 system busy', async () => {
    fx.simulator.control.fault({ operation: 'oauth', kind: 'http' });

    const response = await fetch(
      `${fx.simulator.daraja.baseUrl}/oauth/v1/generate?grant_type=client_credentials`,
    );

    expect(response.status).toBe(500);
    expect(await response.json()).toMatchObject({
      errorCode: '500.003.02',
      errorMessage: 'System is busy. Please try again in few minutes.',
    });
  });

  it('http on query: can answer subscriber busy', async () => {
    const id = await pushFrom(254712345678);
    await fx.simulator.control.resolve(id, { resultCode: 0 });
    fx.simulator.control.fault({
      operation: 'query',
      kind: 'http',
      status: 500,
      errorCode: '500.001.1001',
      errorMessage:
        'Unable to lock subscriber, a transaction is already in process for the current subscriber',
    });

    expect((await fx.query(id)).status).toBe(500);
    expect((await fx.query(id)).status).toBe(200);
  });

  it('hang: never answers until the simulator closes', async () => {
    await fx.token();
    fx.simulator.control.fault({ operation: 'stkpush', kind: 'hang' });

    const pending = fx.push().then(
      () => 'answered',
      () => 'connection closed',
    );
    await until(() => fx.simulator.control.faults().length === 0);
    await fx.simulator.control.advance(600_000);
    await yieldTurns();
    expect(await Promise.race([pending, Promise.resolve('still waiting')])).toBe('still waiting');
    await fx.simulator.close();

    expect(await pending).toBe('connection closed');
    expect(fx.simulator.control.prompts()).toEqual([]);
  });

  it('delay: answers normally once delayMs of simulated time has passed', async () => {
    await fx.token();
    fx.simulator.control.fault({ operation: 'stkpush', kind: 'delay', delayMs: 5_000 });
    let answered = false;
    const pending = fx.push().then((response) => {
      answered = true;
      return response;
    });
    await until(() => fx.simulator.control.faults().length === 0);
    await fx.simulator.control.advance(4_999);
    await yieldTurns();
    expect(answered).toBe(false);
    expect(fx.simulator.control.prompts()).toEqual([]);

    await fx.simulator.control.advance(1);

    expect((await pending).status).toBe(200);
  });

  it('drop: the callback is never delivered, the log says so and the query still settles', async () => {
    fx.simulator.control.fault({ operation: 'callback', kind: 'drop' });
    const id = await pushFrom(254711000000);

    await fx.simulator.control.advance(AUTO_RESOLVE_MS);

    expect(fx.receiver.received).toEqual([]);
    expect(fx.simulator.control.callbacks()).toEqual([
      expect.objectContaining({ provider: 'daraja', requestId: id, error: 'dropped by fault' }),
    ]);
    expect(await (await fx.query(id)).json()).toMatchObject({ ResultCode: '0' });
  });

  it('duplicate: the callback arrives twice', async () => {
    fx.simulator.control.fault({ operation: 'callback', kind: 'duplicate' });
    await pushFrom(254711000001);

    await fx.simulator.control.advance(AUTO_RESOLVE_MS);

    expect(callbacks()).toHaveLength(2);
    expect(fx.simulator.control.callbacks().map((delivery) => delivery.status)).toEqual([200, 200]);
  });

  it('delay on callbacks: delivered only after delayMs, so a later callback can overtake it', async () => {
    fx.simulator.control.fault({ operation: 'callback', kind: 'delay', delayMs: 10_000 });
    const late = await pushFrom(254712345678);
    const early = await pushFrom(254712345679);

    await fx.simulator.control.resolve(late, { resultCode: 0 });
    await fx.simulator.control.resolve(early, { resultCode: 1032 });
    expect(callbacks().map((body) => body.Body.stkCallback.CheckoutRequestID)).toEqual([early]);

    await fx.simulator.control.advance(10_000);

    expect(callbacks().map((body) => body.Body.stkCallback.CheckoutRequestID)).toEqual([
      early,
      late,
    ]);
  });

  it('refuses a malformed fault with invalid_request naming the problem', () => {
    expect(() => fx.simulator.control.fault({ operation: 'callback', kind: 'hang' })).toThrow(
      /kind "hang" does not apply to operation "callback"/,
    );
    expect(() => fx.simulator.control.fault({ operation: 'query', kind: 'delay' })).toThrow(
      /a delay fault needs delayMs/,
    );
    expect(fx.simulator.control.faults()).toEqual([]);
  });
});
