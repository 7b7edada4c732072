/**
 * The gateway's `payouts` (core's kit contract over `payment_b2c`) against @lipwa/simulator over
 * real HTTP: the payout id is the order id, the second step is confirmed with `confirmPayout`,
 * and the signed callback is read into the outcome through `status`.
 */
import type { Msisdn, PayoutRequest } from '@lipwa/core';
import { gatewayConfirmationCode, type RunningSimulator, startSimulator } from '@lipwa/simulator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type MerchantEndpoint, startMerchantEndpoint } from '../testing/test-merchant-endpoint.js';
import { paymentGateway } from './gateway-adapter.js';
import type { GatewayOptions } from './gateway-options.js';

let sim: RunningSimulator;
let shop: MerchantEndpoint;
let seq = 0;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, autoResolveDelayMs: 0, callbackTimeoutMs: 2_000 });
  shop = await startMerchantEndpoint(() => ({ status: 200, body: { result: { code: 0 } } }));
});

afterAll(async () => {
  await sim.close();
  await shop.close();
});

afterEach(async () => {
  await settle();
  sim.control.reset();
  shop.received.length = 0;
});

async function settle(): Promise<void> {
  await sim.control.advance(0);
  await sim.control.idle();
}

function payoutsOf(overrides: Partial<GatewayOptions> = {}) {
  const adapter = paymentGateway({ ...sim.gateway, ...overrides });
  const payouts = adapter.payouts;
  if (payouts.results !== 'callback') throw new Error('gateway payouts are posted back');
  return { adapter, payouts };
}

function request(shillings: number): PayoutRequest {
  seq += 1;
  const payoutId = `po_c${Date.now().toString(36)}${seq}`;
  return {
    payoutId,
    phone: '254708374149' as Msisdn,
    amount: { amount: shillings * 100, currency: 'KES' },
    resultUrl: `${shop.origin}/lipwa/payouts/gateway/${payoutId}/tok_results`,
  };
}

describe('gateway payouts (the kit contract)', () => {
  it('sends payment_b2c keyed by the payout id and reads the signed callback through status', async () => {
    const { payouts } = payoutsOf();
    const sent = request(1_500);

    expect(await payouts.send(sent)).toEqual({ requestId: sent.payoutId });
    await settle();
    const [callback] = shop.to(`/payouts/gateway/${sent.payoutId}/`);
    if (!callback) throw new Error('the gateway posted no callback');

    expect(await payouts.parseResult(callback)).toMatchObject({
      ok: true,
      payoutId: sent.payoutId,
      receipt: expect.stringMatching(/^[A-Z0-9]{10}$/),
    });
    expect(payouts.acknowledge()).toEqual({
      status: 200,
      body: { result: { code: 0, message: 'OK' } },
    });
  });

  it('gives the confirmation code when the gateway asks for the second step, the phone masked', async () => {
    const asked: unknown[] = [];
    const { adapter, payouts } = payoutsOf({
      confirmPayout: (payout) => {
        asked.push(payout);
        return gatewayConfirmationCode;
      },
    });
    const sent = request(20_000);

    await payouts.send(sent);
    await settle();

    expect(asked).toEqual([
      { orderId: sent.payoutId, phone: expect.stringMatching(/^2547.*149$/), amount: sent.amount },
    ]);
    expect(JSON.stringify(asked)).not.toContain('254708374149');
    expect((await adapter.b2c.status(sent.payoutId)).update.status).toBe('completed');
  });

  it('fails unpaid when confirmation is asked for and no code is configured, or the code is refused', async () => {
    const { adapter, payouts } = payoutsOf();
    const unconfigured = request(20_000);
    const refused = request(20_000);
    const wrong = payoutsOf({ confirmPayout: () => '000000' }).payouts;

    await expect(payouts.send(unconfigured)).rejects.toMatchObject({
      code: 'provider_rejected',
      ambiguous: false,
    });
    await expect(wrong.send(refused)).rejects.toMatchObject({ code: 'provider_rejected' });
    await settle();

    for (const { payoutId } of [unconfigured, refused]) {
      expect((await adapter.b2c.status(payoutId)).update.status).not.toBe('completed');
    }
  });

  it('refuses a callback signed with another key, before asking status', async () => {
    const { payouts } = payoutsOf();
    const sent = request(1_500);
    await payouts.send(sent);
    await settle();
    const [callback] = shop.to(`/payouts/gateway/${sent.payoutId}/`);
    if (!callback) throw new Error('the gateway posted no callback');
    const body = JSON.parse(callback.rawBody) as Record<string, unknown>;
    const forged = { ...callback, rawBody: JSON.stringify({ ...body, amount: '99999' }) };

    await expect(payouts.parseResult(forged)).rejects.toMatchObject({ code: 'invalid_signature' });
  });
});
