/**
 * The gateway's payouts against @lipwa/simulator over real HTTP: `payment_b2c` with the
 * `confirm_type` second step, status, and typed failures.
 */
import type { Msisdn } from '@lipwa/core';
import { gatewayConfirmationCode } from '@lipwa/simulator';
import { describe, expect, it } from 'vitest';
import {
  adapter,
  errorOf,
  kes,
  nextOrder,
  payout,
  settle,
  setupAdapter,
  shop,
  sim,
  startSimulatorAndShop,
} from './test-gateway-operations.js';

startSimulatorAndShop();

describe('gateway payouts against the simulator', () => {
  it('pays a customer: in progress, then a signed callback, and status says completed with a receipt', async () => {
    const request = payout('254708374149', 1500);

    const sent = await adapter.b2c.send(request);
    await settle();
    const callbacks = shop.to('/callbacks/gateway/');
    const status = await adapter.b2c.status(request.orderId);

    expect(sent).toMatchObject({
      orderId: request.orderId,
      gatewayStatus: 1,
      confirmType: 0,
      needsConfirmation: false,
      update: { status: 'pending' },
    });
    expect(sent.transactionId).toMatch(/^\d{12}$/);
    expect(callbacks).toHaveLength(1);
    // The generic callback verifies like a payment callback; it names the payout's order.
    expect(JSON.parse(callbacks[0]?.rawBody ?? '{}')).toMatchObject({ order_id: request.orderId });
    expect(status.update).toMatchObject({
      status: 'completed',
      receipt: expect.stringMatching(/^[A-Z0-9]{10}$/),
    });
  });

  it('asks for confirmation on a large payout, refuses a wrong code, then pays on the right one', async () => {
    const request = payout('254708374149', 20_000);

    const first = await adapter.b2c.send(request);
    const wrong = await adapter.b2c.confirm(request, '000000');
    const short = await adapter.b2c.confirm(request, '12');
    const right = await adapter.b2c.confirm(request, gatewayConfirmationCode);
    const again = await adapter.b2c.confirm(request, gatewayConfirmationCode);
    await settle();

    expect(first).toMatchObject({ gatewayStatus: 0, confirmType: 1, needsConfirmation: true });
    expect(wrong).toMatchObject({
      resultCode: 1,
      resultMessage: 'INVALID PIN',
      needsConfirmation: true,
    });
    expect(short).toMatchObject({ resultCode: 3, resultMessage: 'INVALID PIN LENGTH' });
    expect(right).toMatchObject({ gatewayStatus: 1, confirmType: 0, needsConfirmation: false });
    expect(again).toEqual(right);
    expect((await adapter.b2c.status(request.orderId)).update.status).toBe('completed');
  });

  it('replays the first answer for a repeated order id and pays once', async () => {
    const request = payout('254708374149', 1500);

    const first = await adapter.b2c.send(request);
    const repeat = await adapter.b2c.send(request);
    await settle();

    expect(repeat).toEqual(first);
    expect(shop.to('/callbacks/gateway/')).toHaveLength(1);
  });

  it('reports insufficient funds for 254711000001 in the status', async () => {
    const request = payout('254711000001', 1500);

    await adapter.b2c.send(request);
    await settle();

    expect((await adapter.b2c.status(request.orderId)).update).toMatchObject({
      status: 'failed',
      reason: 'insufficient_funds',
    });
  });

  it('loses the callback for 254711000099 but status still knows; doubles it for 254711000098', async () => {
    const lost = payout('254711000099', 1500);
    const doubled = payout('254711000098', 1500);

    await adapter.b2c.send(lost);
    await adapter.b2c.send(doubled);
    await settle();

    expect(
      shop.to('/callbacks/gateway/').map((input) => JSON.parse(input.rawBody).order_id),
    ).toEqual([doubled.orderId, doubled.orderId]);
    expect((await adapter.b2c.status(lost.orderId)).update.status).toBe('completed');
  });

  it('answers a busy subscriber (254711000017) with a failed payout at once', async () => {
    const sent = await adapter.b2c.send(payout('254711000017', 1500));

    expect(sent.update).toMatchObject({ status: 'failed', reason: 'subscriber_busy' });
  });

  it('refuses an invalid phone and amounts outside KES 500-150,000 before any request', async () => {
    const urls: string[] = [];
    const watched = setupAdapter({
      fetch: (input, init) => {
        urls.push(String(input));
        return fetch(input, init);
      },
    });

    const phone = await watched.b2c.send(payout('0708374149', 1500)).catch((e: unknown) => e);
    const small = await watched.b2c.send(payout('254708374149', 499)).catch((e: unknown) => e);
    const large = await watched.b2c.send(payout('254708374149', 150_001)).catch((e: unknown) => e);

    expect([phone, small, large]).toMatchObject([
      { code: 'invalid_phone' },
      { code: 'invalid_amount' },
      { code: 'invalid_amount' },
    ]);
    expect(urls).toEqual([]);
  });

  it('refuses a payout signed with another secret key with 10201', async () => {
    const forged = setupAdapter({ secretKey: 'a'.repeat(128) });

    const error = await errorOf(forged.b2c.send(payout('254708374149', 1500)));

    expect(error).toMatchObject({ code: 'provider_auth_failed', providerCode: '10201' });
  });

  it('refuses an order id already used for a payment', async () => {
    const orderId = nextOrder('shared');
    await adapter.initiate({
      paymentId: orderId,
      amount: kes(1500),
      phone: '254708374149' as Msisdn,
      reference: 'ORDER1042',
      callbackUrl: `${shop.origin}/lipwa/callbacks/gateway/tok_c2b`,
    });

    const error = await errorOf(adapter.b2c.send({ ...payout('254708374149', 1500), orderId }));

    expect(error).toMatchObject({ code: 'provider_rejected', providerCode: '4' });
  });

  it('reports 429 with its Retry-After and 500 as retryable, and a hang as ambiguous', async () => {
    sim.control.fault({
      provider: 'gateway',
      operation: 'payout',
      kind: 'http',
      status: 429,
      delayMs: 3000,
    });
    sim.control.fault({ provider: 'gateway', operation: 'payout', kind: 'http', status: 500 });
    const impatient = setupAdapter({ timeoutMs: 150 });

    const throttled = await errorOf(adapter.b2c.send(payout('254708374149', 1500)));
    const broken = await errorOf(adapter.b2c.send(payout('254708374149', 1500)));
    sim.control.fault({ provider: 'gateway', operation: 'payout', kind: 'hang' });
    const hung = await errorOf(impatient.b2c.send(payout('254708374149', 1500)));

    expect(throttled).toMatchObject({
      code: 'provider_unavailable',
      retryable: true,
      retryAfterMs: 3000,
    });
    expect(broken).toMatchObject({ code: 'provider_unavailable', retryable: true });
    expect(hung).toMatchObject({ ambiguous: true, retryable: true, details: { timedOut: true } });
  });
});
