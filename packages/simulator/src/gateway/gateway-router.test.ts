/**
 * The simulator's payment gateway over real HTTP: POST /{public_id}/payment_c2b (answers,
 * callbacks, outcomes) and POST /{public_id}/status.
 */
import { describe, expect, it } from 'vitest';
import { gatewaySandbox } from './gateway-sandbox.js';
import { gatewaySignatureValid } from './gateway-signature.js';
import {
  c2bBody,
  pay,
  post,
  receiver,
  signed,
  sim,
  startSimulatorForEachTest,
  status,
} from './test-gateway-router-setup.js';

startSimulatorForEachTest();

describe('POST /{public_id}/payment_c2b', () => {
  it('accepts a signed request: in progress, the documented answer fields in order', async () => {
    const { body, response, answer } = await pay('254711000000');

    expect(response.status).toBe(200);
    expect(Object.keys(answer)).toEqual([
      'order_id',
      'transaction_id',
      'transaction_ref',
      'status',
      'result',
      'provider_result',
      'service_id',
      'service_version',
      'service_date_time',
    ]);
    expect(answer).toMatchObject({
      order_id: body.order_id,
      transaction_id: expect.stringMatching(/^\d{12}$/),
      transaction_ref: '',
      status: 1,
      result: { code: 0, message: 'OK' },
      service_id: 1,
      service_version: '1.03/1.14|1.0/1.26|1.0/1.0|1.01/1.01|1.01/1.01||1.01/1.27',
      service_date_time: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$/),
    });
  });

  it('puts the prompt on the virtual phone, named by the transaction id', async () => {
    const { answer } = await pay('254708374149');

    expect(sim.control.prompts()).toEqual([
      expect.objectContaining({
        id: answer.transaction_id,
        provider: 'gateway',
        phone: '254708374149',
        amount: '1500.00',
        currency: 'KES',
      }),
    ]);
  });

  it('sends a signed generic callback (no status) once the customer pays, and status says success', async () => {
    const { body, answer } = await pay('254711000000');

    await sim.control.advance(1000);
    const { answer: final } = await status(body.order_id);

    expect(receiver.received).toHaveLength(1);
    const callback = receiver.received[0]?.body as Record<string, unknown>;
    expect(Object.keys(callback)).toEqual([
      'transaction_id',
      'order_id',
      'service_id',
      'service_version',
      'service_date_time',
      'result',
      'signature',
    ]);
    expect(callback).toMatchObject({
      transaction_id: answer.transaction_id,
      order_id: body.order_id,
      service_version: '5.2.0',
      result: { code: 0, message: 'OK' },
    });
    expect(gatewaySignatureValid(callback, gatewaySandbox.secretKey)).toBe(true);
    expect(final).toMatchObject({
      status: 2,
      result: { code: 0, message: 'OK' },
      provider_result: { code: 0 },
      transaction_ref: expect.stringMatching(/^[A-Z0-9]{10}$/),
      service_version: 11.1,
    });
  });

  it.each([
    ['254711000001', 3, 0, 1],
    ['254711002001', 3, 1, 2001],
    ['254711000032', 4, 0, 1032],
    ['254711000037', 3, 0, 1037],
  ])('settles %s as status %i, result %i, provider %i', async (phone, code, result, provider) => {
    const { body } = await pay(phone);

    await sim.control.advance(1000);
    const { answer } = await status(body.order_id);

    expect(answer).toMatchObject({
      status: code,
      result: { code: result },
      provider_result: { code: provider },
      transaction_ref: '',
    });
    expect(receiver.received).toHaveLength(1);
  });

  it('loses the callback for 254711000099 but status still says success', async () => {
    const { body } = await pay('254711000099');

    await sim.control.advance(1000);

    expect(receiver.received).toHaveLength(0);
    expect((await status(body.order_id)).answer.status).toBe(2);
  });

  it('sends the callback twice for 254711000098', async () => {
    await pay('254711000098');

    await sim.control.advance(1000);

    expect(receiver.received).toHaveLength(2);
    expect(receiver.received[1]?.body).toEqual(receiver.received[0]?.body);
  });

  it('refuses 254711000017 at once: failed, Safaricom’s 1001 in provider_result, no prompt', async () => {
    const { answer } = await pay('254711000017');

    expect(answer).toMatchObject({
      status: 3,
      result: { code: 0, message: 'OK' },
      provider_result: {
        code: 1001,
        message:
          'Unable to lock subscriber, a transaction is already in process for the current subscriber',
      },
    });
    expect(sim.control.prompts()).toHaveLength(0);
  });

  it('waits for the virtual phone, then says the customer’s answer', async () => {
    const { body, answer } = await pay('254708374149');

    const before = await status(body.order_id);
    await sim.control.answer(String(answer.transaction_id), 'cancelled');
    const after = await status(body.order_id);

    expect(before.answer.status).toBe(1);
    expect(after.answer).toMatchObject({ status: 4, provider_result: { code: 1032 } });
    expect(receiver.received).toHaveLength(1);
  });

  it('settles an unanswered prompt as no response when it times out', async () => {
    const { body } = await pay('254708374149');

    await sim.control.advance(60_000);

    expect((await status(body.order_id)).answer).toMatchObject({
      status: 3,
      provider_result: { code: 1037 },
    });
  });

  it('keeps provider 14 (the gateway’s own simulator) in progress forever, with no prompt and no callback', async () => {
    const { body, answer } = await pay('254711000000', { provider_id: 14 });

    await sim.control.advance(3_600_000);

    expect(answer).toMatchObject({
      status: 1,
      provider_result: { code: -8888, message: 'Good' },
      confirm_type: 0,
    });
    expect(sim.control.prompts()).toHaveLength(0);
    expect(receiver.received).toHaveLength(0);
    expect((await status(body.order_id)).answer).toMatchObject({ status: 1 });
  });

  it('replays the first answer to a repeat of the same order_id and prompts only once', async () => {
    const body = c2bBody('254708374149');
    const first = await (await post('payment_c2b', signed(body))).json();

    const again = await (await post('payment_c2b', signed({ ...body, amount: '9.00' }))).json();

    expect(again).toEqual(first);
    expect(sim.control.prompts()).toHaveLength(1);
  });

  it('sends no callback when the request has no callback_url', async () => {
    const { callback_url: _, ...body } = c2bBody('254711000000');

    const response = await post('payment_c2b', signed(body));
    await sim.control.advance(1000);

    expect(response.status).toBe(200);
    expect(sim.control.callbacks()).toHaveLength(0);
  });
});

describe('POST /{public_id}/status', () => {
  it('answers 404 with result code 4 for an order it does not know', async () => {
    const { response, answer } = await status('never-made');

    expect(response.status).toBe(404);
    expect(answer).toEqual({ result: { code: 4, message: 'INVALID REQUEST: unknown order_id' } });
  });

  it('forgets orders on reset', async () => {
    const { body } = await pay('254711000000');

    sim.control.reset();

    expect((await status(body.order_id)).response.status).toBe(404);
  });
});
