/// <reference types="node" />
/**
 * The CashPay adapter against @lipwa/simulator over real HTTP, through the contract fixture's
 * worlds: token, charge, the hosted payment page, webhooks confirmed by refetching the charge,
 * query, injected faults and token expiry.
 * Longer than ~300 lines because it is one specification, the adapter's payment flow end to end
 * against the simulator, whose tests each walk a whole flow.
 */
import { CallbackError, type InitiateResult, ProviderError } from '@lipwa/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cashpay } from './cashpay-adapter.js';
import {
  type CashpayWorld,
  cashpayFixture,
  pressOnHostedPage,
  startCashpayWorld,
} from './test-cashpay-fixture.js';

let world: CashpayWorld;

beforeEach(async () => {
  world = await startCashpayWorld();
});
afterEach(async () => {
  await world.close();
});

async function started(): Promise<InitiateResult> {
  return world.adapter.initiate(world.request('254711000000'));
}

async function verifiedCallbacks() {
  await world.idle();
  return Promise.all(world.received().map((input) => world.adapter.verifyCallback(input)));
}

describe('CashPay adapter against the simulator', () => {
  it('takes a payment: charge, hosted page, webhook confirmed by refetch, query agrees', async () => {
    const request = world.request('');
    const result = await world.adapter.initiate(request);

    await world.answer(result, 'paid');
    const callbacks = await verifiedCallbacks();
    const queried = await world.adapter.query(result.providerRef);

    expect(result.providerRef).toMatch(/^chg_[a-z0-9]{10}$/);
    expect(result.next).toEqual({
      type: 'redirect',
      url: `${world.simulator.cashpay.baseUrl}/pay/${result.providerRef}`,
    });
    expect(callbacks).toHaveLength(1);
    expect(callbacks[0]?.response).toEqual({ status: 200, body: { received: true } });
    expect(callbacks[0]?.updates).toEqual([
      {
        providerRef: result.providerRef,
        status: 'completed',
        providerCode: 'CAPTURED',
        message: 'The customer paid; the charge is captured.',
        amount: request.amount,
      },
    ]);
    expect(queried).toMatchObject({ status: 'completed', amount: request.amount });
    expect(world.sent()).toEqual([
      'POST /oauth/token',
      'POST /charges',
      `GET /charges/${result.providerRef}`,
      `GET /charges/${result.providerRef}`,
    ]);
  });

  it('sends the customer back to the merchant’s return URL', async () => {
    const request = world.request('');
    const result = await world.adapter.initiate(request);

    const response = await pressOnHostedPage(world, result, 'Approve payment');

    expect(response.headers.get('location')).toBe(request.returnUrl);
  });

  it('accepts the simulator’s cashpay settings spread as they are, as a simulator target', async () => {
    const adapter = cashpay({ ...world.simulator.cashpay });

    expect(adapter.target).toBe('simulator');
    expect((await adapter.initiate(world.request(''))).next.type).toBe('redirect');
  });

  it.each(['insufficient_funds', 'wrong_pin', 'cancelled', 'no_response'] as const)(
    'maps a declined payment (%s) to failed, reason unknown',
    async (outcome) => {
      const result = await started();

      await world.answer(result, outcome);
      const [callback] = await verifiedCallbacks();

      expect(callback?.updates).toMatchObject([
        {
          providerRef: result.providerRef,
          status: 'failed',
          reason: 'unknown',
          providerCode: 'FAILED',
        },
      ]);
      expect(await world.adapter.query(result.providerRef)).toMatchObject({ status: 'failed' });
    },
  );

  it.each([
    ['paid', 'completed'],
    ['cancelled', 'failed'],
  ] as const)('settles through the control API too (answer %s -> %s)', async (outcome, status) => {
    const result = await started();

    await world.simulator.control.answer(result.providerRef, outcome);
    const [callback] = await verifiedCallbacks();

    expect(callback?.updates[0]?.status).toBe(status);
  });

  it('stays pending when the customer closes the page without paying, and can still pay', async () => {
    const result = await started();

    await pressOnHostedPage(world, result, 'Close without paying');
    const closed = await world.adapter.query(result.providerRef);
    await world.advance(24 * 60 * 60 * 1000);
    const dayLater = await world.adapter.query(result.providerRef);
    await world.answer(result, 'paid');

    expect(closed).toMatchObject({ status: 'pending', providerCode: 'INITIATED' });
    expect(dayLater.status).toBe('pending');
    expect(world.received()).toHaveLength(1);
    expect((await verifiedCallbacks())[0]?.updates[0]?.status).toBe('completed');
  });

  it('finds a payment whose webhook was lost by query', async () => {
    const result = await started();
    await world.fault({ operation: 'callback', kind: 'drop' });

    await world.answer(result, 'paid');
    const queried = await world.adapter.query(result.providerRef);

    expect(world.received()).toHaveLength(0);
    expect(queried).toMatchObject({ providerRef: result.providerRef, status: 'completed' });
  });

  it('still verifies a webhook that arrives late', async () => {
    const result = await started();
    await world.fault({ operation: 'callback', kind: 'delay', delayMs: 10 * 60 * 1000 });

    await world.answer(result, 'paid');
    const before = world.received().length;
    await world.advance(10 * 60 * 1000);
    const [late] = await verifiedCallbacks();

    expect(before).toBe(0);
    expect(late?.updates[0]).toMatchObject({
      providerRef: result.providerRef,
      status: 'completed',
    });
  });

  it('verifies a duplicated webhook to the same update both times', async () => {
    const result = await started();
    await world.fault({ operation: 'callback', kind: 'duplicate' });

    await world.answer(result, 'paid');
    const callbacks = await verifiedCallbacks();

    expect(callbacks).toHaveLength(2);
    expect(callbacks[1]?.updates).toEqual(callbacks[0]?.updates);
  });

  describe('forged webhooks', () => {
    it('reads a tampered body claiming a capture of an unpaid charge as what CashPay says', async () => {
      const result = await started();
      await world.answer(result, 'cancelled');
      const [genuine] = world.received();
      const forged = genuine && cashpayFixture.forge(genuine, 'tamper');

      const verified = forged && (await world.adapter.verifyCallback(forged));

      expect(JSON.parse(forged?.rawBody ?? '{}')).toMatchObject({ status: 'CAPTURED' });
      expect(verified?.updates).toMatchObject([{ status: 'failed', amount: { amount: 200_000 } }]);
    });

    it('reads a body forged from nothing for a pending charge as pending', async () => {
      const result = await started();
      const forged = {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        rawBody: JSON.stringify({ id: result.providerRef, status: 'CAPTURED', amount: 2000 }),
        query: {},
        params: { provider: 'cashpay', token: 'tok_x' },
      };

      const verified = await world.adapter.verifyCallback(forged);

      expect(verified.updates).toMatchObject([{ status: 'pending', providerCode: 'INITIATED' }]);
    });

    it('refuses a webhook naming a charge CashPay never created', async () => {
      const result = await started();
      await world.answer(result, 'paid');
      const [genuine] = world.received();
      const forged = genuine && {
        ...genuine,
        rawBody: genuine.rawBody.replace(result.providerRef, 'chg_zzzzzzzzzz'),
      };

      const error = await world.adapter.verifyCallback(forged!).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(CallbackError);
      expect(error).toMatchObject({ code: 'invalid_callback' });
    });

    it('has no signature to strip', () => {
      expect(
        cashpayFixture.forge(
          { method: 'POST', headers: {}, rawBody: '{}', query: {}, params: {} },
          'unsigned',
        ),
      ).toBeUndefined();
    });

    it('verifies another payment’s genuine webhook under that payment’s reference', async () => {
      const result = await started();

      const foreign = await cashpayFixture.foreign?.(world);
      const verified = foreign && (await world.adapter.verifyCallback(foreign));

      expect(verified?.updates[0]?.status).toBe('completed');
      expect(verified?.updates[0]?.providerRef).not.toBe(result.providerRef);
      expect(world.received()).toHaveLength(0);
    });
  });

  describe('faults on initiate', () => {
    it('reports a 429 as retryable with the wait CashPay asked for', async () => {
      await world.fault({ operation: 'stkpush', kind: 'http', status: 429 });

      const error = await started().catch((e: unknown) => e);

      expect(error).toBeInstanceOf(ProviderError);
      expect(error).toMatchObject({
        code: 'provider_unavailable',
        retryable: true,
        ambiguous: false,
        retryAfterMs: 1_000,
        providerCode: 'rate_limited',
      });
    });

    it('reports a 500 as retryable and does not repeat the create', async () => {
      await world.fault({ operation: 'stkpush', kind: 'http', status: 500 });

      const error = await started().catch((e: unknown) => e);

      expect(error).toMatchObject({
        code: 'provider_unavailable',
        retryable: true,
        providerCode: 'server_error',
      });
      expect(world.sent().filter((line) => line === 'POST /charges')).toHaveLength(1);
    });

    it('reports a hung create as an ambiguous timeout', async () => {
      const hung = await startCashpayWorld({ timeoutMs: 300 });
      await hung.fault({ operation: 'stkpush', kind: 'hang' });

      const error = await hung.adapter.initiate(hung.request('')).catch((e: unknown) => e);
      await hung.close();

      expect(error).toMatchObject({
        code: 'provider_unavailable',
        ambiguous: true,
        details: { timedOut: true },
      });
    });

    it('reports a malformed create answer as a ProviderError, never a crash', async () => {
      await cashpayFixture.malformed(world);

      const error = await started().catch((e: unknown) => e);

      expect(error).toBeInstanceOf(ProviderError);
      expect(error).toMatchObject({ code: 'provider_unavailable', ambiguous: true });
    });

    it('reports a failing token service as provider_auth_failed, nothing charged', async () => {
      await world.fault({ operation: 'oauth', kind: 'http', status: 503 });

      const error = await started().catch((e: unknown) => e);

      expect(error).toMatchObject({
        code: 'provider_auth_failed',
        retryable: true,
        ambiguous: false,
      });
      expect(world.sent()).toEqual(['POST /oauth/token']);
    });

    it('reports wrong client credentials as provider_auth_failed without echoing them', async () => {
      const adapter = cashpay({ ...world.simulator.cashpay, clientSecret: 'not-the-secret' });

      const error = await adapter.initiate(world.request('')).catch((e: unknown) => e);

      expect(error).toMatchObject({
        code: 'provider_auth_failed',
        retryable: false,
        providerCode: 'invalid_client',
      });
      expect(JSON.stringify((error as ProviderError).details) + String(error)).not.toContain(
        'not-the-secret',
      );
    });
  });

  describe('faults on query and webhook confirmation', () => {
    it('rides out one 500 on query with its single retry', async () => {
      const result = await started();
      await world.answer(result, 'paid');
      await world.fault({ operation: 'query', kind: 'http', status: 500 });

      expect((await world.adapter.query(result.providerRef)).status).toBe('completed');
    });

    it('fails a webhook retryably when the charge cannot be fetched, so CashPay retries it', async () => {
      const result = await started();
      await world.answer(result, 'paid');
      await world.fault({ operation: 'query', kind: 'http', status: 503, times: 2 });
      const [genuine] = world.received();

      const error = await world.adapter.verifyCallback(genuine!).catch((e: unknown) => e);
      const later = await world.adapter.verifyCallback(genuine!);

      expect(error).toMatchObject({ code: 'provider_unavailable', retryable: true });
      expect(later.updates[0]?.status).toBe('completed');
    });
  });

  describe('token expiry', () => {
    it('refreshes its token ahead of expiry when time moves on mid-flow', async () => {
      const first = await started();
      await world.advance(2 * 60 * 60 * 1000);

      const second = await started();

      expect(second.providerRef).not.toBe(first.providerRef);
      expect(world.sent()).toEqual([
        'POST /oauth/token',
        'POST /charges',
        'POST /oauth/token',
        'POST /charges',
      ]);
    });

    it('fetches a new token and repeats the call once when CashPay expired it early', async () => {
      await started();
      // Only CashPay's clock moves: the adapter still believes its token is fresh.
      await world.simulator.control.advance(56 * 60 * 1000);

      const again = await started();

      expect(again.providerRef).toMatch(/^chg_/);
      expect(world.sent()).toEqual([
        'POST /oauth/token',
        'POST /charges',
        'POST /charges',
        'POST /oauth/token',
        'POST /charges',
      ]);
    });
  });
});
