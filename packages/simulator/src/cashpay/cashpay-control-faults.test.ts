/** CashPay and the simulator's control API, and faults for `provider: 'cashpay'`. */
import { describe, expect, it } from 'vitest';
import { cashpaySandbox } from './sandbox.js';
import {
  basic,
  chargeBody,
  createCharge,
  newCharge,
  press,
  receiver,
  retrieve,
  sim,
  startSimulatorForEachTest,
  token,
  tokenRequest,
} from './test-cashpay-simulator.js';

startSimulatorForEachTest();

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
