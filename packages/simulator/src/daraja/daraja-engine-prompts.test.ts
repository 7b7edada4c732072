/**
 * The simulator's Daraja engine: prompts that wait for the virtual phone: listed, timed out when
 * nobody answers, settled through control.resolve, forgotten on reset.
 */
import { describe, expect, it } from 'vitest';
import {
  callbacks,
  fx,
  PROMPT_TIMEOUT_MS,
  pushFrom,
  startFixtureForEachTest,
} from './test-daraja-engine-setup.js';

startFixtureForEachTest();

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
