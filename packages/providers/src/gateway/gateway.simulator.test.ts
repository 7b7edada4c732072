/**
 * The adapter against @lipwa/simulator over real HTTP, through the contract fixture: signed
 * requests, magic numbers in the gateway's codes, signed callbacks to a real receiver confirmed
 * by status queries, forgeries, and injected faults.
 * Longer than ~300 lines because it is one specification, the adapter's payment_c2b flow end to
 * end against the simulator, whose tests each walk a whole flow.
 */
import { CallbackError, ProviderError } from '@lipwa/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { paymentGateway } from './gateway-adapter.js';
import { type GatewayWorld, gatewayFixture } from './test-gateway-fixture.js';

const HANG_TIMEOUT_MS = 300;

let world: GatewayWorld;

beforeEach(async () => {
  world = await gatewayFixture.start();
});
afterEach(async () => {
  await world.close();
});

async function verifiedUpdates() {
  await world.idle();
  const results = await Promise.all(
    world.received().map((input) => world.adapter.verifyCallback(input)),
  );
  return results.flatMap((result) => result.updates);
}

function defined<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('expected a callback');
  return value;
}

async function errorOf(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

describe('the gateway adapter against the simulator', () => {
  it('completes a payment: signed c2b, signed callback, confirmed by status, with the receipt', async () => {
    const request = world.request('254711000000');

    const started = await world.adapter.initiate(request);
    await world.idle();
    const results = await Promise.all(
      world.received().map((input) => world.adapter.verifyCallback(input)),
    );

    expect(started).toMatchObject({
      providerRef: request.paymentId,
      next: { type: 'stk' },
      promptTimeoutMs: 180_000,
      providerData: { transactionId: expect.stringMatching(/^\d{12}$/) },
    });
    expect(results).toHaveLength(1);
    expect(results[0]?.response).toEqual({
      status: 200,
      body: { result: { code: 0, message: 'OK' } },
    });
    expect(results[0]?.updates).toEqual([
      expect.objectContaining({
        providerRef: request.paymentId,
        status: 'completed',
        providerCode: '2',
        receipt: expect.stringMatching(/^[A-Z0-9]{10}$/),
      }),
    ]);
    expect(await world.adapter.query(started.providerRef)).toMatchObject({ status: 'completed' });
  });

  it('accepts the simulator’s gateway settings spread as they are', async () => {
    const adapter = paymentGateway({ ...world.simulator.gateway });

    expect(adapter.target).toBe('simulator');
    expect((await adapter.initiate(world.request('254711000000'))).next).toEqual({ type: 'stk' });
  });

  it.each([
    ['254711000001', 'failed', 'insufficient_funds'],
    ['254711002001', 'failed', 'wrong_pin'],
    ['254711000032', 'cancelled', 'cancelled_by_user'],
    ['254711000037', 'failed', 'no_response'],
  ])(
    'maps the outcome for %s to %s (%s) in callback and query alike',
    async (phone, status, reason) => {
      const started = await world.adapter.initiate(world.request(phone));

      const updates = await verifiedUpdates();

      expect(updates).toEqual([
        expect.objectContaining({ providerRef: started.providerRef, status, reason }),
      ]);
      expect(updates[0]?.receipt).toBeUndefined();
      expect(await world.adapter.query(started.providerRef)).toMatchObject({ status, reason });
    },
  );

  it.each([
    ['insufficient_funds', 'failed', 'insufficient_funds'],
    ['wrong_pin', 'failed', 'wrong_pin'],
    ['cancelled', 'cancelled', 'cancelled_by_user'],
    ['no_response', 'failed', 'no_response'],
    ['paid', 'completed', undefined],
  ] as const)('follows the virtual phone: %s becomes %s', async (outcome, status, reason) => {
    const started = await world.adapter.initiate(world.request('254708374149'));
    const waiting = await world.adapter.query(started.providerRef);

    await world.answer(started, outcome);
    const updates = await verifiedUpdates();

    expect(waiting).toMatchObject({ status: 'pending', providerCode: '1' });
    expect(updates).toEqual([expect.objectContaining({ status })]);
    expect(updates[0]?.reason).toBe(reason);
  });

  it('finds a payment whose callback was lost by querying it', async () => {
    const started = await world.adapter.initiate(world.request('254711000099'));

    const updates = await verifiedUpdates();

    expect(updates).toHaveLength(0);
    expect(await world.adapter.query(started.providerRef)).toMatchObject({
      providerRef: started.providerRef,
      status: 'completed',
    });
  });

  it('verifies a late callback (delayed past the callback window) to the same success', async () => {
    await world.fault({ operation: 'callback', kind: 'delay', delayMs: 200_000 });
    const started = await world.adapter.initiate(world.request('254711000000'));
    await world.idle();
    expect(world.received()).toHaveLength(0);

    await world.advance(200_000);
    const updates = await verifiedUpdates();

    expect(updates).toEqual([
      expect.objectContaining({ providerRef: started.providerRef, status: 'completed' }),
    ]);
  });

  it('verifies a duplicated callback to the same update both times', async () => {
    await world.adapter.initiate(world.request('254711000098'));

    const updates = await verifiedUpdates();

    expect(updates).toHaveLength(2);
    expect(updates[1]).toEqual(updates[0]);
  });

  it('verifies a callback duplicated by a fault the same way', async () => {
    await world.fault({ operation: 'callback', kind: 'duplicate' });
    await world.adapter.initiate(world.request('254711000001'));

    const updates = await verifiedUpdates();

    expect(updates.map((u) => u.reason)).toEqual(['insufficient_funds', 'insufficient_funds']);
  });

  it.each(['tamper', 'unsigned'] as const)(
    'refuses a %s callback with a CallbackError',
    async (how) => {
      await world.adapter.initiate(world.request('254711000001'));
      await world.idle();
      const genuine = world.received()[0];
      if (!genuine) throw new Error('no callback');

      const forged = gatewayFixture.forge(genuine, how);
      const error = await world.adapter.verifyCallback(defined(forged)).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(CallbackError);
      expect(error).toMatchObject({ code: 'invalid_signature' });
    },
  );

  it('refuses a callback signed with a stranger’s secret key', async () => {
    const stranger = world.adapterWith({ secretKey: 'a'.repeat(128) });
    await world.adapter.initiate(world.request('254711000000'));
    await world.idle();

    const error = await stranger
      .verifyCallback(defined(world.received()[0]))
      .catch((e: unknown) => e);

    expect(error).toMatchObject({ code: 'invalid_signature' });
  });

  it('verifies a genuine callback about another payment to that payment’s reference', async () => {
    const started = await world.adapter.initiate(world.request('254708374149'));

    const foreign = await gatewayFixture.foreign(world);
    const result = await world.adapter.verifyCallback(defined(foreign));

    expect(result.updates[0]?.status).toBe('completed');
    expect(result.updates[0]?.providerRef).not.toBe(started.providerRef);
    expect(world.received()).toHaveLength(0);
  });

  it('reports the busy subscriber (254711000017) as provider_rejected / subscriber_busy', async () => {
    const error = await errorOf(world.adapter.initiate(world.request('254711000017')));

    expect(error).toMatchObject({
      code: 'provider_rejected',
      reason: 'subscriber_busy',
      retryable: false,
      ambiguous: false,
    });
  });

  it('repeats an initiate with the same payment id safely: the same answer, one prompt', async () => {
    const request = world.request('254708374149');

    const first = await world.adapter.initiate(request);
    const again = await world.adapter.initiate(request);

    expect(again).toEqual(first);
    expect(world.simulator.control.prompts()).toHaveLength(1);
  });

  it('reports a refused signature (wrong secret key) as provider_auth_failed, never the secret', async () => {
    const secretKey = 'b'.repeat(128);

    const error = await errorOf(
      world.adapterWith({ secretKey }).initiate(world.request('254711000000')),
    );

    expect(error).toMatchObject({
      code: 'provider_auth_failed',
      providerCode: '10201',
      retryable: false,
    });
    expect(JSON.stringify({ message: error.message, details: error.details })).not.toContain(
      secretKey,
    );
  });

  it('reports a 429 as retryable with the Retry-After the simulator sent', async () => {
    await world.fault({ operation: 'stkpush', kind: 'http', status: 429, delayMs: 2000 });

    const error = await errorOf(world.adapter.initiate(world.request('254711000000')));

    expect(error).toMatchObject({
      code: 'provider_unavailable',
      retryable: true,
      retryAfterMs: 2000,
    });
  });

  it('reports a 500 as retryable, not ambiguous', async () => {
    await world.fault({ operation: 'stkpush', kind: 'http', status: 500 });

    const error = await errorOf(world.adapter.initiate(world.request('254711000000')));

    expect(error).toMatchObject({
      code: 'provider_unavailable',
      retryable: true,
      ambiguous: false,
      providerCode: '500',
    });
  });

  it('reports a hung initiate as ambiguous after the adapter’s timeout', async () => {
    const hung = await gatewayFixture.start({ timeoutMs: HANG_TIMEOUT_MS });
    await hung.fault({ operation: 'stkpush', kind: 'hang' });
    const startedAt = Date.now();

    const error = await errorOf(hung.adapter.initiate(hung.request('254711000000')));
    await hung.close();

    expect(error).toMatchObject({
      code: 'provider_unavailable',
      ambiguous: true,
      details: { timedOut: true },
    });
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(HANG_TIMEOUT_MS - 50);
  });

  it('reports a malformed answer as an ambiguous ProviderError, never a crash', async () => {
    await gatewayFixture.malformed(world);

    const error = await errorOf(world.adapter.initiate(world.request('254711000000')));

    expect(error).toMatchObject({ code: 'provider_unavailable', ambiguous: true });
  });

  it('rides out one 500 on status with its single retry', async () => {
    const started = await world.adapter.initiate(world.request('254711000099'));
    await world.idle();
    await world.fault({ operation: 'query', kind: 'http', status: 500 });

    expect(await world.adapter.query(started.providerRef)).toMatchObject({ status: 'completed' });
  });

  it('answers a callback it cannot confirm with a ProviderError, so the gateway sends it again', async () => {
    await world.adapter.initiate(world.request('254711000000'));
    await world.idle();
    await world.fault({ operation: 'query', kind: 'http', status: 503, times: 2 });

    const error = await errorOf(world.adapter.verifyCallback(defined(world.received()[0])));

    expect(error).toMatchObject({ code: 'provider_unavailable', retryable: true });
  });

  it('keeps working across two hours of simulated time (no tokens: every request is signed)', async () => {
    await world.adapter.initiate(world.request('254711000000'));

    await world.advance(2 * 60 * 60 * 1000);
    const again = await world.adapter.initiate(world.request('254711000000'));

    expect(again.next).toEqual({ type: 'stk' });
  });

  it('stays pending forever against provider 14, the gateway’s own simulator', async () => {
    const adapter = world.adapterWith({ providerId: 14 });

    const started = await adapter.initiate(world.request('254711000000'));
    await world.advance(3_600_000);

    expect(await adapter.query(started.providerRef)).toMatchObject({
      status: 'pending',
      providerCode: '1',
    });
    expect(world.received()).toHaveLength(0);
  });
});
