/**
 * Faults for provider payment-apps, and everything else the gateway answers (unknown paths, the
 * app list).
 */
import { describe, expect, it } from 'vitest';
import {
  base,
  bearer,
  get,
  post,
  receiver,
  requestBody,
  requestPayment,
  settled,
  sim,
  startSimulatorForEachTest,
  statusOf,
} from './test-payment-apps-simulator.js';

startSimulatorForEachTest();

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
