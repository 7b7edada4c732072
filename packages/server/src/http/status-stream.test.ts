/**
 * The payment status stream (SSE) over real HTTP: the current state, each change, pings, and
 * refusals before any stream header.
 */
import { describe, expect, it } from 'vitest';
import { darajaSuccess } from '../testing/test-adapter.js';
import { callbackPath } from '../testing/test-harness.js';
import {
  closeServedKitAfterEach,
  expectProblem,
  json,
  type PaymentBody,
  readEvents,
  setup,
} from './test-router-kit.js';

closeServedKitAfterEach();

describe('the status stream', () => {
  it('sends the current state at once, each change, and ends after a final status', async () => {
    const kit = await setup();
    const { payment } = await json<PaymentBody>(await kit.pay());
    const ref = (await kit.store.get(payment.id))?.providerRef ?? '';
    const { token } = callbackPath(kit.adapter.lastCallbackUrl());

    const stream = await fetch(`${kit.url}/payments/${payment.id}/events`, { headers: kit.auth });
    expect(stream.headers.get('content-type')).toContain('text/event-stream');
    expect(stream.headers.get('cache-control')).toBe('no-store');
    expect(stream.headers.get('x-accel-buffering')).toBe('no');
    const reading = readEvents(stream);
    await kit.handleCallback('daraja', token, {
      headers: {},
      rawBody: darajaSuccess(ref, 1500),
    });

    const { events } = await reading;
    expect(events).toEqual([
      expect.objectContaining({ id: payment.id, status: 'pending' }),
      expect.objectContaining({ id: payment.id, status: 'completed', receipt: 'NLJ7RT61SV' }),
    ]);
  });

  it('sends one event and ends at once for a payment that is already final', async () => {
    const kit = await setup();
    const { payment } = await json<PaymentBody>(await kit.pay());
    const record = await kit.store.get(payment.id);
    await kit.store.update(payment.id, record?.version ?? 0, { status: 'cancelled' });

    const stream = await fetch(`${kit.url}/payments/${payment.id}/events`, { headers: kit.auth });

    expect((await readEvents(stream)).events).toEqual([
      expect.objectContaining({ status: 'cancelled' }),
    ]);
  });

  it('keeps a quiet stream alive with ping comments', async () => {
    const kit = await setup({ stream: { pingIntervalMs: 5 } });
    const { payment } = await json<PaymentBody>(await kit.pay());
    const stream = await fetch(`${kit.url}/payments/${payment.id}/events`, { headers: kit.auth });
    const reader = stream.body?.getReader();
    const decoder = new TextDecoder();
    let text = '';

    while (!text.includes(': ping') && reader) {
      const chunk = await reader.read();
      if (chunk.done) break;
      text += decoder.decode(chunk.value);
    }
    await reader?.cancel();

    expect(text.startsWith('event: payment\n')).toBe(true);
    expect(text).toContain(': ping\n\n');
  });

  it("is 404 for another checkout's payment or an unknown one, sent before any stream header, and gives its slot back", async () => {
    const kit = await setup({ stream: { maxPerSession: 1 } });
    const { payment } = await json<PaymentBody>(await kit.pay());
    const stranger = { authorization: `Bearer ${await kit.session({ reference: 'ORDER-2' })}` };

    const foreign = await fetch(`${kit.url}/payments/${payment.id}/events`, { headers: stranger });
    const again = await fetch(`${kit.url}/payments/${payment.id}/events`, { headers: stranger });
    const unknown = await fetch(`${kit.url}/payments/pay_does_not_exist/events`, {
      headers: stranger,
    });

    for (const response of [foreign, again, unknown]) {
      expect(response.headers.get('content-type')).not.toContain('text/event-stream');
      await expectProblem(response, 404, 'payment_not_found');
    }
  });

  it('is refused without a token', async () => {
    const kit = await setup();
    const { payment } = await json<PaymentBody>(await kit.pay());

    await expectProblem(
      await fetch(`${kit.url}/payments/${payment.id}/events`),
      401,
      'invalid_session',
    );
  });
});
