/// <reference types="node" />
/**
 * The Cashfin adapter against @lipwa/simulator over real HTTP, through the contract fixture's
 * world: the mobile payment request, signed webhooks to the registered fixed route, the magic
 * numbers, forgeries, and injected faults.
 */
import { type CallbackInput, ProviderError } from '@lipwa/core';
import { cashfinSandbox, signCashfinWebhook } from '@lipwa/simulator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cashfin } from './cashfin-adapter.js';
import { type CashfinWorld, cashfinFixture, startCashfinWorld } from './test-cashfin-fixture.js';

let world: CashfinWorld;
beforeEach(async () => {
  world = await startCashfinWorld();
});
afterEach(async () => {
  await world.close();
});

async function verifiedUpdates() {
  await world.idle();
  return Promise.all(world.received().map((input) => world.adapter.verifyCallback(input)));
}

async function providerErrorOf(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => {
      throw new Error('expected the promise to reject');
    },
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

describe('Cashfin adapter against the simulator', () => {
  it('completes a payment: request, signed payment.completed to the fixed route, one completed update', async () => {
    const request = world.request('254711000000');

    const started = await world.adapter.initiate(request);
    const results = await verifiedUpdates();

    expect(started).toMatchObject({
      providerRef: expect.stringMatching(/^ws_CO_/),
      next: { type: 'stk' },
    });
    expect(started.providerData).toMatchObject({ referenceId: request.reference });
    expect(world.received()).toHaveLength(1);
    expect(world.received()[0]?.headers['x-cashfin-signature']).toMatch(/^[0-9a-f]{64}$/);
    expect(results[0]?.response).toEqual({ status: 200, body: { received: true } });
    expect(results[0]?.updates).toEqual([
      {
        providerRef: started.providerRef,
        status: 'completed',
        providerCode: '0',
        message: 'The service request is processed successfully.',
        amount: request.amount,
        receipt: expect.stringMatching(/^[A-Z0-9]{10}$/),
        phone: '2547•••••000',
        paidAt: expect.stringMatching(/Z$/),
      },
    ]);
  });

  it('accepts the simulator’s cashfin settings spread as they are, as a simulator target', async () => {
    const adapter = cashfin({ ...world.simulator.cashfin });

    expect(adapter.target).toBe('simulator');
    expect((await adapter.initiate(world.request('254711000000'))).next).toEqual({ type: 'stk' });
  });

  it.each([
    ['254711000001', 'failed', 'insufficient_funds', '1'],
    ['254711002001', 'failed', 'wrong_pin', '2001'],
    ['254711000032', 'cancelled', 'cancelled_by_user', '1032'],
    ['254711000037', 'failed', 'no_response', '1037'],
  ])('maps the payment.failed webhook for %s to %s (%s)', async (phone, status, reason, code) => {
    const started = await world.adapter.initiate(world.request(phone));
    const [result] = await verifiedUpdates();

    expect(result?.updates).toEqual([
      expect.objectContaining({
        providerRef: started.providerRef,
        status,
        reason,
        providerCode: code,
      }),
    ]);
    expect(result?.updates[0]).not.toHaveProperty('receipt');
  });

  it('waits for the virtual phone on other numbers, then maps the customer’s answer', async () => {
    const started = await world.adapter.initiate(world.request('254708374149'));
    await world.idle();
    expect(world.received()).toHaveLength(0);

    await world.answer(started, 'paid');
    const [result] = await verifiedUpdates();

    expect(result?.updates[0]).toMatchObject({
      providerRef: started.providerRef,
      status: 'completed',
    });
  });

  it('hears nothing for a lost webhook (there is no status endpoint to ask)', async () => {
    const started = await world.adapter.initiate(world.request('254711000099'));

    await world.advance(10 * 60_000);

    expect(started.providerRef).toMatch(/^ws_CO_/);
    expect(world.received()).toHaveLength(0);
    expect(world.adapter.capabilities.has('query')).toBe(false);
    expect('query' in world.adapter).toBe(false);
  });

  it('still verifies a late payment.completed webhook to completed', async () => {
    await world.fault({ operation: 'callback', kind: 'delay', delayMs: 5 * 60_000 });
    const started = await world.adapter.initiate(world.request('254711000000'));
    await world.idle();
    expect(world.received()).toHaveLength(0);

    await world.advance(5 * 60_000);
    const [late] = await verifiedUpdates();

    expect(late?.updates).toEqual([
      expect.objectContaining({ providerRef: started.providerRef, status: 'completed' }),
    ]);
  });

  it('verifies a doubled webhook (254711000098, or a duplicate fault) to the same update', async () => {
    await world.adapter.initiate(world.request('254711000098'));
    const magic = await verifiedUpdates();
    await world.fault({ operation: 'callback', kind: 'duplicate' });
    await world.adapter.initiate(world.request('254711000000'));
    const faulted = (await verifiedUpdates()).slice(2);

    expect(magic).toHaveLength(2);
    expect(magic[1]?.updates).toEqual(magic[0]?.updates);
    expect(faulted).toHaveLength(2);
    expect(faulted[1]?.updates).toEqual(faulted[0]?.updates);
  });

  it('keeps working hours later: the client secret has no token to expire', async () => {
    await world.adapter.initiate(world.request('254711000000'));

    await world.advance(2 * 60 * 60 * 1000);
    const again = await world.adapter.initiate(world.request('254711000000'));

    expect(again.providerRef).toMatch(/^ws_CO_/);
  });

  it('sends a 64-character reference the simulator accepts too', async () => {
    const started = await world.adapter.initiate(
      world.request('254708374149', { reference: 'R'.repeat(64) }),
    );

    expect(world.simulator.control.prompts()).toEqual([
      expect.objectContaining({
        id: started.providerRef,
        reference: 'R'.repeat(64),
        amount: '1500',
      }),
    ]);
  });
});

describe('Cashfin forgeries against the simulator', () => {
  async function genuineFor(phone: string): Promise<CallbackInput> {
    await world.adapter.initiate(world.request(phone));
    await world.idle();
    const [genuine] = world.received();
    if (!genuine) throw new Error('no webhook arrived');
    return genuine;
  }

  it('refuses a tampered body that claims success for an unpaid request', async () => {
    const genuine = await genuineFor('254711000001');
    const forged = cashfinFixture.forge(genuine, 'tamper');

    expect(forged?.rawBody).toContain('"payment.completed"');
    await expect(world.adapter.verifyCallback(forged as CallbackInput)).rejects.toMatchObject({
      name: 'CallbackError',
      code: 'invalid_signature',
    });
  });

  it('refuses a paid webhook tampered to a bigger amount', async () => {
    const forged = cashfinFixture.forge(await genuineFor('254711000000'), 'tamper');

    await expect(world.adapter.verifyCallback(forged as CallbackInput)).rejects.toMatchObject({
      code: 'invalid_signature',
    });
  });

  it('refuses an unsigned webhook', async () => {
    const forged = cashfinFixture.forge(await genuineFor('254711000000'), 'unsigned');

    expect(forged?.headers).not.toHaveProperty('x-cashfin-signature');
    await expect(world.adapter.verifyCallback(forged as CallbackInput)).rejects.toMatchObject({
      code: 'invalid_signature',
    });
  });

  it('refuses a webhook signed with another secret', async () => {
    const genuine = await genuineFor('254711000000');
    const signature = signCashfinWebhook(genuine.rawBody, 'whsec_somebody_else');

    await expect(
      world.adapter.verifyCallback({
        ...genuine,
        headers: { ...genuine.headers, 'x-cashfin-signature': signature },
      }),
    ).rejects.toMatchObject({ code: 'invalid_signature' });
  });

  it('verifies a genuine webhook about someone else’s payment, under its own providerRef', async () => {
    const started = await world.adapter.initiate(world.request('254708374149'));
    const foreign = await cashfinFixture.foreign?.(world);

    const result = await world.adapter.verifyCallback(foreign as CallbackInput);

    expect(result.updates[0]?.status).toBe('completed');
    expect(result.updates[0]?.providerRef).not.toBe(started.providerRef);
  });
});

describe('Cashfin failures against the simulator', () => {
  it('reports the busy magic number as a retryable subscriber_busy refusal', async () => {
    const error = await providerErrorOf(world.adapter.initiate(world.request('254711000017')));

    expect(error).toMatchObject({
      code: 'provider_rejected',
      retryable: true,
      ambiguous: false,
      reason: 'subscriber_busy',
      providerCode: '409',
    });
  });

  it('reports 429 as retryable with Cashfin’s retry_after as retryAfterMs', async () => {
    await world.fault({ operation: 'stkpush', kind: 'http', status: 429 });

    const error = await providerErrorOf(world.adapter.initiate(world.request('254711000000')));

    expect(error).toMatchObject({
      code: 'provider_unavailable',
      retryable: true,
      ambiguous: false,
      retryAfterMs: 30_000,
      providerCode: '429',
    });
  });

  it('reports 500 as retryable and not ambiguous', async () => {
    await world.fault({ operation: 'stkpush', kind: 'http', status: 500 });

    const error = await providerErrorOf(world.adapter.initiate(world.request('254711000000')));

    expect(error).toMatchObject({
      code: 'provider_unavailable',
      retryable: true,
      ambiguous: false,
    });
  });

  it('reports a hung request as ambiguous after the adapter’s timeout', async () => {
    const hurried = await startCashfinWorld({ timeoutMs: 200 });
    await hurried.fault({ operation: 'stkpush', kind: 'hang' });

    const error = await providerErrorOf(
      hurried.adapter.initiate(hurried.request('254711000000')),
    ).finally(() => hurried.close());

    expect(error).toMatchObject({
      code: 'provider_unavailable',
      ambiguous: true,
      details: { timedOut: true },
    });
  });

  it('reports a malformed answer as an ambiguous ProviderError, never a crash', async () => {
    await cashfinFixture.malformed(world);

    const error = await providerErrorOf(world.adapter.initiate(world.request('254711000000')));

    expect(error).toMatchObject({ code: 'provider_unavailable', ambiguous: true });
    expect(error.details.rawAnswer).toContain('checkoutrequestid');
  });

  it('reports a wrong client secret as provider_auth_failed without echoing it', async () => {
    const adapter = cashfin({ ...world.simulator.cashfin, clientSecret: 'cs_not_the_secret' });

    const error = await providerErrorOf(adapter.initiate(world.request('254711000000')));

    expect(error).toMatchObject({
      code: 'provider_auth_failed',
      retryable: false,
      providerCode: '401',
    });
    expect(JSON.stringify({ m: error.message, d: error.details })).not.toContain(
      'cs_not_the_secret',
    );
    expect(JSON.stringify({ m: error.message, d: error.details })).not.toContain(
      cashfinSandbox.clientSecret,
    );
  });
});
